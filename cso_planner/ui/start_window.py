"""The window a person sees at once: the planner's frame, painted before the database opens.

Importing SQLAlchemy, the models and the screens takes several times as long as showing a bare
Qt window. So ``run_gui`` shows this frame first (same title, size, sidebar and style as the main
window, with "Opening…" where the screen will be), then opens the database and builds the main
window at the same place, and closes this one. Only Qt Widgets and the style module load here
(not even the SVG icons).
"""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from cso_planner import APP_NAME
from cso_planner.ui.style import app_stylesheet

SETTINGS_ORG = "cso-planner"
SETTINGS_APP = "cso-planner"
GEOMETRY_KEY = "window/geometry"
DEFAULT_SIZE = QSize(1200, 760)
SIDEBAR_WIDTH = 184
# key, sidebar label, icon: the screens of the main window, in order.
SCREENS: tuple[tuple[str, str, str], ...] = (
    ("dashboard", "Dashboard", "dashboard"),
    ("roadmap", "Roadmap", "roadmap"),
    ("certifications", "Certifications", "certificate"),
    ("experience", "Experience", "briefcase"),
    ("cpe", "CPE", "cpe"),
    ("courses", "Courses", "course"),
    ("budget", "Budget", "budget"),
    ("catalog", "Catalog", "catalog"),
)


def restore_geometry(window: QWidget, settings: QSettings) -> None:
    """The size and place the main window had when it was last closed (or a default size)."""
    geometry = settings.value(GEOMETRY_KEY)
    if isinstance(geometry, QByteArray | bytes) and geometry:
        window.restoreGeometry(QByteArray(geometry))
    else:
        window.resize(DEFAULT_SIZE)


class StartWindow(QMainWindow):
    """The main window's frame with "Opening <file>…" in place of the screen."""

    def __init__(self, db_path: pathlib.Path, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setStyleSheet(app_stylesheet())
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        model = QStandardItemModel(self)
        for _key, label, _icon in SCREENS:
            # No icons yet: loading QtSvg and rendering them would delay the first paint by
            # a tenth of the budget; the main window that replaces this frame has them.
            item = QStandardItem(label)
            item.setEnabled(False)  # nothing to switch to until the data is loaded
            model.appendRow(item)
        sidebar = QListView(central)
        sidebar.setObjectName("sidebar")
        sidebar.setModel(model)
        sidebar.setIconSize(QSize(20, 20))
        sidebar.setFixedWidth(SIDEBAR_WIDTH)
        layout.addWidget(sidebar)
        body = QVBoxLayout()
        self.message = QLabel(f"Opening {db_path}…", central)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # the path is the user's text
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        body.addWidget(self.message)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        restore_geometry(self, settings or QSettings(SETTINGS_ORG, SETTINGS_APP))
