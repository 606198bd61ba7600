"""Add or edit a CPE activity: date, what, provider, credits, category, the certifications it
counts for, and a proof note. Errors show under their field; input is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from cso_planner.services.courses import PROVIDERS
from cso_planner.services.cpe import CATEGORY_SUGGESTIONS, CpeDraft, validate_cpe
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import (
    accept_or_focus,
    add_field,
    finish_form,
    number_text,
    parse_number,
)
from cso_planner.ui.style import SPACING


class CpeDialog(QDialog):
    """The CPE activity form; ``ask`` returns the draft or None when cancelled.

    Args:
        held_codes: the person's certifications (an activity can count for these).
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        held_codes: Sequence[str],
        draft: CpeDraft | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        draft = draft or CpeDraft(date=dt.date.today(), activity="", credits=0.0)
        # Codes already on the activity stay choosable even if no longer held.
        self._codes = list(dict.fromkeys([*held_codes, *draft.certifications]))
        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.date_edit = DateField(self)
        self.date_error = add_field(form, "Date", self.date_edit)
        self.activity_edit = QLineEdit(self)
        self.activity_edit.setPlaceholderText("e.g. Webinar: zero trust for OT networks")
        self.activity_error = add_field(form, "Activity", self.activity_edit)
        self.provider_edit = QLineEdit(self)
        self.provider_edit.setPlaceholderText("e.g. ISC2")
        completer = QCompleter(list(PROVIDERS), self.provider_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.provider_edit.setCompleter(completer)
        self.provider_error = add_field(form, "Provider", self.provider_edit)
        self.credits_edit = QLineEdit(self)
        self.credits_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.credits_edit.setPlaceholderText("e.g. 1.5")
        self.credits_edit.setMaximumWidth(120)
        self.credits_error = add_field(form, "Credits", self.credits_edit)
        self.category_combo = QComboBox(self)
        self.category_combo.setEditable(True)
        self.category_combo.addItem("")
        self.category_combo.addItems(list(CATEGORY_SUGGESTIONS))
        category_line = self.category_combo.lineEdit()
        if category_line is not None:
            category_line.setPlaceholderText("e.g. Group A (ISC2)")
        self.category_combo.setMinimumWidth(200)  # room for the hint and "Group A (ISC2)"
        self.category_error = add_field(form, "Category", self.category_combo)

        self.cert_list = QListWidget(self)
        self.cert_list.setMaximumHeight(110)
        for code in self._codes:
            item = QListWidgetItem(code, self.cert_list)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        if not self._codes:
            self.cert_list.hide()
        self.cert_error = add_field(form, "Counts for", self.cert_list)
        if not self._codes:
            self.cert_error.show_message(
                "Add the certifications you hold on the Certifications screen to apply CPE to them."
            )
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Proof for an audit: certificate file, agenda link…")
        self.notes_edit.setMaximumHeight(70)
        self.notes_error = add_field(form, "Proof / notes", self.notes_edit)

        self.buttons = finish_form(self, form, self._on_accepted)
        self._load(draft)
        self.activity_edit.setFocus()

    def _load(self, draft: CpeDraft) -> None:
        self.date_edit.set_value(draft.date)
        self.activity_edit.setText(draft.activity)
        self.provider_edit.setText(draft.provider)
        self.credits_edit.setText(number_text(draft.credits) if draft.credits else "")
        self.category_combo.setEditText(draft.category or "")
        self.set_certifications(draft.certifications)
        self.notes_edit.setPlainText(draft.notes)

    def set_certifications(self, codes: Sequence[str]) -> None:
        wanted = set(codes)
        for row in range(self.cert_list.count()):
            item = self.cert_list.item(row)
            checked = item.text() in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _certifications(self) -> tuple[str, ...]:
        return tuple(
            self.cert_list.item(row).text()
            for row in range(self.cert_list.count())
            if self.cert_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def _parsed(self) -> tuple[CpeDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        credits = 0.0
        try:
            credits = parse_number(self.credits_edit.text()) or 0.0
        except ValueError:
            errors["credits"] = "Enter the credits as a number, e.g. 1.5."
        if self.date_edit.error():
            errors["date"] = "Enter the date of the activity."
        draft = CpeDraft(
            date=self.date_edit.value() or dt.date.today(),
            activity=self.activity_edit.text().strip(),
            credits=credits,
            provider=self.provider_edit.text().strip(),
            category=self.category_combo.currentText().strip() or None,
            notes=self.notes_edit.toPlainText(),
            certifications=self._certifications(),
        )
        for field, message in validate_cpe(draft, self._codes).items():
            errors.setdefault(field, message)
        return draft, errors

    def errors(self) -> dict[str, str]:
        """Validate now and show every message under its field."""
        _, errors = self._parsed()
        self.date_error.show_message(errors.get("date"))
        self.activity_error.show_message(errors.get("activity"))
        self.provider_error.show_message(errors.get("provider"))
        self.credits_error.show_message(errors.get("credits"))
        self.category_error.show_message(errors.get("category"))
        if self._codes:
            self.cert_error.show_message(errors.get("certifications"))
        self.notes_error.show_message(errors.get("notes"))
        return errors

    def value(self) -> CpeDraft:
        return self._parsed()[0]

    def _on_accepted(self) -> None:
        errors = self.errors()
        focus = {
            "date": self.date_edit,
            "activity": self.activity_edit,
            "credits": self.credits_edit,
        }
        accept_or_focus(self, errors, focus)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        held_codes: Sequence[str],
        draft: CpeDraft | None = None,
    ) -> CpeDraft | None:
        dialog = cls(parent, title, held_codes, draft)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
