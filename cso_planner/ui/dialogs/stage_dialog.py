"""Add or edit a stage: the role on the ladder and its dates."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from cso_planner.services.drafts import StageDraft
from cso_planner.services.validation import validate_stage
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import accept_or_focus, add_field, ok_cancel
from cso_planner.ui.style import SPACING

LADDER_ROLES = (
    "SOC Analyst",
    "Security Analyst",
    "Security Engineer",
    "Security Architect",
    "Security Manager",
    "Corporate Security Manager",
    "Director of Security",
    "CISO",
    "CSO",
)


class StageDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, draft: StageDraft | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        form.setSpacing(SPACING)
        self.role_edit = QLineEdit(self)
        self.role_edit.setPlaceholderText("e.g. Security Manager")
        completer = QCompleter(QStringListModel(list(LADDER_ROLES), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.role_edit.setCompleter(completer)
        self.role_error = add_field(form, "Role", self.role_edit)
        self.start_edit = DateField(self, optional=True)
        self.start_error = add_field(form, "From", self.start_edit)
        self.end_edit = DateField(self, optional=True)
        self.end_error = add_field(form, "Until", self.end_edit)
        self.buttons = ok_cancel(self, self._on_accepted)
        form.addRow(self.buttons)
        if draft is not None:
            self.role_edit.setText(draft.role)
            self.start_edit.set_value(draft.start)
            self.end_edit.set_value(draft.end)

    def draft(self) -> StageDraft:
        return StageDraft(
            role=self.role_edit.text().strip(),
            start=self.start_edit.value(),
            end=self.end_edit.value(),
        )

    def _on_accepted(self) -> None:
        errors = validate_stage(self.draft())
        self.role_error.show_message(errors.get("role"))
        self.end_error.show_message(errors.get("end"))
        accept_or_focus(self, errors, {"role": self.role_edit, "end": self.end_edit})

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, draft: StageDraft | None = None
    ) -> StageDraft | None:
        dialog = cls(parent, title, draft)
        return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None
