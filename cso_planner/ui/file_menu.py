"""File → New…, Open…, Open Recent and Save a copy…: which database file the window edits.

The window does not switch files itself: it asks (``open_requested`` / ``new_requested``) and
the composition root (``cso_planner.app.Planner``) opens the other file with the same checks
as at start-up — its lock, a newer version, a foreign or damaged file — and replaces the
window only once the new file is open. Save a copy writes a verified backup (SQLite's backup
API, then ``quick_check``) to a place the person chooses.

Signals:
    open_requested(str): open this existing database file.
    new_requested(str): create a new database file here and open it.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from cso_planner.ui.dialogs.confirm import show_error
from cso_planner.ui.file_actions import ask_open_path, ask_save_path
from cso_planner.ui.store import PlannerStore

Notify = Callable[[str], None]

RECENT_KEY = "files/recent"
MAX_RECENT = 10
DATABASE_FILTER = "CSO Planner databases (*.sqlite3 *.sqlite *.db);;All files (*)"


def recent_files(settings: QSettings) -> list[pathlib.Path]:
    """The recently opened files, newest first, without those that no longer exist."""
    value = settings.value(RECENT_KEY, [])
    # QSettings gives a lone string for a one-item list (INI files), else a list.
    names: list[object] = [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]
    seen: set[str] = set()
    files: list[pathlib.Path] = []
    for name in names:
        if not isinstance(name, str) or not name or name in seen:
            continue
        seen.add(name)
        if pathlib.Path(name).is_file():
            files.append(pathlib.Path(name))
    return files[:MAX_RECENT]


def remember_file(settings: QSettings, path: pathlib.Path) -> None:
    """Put ``path`` first in the recent files (at most ``MAX_RECENT``)."""
    name = str(path.expanduser().absolute())
    rest = [str(p) for p in recent_files(settings) if str(p) != name]
    settings.setValue(RECENT_KEY, [name, *rest][:MAX_RECENT])
    settings.sync()


class FileMenu(QObject):
    """The file actions of one window (see the module docstring)."""

    open_requested = Signal(str)
    new_requested = Signal(str)

    def __init__(
        self, window: QWidget, store: PlannerStore, settings: QSettings, notify: Notify
    ) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.settings = settings
        self.notify = notify
        self.new_action = QAction("Ne&w database…", window)
        self.new_action.setToolTip("Start a separate plan in a new database file")
        self.new_action.triggered.connect(self.new_file)
        self.open_action = QAction("&Open database…", window)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_file)
        self.recent_menu = QMenu("Open Recen&t", window)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.clear_recent_action = QAction("&Clear this list", window)
        self.clear_recent_action.triggered.connect(self.clear_recent)
        self.save_copy_action = QAction("Save a cop&y…", window)
        self.save_copy_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.save_copy_action.setToolTip("A verified copy of this database, wherever you choose")
        self.save_copy_action.triggered.connect(self.save_copy)
        self.fill_recent_menu()

    @property
    def path(self) -> pathlib.Path:
        return self.store.database.path

    def add_to(self, menu: QMenu) -> None:
        menu.addAction(self.new_action)
        menu.addAction(self.open_action)
        menu.addMenu(self.recent_menu)
        menu.addAction(self.save_copy_action)

    # --- recent files ------------------------------------------------------------------------

    def fill_recent_menu(self) -> None:
        """Rebuild Open Recent from the settings (missing files drop out)."""
        self.recent_menu.clear()
        files = [p for p in recent_files(self.settings) if p != self.path]
        for number, path in enumerate(files, start=1):
            text = f"&{number % 10} {path.name}" if number <= 10 else path.name
            action = self.recent_menu.addAction(text)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_requested.emit(str(p)))
        if not files:
            empty = self.recent_menu.addAction("No other recent files")
            empty.setEnabled(False)
        self.recent_menu.addSeparator()
        self.recent_menu.addAction(self.clear_recent_action)
        self.clear_recent_action.setEnabled(bool(files))

    def clear_recent(self) -> None:
        self.settings.setValue(RECENT_KEY, [str(self.path)])
        self.settings.sync()
        self.fill_recent_menu()

    # --- actions -----------------------------------------------------------------------------

    def open_file(self) -> None:
        chosen = ask_open_path(self.window, "Open a CSO Planner database", DATABASE_FILTER)
        if chosen is not None:
            self.open_requested.emit(str(chosen))

    def new_file(self) -> None:
        chosen = ask_save_path(
            self.window, "New CSO Planner database", "My plan.sqlite3", DATABASE_FILTER
        )
        if chosen is None:
            return
        if chosen.suffix == "":
            chosen = chosen.with_suffix(".sqlite3")
        if chosen.exists():
            # Never replace a file here: the dialog's "replace?" would destroy someone's data.
            show_error(
                self.window,
                "File exists",
                f"{chosen} already exists. Choose a new name, or use Open… to open it.",
            )
            return
        self.new_requested.emit(str(chosen))

    def save_copy(self) -> None:
        from cso_planner.db.backup import write_verified_backup
        from cso_planner.db.errors import StorageError

        suggested = f"{self.path.stem} copy.sqlite3"
        chosen = ask_save_path(
            self.window, "Save a copy of this database", suggested, DATABASE_FILTER
        )
        if chosen is None:
            return
        from cso_planner.db.guard import OwnFileError, refuse_own_files

        try:
            refuse_own_files(self.path, chosen)  # the file itself, its -wal, a backup of it
        except OwnFileError as exc:
            show_error(self.window, "Not saved", f"A copy cannot go there: {exc}")
            return
        try:
            written = write_verified_backup(self.path, chosen, private_folder=False)
        except (OSError, StorageError) as exc:
            show_error(self.window, "Copy not saved", f"Could not save a copy to {chosen}: {exc}")
            return
        self.notify(f"Saved a verified copy to {written}")
