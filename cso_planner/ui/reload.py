"""Reload a screen after each committed edit — at once if it is on screen, else when shown.

Every screen follows ``store.data_changed``; with eight screens built and a large database,
reloading the hidden ones on every edit costs over a second. A hidden screen is only marked
stale and reloads the moment it is shown again, so what the person sees is always current.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal, SignalInstance
from PySide6.QtWidgets import QWidget


class ReloadWhenVisible(QObject):
    """Calls ``reload`` on ``changed`` while ``widget`` is visible, else on its next show."""

    def __init__(
        self, widget: QWidget, changed: Signal | SignalInstance, reload: Callable[[], object]
    ) -> None:
        super().__init__(widget)
        self.widget = widget
        self.reload = reload
        self.stale = False
        changed.connect(self._on_changed)  # type: ignore[union-attr]
        widget.installEventFilter(self)

    def _on_changed(self) -> None:
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
