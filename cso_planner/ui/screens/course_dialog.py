"""Add or edit a course: title, provider (with suggestions), link, hours, progress, completion,
cost, CPE credits and the plan item it serves. Errors show under their field; input is kept."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cso_planner.db.proofs import ProofStore
from cso_planner.services.courses import PROVIDERS, CourseDraft, validate_course
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import (
    accept_or_focus,
    add_field,
    finish_form,
    number_text,
    parse_number,
)
from cso_planner.ui.proof_list import ProofList
from cso_planner.ui.style import SPACING


def _number_edit(parent: QWidget, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setAlignment(Qt.AlignmentFlag.AlignRight)
    edit.setPlaceholderText(placeholder)
    edit.setMaximumWidth(140)
    return edit


class CourseDialog(QDialog):
    """The course form; ``ask`` returns the draft or None when cancelled.

    Args:
        plan_items: ``(id, label)`` of the active plan's items, for "Plan item".
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        plan_items: Sequence[tuple[int, str]],
        draft: CourseDraft | None = None,
        proof_store: ProofStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. SOC Analyst career path")
        self.title_error = add_field(form, "Title", self.title_edit)
        self.provider_combo = QComboBox(self)
        self.provider_combo.setEditable(True)
        self.provider_combo.addItem("")
        self.provider_combo.addItems(list(PROVIDERS))
        self.provider_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.provider_error = add_field(form, "Provider", self.provider_combo)
        self.url_edit = QLineEdit(self)
        self.url_edit.setPlaceholderText("https://…")
        self.url_error = add_field(form, "Link", self.url_edit)

        self.hours_edit = _number_edit(self, "e.g. 40")
        self.hours_error = add_field(form, "Hours", self.hours_edit)
        self.progress_edit = _number_edit(self, "0–100")
        self.progress_error = add_field(form, "Progress %", self.progress_edit)
        self.completed_edit = DateField(self, optional=True, empty_text="Not completed yet")
        self.completed_error = add_field(form, "Completed on", self.completed_edit)

        money = QWidget(self)
        money_row = QHBoxLayout(money)
        money_row.setContentsMargins(0, 0, 0, 0)
        self.cost_edit = _number_edit(money, "e.g. 399")
        self.employer_check = QCheckBox("Employer pays", money)
        money_row.addWidget(self.cost_edit)
        money_row.addWidget(self.employer_check)
        money_row.addStretch(1)
        self.cost_error = add_field(form, "Cost", money)
        self.cpe_edit = _number_edit(self, "e.g. 12")
        self.cpe_error = add_field(form, "CPE credits", self.cpe_edit)

        self.item_combo = QComboBox(self)
        self.item_combo.addItem("(none)", None)
        for item_id, label in plan_items:
            self.item_combo.addItem(label, item_id)
        self.item_error = add_field(form, "Plan item", self.item_combo)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setMaximumHeight(70)
        self.notes_error = add_field(form, "Notes", self.notes_edit)
        self._proofs = draft.proofs if draft else ()
        self.proof_list = ProofList(proof_store, self) if proof_store is not None else None
        if self.proof_list is not None:
            self.proofs_error = add_field(form, "Proof files", self.proof_list)

        self.buttons = finish_form(self, form, self._on_accepted)
        self._load(draft or CourseDraft(title=""))
        self.title_edit.setFocus()

    def _load(self, draft: CourseDraft) -> None:
        self.title_edit.setText(draft.title)
        self.provider_combo.setEditText(draft.provider)
        self.url_edit.setText(draft.url or "")
        self.hours_edit.setText(number_text(draft.hours) if draft.hours else "")
        self.progress_edit.setText(number_text(draft.progress))
        self.completed_edit.set_value(draft.completed_on)
        self.cost_edit.setText(number_text(draft.cost) if draft.cost else "")
        self.employer_check.setChecked(draft.employer_paid)
        self.cpe_edit.setText(number_text(draft.cpe_credits) if draft.cpe_credits else "")
        index = self.item_combo.findData(draft.plan_item_id)
        self.item_combo.setCurrentIndex(max(index, 0))
        self.notes_edit.setPlainText(draft.notes)
        if self.proof_list is not None:
            self.proof_list.set_proofs(draft.proofs)

    def _parsed(self) -> tuple[CourseDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        numbers: dict[str, float] = {}
        for field, edit, what in (
            ("hours", self.hours_edit, "hours"),
            ("progress", self.progress_edit, "progress"),
            ("cost", self.cost_edit, "cost"),
            ("cpe_credits", self.cpe_edit, "CPE credits"),
        ):
            try:
                numbers[field] = parse_number(edit.text()) or 0.0
            except ValueError:
                numbers[field] = 0.0
                errors[field] = f"Enter the {what} as a number."
        completed_on = self.completed_edit.value()
        progress = numbers["progress"]
        if completed_on is not None and "progress" not in errors:
            progress = 100.0 if progress < 100 else progress
        draft = CourseDraft(
            title=self.title_edit.text().strip(),
            provider=self.provider_combo.currentText().strip(),
            url=self.url_edit.text().strip() or None,
            hours=numbers["hours"],
            progress=progress,
            completed_on=completed_on,
            cost=numbers["cost"],
            cpe_credits=numbers["cpe_credits"],
            employer_paid=self.employer_check.isChecked(),
            plan_item_id=self.item_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
            proofs=self.proof_list.proofs() if self.proof_list is not None else self._proofs,
        )
        for field, message in validate_course(draft).items():
            errors.setdefault(field, message)
        return draft, errors

    def errors(self) -> dict[str, str]:
        """Validate now and show every message under its field."""
        _, errors = self._parsed()
        for field, label in (
            ("title", self.title_error),
            ("provider", self.provider_error),
            ("url", self.url_error),
            ("hours", self.hours_error),
            ("progress", self.progress_error),
            ("completed_on", self.completed_error),
            ("cost", self.cost_error),
            ("cpe_credits", self.cpe_error),
            ("notes", self.notes_error),
        ):
            label.show_message(errors.get(field))
        if self.proof_list is not None:
            self.proofs_error.show_message(errors.get("proofs"))
        return errors

    def value(self) -> CourseDraft:
        return self._parsed()[0]

    def _on_accepted(self) -> None:
        errors = self.errors()
        focus = {
            "title": self.title_edit,
            "url": self.url_edit,
            "hours": self.hours_edit,
            "progress": self.progress_edit,
            "cost": self.cost_edit,
            "cpe_credits": self.cpe_edit,
        }
        accept_or_focus(self, errors, focus)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        plan_items: Sequence[tuple[int, str]],
        draft: CourseDraft | None = None,
        proof_store: ProofStore | None = None,
    ) -> CourseDraft | None:
        dialog = cls(parent, title, plan_items, draft, proof_store)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
