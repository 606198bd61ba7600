"""Shared form plumbing: a field with its error label under it, and number parsing."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cso_planner.ui.date_field import DateField
from cso_planner.ui.widgets import FieldError


def on_any_edit(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` whenever the person edits ``widget`` or any field inside it."""
    run = lambda *_args: callback()  # noqa: E731
    for child in [widget, *widget.findChildren(QWidget)]:
        if isinstance(child, DateField):
            child.date_changed.connect(run)
        elif isinstance(child, QLineEdit | QPlainTextEdit):
            child.textChanged.connect(run)
        elif isinstance(child, QComboBox):
            child.currentIndexChanged.connect(run)
            child.editTextChanged.connect(run)
        elif isinstance(child, QAbstractButton):
            child.toggled.connect(run)
        elif isinstance(child, QAbstractSpinBox):
            child.editingFinished.connect(run)
            if isinstance(child, QSpinBox | QDoubleSpinBox):
                child.valueChanged.connect(run)
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            child.model().dataChanged.connect(run)


def clear_on_edit(widget: QWidget, error: FieldError) -> None:
    """Hide ``error`` as soon as the person edits ``widget`` (or any field inside it): a
    message about the old value must not stay once it is fixed (OK checks again)."""
    on_any_edit(widget, lambda: error.show_message(None))


def add_field(form: QFormLayout, label: str, widget: QWidget) -> FieldError:
    """Add ``widget`` to ``form`` with an error label right under it; return the label."""
    holder = QWidget(form.parentWidget())
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    column.addWidget(widget)
    error = FieldError(holder)
    column.addWidget(error)
    form.addRow(label, holder)
    clear_on_edit(widget, error)
    return error


def parse_number(text: str) -> float | None:
    """Parse a number typed in the user's locale (or plain ``1234.5``); empty means None.

    Raises:
        ValueError: the text is not a finite number.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    value, ok = QLocale().toDouble(cleaned)
    if not ok:
        try:
            value = float(cleaned.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(cleaned) from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(cleaned)
    return float(value)


def number_text(value: float | None) -> str:
    if value is None:
        return ""
    decimals = 0 if value == int(value) else 2
    return QLocale().toString(float(value), "f", decimals).replace(QLocale().groupSeparator(), "")


def invalid_date_field(dialog: QWidget) -> DateField | None:
    """The first date field in ``dialog`` whose text is not an acceptable date."""
    return next(
        (f for f in dialog.findChildren(DateField) if f.isEnabled() and f.error() is not None),
        None,
    )


def accept_or_focus(
    dialog: QDialog, errors: Mapping[str, str], focus: Mapping[str, QWidget]
) -> None:
    """Close the form when it is valid; otherwise keep it open, focused on the first problem.

    ``focus`` maps field names to their widgets in form order; the messages are already shown
    next to the fields, and the user's input stays as typed. A date field whose text is not a
    date (its own hint says why, in red) also keeps the form open.
    """
    bad_date = invalid_date_field(dialog)
    if not errors and bad_date is None:
        dialog.accept()
        return
    for field, widget in focus.items():
        if field in errors:
            widget.setFocus()
            return
    if bad_date is not None:
        bad_date.setFocus()


def ok_cancel(dialog: QDialog, on_ok: Callable[[], None] | None = None) -> QDialogButtonBox:
    """OK and Cancel: OK runs ``on_ok`` (which validates, then accepts) or simply accepts."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.accepted.connect(on_ok or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def finish_form(
    dialog: QDialog, form: QFormLayout, on_ok: Callable[[], None] | None = None
) -> QDialogButtonBox:
    """Lay out ``form`` above OK/Cancel buttons; returns the buttons."""
    buttons = ok_cancel(dialog, on_ok)
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    layout.addWidget(buttons)
    return buttons
