"""Enter what a fee the app estimated from the catalog really costs you, in either currency."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QWidget

from cso_planner.money import USD, Money, currency_name, format_money
from cso_planner.services.budget import BudgetLine, validate_fee
from cso_planner.ui.dialogs.form import add_field, finish_form, number_text, parse_number
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import plain_label


class FeeDialog(QDialog):
    """The amount (and its currency) of one budget fee; the catalog's estimate is shown."""

    def __init__(self, parent: QWidget | None, line: BudgetLine, home: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"What you pay: {line.label}")
        self.setMinimumWidth(440)
        self._line = line
        form = QFormLayout()
        form.setSpacing(SPACING)
        estimate = line.estimate or line.amount
        form.addRow(
            plain_label(
                f"The catalog's figure is {format_money(estimate, home=home)}. Enter what "
                "you paid or will pay; the budget then counts your figure instead of the "
                "estimate.",
                self,
            )
        )
        self.amount_edit = QLineEdit(number_text(line.amount.amount), self)
        self.amount_edit.setPlaceholderText("e.g. 135.50")
        self.amount_edit.selectAll()
        self.amount_error = add_field(form, "Amount", self.amount_edit)
        self.currency_box = QComboBox(self)
        for code in dict.fromkeys((line.amount.currency, home, USD)):
            self.currency_box.addItem(f"{code} — {currency_name(code)}", code)
        self.currency_error = add_field(form, "Currency", self.currency_box)
        self.buttons = finish_form(self, form, self._on_accepted)
        self._value: Money | None = None

    def value(self) -> Money | None:
        return self._value

    def _on_accepted(self) -> None:
        currency = str(self.currency_box.currentData())
        try:
            amount = parse_number(self.amount_edit.text())
        except ValueError:
            amount = float("nan")
        if amount is None:
            errors = {"amount": "Enter an amount such as 135 or 135.50."}
        else:
            errors = validate_fee(self._line.key or "", Money(amount, currency))
        self.amount_error.show_message(errors.get("amount"))
        self.currency_error.show_message(errors.get("currency") or errors.get("key"))
        if errors:
            self.amount_edit.setFocus()
            return
        assert amount is not None
        self._value = Money(amount, currency)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, line: BudgetLine, home: str) -> Money | None:
        dialog = cls(parent, line, home)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
