"""Ask for a plan name (new plan, duplicate, rename), checked against the existing names."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QWidget

from cso_planner.services.validation import validate_plan_name
from cso_planner.ui.dialogs.form import add_field, ok_cancel
from cso_planner.ui.style import SPACING


class PlanNameDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        existing_names: Sequence[str],
        initial: str = "",
        current_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self._existing = list(existing_names)
        self._current = current_name
        form = QFormLayout(self)
        form.setSpacing(SPACING)
        self.name_edit = QLineEdit(initial, self)
        self.name_edit.setPlaceholderText("e.g. Technical track to CISO by 2032")
        self.name_edit.selectAll()
        self.name_error = add_field(form, "Plan name", self.name_edit)
        self.buttons = ok_cancel(self, self._on_accepted)
        form.addRow(self.buttons)

    def value(self) -> str:
        return self.name_edit.text().strip()

    def _on_accepted(self) -> None:
        errors = validate_plan_name(self.name_edit.text(), self._existing, self._current)
        self.name_error.show_message(errors.get("name"))
        if errors:
            self.name_edit.setFocus()
            return
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        existing_names: Sequence[str],
        initial: str = "",
        current_name: str | None = None,
    ) -> str | None:
        dialog = cls(parent, title, existing_names, initial, current_name)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
