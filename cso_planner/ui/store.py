"""The GUI's door to the database: one transaction per user action, a signal after commit."""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from sqlalchemy.orm import Session

from cso_planner.db.changes import Changes, Reads, take_tracked_rows, track_rows, watching
from cso_planner.db.opening import Database
from cso_planner.db.outside_changes import StaleViewError
from cso_planner.db.transactions import write_transaction
from cso_planner.gc_pause import paused_gc

T = TypeVar("T")

HISTORY = 64  # announcements remembered for untouched_since


class PlannerStore(QObject):
    """Runs reads and writes on the open database.

    Signals:
        data_changed: a write committed; views reload what they show. While it is emitted by
            :meth:`write`, ``last_changes`` says what the write changed (tables and columns,
            :mod:`cso_planner.db.changes`), and :meth:`touches` tells a view whether its last
            load read any of it; emitted by anyone else (a restored backup, a new plan from
            the wizard), ``last_changes`` is None: anything may have changed.
        save_failed(str): a write was refused or failed; nothing was saved (the message says why).
        outside_change: another program committed to the file since the views were loaded, so
            a write was refused (``StaleViewError``); the window reloads everything and drops
            its undo steps.
    """

    data_changed = Signal()
    save_failed = Signal(str)
    outside_change = Signal()

    def __init__(self, database: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.last_changes: Changes | None = None
        # How many times data_changed was emitted, and the last emission (before the one under
        # way) that changed CPE activities or did not say which: a view that keeps the log it
        # loaded at generation g may apply last_changes to it when no emission after g but
        # the one under way changed an activity (see changed_activities).
        self.generation = 0
        self._activities_changed_at = 0
        self._activities_changed_before = 0
        # What the last emissions changed, by generation (None: not known, anything), so a
        # value computed at some generation can be kept while none of them touched its reads.
        self._history: collections.deque[tuple[int, Changes | None]] = collections.deque(
            maxlen=HISTORY
        )
        self._recording: list[Reads] = []
        # First of all data_changed's slots: every view reloads after it, so what they show
        # is at least as new as the version recorded here.
        self.data_changed.connect(self._views_reloaded)
        self.database.change_watch.mark_seen()

    def _views_reloaded(self) -> None:
        self.generation += 1
        self._activities_changed_before = self._activities_changed_at
        changes = self.last_changes
        if changes is None or changes.cpe_activity_ids is None or changes.cpe_activity_ids:
            self._activities_changed_at = self.generation
        self._history.append((self.generation, changes))
        self.database.change_watch.mark_seen()

    def untouched_since(self, reads: Reads, generation: int) -> bool:
        """Whether no announcement after ``generation`` (the one under way included) may have
        changed what ``reads`` returned: every one of them came from :meth:`write` and
        touched none of it."""
        if generation == self.generation:
            return True
        since = [changes for at, changes in self._history if at > generation]
        if len(since) != self.generation - generation:  # older than the history holds
            return False
        return all(changes is not None and not reads.touched_by(changes) for changes in since)

    def read(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in a read-only session (rolled back at the end; no write lock)."""
        with paused_gc(), self.database.read_session_factory() as session:
            if not self._recording:
                return work(session)
            with watching(_sqlite(session), reads=list(self._recording)):
                return work(session)

    @contextmanager
    def recording(self, reads: Reads) -> Iterator[Reads]:
        """Add to ``reads`` every table and column the reads in the block use."""
        self._recording.append(reads)
        try:
            yield reads
        finally:
            # by identity: Reads compare by value, and two recordings may hold the same
            self._recording = [r for r in self._recording if r is not reads]

    def touches(self, reads: Reads | None) -> bool:
        """Whether the write being announced may have changed what ``reads`` returned (True
        when either is unknown)."""
        changes = self.last_changes
        return changes is None or reads is None or reads.touched_by(changes)

    def changed_activities(self, loaded_at: int | None) -> set[int] | None:
        """The CPE activities changed since a view's load at generation ``loaded_at``: those
        of the write being announced, when its rows were tracked and no other change since
        that load touched an activity; else None (the view reads the whole log)."""
        changes = self.last_changes
        if changes is None or loaded_at is None or loaded_at >= self.generation:
            return None
        if self._activities_changed_before > loaded_at:
            return None
        return changes.cpe_activity_ids

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one transaction; emit ``data_changed`` after it committed.

        A write never goes over a change another program made since the views were loaded:
        with the write lock taken (so nothing else can commit), the file's ``data_version`` is
        compared with the one the views were loaded at (:mod:`cso_planner.db.outside_changes`).

        Raises:
            DatabaseBusyError: another program holds the write lock; nothing was saved.
            StaleViewError: another program changed the file since the views were loaded;
                nothing was saved and ``outside_change`` is emitted so the window reloads.
            PlanningError: the services refused the change; nothing was saved.
        """
        changes = Changes()
        watch = self.database.change_watch
        try:
            with (
                paused_gc(),
                write_transaction(self.database.session_factory) as session,
            ):
                # _sqlite begins the transaction: BEGIN IMMEDIATE, no one else commits now
                connection = _sqlite(session)
                track_rows(connection)
                with watching(connection, changes=changes):
                    if watch.changed():
                        raise StaleViewError()
                    result = work(session)
                    session.flush()  # the ORM's statements run here, while they are watched
                changes.cpe_activity_ids = take_tracked_rows(connection)
        except StaleViewError:
            self.outside_change.emit()
            raise
        self.last_changes = changes
        try:
            self.data_changed.emit()
        finally:
            self.last_changes = None
        return result


def _sqlite(session: Session) -> sqlite3.Connection:
    """The sqlite3 connection under ``session`` (its transaction begins here)."""
    connection = session.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection
