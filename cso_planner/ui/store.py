"""The GUI's door to the database: one transaction per user action, a signal after commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from cso_planner.db.changes import StaleViewError
from cso_planner.db.opening import Database
from cso_planner.db.transactions import write_transaction
from cso_planner.gc_pause import paused_gc

T = TypeVar("T")


class PlannerStore(QObject):
    """Runs reads and writes on the open database.

    Signals:
        data_changed: a write committed; views reload what they show.
        save_failed(str): a write was refused or failed; nothing was saved (the message says why).
    """

    data_changed = Signal()
    save_failed = Signal(str)
    # Another program committed to the file since the views were loaded; a write was refused
    # (StaleViewError). The window reloads everything and drops its undo steps.
    outside_change = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        # First of all data_changed's slots: every view reloads after it, so what they show
        # is at least as new as the version recorded here.
        self.data_changed.connect(self._views_reloaded)
        self.database.change_watch.mark_seen()

    def _views_reloaded(self) -> None:
        self.database.change_watch.mark_seen()

    def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a read-only session (rolled back at the end; no write lock)."""
        with paused_gc(), self.database.read_session_factory() as session:
            return work(session)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction; emit ``data_changed`` after it committed.

        A write never goes over a change another program made since the views were loaded:
        with the write lock taken (so nothing else can commit), the file's ``data_version`` is
        compared with the one the views were loaded at (:mod:`cso_planner.db.changes`).

        Raises:
            DatabaseBusyError: another program holds the write lock; nothing was saved.
            StaleViewError: another program changed the file since the views were loaded;
                nothing was saved and ``outside_change`` is emitted so the window reloads.
            PlanningError: the services refused the change; nothing was saved.
        """
        watch = self.database.change_watch
        try:
            with paused_gc(), write_transaction(self.database.session_factory) as session:
                session.connection()  # BEGIN IMMEDIATE: no one else commits from here on
                if watch.changed():
                    raise StaleViewError()
                result = work(session)
        except StaleViewError:
            self.outside_change.emit()
            raise
        self.data_changed.emit()
        return result
