"""Screens arriving in the next release: they say what will be there, never a blank pane."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import EmptyState, screen_title


class PlaceholderScreen(QWidget):
    """A titled screen explaining what it will hold."""

    def __init__(
        self, title: str, icon_name: str, heading: str, text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 3, SPACING * 3, SPACING * 3, SPACING * 3)
        layout.addWidget(screen_title(title, self))
        self.empty = EmptyState(icon_name, heading, text, None, self)
        layout.addWidget(self.empty, 1)
