"""Preferences: the weekly study budget (stored in the profile), the PDF page size and the
calendar reminders (kept in the file, so ``cso-planner ics`` gives the same alarms)."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from cso_planner.reminders import (
    DEFAULT_REMINDER_DAYS,
    MAX_REMINDER_DAYS,
    format_reminder_days,
    parse_reminder_days,
)
from cso_planner.ui.dialogs.form import add_field, ok_cancel
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import plain_label

PAGE_SIZES = ("A4", "Letter")


@dataclasses.dataclass(frozen=True)
class Preferences:
    weekly_study_hours: float
    page_size: str
    reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None, current: Preferences) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(440)
        form = QFormLayout(self)
        form.setSpacing(SPACING)
        self.hours_spin = QDoubleSpinBox(self)
        self.hours_spin.setRange(0, 100)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSuffix(" h per week")
        self.hours_spin.setValue(current.weekly_study_hours)
        add_field(form, "Study budget", self.hours_spin)
        hint = plain_label(
            "The roadmap checks each stage's planned study hours against this budget.", self
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.page_combo = QComboBox(self)
        self.page_combo.addItems(list(PAGE_SIZES))
        self.page_combo.setCurrentText(current.page_size)
        add_field(form, "PDF page size", self.page_combo)
        self.reminders_edit = QLineEdit(format_reminder_days(current.reminder_days), self)
        self.reminders_edit.setPlaceholderText("no reminders")
        self.reminders_error = add_field(form, "Calendar reminders", self.reminders_edit)
        reminders_hint = plain_label(
            "Days before each expiry, fee, endorsement deadline and CPE cycle end, separated "
            f"by commas (up to {MAX_REMINDER_DAYS}); the exported calendar rings then.",
            self,
        )
        reminders_hint.setWordWrap(True)
        form.addRow("", reminders_hint)
        self.buttons = ok_cancel(self, self._on_ok)
        form.addRow(self.buttons)

    def _reminder_days(self) -> tuple[int, ...] | None:
        try:
            return parse_reminder_days(self.reminders_edit.text())
        except ValueError as exc:
            self.reminders_error.show_message(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
            return None

    def _on_ok(self) -> None:
        if self._reminder_days() is None:
            self.reminders_edit.setFocus()
            return
        self.accept()

    def value(self) -> Preferences:
        days = self._reminder_days()
        return Preferences(
            self.hours_spin.value(),
            self.page_combo.currentText(),
            DEFAULT_REMINDER_DAYS if days is None else days,
        )

    @classmethod
    def ask(cls, parent: QWidget | None, current: Preferences) -> Preferences | None:
        dialog = cls(parent, current)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
