"""What is due within 30 days, shown at start: a dismissible banner on the Dashboard and a line
in the status bar. Both read the deadlines the Dashboard already loads (``load_dashboard``, the
renewal engine's deadlines among them) through ``reminders.due_soon``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from cso_planner.deadlines import Deadline
from cso_planner.reminders import DUE_SOON_DAYS, due_soon, due_soon_line, due_soon_summary
from cso_planner.services.renewal_deadlines import all_deadlines
from cso_planner.ui.icons import icon
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, plain_tooltip, status_qcolor
from cso_planner.ui.widgets import plain_label


def banner_lines(deadlines: Sequence[Deadline], today: dt.date) -> str:
    heading = f"Due within {DUE_SOON_DAYS} days:"
    return "\n".join([heading, *(f"• {due_soon_line(d, today)}" for d in deadlines)])


class DueSoonBanner(QFrame):
    """An amber-bordered strip listing the deadlines due soon; Dismiss hides it until a
    deadline it did not show falls due."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueSoonBanner")
        amber = status_qcolor("skipped").name()
        self.setStyleSheet(
            f"QFrame#dueSoonBanner {{ border: 1px solid {amber}; border-radius: 6px; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(SPACING * 2, SPACING, SPACING, SPACING)
        row.setSpacing(SPACING)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon("calendar", amber).pixmap(20, 20))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.icon_label)
        self.text_label = plain_label("", self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.text_label, 1)
        self.dismiss_button = QToolButton(self)
        self.dismiss_button.setText("Dismiss")
        self.dismiss_button.setAutoRaise(True)
        self.dismiss_button.setToolTip("Hide this list until another deadline falls due")
        self.dismiss_button.clicked.connect(self.dismiss)
        row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        self.shown_keys: frozenset[str] = frozenset()
        self.dismissed_keys: frozenset[str] = frozenset()
        self.hide()

    def show_deadlines(self, deadlines: Sequence[Deadline], today: dt.date) -> None:
        self.shown_keys = frozenset(d.key for d in deadlines)
        self.text_label.setText(banner_lines(deadlines, today))
        self.setVisible(bool(deadlines) and not self.shown_keys <= self.dismissed_keys)

    def dismiss(self) -> None:
        self.dismissed_keys = self.dismissed_keys | self.shown_keys
        self.hide()


class DueSoonStatus(QLabel):
    """The status bar's line: the first deadline due soon and how many more (all in the
    tooltip); empty when nothing is due within 30 days."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dueSoonStatus")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.deadlines: list[Deadline] = []

    def show_deadlines(self, deadlines: Sequence[Deadline], today: dt.date) -> None:
        self.deadlines = list(deadlines)
        self.setText(due_soon_summary(self.deadlines, today))
        self.setToolTip(plain_tooltip(banner_lines(self.deadlines, today)) if deadlines else "")
        self.setVisible(bool(self.deadlines))

    def refresh(self, store: PlannerStore, today: dt.date | None = None) -> None:
        """Read what is due soon (the same deadlines the Dashboard shows) and show it."""
        day = today or dt.date.today()
        self.show_deadlines(
            store.read(lambda s: due_soon(all_deadlines(s, day, days=DUE_SOON_DAYS), day)), day
        )

    def show_from(self, dashboard: object, store: PlannerStore) -> None:
        """What a built Dashboard found (``due_soon_deadlines``), else read it once."""
        found = getattr(dashboard, "due_soon_deadlines", None)
        if found is not None:
            self.show_deadlines(found, getattr(dashboard, "due_soon_today", dt.date.today()))
        else:
            self.refresh(store)
