"""Date fields driven with the keyboard, in the real forms: what is typed is what is saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from cso_planner import dates
from cso_planner.services.drafts import ItemDraft
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.item_dialog import ItemDialog
from cso_planner.ui.screens.experience_dialog import ExperienceDialog

D = dt.date
DEC_2 = dt.date(2026, 12, 2)
OK = QDialogButtonBox.StandardButton.Ok


def _item_dialog(qtbot: QtBot, due: dt.date | None = DEC_2) -> ItemDialog:
    dialog = ItemDialog(
        None,
        "Edit item",
        stages=[(1, "Security Manager")],
        certifications=[("CISSP", "Certified Information Systems Security Professional")],
        draft=ItemDraft("Pass CISSP", due=due),
        stage_id=1,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def _type_over(qtbot: QtBot, field: DateField, text: str) -> None:
    """What a person does: into the field, select all, type, Tab away."""
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field.line, text)


@pytest.mark.parametrize(
    "typed", ["2030-01-01", "1 Jan 2030", "1 January 2030", "01/01/2030", "Jan 1, 2030"]
)
def test_a_date_typed_over_the_shown_one_is_saved_as_typed(qtbot: QtBot, typed: str) -> None:
    dialog = _item_dialog(qtbot)
    assert dialog.due_edit.text() == "2 Dec 2026"  # shown in the one format
    _type_over(qtbot, dialog.due_edit, typed)
    assert dialog.due_edit.hint.text() == "Tuesday, 1 January 2030"  # read before saving
    qtbot.keyClick(dialog.due_edit.line, Qt.Key.Key_Tab)
    assert dialog.due_edit.text() == "1 Jan 2030"  # leaving the field tidies it
    dialog.buttons.button(OK).click()
    assert not dialog.isVisible()
    assert dialog.result_value().draft.due == D(2030, 1, 1)


def test_return_in_a_date_field_saves_what_was_typed(qtbot: QtBot) -> None:
    dialog = _item_dialog(qtbot)
    _type_over(qtbot, dialog.due_edit, "2030-01-01")
    qtbot.keyClick(dialog.due_edit.line, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert dialog.result_value().draft.due == D(2030, 1, 1)


def test_a_typo_keeps_the_form_open_with_the_text_and_a_red_hint(qtbot: QtBot) -> None:
    dialog = _item_dialog(qtbot)
    _type_over(qtbot, dialog.due_edit, "31 Feb 2030")
    assert "not a day of the calendar" in dialog.due_edit.hint.text()
    qtbot.keyClick(dialog.due_edit.line, Qt.Key.Key_Up)  # a step never replaces a typo
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.due_edit.text() == "31 Feb 2030"
    assert QApplication.focusWidget() is dialog.due_edit.line
    _type_over(qtbot, dialog.due_edit, "28 Feb 2030")
    dialog.buttons.button(OK).click()
    assert dialog.result_value().draft.due == D(2030, 2, 28)


def test_an_optional_date_may_be_cleared(qtbot: QtBot) -> None:
    dialog = _item_dialog(qtbot)
    _type_over(qtbot, dialog.due_edit, "")
    qtbot.keyClick(dialog.due_edit.line, Qt.Key.Key_Delete)
    assert dialog.due_edit.text() == "" and dialog.due_edit.error() is None
    assert dialog.due_edit.hint.text() == "No due date"
    dialog.buttons.button(OK).click()
    assert dialog.result_value().draft.due is None


def test_arrow_keys_step_and_the_calendar_picks(qtbot: QtBot) -> None:
    dialog = _item_dialog(qtbot, due=D(2027, 1, 31))
    field = dialog.due_edit
    field.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_Up)
    assert field.value() == D(2027, 2, 1)
    qtbot.keyClick(field.line, Qt.Key.Key_PageDown)
    assert field.value() == D(2027, 1, 1)
    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate().toPython() == D(2027, 1, 1)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not field.line)
    in_calendar = QApplication.focusWidget()
    assert in_calendar is not None and calendar.isAncestorOf(in_calendar)
    qtbot.keyClick(in_calendar, Qt.Key.Key_Right)  # the arrows move the day
    qtbot.keyClick(in_calendar, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.value() == D(2027, 1, 2)
    assert QApplication.focusWidget() is field.line


def test_dates_follow_the_locale_in_the_field(qtbot: QtBot) -> None:
    dates.set_locale("en_US")
    dialog = _item_dialog(qtbot, due=D(2027, 6, 30))
    assert dialog.due_edit.text() == "Jun 30, 2027"
    _type_over(qtbot, dialog.due_edit, "7/4/27")
    assert dialog.due_edit.value() == D(2027, 7, 4)  # month first, as the locale writes it


def test_a_message_goes_away_once_the_field_is_fixed(qtbot: QtBot, db) -> None:  # type: ignore[no-untyped-def]
    from cso_planner.services import experience as svc

    with db.session_factory() as s:
        catalog = svc.domain_catalog(s)
    dialog = ExperienceDialog(None, "Add job", catalog)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.employer_edit, "Acme")
    qtbot.keyClicks(dialog.title_edit, "Analyst")
    _type_over(qtbot, dialog.start_edit, "2020-05-01")
    _type_over(qtbot, dialog.end_edit, "2019-01-01")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and dialog.end_error.isVisibleTo(dialog)
    _type_over(qtbot, dialog.end_edit, "2022-01-01")
    assert not dialog.end_error.isVisibleTo(dialog)  # fixed: the old message is gone
    dialog.buttons.button(OK).click()
    assert not dialog.isVisible()
    assert (dialog.value().start, dialog.value().end) == (D(2020, 5, 1), D(2022, 1, 1))
