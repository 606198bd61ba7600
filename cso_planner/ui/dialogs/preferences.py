"""Preferences: the weekly study budget (stored in the profile) and the PDF page size."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QWidget,
)

from cso_planner.ui.dialogs.form import add_field, ok_cancel
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import plain_label

PAGE_SIZES = ("A4", "Letter")


@dataclasses.dataclass(frozen=True)
class Preferences:
    weekly_study_hours: float
    page_size: str


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
        self.buttons = ok_cancel(self)
        form.addRow(self.buttons)

    def value(self) -> Preferences:
        return Preferences(self.hours_spin.value(), self.page_combo.currentText())

    @classmethod
    def ask(cls, parent: QWidget | None, current: Preferences) -> Preferences | None:
        dialog = cls(parent, current)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
