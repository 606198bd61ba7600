"""Composition root: opens the database, builds the store and the main window, runs the app.

Nothing else builds engines, sessions or windows; everything below receives what it needs.
"""

from __future__ import annotations

import os
import pathlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

QUIT_AFTER_SHOW_ENV = "CSO_PLANNER_QUIT_AFTER_SHOW"
# Quit as soon as the start window has painted (the start-up benchmark's first-paint figure).
QUIT_AFTER_FIRST_PAINT_ENV = "CSO_PLANNER_QUIT_AFTER_FIRST_PAINT"
# For the benchmarks: "window" quits once the real main window has painted, "data" once the
# screen on view has painted with its data; either prints "painted <time.monotonic()>" first.
QUIT_AFTER_PAINT_ENV = "CSO_PLANNER_QUIT_AFTER_PAINT"
EXIT_OK = 0
EXIT_ERROR = 1


def create_main_window(
    db_path: pathlib.Path,
    *,
    private_dir: bool = False,
    run_wizard: bool | None = None,
    start_empty: bool = False,
) -> QMainWindow:
    """Open ``db_path`` and build the whole GUI on it (a QApplication must exist).

    Raises:
        StorageError: the file is not ours, damaged, or from a newer version.
    """
    from cso_planner.db.opening import open_database
    from cso_planner.ui.main_window import MainWindow
    from cso_planner.ui.store import PlannerStore

    database = open_database(db_path, private_dir=private_dir, start_empty=start_empty)
    store = PlannerStore(database)
    window = MainWindow(store, run_wizard=run_wizard)
    store.setParent(window)
    return window


def _headless() -> bool:
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() in ("offscreen", "minimal")


def _report(title: str, message: str, parent: QWidget | None = None) -> None:
    """Print the problem to stderr and, with a display, show it in a plain-text box."""
    print(f"cso-planner: {message}", file=sys.stderr, flush=True)
    if _headless():
        return
    from cso_planner.ui.dialogs.confirm import show_error

    show_error(parent, title, message)


RESTORE, START_EMPTY, QUIT = "restore", "start-empty", "quit"


def ask_recovery(message: str, backup: pathlib.Path | None, missing: bool) -> str:
    """Ask what to do with a damaged or missing database: RESTORE, START_EMPTY or QUIT.

    Without a display nobody can answer, so the answer is QUIT (the message was printed and
    names the ``restore`` command).
    """
    if _headless():
        return QUIT
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Your database needs attention")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(message)
    restore = (
        box.addButton("Restore the newest good backup", QMessageBox.ButtonRole.AcceptRole)
        if backup is not None
        else None
    )
    empty = (
        box.addButton("Start with an empty database", QMessageBox.ButtonRole.DestructiveRole)
        if missing
        else None
    )
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return RESTORE
    if empty is not None and clicked is empty:
        return START_EMPTY
    return QUIT


def _recover(db_path: pathlib.Path, exc: Exception, *, private_dir: bool) -> QMainWindow | None:
    """Offer the newest good backup for a damaged or missing file; never start empty silently.

    A damaged file is renamed ``…damaged-<stamp>`` (kept, not deleted) before the backup is
    restored in its place.
    """
    from cso_planner.db.errors import DamagedDatabaseError, MissingDatabaseError, StorageError
    from cso_planner.db.maintenance import recover_from_backup

    assert isinstance(exc, DamagedDatabaseError)
    missing = isinstance(exc, MissingDatabaseError)
    print(f"cso-planner: {exc}", file=sys.stderr, flush=True)
    choice = ask_recovery(str(exc), exc.suggested_backup, missing)
    try:
        if choice == RESTORE and exc.suggested_backup is not None:
            # Refuses before renaming anything when the file is healthy after all (a fault of
            # the disk, not damage) or the disk has no room for the backup.
            kept, _before = recover_from_backup(db_path, exc.suggested_backup)
            if kept is not None:
                print(f"cso-planner: the damaged file is kept as {kept}", file=sys.stderr)
            return create_main_window(db_path, private_dir=private_dir)
        if choice == START_EMPTY and missing:
            from cso_planner.db.opening import open_database

            open_database(db_path, private_dir=private_dir, start_empty=True).dispose()
            return create_main_window(db_path, private_dir=private_dir)
    except StorageError as again:
        _report("Cannot open the database", str(again))
    return None


def _quit_after_paint(window: QMainWindow, mode: str) -> None:
    """Benchmark hook: print when the window (or the screen with data) painted, then quit."""
    if mode not in ("window", "data"):
        return
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer

    class PaintWatch(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                # The moment the paint is delivered (it is drawn as this returns); the app
                # quits after whatever the event loop had queued behind it.
                self.painted_at = time.monotonic()
                QTimer.singleShot(0, self._painted)
            return False

        def _painted(self) -> None:
            print(f"painted {self.painted_at:.6f}", flush=True)
            window.close()

    watch = PaintWatch(window)
    if mode == "window":
        window.centralWidget().installEventFilter(watch)  # type: ignore[union-attr]
    else:

        def watch_screen() -> None:
            screen = window.screen_widget(window.current_screen())  # type: ignore[attr-defined]
            screen.installEventFilter(watch)

        window.loaded.connect(watch_screen)  # type: ignore[attr-defined]


def _start_log() -> None:
    """The session's log, and unexpected errors reported in one line instead of a traceback."""
    import PySide6
    from PySide6.QtCore import qVersion

    from cso_planner import logs
    from cso_planner.ui import error_reports

    logs.setup("gui", {"Qt": qVersion(), "PySide6": PySide6.__version__})
    error_reports.install()


class Planner:
    """The open database file, its lock and its window; File → New/Open swap all three.

    A file is opened with the checks of start-up (its lock, a newer version, a foreign or
    damaged file: each refused with one clear message and the file left untouched), and the
    window is replaced only once the other file is open, so a refused Open keeps the current
    one. Recovery of a damaged file (set aside, restore a backup) is offered only at start-up.
    """

    def __init__(self) -> None:
        self.window: QMainWindow | None = None
        self._lock: Any = None

    def open(
        self,
        db_path: pathlib.Path,
        *,
        private_dir: bool = False,
        recover: bool = False,
        new: bool = False,
        lock: Any = None,
    ) -> bool:
        """Open ``db_path`` in a new window replacing the current one; False when refused.

        Args:
            lock: the file's lock when the caller took it already (start-up takes it before
                the first paint, so a second instance exits at once).
        """
        from cso_planner.db.errors import DamagedDatabaseError, StorageError
        from cso_planner.paths import ensure_private_dir
        from cso_planner.ui.single_instance import AlreadyOpenError, acquire_lock

        path = db_path.expanduser().absolute()
        if self.window is not None and path == self._path(self.window):
            self.window.notify(f"{path.name} is already open in this window")  # type: ignore[attr-defined]
            return True
        try:
            if private_dir or not path.parent.exists():
                ensure_private_dir(path.parent)
            if lock is None:
                lock = acquire_lock(path)
        except AlreadyOpenError as exc:
            self._refuse("Already open", str(exc))
            return False
        except OSError as exc:
            self._refuse("Cannot open", str(exc))
            return False
        window: QMainWindow | None = None
        try:
            window = create_main_window(path, private_dir=private_dir, start_empty=new)
        except DamagedDatabaseError as exc:
            if recover:
                window = _recover(path, exc, private_dir=private_dir)
            else:
                self._refuse("Cannot open the database", str(exc))
        except StorageError as exc:
            self._refuse("Cannot open the database", str(exc))
        if window is None:
            lock.unlock()
            return False
        self._adopt(window, lock, new=new)
        return True

    @staticmethod
    def _path(window: QMainWindow) -> pathlib.Path:
        return window.store.database.path  # type: ignore[attr-defined,no-any-return]

    def _refuse(self, title: str, message: str) -> None:
        _report(title, message, self.window)

    def _adopt(self, window: QMainWindow, lock: Any, *, new: bool) -> None:
        from cso_planner.ui.file_menu import remember_file

        previous, previous_lock = self.window, self._lock
        self.window, self._lock = window, lock
        menu = window.file_menu  # type: ignore[attr-defined]
        menu.open_requested.connect(lambda name: self.open(pathlib.Path(name)))
        menu.new_requested.connect(lambda name: self.open(pathlib.Path(name), new=True))
        remember_file(window.settings, self._path(window))  # type: ignore[attr-defined]
        if new:
            window.show_screen("dashboard")  # type: ignore[attr-defined]
        if previous is not None:
            window.show()  # before the old one closes: the app never has no window
            previous.close()  # a verified backup if it changed, then the file is closed
            previous_lock.unlock()
            previous.deleteLater()

    def close(self) -> None:
        """Close the window (if still open) and release the file."""
        if self.window is not None:
            self.window.close()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


def run_gui(db_path: pathlib.Path, *, private_dir: bool = False) -> int:
    """Run the desktop app on ``db_path`` until the window closes; returns the exit code.

    A second instance on the same file exits at once with "already open"; a storage problem
    is shown as one clear message. With ``CSO_PLANNER_QUIT_AFTER_SHOW=1`` the app quits as
    soon as the window is shown (used by the process tests).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cso_planner import APP_ID, APP_NAME, __version__
    from cso_planner.paths import ensure_private_dir
    from cso_planner.ui.single_instance import AlreadyOpenError, acquire_lock

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cso-planner")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("cso-planner")
    app.setDesktopFileName(APP_ID)  # Wayland matches the window to its launcher by it
    from cso_planner.ui.style import apply_system_locale

    apply_system_locale()

    db_path = db_path.expanduser().absolute()
    # The lock first, before anything is painted: a second instance exits at once.
    try:
        if private_dir or not db_path.parent.exists():
            ensure_private_dir(db_path.parent)
        probe = acquire_lock(db_path)  # handed to the planner with the file
    except AlreadyOpenError as exc:
        _report("Already open", str(exc))
        return EXIT_ERROR
    except OSError as exc:
        _report("Cannot open", str(exc))
        return EXIT_ERROR

    from cso_planner.ui.start_window import StartWindow

    # The frame first, painted before the database and the screens are even imported.
    start = StartWindow(db_path)
    start.show()
    app.processEvents()
    _start_log()  # after the first paint: the log's imports do not delay it
    from cso_planner.partials import clean_stale

    clean_stale()  # the hidden files of an export killed half-way
    if os.environ.get(QUIT_AFTER_FIRST_PAINT_ENV) == "1":
        QTimer.singleShot(0, app.quit)  # as a bare window would: one turn of the event loop
        app.exec()
        start.close()
        probe.unlock()
        return EXIT_OK
    planner = Planner()
    try:
        if not planner.open(db_path, private_dir=private_dir, recover=True, lock=probe):
            return EXIT_ERROR
        window = planner.window
        assert window is not None
        if os.environ.get(QUIT_AFTER_SHOW_ENV) == "1":
            window.loaded.connect(lambda: QTimer.singleShot(0, window.close))  # type: ignore[attr-defined]
        _quit_after_paint(window, os.environ.get(QUIT_AFTER_PAINT_ENV, ""))
        window.show()
        start.close()
        return int(app.exec())
    finally:
        start.close()
        planner.close()
