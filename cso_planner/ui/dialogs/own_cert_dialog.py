"""Catalog → New certification…: the form for a certification of the person's own.

Checked by :func:`cso_planner.services.own_certifications.validate` (the same check an import
makes) before the dialog closes; each problem is shown under its field and the input stays.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from cso_planner.services.own_certifications import LEVELS, OwnCertification
from cso_planner.services.profile import COMMON_CURRENCIES
from cso_planner.ui.dialogs.form import accept_or_focus, add_field, finish_form, parse_number
from cso_planner.ui.style import SPACING

Validate = Callable[[OwnCertification], Mapping[str, str]]


class OwnCertificationDialog(QDialog):
    """``result`` is the person's certification after OK (None when cancelled)."""

    def __init__(self, parent: QWidget | None, validate: Validate, currency: str = "USD") -> None:
        super().__init__(parent)
        self.setWindowTitle("New certification")
        self.setMinimumWidth(480)
        self.validate = validate
        self.result_draft: OwnCertification | None = None
        form = QFormLayout()
        form.setSpacing(SPACING)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("e.g. CRTO")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. Certified Red Team Operator")
        self.issuer = QLineEdit(self)
        self.issuer.setPlaceholderText("who awards it")
        self.level = QComboBox(self)
        self.level.addItems(list(LEVELS))
        self.level.setCurrentText("intermediate")
        self.area = QLineEdit(self)
        self.area.setPlaceholderText("e.g. cyber/technical, management, cloud")
        self.cycle = QSpinBox(self)
        self.cycle.setRange(1, 10)
        self.cycle.setValue(3)
        self.cycle.setSuffix(" years")
        self.cpe_cycle = QLineEdit("0", self)
        self.cpe_year = QLineEdit(self)
        self.cpe_year.setPlaceholderText("none")
        self.fee = QLineEdit(self)
        self.fee.setPlaceholderText("none")
        self.currency = QComboBox(self)
        self.currency.setEditable(True)
        self.currency.addItems(list(dict.fromkeys([currency, *COMMON_CURRENCIES])))
        self.currency.setCurrentText(currency)
        self.prerequisites = QPlainTextEdit(self)
        self.prerequisites.setTabChangesFocus(True)
        self.prerequisites.setPlaceholderText("What the issuer asks before you can hold it")
        self.prerequisites.setFixedHeight(self.prerequisites.fontMetrics().lineSpacing() * 3 + 16)
        self.errors = {
            "code": add_field(form, "Code", self.code),
            "name": add_field(form, "Name", self.name),
            "issuer": add_field(form, "Issuer", self.issuer),
            "level": add_field(form, "Level", self.level),
            "area": add_field(form, "Area", self.area),
            "cycle_years": add_field(form, "Renewal cycle", self.cycle),
            "cpe_per_cycle": add_field(form, "CPE per cycle", self.cpe_cycle),
            "cpe_per_year": add_field(form, "CPE per year (minimum)", self.cpe_year),
            "annual_fee": add_field(form, "Annual fee", self.fee),
            "currency": add_field(form, "Fee currency", self.currency),
            "prerequisites": add_field(form, "Prerequisites", self.prerequisites),
        }
        self.focus: dict[str, QWidget] = {
            "code": self.code,
            "name": self.name,
            "issuer": self.issuer,
            "level": self.level,
            "area": self.area,
            "cycle_years": self.cycle,
            "cpe_per_cycle": self.cpe_cycle,
            "cpe_per_year": self.cpe_year,
            "annual_fee": self.fee,
            "currency": self.currency,
            "prerequisites": self.prerequisites,
        }
        self.buttons = finish_form(self, form, self._on_ok)

    def draft(self) -> tuple[OwnCertification | None, dict[str, str]]:
        """What the form holds, or the fields whose numbers cannot be read."""
        errors: dict[str, str] = {}
        numbers: dict[str, float | None] = {}
        for field, edit in (
            ("cpe_per_cycle", self.cpe_cycle),
            ("cpe_per_year", self.cpe_year),
            ("annual_fee", self.fee),
        ):
            try:
                numbers[field] = parse_number(edit.text())
            except ValueError:
                errors[field] = "Enter a number such as 40 or 85.50."
        if errors:
            return None, errors
        return (
            OwnCertification(
                code=self.code.text().strip(),
                name=self.name.text().strip(),
                issuer=self.issuer.text().strip(),
                level=self.level.currentText(),
                area=self.area.text().strip(),
                cycle_years=self.cycle.value(),
                cpe_per_cycle=numbers["cpe_per_cycle"] or 0.0,
                cpe_per_year=numbers["cpe_per_year"],
                annual_fee=numbers["annual_fee"],
                currency=self.currency.currentText().strip().upper(),
                prerequisites=self.prerequisites.toPlainText().strip(),
            ),
            {},
        )

    def _on_ok(self) -> None:
        draft, errors = self.draft()
        if draft is not None:
            errors = dict(self.validate(draft))
        for field, label in self.errors.items():
            label.show_message(errors.get(field))
        if not errors:
            self.result_draft = draft
        accept_or_focus(self, errors, self.focus)

    @classmethod
    def ask(
        cls, parent: QWidget | None, validate: Validate, currency: str = "USD"
    ) -> OwnCertification | None:
        dialog = cls(parent, validate, currency)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_draft
