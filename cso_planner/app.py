"""Composition root: opens the database, builds the store and the main window, runs the app.

Nothing else builds engines, sessions or windows; everything below receives what it needs.
"""

from __future__ import annotations

import os
import pathlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

QUIT_AFTER_SHOW_ENV = "CSO_PLANNER_QUIT_AFTER_SHOW"
EXIT_OK = 0
EXIT_ERROR = 1


def create_main_window(
    db_path: pathlib.Path, *, private_dir: bool = False, run_wizard: bool | None = None
) -> QMainWindow:
    """Open ``db_path`` and build the whole GUI on it (a QApplication must exist).

    Raises:
        StorageError: the file is not ours, damaged, or from a newer version.
    """
    from cso_planner.db.opening import open_database
    from cso_planner.ui.main_window import MainWindow
    from cso_planner.ui.store import PlannerStore

    database = open_database(db_path, private_dir=private_dir)
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


def run_gui(db_path: pathlib.Path, *, private_dir: bool = False) -> int:
    """Run the desktop app on ``db_path`` until the window closes; returns the exit code.

    A second instance on the same file exits at once with "already open"; a storage problem
    is shown as one clear message. With ``CSO_PLANNER_QUIT_AFTER_SHOW=1`` the app quits as
    soon as the window is shown (used by the process tests).
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from cso_planner import APP_NAME, __version__
    from cso_planner.db.errors import StorageError
    from cso_planner.paths import ensure_private_dir
    from cso_planner.ui.single_instance import AlreadyOpenError, acquire_lock

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("cso-planner")
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("cso-planner")
    app.setDesktopFileName("cso-planner")

    db_path = db_path.expanduser().absolute()
    try:
        if private_dir or not db_path.parent.exists():
            ensure_private_dir(db_path.parent)
        lock = acquire_lock(db_path)
    except AlreadyOpenError as exc:
        _report("Already open", str(exc))
        return EXIT_ERROR
    except OSError as exc:
        _report("Cannot open", str(exc))
        return EXIT_ERROR

    try:
        try:
            window = create_main_window(db_path, private_dir=private_dir)
        except StorageError as exc:
            _report("Cannot open the database", str(exc))
            return EXIT_ERROR
        if os.environ.get(QUIT_AFTER_SHOW_ENV) == "1":
            window.loaded.connect(lambda: QTimer.singleShot(0, window.close))  # type: ignore[attr-defined]
        window.show()
        code = app.exec()
        window.close()
        return int(code)
    finally:
        lock.unlock()
