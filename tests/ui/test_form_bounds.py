"""The forms refuse what the importer refuses (cso_planner.limits): typed in the real dialogs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cso_planner import limits
from cso_planner.services.certifications import HeldDraft
from cso_planner.ui.date_field import DEFAULT_MAX, DEFAULT_MIN, DateField
from cso_planner.ui.screens.certifications_dialog import HeldDialog
from cso_planner.ui.screens.cpe_dialog import CpeDialog


def test_date_fields_span_exactly_the_stored_dates(qtbot: QtBot) -> None:
    assert (DEFAULT_MIN, DEFAULT_MAX) == (limits.DATE_MIN, limits.DATE_MAX)
    field = DateField(optional=True)
    qtbot.addWidget(field)
    for text in ("9999-12-31", "0001-01-01", "2201-01-01", "1899-12-31"):
        field.line.setText(text)
        assert field.value() is None
        assert field.error() == "Choose a date from 1 Jan 1900 to 31 Dec 2200."
    field.line.setText("2200-12-31")
    assert field.value() == dt.date(2200, 12, 31)


def test_an_expiry_of_9999_12_31_cannot_be_saved(qtbot: QtBot) -> None:
    draft = HeldDraft("CISSP", "earned", earned_on=dt.date(2020, 1, 1))
    dialog = HeldDialog(None, [("CISSP", "CISSP")], [], draft)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.expires_on.line.setText("9999-12-31")
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.result_draft is None
    assert "1900" in dialog.expires_on.hint.text()
    assert dialog.expires_on.text() == "9999-12-31"  # kept as typed


def test_huge_credits_and_a_long_activity_cannot_be_saved(qtbot: QtBot) -> None:
    dialog = CpeDialog(None, "Add activity", ["CISSP"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activity_edit.setText("x" * (limits.MAX_NAME + 1))
    dialog.credits_edit.setText("1e308")
    errors = dialog.errors()
    assert "activity" in errors and "credits" in errors
    assert dialog.credits_error.isVisible()
