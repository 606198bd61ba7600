"""The profile and education dialog, its degree table, and the undoable edit behind the menu."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from cso_planner.db.opening import Database
from cso_planner.services import experience
from cso_planner.services import profile as svc
from cso_planner.services.facts import eligibility_answers
from cso_planner.services.profile import EducationDraft, ProfileDraft
from cso_planner.ui.dialogs.profile_dialog import DegreeDialog, EducationModel, ProfileDialog
from cso_planner.ui.profile_commands import EditProfileCommand, edit_profile
from cso_planner.ui.store import PlannerStore

OK = QDialogButtonBox.StandardButton.Ok
D = dt.date
Stub = Callable[..., list[tuple[Any, ...]]]

ALEX = ProfileDraft(
    name="Alex Morgan",
    current_role="Security Analyst",
    career_start_year=2018,
    target_role="CSO",
    target_date=D(2035, 6, 30),
    track="corporate",
    weekly_study_hours=8.0,
    currency="EUR",
)
IT_BACHELOR = EducationDraft("bachelor", "Computer Science", True, D(2017, 6, 30))
MBA = EducationDraft("master", "Business Administration", False, None)


def make_dialog(
    qtbot: QtBot, profile: ProfileDraft = ALEX, education: list[EducationDraft] | None = None
) -> ProfileDialog:
    dialog = ProfileDialog(None, profile, [IT_BACHELOR, MBA] if education is None else education)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_loads_the_drafts_and_returns_them_unchanged(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    assert dialog.name_edit.text() == "Alex Morgan"
    assert dialog.start_edit.text() == "2018"
    assert dialog.track_combo.currentData() == "corporate"
    assert dialog.currency_edit.text() == "EUR"
    assert dialog.education_model.rowCount() == 2
    assert dialog.value() == (ALEX, [IT_BACHELOR, MBA])
    assert not dialog.edit_button.isEnabled() and not dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()


def test_invalid_weekly_hours_keeps_the_dialog_open_with_the_input(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.hours_edit.setText("lots")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.hours_error.isVisibleTo(dialog)
    assert "as a number" in dialog.hours_error.text()
    assert dialog.hours_edit.text() == "lots"

    dialog.hours_edit.setText("120")  # a number, but not a plan
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.hours_error.text() == "More than 100 study hours a week is not a plan."

    dialog.hours_edit.setText("")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and "per week" in dialog.hours_error.text()

    dialog.hours_edit.setText("10")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()
    assert dialog.hours_error.isHidden()
    assert dialog.value()[0] == dataclasses.replace(ALEX, weekly_study_hours=10.0)


def test_every_field_error_shows_under_its_field(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot)
    dialog.name_edit.setText("  ")
    dialog.start_edit.setText("nineteen")
    dialog.target_role_edit.setText("")
    dialog.currency_edit.setText("Euro")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.name_error.text().startswith("Enter your name")
    assert "four-digit year" in dialog.start_error.text()
    assert dialog.target_role_error.text().startswith("Enter the role")
    assert "three-letter" in dialog.currency_error.text()
    assert dialog.hours_error.isHidden() and dialog.education_error.isHidden()

    dialog.name_edit.setText("<b>Sam</b> & Co")  # plain text, kept literally
    dialog.start_edit.setText("1900")
    dialog.target_role_edit.setText("CISO")
    dialog.currency_edit.setText(" gbp ")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and "1950" in dialog.start_error.text()
    assert dialog.name_error.isHidden()

    dialog.start_edit.setText("")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()
    profile, _ = dialog.value()
    assert profile.name == "<b>Sam</b> & Co" and profile.career_start_year is None
    assert profile.currency == "GBP" and profile.target_role == "CISO"


def test_the_degree_table_passes_the_model_tester(qtbot: QtBot, qtmodeltester: Any) -> None:
    dialog = make_dialog(qtbot)
    model = dialog.education_model
    qtmodeltester.check(model)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Degree"
    assert model.index(0, EducationModel.LEVEL).data() == "Bachelor's degree"
    assert model.index(0, EducationModel.IT).data() == "Yes"
    assert model.index(1, EducationModel.COMPLETED).data() == "—"
    model.replace(1, dataclasses.replace(MBA, field="<i>Business</i>"))  # user text stays plain
    field = model.index(1, EducationModel.FIELD)
    assert field.data() == "<i>Business</i>"
    assert field.data(Qt.ItemDataRole.ToolTipRole) == "<qt>&lt;i&gt;Business&lt;/i&gt;</qt>"
    model.replace(1, MBA)
    # The tester also watches inserts, changes and removals.
    model.add(EducationDraft("doctorate", "Criminology"))
    model.replace(2, EducationDraft("associate"))
    model.remove(0)
    assert model.rows() == [MBA, EducationDraft("associate")]
    qtmodeltester.check(EducationModel())


def test_add_edit_and_remove_degrees(qtbot: QtBot, stub: Stub) -> None:
    dialog = make_dialog(qtbot, education=[MBA])
    phd = EducationDraft("doctorate", "Security Studies", False, D(2030, 5, 1))
    calls = stub(DegreeDialog, IT_BACHELOR, None, phd)

    dialog.add_button.click()
    assert dialog.education_model.rows() == [MBA, IT_BACHELOR]
    assert dialog.selected_row() == 1 and dialog.edit_button.isEnabled()

    dialog.edit_button.click()  # cancelled: nothing changes
    assert calls[1][0][1:] == ("Edit degree", IT_BACHELOR)
    assert dialog.education_model.rows() == [MBA, IT_BACHELOR]

    dialog.select_row(0)
    dialog.edit_button.click()
    assert dialog.education_model.rows() == [phd, IT_BACHELOR]

    dialog.remove_button.click()
    assert dialog.education_model.rows() == [IT_BACHELOR]
    dialog.remove_button.click()
    assert dialog.education_model.rows() == []
    assert not dialog.remove_button.isEnabled()
    assert len(calls) == 3
    assert dialog.value()[1] == []


def test_a_bad_stored_degree_is_reported_until_fixed(qtbot: QtBot, stub: Stub) -> None:
    dialog = make_dialog(qtbot, education=[EducationDraft("diploma", "Arts")])
    assert dialog.education_model.index(0, 0).data() == "diploma"
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.education_error.text().startswith("Degree 1: Choose a level")
    stub(DegreeDialog, EducationDraft("bachelor", "Arts"))
    dialog.select_row(0)
    dialog.edit_button.click()
    assert dialog.education_error.isHidden()
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()


def test_degree_dialog_validates_and_returns_the_draft(qtbot: QtBot) -> None:
    dialog = DegreeDialog(None, "Add degree")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.level_combo.currentData() == "bachelor"
    dialog.field_edit.setText("x" * 201)
    dialog.completed_edit.set_value(D(1901, 1, 1))
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert "200 characters" in dialog.field_error.text()
    # The date field itself refuses a date out of range, in red under it, and keeps it typed.
    assert dialog.completed_edit.hint.text().startswith("Choose a date from 1 Jan 1950")
    assert dialog.completed_edit.text() == "1 Jan 1901"

    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("master"))
    dialog.field_edit.setText("  Information Security ")
    dialog.it_check.click()
    dialog.completed_edit.set_value(D(2020, 6, 30))
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()
    assert dialog.value() == EducationDraft("master", "Information Security", True, D(2020, 6, 30))


def test_degree_dialog_loads_a_draft(qtbot: QtBot) -> None:
    dialog = DegreeDialog(None, "Edit degree", MBA)
    qtbot.addWidget(dialog)
    assert dialog.value() == MBA
    assert dialog.completed_edit.value() is None


def test_ask_returns_the_edit_or_none(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_ok(self: ProfileDialog) -> int:
        self.name_edit.setText("Sam Lee")
        self._on_accepted()
        return int(self.result())

    monkeypatch.setattr(ProfileDialog, "exec", fill_and_ok)
    assert ProfileDialog.ask(None, ALEX, [MBA]) == (
        dataclasses.replace(ALEX, name="Sam Lee"),
        [MBA],
    )
    monkeypatch.setattr(ProfileDialog, "exec", lambda self: int(QDialog.DialogCode.Rejected))
    assert ProfileDialog.ask(None, ALEX, [MBA]) is None


# --- the undoable command ---------------------------------------------------------------------


def stored(db: Database) -> tuple[ProfileDraft | None, list[EducationDraft]]:
    with db.session_factory() as s:
        return svc.current_profile(s), svc.list_education(s)


def test_command_undo_and_redo_restore_profile_and_degrees_together(db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.save_profile_and_education(s, ALEX, [MBA])
    store = PlannerStore(db)
    stack = QUndoStack()
    changes: list[int] = []
    store.data_changed.connect(lambda: changes.append(1))
    new = dataclasses.replace(ALEX, name="Alex M.", weekly_study_hours=12.0, track="technical")

    stack.push(EditProfileCommand(store, ALEX, [MBA], new, [MBA, IT_BACHELOR]))
    assert stored(db) == (new, [MBA, IT_BACHELOR])
    assert stack.undoText() == "Edit profile and education" and changes == [1]

    stack.undo()
    assert stored(db) == (ALEX, [MBA])
    stack.redo()
    assert stored(db) == (new, [MBA, IT_BACHELOR])
    assert len(changes) == 3


def test_command_on_a_file_without_a_profile_undoes_to_none(db: Database) -> None:
    store = PlannerStore(db)
    stack = QUndoStack()
    stack.push(EditProfileCommand(store, None, [], ALEX, [IT_BACHELOR]))
    assert stored(db) == (ALEX, [IT_BACHELOR])
    stack.undo()
    assert stored(db) == (None, [])
    stack.redo()
    assert stored(db) == (ALEX, [IT_BACHELOR])


def test_a_refused_command_saves_nothing_and_reports(db: Database) -> None:
    store = PlannerStore(db)
    stack = QUndoStack()
    messages: list[str] = []
    store.save_failed.connect(messages.append)
    command = EditProfileCommand(store, None, [], dataclasses.replace(ALEX, name=""), [])
    stack.push(command)
    assert command.error is not None and messages
    assert stored(db) == (None, [])
    assert stack.count() == 0


def test_edit_profile_pushes_only_a_change(db: Database, stub: Stub) -> None:
    job = experience.ExperienceDraft(
        employer="Acme Bank",
        title="Security Analyst",
        start=D(2021, 1, 1),
        end=D(2023, 12, 31),
        domains=(("CISSP", "Security Operations"),),
    )
    with db.session_factory.begin() as s:
        svc.save_profile_and_education(s, ALEX, [MBA])
        experience.add_entry(s, job)
    store = PlannerStore(db)
    stack = QUndoStack()

    def cissp_waiver() -> float:
        with db.session_factory() as s:
            answers = eligibility_answers(s, D(2025, 1, 1))
        return next(a.waiver_years for a in answers if a.code == "CISSP")

    calls = stub(ProfileDialog, None, (ALEX, [MBA]), (ALEX, [MBA, IT_BACHELOR]))
    assert edit_profile(None, store, stack) is False  # cancelled
    assert edit_profile(None, store, stack) is False  # nothing changed
    assert stack.count() == 0 and cissp_waiver() == 0
    assert calls[0][0][1:] == (ALEX, [MBA])

    assert edit_profile(None, store, stack) is True
    assert stack.count() == 1 and stored(db) == (ALEX, [MBA, IT_BACHELOR])
    assert cissp_waiver() == 1
    stack.undo()
    assert cissp_waiver() == 0


def test_edit_profile_on_an_empty_file_offers_an_empty_form(db: Database, stub: Stub) -> None:
    store = PlannerStore(db)
    stack = QUndoStack()
    calls = stub(ProfileDialog, (ALEX, []))
    assert edit_profile(None, store, stack) is True
    (args, _kwargs) = calls[0]
    assert args[1] == ProfileDraft(name="") and args[2] == []
    assert stored(db) == (ALEX, [])
    stack.undo()
    assert stored(db) == (None, [])
