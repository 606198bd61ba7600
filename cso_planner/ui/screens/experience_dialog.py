"""Add or edit a job: employer, title, dates or ongoing, hours, paid, management, and the exam
domains of each certification it covered. Errors show under their field; input is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QTreeView,
    QWidget,
)

from cso_planner.db.proofs import ProofStore
from cso_planner.services.experience import (
    FIRST_CODES,
    CertDomains,
    ExperienceDraft,
    domain_map,
    validate_experience,
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

TAG_ROLE = Qt.ItemDataRole.UserRole + 1  # (code, domain) on a domain item, code on a group


class DomainPicker(QTreeView):
    """Check boxes of each certification's exam domains, grouped under the certification."""

    def __init__(self, catalog: Sequence[CertDomains], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree_model = QStandardItemModel(self)
        self.tree_model.setHorizontalHeaderLabels(["Exam domains this job covered"])
        self._groups: dict[str, QStandardItem] = {}
        for cert in catalog:
            group = QStandardItem(f"{cert.code} — {cert.name}")
            group.setData(cert.code, TAG_ROLE)
            group.setEditable(False)
            group.setCheckable(True)
            group.setAutoTristate(True)
            for domain in cert.domains:
                child = QStandardItem(domain)
                child.setData((cert.code, domain), TAG_ROLE)
                child.setEditable(False)
                child.setCheckable(True)
                group.appendRow(child)
            self.tree_model.appendRow(group)
            self._groups[cert.code] = group
        self.setModel(self.tree_model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        self.setMinimumHeight(220)

    def set_tags(self, tags: Sequence[tuple[str, str]]) -> None:
        wanted = set(tags)
        for code, group in self._groups.items():
            for row in range(group.rowCount()):
                child = group.child(row)
                checked = child.data(TAG_ROLE) in wanted
                child.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            tagged = any(tag[0] == code for tag in wanted)
            self.setExpanded(group.index(), tagged or code in FIRST_CODES)

    def tags(self) -> tuple[tuple[str, str], ...]:
        result = []
        for group in self._groups.values():
            for row in range(group.rowCount()):
                child = group.child(row)
                if child.checkState() == Qt.CheckState.Checked:
                    code, domain = child.data(TAG_ROLE)
                    result.append((str(code), str(domain)))
        return tuple(result)

    def set_checked(self, code: str, domain: str, checked: bool = True) -> None:
        """Tick one domain (what a click on its box does; used by tests)."""
        group = self._groups[code]
        for row in range(group.rowCount()):
            child = group.child(row)
            if child.data(TAG_ROLE) == (code, domain):
                state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                child.setCheckState(state)


class ExperienceDialog(QDialog):
    """The job form; ``ask`` returns the draft or None when cancelled."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        catalog: Sequence[CertDomains],
        draft: ExperienceDraft | None = None,
        proof_store: ProofStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self._known = domain_map(catalog)
        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.employer_edit = QLineEdit(self)
        self.employer_edit.setPlaceholderText("e.g. Acme Bank")
        self.employer_error = add_field(form, "Employer", self.employer_edit)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Security Analyst")
        self.title_error = add_field(form, "Job title", self.title_edit)

        self.start_edit = DateField(self)
        self.start_error = add_field(form, "Start", self.start_edit)
        self.end_edit = DateField(
            self, optional=True, empty_text="Ongoing: leave it empty while you work there"
        )
        self.end_error = add_field(form, "End", self.end_edit)

        self.hours_edit = QLineEdit(self)
        self.hours_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hours_edit.setPlaceholderText("40")
        self.hours_edit.setMaximumWidth(120)
        self.hours_error = add_field(form, "Hours per week", self.hours_edit)

        flags = QWidget(self)
        flag_row = QHBoxLayout(flags)
        flag_row.setContentsMargins(0, 0, 0, 0)
        self.paid_check = QCheckBox("Paid", flags)
        self.management_check = QCheckBox("Management / responsible charge", flags)
        flag_row.addWidget(self.paid_check)
        flag_row.addWidget(self.management_check)
        flag_row.addStretch(1)
        add_field(form, "", flags)

        self.domain_picker = DomainPicker(catalog, self)
        self.domains_error = add_field(form, "Domains", self.domain_picker)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("What you did, team size, tools…")
        self.notes_edit.setMaximumHeight(70)
        self.notes_error = add_field(form, "Notes", self.notes_edit)
        self._proofs = draft.proofs if draft else ()
        self.proof_list = ProofList(proof_store, self) if proof_store is not None else None
        if self.proof_list is not None:
            self.proof_list.setToolTip("Employer letters and other proof of this job")
            self.proofs_error = add_field(form, "Proof files", self.proof_list)

        self.buttons = finish_form(self, form, self._on_accepted)
        self._load(draft or ExperienceDraft(employer="", title="", start=dt.date.today()))
        self.employer_edit.setFocus()

    def _load(self, draft: ExperienceDraft) -> None:
        self.employer_edit.setText(draft.employer)
        self.title_edit.setText(draft.title)
        self.start_edit.set_value(draft.start)
        self.end_edit.set_value(draft.end)
        self.hours_edit.setText(number_text(draft.hours_per_week))
        self.paid_check.setChecked(draft.paid)
        self.management_check.setChecked(draft.management)
        self.domain_picker.set_tags(draft.domains)
        self.notes_edit.setPlainText(draft.notes)
        if self.proof_list is not None:
            self.proof_list.set_proofs(draft.proofs)

    def _parsed(self) -> tuple[ExperienceDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        hours = 40.0
        try:
            parsed = parse_number(self.hours_edit.text())
            hours = 40.0 if parsed is None else parsed
        except ValueError:
            errors["hours_per_week"] = "Enter the usual hours per week as a number, e.g. 40."
        draft = ExperienceDraft(
            employer=self.employer_edit.text().strip(),
            title=self.title_edit.text().strip(),
            start=self.start_edit.value() or dt.date.today(),
            end=self.end_edit.value(),
            hours_per_week=hours,
            paid=self.paid_check.isChecked(),
            management=self.management_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
            domains=self.domain_picker.tags(),
            proofs=self.proof_list.proofs() if self.proof_list is not None else self._proofs,
        )
        if self.start_edit.error():
            errors["start"] = "Enter the date the job started."
        for field, message in validate_experience(draft, self._known).items():
            errors.setdefault(field, message)
        return draft, errors

    def errors(self) -> dict[str, str]:
        """Validate now and show every message under its field."""
        _, errors = self._parsed()
        self.employer_error.show_message(errors.get("employer"))
        self.title_error.show_message(errors.get("title"))
        self.start_error.show_message(errors.get("start"))
        self.end_error.show_message(errors.get("end"))
        self.hours_error.show_message(errors.get("hours_per_week"))
        self.domains_error.show_message(errors.get("domains"))
        self.notes_error.show_message(errors.get("notes"))
        if self.proof_list is not None:
            self.proofs_error.show_message(errors.get("proofs"))
        return errors

    def value(self) -> ExperienceDraft:
        return self._parsed()[0]

    def _on_accepted(self) -> None:
        errors = self.errors()
        focus = {
            "employer": self.employer_edit,
            "title": self.title_edit,
            "start": self.start_edit,
            "end": self.end_edit,
            "hours_per_week": self.hours_edit,
        }
        accept_or_focus(self, errors, focus)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        catalog: Sequence[CertDomains],
        draft: ExperienceDraft | None = None,
        proof_store: ProofStore | None = None,
    ) -> ExperienceDraft | None:
        dialog = cls(parent, title, catalog, draft, proof_store)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
