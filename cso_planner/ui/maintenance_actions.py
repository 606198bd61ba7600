"""The Tools menu: check the database, restore a backup; and the backups taken while running.

Restoring swaps the store's database in place: the window closes its connections, the verified
backup replaces the file (the current one is kept aside, never deleted), the file is opened
again and every screen reloads. The window keeps its single-instance lock throughout, so no
other CSO Planner can open the file half-way.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from cso_planner.ui.dialogs.confirm import confirm, show_error
from cso_planner.ui.store import PlannerStore

Notify = Callable[[str], None]
# How often the running app considers a backup; one is written only when the data changed and
# the newest automatic backup is older than autobackup.DEFAULT_MIN_INTERVAL.
PERIODIC_BACKUP_MS = 30 * 60 * 1000


def backup_label(path: pathlib.Path, when: dt.datetime, kind: str) -> str:
    what = {"pre-migrate": "before an upgrade", "pre-import": "before an import"}.get(
        kind, "automatic"
    )
    return f"{when:%Y-%m-%d %H:%M} — {what} — {path.name}"


def choose_backup(parent: QWidget, choices: list[tuple[str, pathlib.Path]]) -> pathlib.Path | None:
    """Let the user pick one of the backups, newest first; ``None`` when cancelled."""
    labels = [label for label, _ in choices]
    label, ok = QInputDialog.getItem(
        parent, "Restore from backup", "Backups of this database, newest first:", labels, 0, False
    )
    if not ok:
        return None
    return dict(choices).get(label)


def show_report(parent: QWidget, title: str, text: str, ok: bool) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information if ok else QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.exec()


class MaintenanceActions(QObject):
    """Tools → Check database / Restore from backup…, and periodic automatic backups."""

    def __init__(
        self, window: QWidget, store: PlannerStore, undo_stack: QUndoStack, notify: Notify
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.undo_stack = undo_stack
        self.notify = notify
        self.check_action = QAction("&Check database", self)
        self.check_action.setToolTip("Run SQLite's integrity and reference checks on your file")
        self.check_action.triggered.connect(lambda _=False: self.check())
        self.restore_action = QAction("&Restore from backup…", self)
        self.restore_action.triggered.connect(lambda _=False: self.restore())
        self.timer = QTimer(self)
        self.timer.setInterval(PERIODIC_BACKUP_MS)
        self.timer.timeout.connect(self.periodic_backup)

    @property
    def db_path(self) -> pathlib.Path:
        return self.store.database.path

    def check(self) -> bool:
        from cso_planner.db.errors import StorageError
        from cso_planner.db.maintenance import check_database

        try:
            report = check_database(self.db_path)
        except StorageError as exc:
            show_report(self.window, "Check database", str(exc), False)
            return False
        verdict = "Your database is healthy." if report.ok else "Your database has problems."
        show_report(self.window, "Check database", "\n".join([verdict, *report.lines]), report.ok)
        return report.ok

    def restore(self) -> bool:
        from cso_planner.db.backup import list_backups

        backups = list_backups(self.db_path)
        if not backups:
            show_report(
                self.window,
                "Restore from backup",
                "There are no backups of this database yet. CSO Planner writes one when you "
                "quit after changing something, and every few hours while it runs.",
                True,
            )
            return False
        chosen = choose_backup(
            self.window, [(backup_label(b.path, b.time, b.kind), b.path) for b in backups]
        )
        if chosen is None:
            return False
        if not confirm(
            self.window,
            "Restore from backup",
            f"Replace your current data with the backup {chosen.name}?\n\n"
            "Your current file is kept beside it (renamed “…before-restore…”), not deleted.",
            "Restore",
        ):
            return False
        return self.restore_from(chosen)

    def restore_from(self, backup: pathlib.Path) -> bool:
        """Put ``backup`` in place of the open database and reopen it; False if refused."""
        from cso_planner.db.errors import StorageError
        from cso_planner.db.maintenance import restore_backup
        from cso_planner.db.opening import open_database

        path = self.db_path
        self.store.database.dispose()
        try:
            kept = restore_backup(path, backup)
        except StorageError as exc:
            self.store.database = open_database(path)  # the file is as it was: carry on with it
            show_error(self.window, "Restore from backup", f"Not restored: {exc}")
            return False
        self.store.database = open_database(path)
        self.undo_stack.clear()  # the edits on the stack belong to the replaced data
        self.store.data_changed.emit()
        where = f" Your previous file is kept as {kept.name}." if kept is not None else ""
        self.notify(f"Restored {backup.name}.{where}")
        return True

    def periodic_backup(self) -> pathlib.Path | None:
        from cso_planner.db.autobackup import maybe_backup
        from cso_planner.db.errors import BackupFailedError

        try:
            made = maybe_backup(self.db_path, reason="periodic")
        except BackupFailedError as exc:
            self.notify(f"Automatic backup failed: {exc}")
            return None
        if made is not None:
            self.notify(f"Backed up to {made.name}.")
        return made
