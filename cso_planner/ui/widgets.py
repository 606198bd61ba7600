"""Small reusable widgets: plain-text labels, field errors, empty states (dates: date_field)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_planner.ui.icons import icon
from cso_planner.ui.style import SPACING, status_qcolor


def muted_color(palette: QPalette) -> str:
    """Halfway between text and background: for large decorative icons in both themes."""
    text = palette.color(QPalette.ColorRole.WindowText)
    back = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(
        (text.red() + back.red()) // 2,
        (text.green() + back.green()) // 2,
        (text.blue() + back.blue()) // 2,
    )
    return mixed.name()


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never interprets its text as HTML (user text shown literally)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


class FieldError(QLabel):
    """The message shown under a form field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, status_qcolor("overdue", palette))
        self.setPalette(palette)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class EmptyState(QWidget):
    """What an empty screen shows: an icon, a heading, what it is for, and the first action.

    Signals:
        action_requested: the first-action button was clicked.
    """

    action_requested = Signal()

    def __init__(
        self,
        icon_name: str,
        title: str,
        text: str,
        action_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING * 2)
        layout.addStretch(2)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon(icon_name, muted_color(self.palette())).pixmap(64, 64))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.icon_label)
        self.title_label = plain_label(title, self)
        self.title_label.setObjectName("emptyTitle")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        self.text_label = plain_label(text, self)
        self.text_label.setWordWrap(True)
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text_label.setMaximumWidth(520)
        self.text_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.text_label, 4)
        row.addStretch(1)
        layout.addLayout(row)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(icon("add"), action_text, self)
            self.button.setDefault(True)
            self.button.clicked.connect(self.action_requested)
            button_row = QHBoxLayout()
            button_row.addStretch(1)
            button_row.addWidget(self.button)
            button_row.addStretch(1)
            layout.addLayout(button_row)
        layout.addStretch(3)

    def set_texts(self, title: str, text: str, action_text: str | None = None) -> None:
        self.title_label.setText(title)
        self.text_label.setText(text)
        if self.button is not None and action_text:
            self.button.setText(action_text)


def screen_title(text: str, parent: QWidget | None = None) -> QLabel:
    label = plain_label(text, parent)
    label.setObjectName("screenTitle")
    return label
