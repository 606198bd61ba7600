"""Unexpected errors in the window: the traceback goes to the log, the person gets one line.

``install`` replaces ``sys.excepthook`` (PySide6 calls it for an exception raised in a slot
or an event handler). The message names what happened in one sentence, "Details…" shows the
traceback, and "Open log folder" shows where the full record is. Without a display (offscreen
runs, CI) the line is printed to stderr instead, never the traceback.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cso_planner import APP_NAME
from cso_planner.logs import log_dir, log_unexpected

_showing = False


def one_line(exc: BaseException) -> str:
    return (
        f"Something went wrong in {APP_NAME} ({type(exc).__name__}). The last action may not "
        "have finished; everything saved before it is kept. The details were written to the log."
    )


def open_log_folder() -> bool:
    """Show the log folder in the file manager (Help → Open log folder)."""
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _headless() -> bool:
    return QGuiApplication.platformName() in ("offscreen", "minimal")


def report(exc: BaseException, tb: TracebackType | None = None) -> None:
    """Log ``exc`` and tell the person in one line (a dialog, or stderr without a display)."""
    global _showing
    log_unexpected(exc, "window", tb)
    message = one_line(exc)
    print(f"cso-planner: {message}", file=sys.stderr, flush=True)
    if _showing or _headless():
        return  # one dialog at a time: an error inside the dialog must not stack more
    _showing = True
    try:
        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Something went wrong")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(message)
        box.setDetailedText("".join(traceback.format_exception(type(exc), exc, tb)))
        open_button = box.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_button:
            open_log_folder()
    finally:
        _showing = False


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report(exc, tb)


def install() -> None:
    sys.excepthook = _hook
