"""Reload a screen after a committed edit that touched what it shows — at once if it is on
screen, else when shown.

Every screen follows ``store.data_changed``; with eight screens built and a large database,
reloading the hidden ones on every edit costs over a second. A hidden screen is only marked
stale and reloads the moment it is shown again, so what the person sees is always current.

A screen whose loads are recorded (:func:`records_reads` on its reload method) is not
reloaded at all by a write that changed none of the tables and columns those loads read
(:mod:`cso_planner.db.changes`): the weekly study hours do not reload 10,000 CPE rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget

from cso_planner.db.changes import Reads

if TYPE_CHECKING:
    from cso_planner.ui.store import PlannerStore

F = TypeVar("F", bound=Callable[..., Any])


class ReadWatch:
    """What a screen's loads read (the union of all of them), to tell whether a write touched
    it. Unknown until a recorded load has run: then every write touches it."""

    def __init__(self, store: PlannerStore) -> None:
        self.store = store
        self.reads: Reads | None = None

    @contextmanager
    def recording(self) -> Iterator[None]:
        reads = Reads()
        with self.store.recording(reads):
            yield
        if self.reads is None:
            self.reads = reads
        else:
            self.reads.update(reads)

    def touched(self) -> bool:
        """Whether the write being announced may change what the screen shows."""
        return self.store.touches(self.reads)


def records_reads(method: F) -> F:
    """Record what ``method`` reads in its object's ``read_watch`` (when it has one)."""

    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        watch = getattr(self, "read_watch", None)
        if not isinstance(watch, ReadWatch):
            return method(self, *args, **kwargs)
        with watch.recording():
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]


class ReloadWhenVisible(QObject):
    """Calls ``reload`` on ``changed`` while ``widget`` is visible, else on its next show.

    With ``store``, the widget gets a ``read_watch`` (:class:`ReadWatch`), and a write that
    touched nothing its recorded loads read neither reloads it nor marks it stale.
    """

    def __init__(
        self,
        widget: QWidget,
        changed: Signal | SignalInstance,
        reload: Callable[[], object],
        store: PlannerStore | None = None,
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.reload = reload
        self.stale = False
        self.watch = ReadWatch(store) if store is not None else None
        if self.watch is not None:
            widget.read_watch = self.watch  # type: ignore[attr-defined]
        changed.connect(self._on_changed)  # type: ignore[union-attr]
        widget.installEventFilter(self)

    def _on_changed(self) -> None:
        if self.watch is not None and not self.watch.touched():
            return
        if self.widget.isVisible():
            self.reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # getattr: while a screen is torn down, Qt may still deliver events to this filter
        # after its Python attributes are gone.
        if event.type() == QEvent.Type.Show and getattr(self, "stale", False):
            self.stale = False
            self.reload()
        return False
