"""Add or edit one held/planned certification; errors appear under their field and the input
stays until it is right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cso_planner.db.models import CERT_STATUSES
from cso_planner.db.proofs import ProofStore
from cso_planner.services.certifications import (
    HeldDraft,
    renewed_draft,
    status_word,
    validate_held,
)
from cso_planner.services.errors import InvalidDraftError
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import add_field, finish_form, invalid_date_field
from cso_planner.ui.proof_list import ProofList
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import FieldError


class HeldDialog(QDialog):
    """The form for one certification.

    Args:
        choices: ``(code, name)`` of the catalog.
        taken: codes already in the person's list.
        draft: the values to edit (``None`` for a new row).
        exam_item: the Roadmap item whose date is the target ("": none); said under the field.
    """

    def __init__(
        self,
        parent: QWidget | None,
        choices: Sequence[tuple[str, str]],
        taken: Sequence[str],
        draft: HeldDraft | None = None,
        proof_store: ProofStore | None = None,
        exam_item: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit certification" if draft else "Add certification")
        self.setMinimumWidth(460)
        self._choices = list(choices)
        self._taken = list(taken)
        self._current = draft.cert_code if draft else None
        self.result_draft: HeldDraft | None = None

        form = QFormLayout()
        form.setSpacing(SPACING)
        self.code = QComboBox(self)
        for code, name in self._choices:
            self.code.addItem(f"{code} — {name}", code)
        self.status = QComboBox(self)
        for status in CERT_STATUSES:
            self.status.addItem(status_word(status), status)
        self.target_date = DateField(self, optional=True)
        self.exam_date = DateField(self, optional=True)
        self.earned_on = DateField(self, optional=True)
        self.expires_on = DateField(self, optional=True)
        self.endorsed_on = DateField(self, optional=True)
        self.credential_id = QLineEdit(self)
        self.credential_id.setPlaceholderText("As printed on the certificate")
        self.employer_paid = QCheckBox("My employer pays the exam and fees", self)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        # Renewing is recorded here (a new expiry), never assumed; dates the app guessed say so.
        self.estimated_note = QLabel(self)
        self.estimated_note.setWordWrap(True)
        self.estimated_note.setTextFormat(Qt.TextFormat.PlainText)
        self.estimated_note.setText("Renewed? Enter the new expiry date.")
        self.errors: dict[str, FieldError] = {
            "cert_code": add_field(form, "Certification", self.code),
            "status": add_field(form, "Status", self.status),
            "target_date": add_field(form, "Target date", self.target_date),
        }
        # The target of a certification with an exam item is that item's date (one fact).
        self.target_note = QLabel(self)
        self.target_note.setWordWrap(True)
        self.target_note.setTextFormat(Qt.TextFormat.PlainText)
        self.target_note.setText(
            f"The date of “{exam_item}” on your Roadmap: changing one changes the other."
        )
        self.target_note.setVisible(bool(exam_item))
        if exam_item:
            form.addRow("", self.target_note)
        self.errors |= {
            "exam_date": add_field(form, "Exam date", self.exam_date),
            "earned_on": add_field(form, "Earned on", self.earned_on),
            "expires_on": add_field(form, "Expires on", self.expires_on),
        }
        # Right under the dates it speaks of (below Notes it read as a note about the notes).
        form.addRow("", self.estimated_note)
        self.errors |= {
            "endorsed_on": add_field(form, "Endorsed on", self.endorsed_on),
            "credential_id": add_field(form, "Credential ID", self.credential_id),
            "employer_paid": add_field(form, "", self.employer_paid),
            "notes": add_field(form, "Notes", self.notes),
        }
        self._proofs = draft.proofs if draft else ()
        self.proof_list = ProofList(proof_store, self) if proof_store is not None else None
        if self.proof_list is not None:
            self.errors["proofs"] = add_field(form, "Proof files", self.proof_list)
        buttons = finish_form(self, form)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if draft is not None:
            self.set_draft(draft)
        else:
            self._select_first_free()

    def _select_first_free(self) -> None:
        for row, (code, _) in enumerate(self._choices):
            if code not in self._taken:
                self.code.setCurrentIndex(row)
                return

    def set_draft(self, draft: HeldDraft) -> None:
        self.code.setCurrentIndex(max(0, self.code.findData(draft.cert_code)))
        self.status.setCurrentIndex(max(0, self.status.findData(draft.status)))
        self.target_date.set_value(draft.target_date)
        self.exam_date.set_value(draft.exam_date)
        self.earned_on.set_value(draft.earned_on)
        self.expires_on.set_value(draft.expires_on)
        self.endorsed_on.set_value(draft.endorsed_on)
        self.credential_id.setText(draft.credential_id or "")
        self.employer_paid.setChecked(draft.employer_paid)
        self.notes.setPlainText(draft.notes)
        guessed = [
            name
            for name, flag in (
                ("the earned date", draft.earned_estimated and draft.earned_on),
                ("the expiry date", draft.expires_estimated and draft.expires_on),
            )
            if flag
        ]
        note = "Renewed? Enter the new expiry date."
        if guessed:
            note = (
                f"{' and '.join(guessed).capitalize()} {'were' if len(guessed) > 1 else 'was'} "
                "estimated by the app: check them against your certificate. " + note
            )
        self.estimated_note.setText(note)
        self._proofs = draft.proofs
        if self.proof_list is not None:
            self.proof_list.set_proofs(draft.proofs)

    def draft(self) -> HeldDraft:
        """The values as typed (not yet validated)."""
        return HeldDraft(
            cert_code=str(self.code.currentData() or ""),
            status=str(self.status.currentData() or "planned"),
            target_date=self.target_date.value(),
            exam_date=self.exam_date.value(),
            earned_on=self.earned_on.value(),
            expires_on=self.expires_on.value(),
            endorsed_on=self.endorsed_on.value(),
            credential_id=self.credential_id.text().strip() or None,
            employer_paid=self.employer_paid.isChecked(),
            notes=self.notes.toPlainText(),
            proofs=self.proof_list.proofs() if self.proof_list is not None else self._proofs,
        )

    def validate(self) -> dict[str, str]:
        """Check the form and show each message under its field."""
        known = [code for code, _ in self._choices]
        errors = validate_held(self.draft(), known, self._taken, self._current)
        for name, label in self.errors.items():
            label.show_message(errors.get(name))
        return errors

    def accept(self) -> None:
        if self.validate():
            return
        bad_date = invalid_date_field(self)
        if bad_date is not None:  # its hint says why, in red
            bad_date.setFocus()
            return
        self.result_draft = self.draft()
        super().accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: Sequence[tuple[str, str]],
        taken: Sequence[str],
        draft: HeldDraft | None = None,
        proof_store: ProofStore | None = None,
        exam_item: str = "",
    ) -> HeldDraft | None:
        """Show the form; the draft when the user confirmed valid values, else None.

        Args:
            exam_item: the title of the Roadmap item whose date is the target, if any.
        """
        dialog = cls(parent, choices, taken, draft, proof_store, exam_item)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_draft
        return None


class RenewDialog(QDialog):
    """Record a renewal: the new expiry date the issuer gave (renewing is never assumed)."""

    def __init__(self, parent: QWidget | None, draft: HeldDraft, suggested: dt.date | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Record the {draft.cert_code} renewal")
        self.setMinimumWidth(420)
        self._draft = draft
        self.result_draft: HeldDraft | None = None
        form = QFormLayout()
        form.setSpacing(SPACING)
        intro = QLabel(
            "Enter the new expiry date shown by the issuer once the renewal is accepted.", self
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(intro)
        self.expires_on = DateField(self, optional=True)
        self.expires_on.set_value(suggested)
        self.error = add_field(form, "New expiry", self.expires_on)
        buttons = finish_form(self, form)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)

    def accept(self) -> None:
        if invalid_date_field(self) is not None:
            self.expires_on.setFocus()
            return
        try:
            self.result_draft = renewed_draft(self._draft, self.expires_on.value())
        except InvalidDraftError as exc:
            self.error.show_message(exc.errors.get("expires_on"))
            return
        super().accept()
