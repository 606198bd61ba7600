"""Add or edit a CPE activity: date, what, provider, credits, category, the certifications it
counts for with each one's claim (own credits, category, domain, submission state), and a proof
note. Errors show under their field; input is kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from cso_planner.dates import DateParseError, format_date, parse_date
from cso_planner.db.proofs import ProofStore
from cso_planner.services.courses import PROVIDERS
from cso_planner.services.cpe import (
    CATEGORY_SUGGESTIONS,
    CLAIM_STATUS_LABELS,
    Claim,
    CpeDraft,
    claims_of,
    validate_cpe,
)
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


@dataclasses.dataclass
class _ClaimInput:
    """One certification's claim as typed (kept as text until the form is saved)."""

    credits: str = ""
    category: str = ""
    domain: str = ""
    status: str = "not_submitted"
    submitted_on: str = ""


class CpeDialog(QDialog):
    """The CPE activity form; ``ask`` returns the draft or None when cancelled.

    Args:
        held_codes: the person's certifications (an activity can count for these).
        domains: exam domains per certification code (offered for a claim's domain).
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        held_codes: Sequence[str],
        draft: CpeDraft | None = None,
        domains: Mapping[str, Sequence[str]] | None = None,
        proof_store: ProofStore | None = None,
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
        self._domains = {code: list(names) for code, names in (domains or {}).items()}
        self._inputs: dict[str, _ClaimInput] = {code: _ClaimInput() for code in self._codes}
        self._shown_code: str | None = None
        self.claim_box = QGroupBox("Claim", self)
        claim_form = QFormLayout(self.claim_box)
        claim_form.setSpacing(SPACING)
        claim_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.claim_credits_edit = QLineEdit(self.claim_box)
        self.claim_credits_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.claim_credits_edit.setPlaceholderText("as the activity")
        self.claim_credits_edit.setMaximumWidth(160)
        claim_form.addRow("Credits", self.claim_credits_edit)
        self.claim_category_combo = QComboBox(self.claim_box)
        self.claim_category_combo.setEditable(True)
        self.claim_category_combo.addItem("")
        self.claim_category_combo.addItems(list(CATEGORY_SUGGESTIONS))
        claim_category_line = self.claim_category_combo.lineEdit()
        if claim_category_line is not None:
            claim_category_line.setPlaceholderText("as the activity")
        self.claim_category_combo.setMinimumWidth(200)  # the hint whole, as the one above
        claim_form.addRow("Category", self.claim_category_combo)
        self.claim_domain_combo = QComboBox(self.claim_box)
        self.claim_domain_combo.setEditable(True)
        self.claim_domain_combo.setMinimumWidth(200)
        claim_form.addRow("Domain", self.claim_domain_combo)
        self.claim_status_combo = QComboBox(self.claim_box)
        for key, label in CLAIM_STATUS_LABELS.items():
            self.claim_status_combo.addItem(label, key)
        claim_form.addRow("Submitted", self.claim_status_combo)
        self.claim_date_edit = DateField(self.claim_box, optional=True, empty_text="Not submitted")
        claim_form.addRow("Submitted on", self.claim_date_edit)
        self.claim_error = add_field(form, "", self.claim_box)
        self.cert_list.currentRowChanged.connect(self._on_claim_row_changed)
        self.cert_list.itemChanged.connect(lambda _item: self._update_claim_box())
        self.claim_status_combo.currentIndexChanged.connect(self._on_claim_status_changed)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Proof for an audit: certificate file, agenda link…")
        self.notes_edit.setMaximumHeight(70)
        self.notes_error = add_field(form, "Proof / notes", self.notes_edit)
        self._proofs = draft.proofs
        self.proof_list: ProofList | None = None
        if proof_store is not None:
            self.proof_list = ProofList(proof_store, self)
            self.proofs_error = add_field(form, "Proof files", self.proof_list)

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
        for claim in claims_of(draft):
            self._inputs[claim.code] = _ClaimInput(
                credits=number_text(claim.credits),
                category=claim.category or "",
                domain=claim.domain or "",
                status=claim.status,
                submitted_on=format_date(claim.submitted_on) if claim.submitted_on else "",
            )
        if self._codes:
            first = next((c for c in self._codes if c in draft.certifications), self._codes[0])
            self.cert_list.setCurrentRow(self._codes.index(first))
        self._show_claim(self._current_code())
        self.notes_edit.setPlainText(draft.notes)
        if self.proof_list is not None:
            self.proof_list.set_proofs(draft.proofs)

    # --- the claim of the selected certification -------------------------------------------

    def _current_code(self) -> str | None:
        row = self.cert_list.currentRow()
        return self._codes[row] if 0 <= row < len(self._codes) else None

    def select_claim(self, code: str) -> None:
        """Show the claim of ``code`` below the list (as clicking it does)."""
        self.cert_list.setCurrentRow(self._codes.index(code))

    def _store_claim(self) -> None:
        code = self._shown_code
        if code is None:
            return
        self._inputs[code] = _ClaimInput(
            credits=self.claim_credits_edit.text().strip(),
            category=self.claim_category_combo.currentText().strip(),
            domain=self.claim_domain_combo.currentText().strip(),
            status=self.claim_status_combo.currentData() or "not_submitted",
            submitted_on=self.claim_date_edit.text().strip(),
        )

    def _show_claim(self, code: str | None) -> None:
        self._shown_code = code
        claim = self._inputs.get(code or "", _ClaimInput())
        self.claim_credits_edit.setText(claim.credits)
        self.claim_category_combo.setEditText(claim.category)
        self.claim_domain_combo.clear()
        self.claim_domain_combo.addItem("")
        self.claim_domain_combo.addItems(self._domains.get(code or "", []))
        self.claim_domain_combo.setEditText(claim.domain)
        self.claim_status_combo.setCurrentIndex(
            max(self.claim_status_combo.findData(claim.status), 0)
        )
        self.claim_date_edit.line.setText(claim.submitted_on)
        self._update_claim_box()

    def _on_claim_row_changed(self, _row: int) -> None:
        self._store_claim()
        self._show_claim(self._current_code())

    def _on_claim_status_changed(self) -> None:
        submitted = self.claim_status_combo.currentData() != "not_submitted"
        if submitted and not self.claim_date_edit.text().strip():
            self.claim_date_edit.set_value(dt.date.today())
        elif not submitted:
            self.claim_date_edit.set_value(None)
        self.claim_date_edit.setEnabled(submitted)

    def _update_claim_box(self) -> None:
        code = self._current_code()
        checked = code is not None and code in self._certifications()
        self.claim_box.setTitle(f"Claim for {code}" if code else "Claim")
        self.claim_box.setEnabled(checked)
        self.claim_box.setVisible(bool(self._codes))
        self.claim_date_edit.setEnabled(
            checked and self.claim_status_combo.currentData() != "not_submitted"
        )

    def set_claim(
        self,
        code: str,
        *,
        credits: str = "",
        category: str = "",
        domain: str = "",
        status: str = "not_submitted",
        submitted_on: dt.date | None = None,
    ) -> None:
        """Fill the claim of ``code`` as a person would (selects it first)."""
        self.select_claim(code)
        self.claim_credits_edit.setText(credits)
        self.claim_category_combo.setEditText(category)
        self.claim_domain_combo.setEditText(domain)
        self.claim_status_combo.setCurrentIndex(self.claim_status_combo.findData(status))
        self.claim_date_edit.set_value(submitted_on)
        self._store_claim()

    def _claims(self, errors: dict[str, str]) -> tuple[Claim, ...]:
        self._store_claim()
        claims = []
        for code in self._certifications():
            typed = self._inputs.get(code, _ClaimInput())
            credits = None
            try:
                credits = parse_number(typed.credits)
            except ValueError:
                errors.setdefault("claims", f"{code}: enter the credits as a number, e.g. 1.5.")
            submitted_on = None
            if typed.submitted_on and typed.status != "not_submitted":
                try:
                    submitted_on = parse_date(typed.submitted_on)
                except DateParseError as exc:
                    errors.setdefault("claims", f"{code}, submitted on: {exc}")
            claims.append(
                Claim(
                    code=code,
                    credits=credits,
                    category=typed.category or None,
                    domain=typed.domain or None,
                    status=typed.status,
                    submitted_on=submitted_on,
                )
            )
        return tuple(claims)

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
            claims=tuple(c for c in self._claims(errors) if c != Claim(c.code)),
            proofs=self.proof_list.proofs() if self.proof_list is not None else self._proofs,
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
        self.claim_error.show_message(errors.get("claims"))
        self.notes_error.show_message(errors.get("notes"))
        if self.proof_list is not None:
            self.proofs_error.show_message(errors.get("proofs"))
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
        domains: Mapping[str, Sequence[str]] | None = None,
        proof_store: ProofStore | None = None,
    ) -> CpeDraft | None:
        dialog = cls(parent, title, held_codes, draft, domains, proof_store)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
