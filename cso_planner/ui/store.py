"""The GUI's door to the database: one transaction per user action, a signal after commit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

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

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database

    def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a read-only session (rolled back at the end; no write lock)."""
        with paused_gc(), self.database.read_session_factory() as session:
            return work(session)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction; emit ``data_changed`` after it committed.

        Raises:
            DatabaseBusyError: another program holds the write lock; nothing was saved.
            PlanningError: the services refused the change; nothing was saved.
        """
        with paused_gc(), write_transaction(self.database.session_factory) as session:
            result = work(session)
        self.data_changed.emit()
        return result
