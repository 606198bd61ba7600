"""The About box (plain text, the app icon)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from cso_planner import APP_NAME, __version__
from cso_planner.ui.icons import app_icon

ABOUT_TEXT = (
    f"{APP_NAME} {__version__}\n\n"
    "Plan your way from a first security job to Chief Security Officer: certifications, "
    "courses, experience, CPE and budget, on your own desktop.\n\n"
    "Your data stays in one local file. No account, no network.\n\n"
    "Certification rules come from the issuers' public pages, each with its source and date; "
    "check them with the issuer before you rely on them."
)


def about_box(parent: QWidget | None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setWindowTitle(f"About {APP_NAME}")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(ABOUT_TEXT)
    box.setIconPixmap(app_icon().pixmap(64, 64))
    return box


def show_about(parent: QWidget | None) -> None:
    about_box(parent).exec()
