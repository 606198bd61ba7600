"""The first-run wizard driven end to end, as a person would, on a real migrated database."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cso_planner.db.models import Education, HeldCertification, Plan, PlanItem, Profile, Stage
from cso_planner.db.opening import Database
from cso_planner.services import profile
from cso_planner.ui.wizard import FirstRunWizard, run_first_run_wizard
from tests.helpers.sample_data import add_sample_person

OUT = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
TODAY = dt.date(2026, 5, 14)


def _shot(wizard: FirstRunWizard, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    QApplication.processEvents()
    assert wizard.grab().save(str(OUT / f"wizard-{name}.png"))


def _make(qtbot: QtBot, db: Database) -> FirstRunWizard:
    wizard = FirstRunWizard(db.session_factory, today=TODAY)
    # The test's clean-up closes the wizard: that is not a person pressing Esc.
    qtbot.addWidget(wizard, before_close_func=lambda w: setattr(w, "ask_before_discarding", False))
    wizard.resize(720, 600)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _next_enabled(wizard: FirstRunWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_end_to_end_writes_the_plan(qtbot: QtBot, db: Database, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    wizard = _make(qtbot, db)
    assert wizard.currentPage() is wizard.welcome_page
    _shot(wizard, "1-welcome")
    wizard.next()

    you = wizard.you_page
    assert wizard.currentPage() is you and not _next_enabled(wizard)
    _shot(wizard, "2-you-empty")
    you.name_edit.setText("Ada Lovelace")
    assert _next_enabled(wizard)
    you.role_combo.setCurrentText("Security Analyst")
    you.start_spin.setValue(2021)
    you.hours_spin.setValue(8)
    _shot(wizard, "2-you")
    wizard.next()

    education = wizard.education_page
    assert wizard.currentPage() is education and _next_enabled(wizard)
    education.level_combo.setCurrentIndex(1)  # bachelor
    education.field_edit.setText("Computer Science")
    education.it_check.setChecked(True)
    education.year_spin.setValue(2020)
    education.add_button.click()
    education.level_combo.setCurrentIndex(0)  # associate, typed but not added: kept on Next
    education.field_edit.setText("Criminal Justice")
    qtmodeltester.check(education.model)
    _shot(wizard, "3-education")
    wizard.next()
    assert education.model.rowCount() == 2

    target = wizard.target_page
    assert wizard.currentPage() is target
    target.role_buttons["CSO"].click()
    target.year_spin.setValue(2036)
    assert "15 years" in target.year_note.text()
    _shot(wizard, "4-target")
    wizard.next()

    track = wizard.track_page
    track.buttons["corporate"].click()
    assert track.track() == "corporate" and _next_enabled(wizard)
    _shot(wizard, "5-track")
    wizard.next()

    certs = wizard.certifications_page
    qtmodeltester.check(certs.model)
    certs.model.set_earned("Security+", 2022)
    assert [(e.code, e.year) for e in certs.model.earned()] == [("Security+", 2022)]
    _shot(wizard, "6-certifications")
    wizard.next()

    summary = wizard.summary_page
    assert wizard.currentPage() is summary
    text = summary.text.toPlainText()
    assert "Road to CSO 2036" in text and "Pass CPP" in text and "Pass Security+" not in text
    _shot(wizard, "7-summary")
    with db.session_factory() as s:
        assert profile.is_empty(s)  # nothing written before Finish

    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.created_plan_id is not None
    with db.session_factory() as s:
        person = s.scalar(select(Profile))
        assert person is not None
        assert (person.name, person.career_start_year, person.track, person.target_role) == (
            "Ada Lovelace",
            2021,
            "corporate",
            "CSO",
        )
        assert person.weekly_study_hours == 8
        assert s.scalar(select(func.count()).select_from(Education)) == 2
        held = s.scalars(select(HeldCertification)).one()
        assert (held.cert_code, held.status) == ("Security+", "earned")
        plan = s.scalars(select(Plan)).one()
        assert plan.active and plan.name == "Road to CSO 2036"
        stages = s.scalars(select(Stage).order_by(Stage.position)).all()
        assert stages[-1].role == "Chief Security Officer (CSO)"
        codes = s.scalars(select(PlanItem.ref_code).where(PlanItem.kind == "certification")).all()
        assert sorted(c or "" for c in codes) == ["CISSP", "CPP", "PCI", "PSP"]


def test_validation_keeps_next_disabled(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    wizard.next()
    you = wizard.you_page
    you.name_edit.setText("x" * 201)
    assert not _next_enabled(wizard)
    you.name_edit.setText("   ")
    you.name_edit.setModified(True)
    you._on_changed()
    assert not _next_enabled(wizard)
    assert not you.name_error.isHidden()
    you.name_edit.setText("Grace")
    assert _next_enabled(wizard)
    assert wizard.target_page.year_spin.minimum() == TODAY.year + 1


def test_skip_writes_nothing(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    with qtbot.waitSignal(wizard.rejected):
        wizard.welcome_page.skip_button.click()
    assert wizard.skipped and wizard.created_plan_id is None
    with db.session_factory() as s:
        assert profile.is_empty(s)
        assert s.scalar(select(func.count()).select_from(Education)) == 0


def test_run_first_run_wizard_returns_false_when_skipped(qtbot: QtBot, db: Database) -> None:
    def skip_when_shown() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        wizard.welcome_page.skip_button.click()

    QTimer.singleShot(0, skip_when_shown)
    assert run_first_run_wizard(None, db.session_factory) is None
    with db.session_factory() as s:
        assert profile.is_empty(s)


def test_run_first_run_wizard_returns_true_after_finish(qtbot: QtBot, db: Database) -> None:
    def finish_when_shown() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard)
        wizard.next()
        wizard.you_page.name_edit.setText("Linus")
        while wizard.currentPage() is not wizard.summary_page:
            wizard.next()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, finish_when_shown)
    outcome = run_first_run_wizard(None, db.session_factory, page_size="Letter")
    assert outcome is not None and outcome.page_size == "Letter"
    with db.session_factory() as s:
        assert not profile.is_empty(s)
        assert s.scalar(select(func.count()).select_from(Plan)) == 1


# --- the keyboard: Return is Next/Finish, Esc asks ----------------------------------------


def _press(qtbot: QtBot, widget: QWidget, key: Qt.Key) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key)
    QApplication.processEvents()


def test_return_on_the_welcome_page_goes_on_instead_of_skipping(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    skip = wizard.welcome_page.skip_button
    assert not skip.autoDefault() and not skip.isDefault()
    assert wizard.button(QWizard.WizardButton.NextButton).isDefault()
    _press(qtbot, skip, Qt.Key.Key_Return)
    assert wizard.isVisible() and not wizard.skipped
    assert wizard.currentPage() is wizard.you_page


def test_return_after_add_or_remove_presses_next_not_the_button(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    wizard.next()
    qtbot.keyClicks(wizard.you_page.name_edit, "Ada")
    _press(qtbot, wizard.you_page.name_edit, Qt.Key.Key_Return)  # Return in a field: Next
    education = wizard.education_page
    assert wizard.currentPage() is education
    qtbot.keyClicks(education.field_edit, "Computer Science")
    education.add_button.setFocus()
    qtbot.keyClick(education.add_button, Qt.Key.Key_Space)  # the button itself, by keyboard
    assert education.model.rowCount() == 1
    assert not education.remove_button.isEnabled()  # nothing selected: nothing to remove
    education.list_view.setCurrentIndex(education.model.index(0, 0))
    assert education.remove_button.isEnabled()
    _press(qtbot, education.remove_button, Qt.Key.Key_Return)
    assert education.model.rowCount() == 1, "Return must not remove the degree"
    assert wizard.currentPage() is wizard.target_page  # Return went on, with one degree


def test_escape_asks_before_throwing_the_answers_away(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = _make(qtbot, db)
    wizard.next()
    wizard.you_page.name_edit.setText("Ada")
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.target_page
    asked: list[bool] = []
    monkeypatch.setattr(wizard, "ask_discard", lambda: asked.append(True) or False)
    _press(qtbot, wizard.target_page.year_spin, Qt.Key.Key_Escape)
    assert asked == [True]
    assert wizard.isVisible() and wizard.you_page.name_edit.text() == "Ada"
    monkeypatch.undo()

    # The real question, answered "Discard" by clicking its button.
    def discard() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.windowTitle() == "Discard your answers?"
        assert box.defaultButton() is not None and box.defaultButton().text() == "Cancel"
        next(b for b in box.buttons() if b.text() == "Discard").click()

    QTimer.singleShot(50, discard)
    with qtbot.waitSignal(wizard.rejected, timeout=3000):
        _press(qtbot, wizard.target_page.year_spin, Qt.Key.Key_Escape)
    with db.session_factory() as s:
        assert profile.is_empty(s)


def test_escape_on_the_welcome_page_closes_without_asking(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    with qtbot.waitSignal(wizard.rejected, timeout=1000):
        _press(qtbot, wizard.welcome_page.skip_button, Qt.Key.Key_Escape)


# --- answers: track, currency, page size ---------------------------------------------------


def test_target_suggests_its_track_until_one_is_picked(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    wizard.next()
    wizard.you_page.name_edit.setText("Ada")
    wizard.next()
    wizard.next()
    wizard.target_page.role_buttons["CSO"].click()
    wizard.next()
    assert wizard.track_page.track() == "corporate"
    wizard.back()
    wizard.target_page.role_buttons["CISO"].click()
    wizard.next()
    assert wizard.track_page.track() == "technical"
    wizard.track_page.buttons["executive"].click()
    wizard.back()
    wizard.target_page.role_buttons["CSO"].click()
    wizard.next()
    assert wizard.track_page.track() == "executive"  # the person's own choice is kept


def test_currency_and_page_size_are_asked_and_kept(qtbot: QtBot, db: Database) -> None:
    wizard = FirstRunWizard(db.session_factory, today=TODAY, page_size="Letter")
    qtbot.addWidget(wizard, before_close_func=lambda w: setattr(w, "ask_before_discarding", False))
    wizard.show()
    wizard.next()
    you = wizard.you_page
    assert you.currency() == "USD" and you.page_combo.currentText() == "Letter"
    you.name_edit.setText("Ada")
    you.currency_combo.setEditText("eu")
    assert not _next_enabled(wizard) and not you.currency_error.isHidden()
    you.currency_combo.setEditText("eur")
    assert _next_enabled(wizard) and you.currency_error.isHidden()
    you.page_combo.setCurrentText("A4")
    while wizard.currentPage() is not wizard.summary_page:
        wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.page_size == "A4"
    with db.session_factory() as s:
        person = s.scalar(select(Profile))
        assert person is not None and person.currency == "EUR"


def test_locale_defaults_for_currency_and_paper() -> None:
    from PySide6.QtCore import QLocale

    from cso_planner.ui.wizard import locale_currency, locale_page_name

    assert locale_currency(QLocale("de_DE")) == "EUR"
    assert locale_currency(QLocale("en_GB")) == "GBP"
    assert locale_currency(QLocale.c()) == "USD"
    assert [
        locale_page_name(QLocale(n)) for n in ("en_US", "en_CA", "fr_CA", "de_DE", "en_GB")
    ] == [
        "Letter",
        "Letter",
        "Letter",
        "A4",
        "A4",
    ]


# --- the summary: every item, and a pace warning with a target year that fits ---------------


def _to_summary(wizard: FirstRunWizard, *, start: int, target: int, hours: int) -> None:
    wizard.next()
    you = wizard.you_page
    you.name_edit.setText("Priya")
    you.role_combo.setCurrentText("Security Analyst")
    you.start_spin.setValue(start)
    you.hours_spin.setValue(hours)
    wizard.next()
    wizard.next()
    wizard.target_page.year_spin.setValue(target)
    while wizard.currentPage() is not wizard.summary_page:
        wizard.next()


def test_summary_lists_every_item(qtbot: QtBot, db: Database) -> None:
    wizard = _make(qtbot, db)
    _to_summary(wizard, start=2018, target=2040, hours=10)
    template = wizard.summary_page.template
    assert template is not None and len(template.items) >= 15
    text = wizard.summary_page.text.toPlainText()
    assert "more item" not in text
    bullets = [line for line in text.splitlines() if line.strip().startswith("•")]
    assert len(bullets) == len(template.items)
    for item in template.items:
        assert item.title in text


def test_summary_warns_when_the_plan_does_not_fit_and_offers_a_later_year(
    qtbot: QtBot, db: Database
) -> None:
    wizard = _make(qtbot, db)
    _to_summary(wizard, start=2024, target=TODAY.year + 4, hours=10)
    summary = wizard.summary_page
    _shot(wizard, "8-pace-warning")
    assert summary.pace_warning.isVisibleTo(wizard)
    assert "does not fit your study time" in summary.pace_warning.text()
    assert summary.later_year is not None and summary.later_year > TODAY.year + 4
    assert summary.later_button.text() == f"Use {summary.later_year}"
    assert summary.fitting_hours is not None and summary.fitting_hours > 10
    assert summary.hours_button.text() == f"Use {summary.fitting_hours} h a week"
    later = summary.later_year
    summary.later_button.click()
    assert wizard.target_page.year_spin.value() == later
    assert not summary.pace_warning.isVisibleTo(wizard)
    assert f"Road to CSO {later}" in summary.text.toPlainText()

    # Or keep the year and study more each week.
    wizard.target_page.year_spin.setValue(TODAY.year + 4)
    summary.initializePage()
    hours = summary.fitting_hours
    assert hours is not None
    summary.hours_button.click()
    assert wizard.you_page.hours_spin.value() == hours
    assert not summary.pace_warning.isVisibleTo(wizard)


# --- the wizard again, later: a new plan from a template on a file with data -----------------


def test_new_plan_from_a_template_on_a_file_with_data(qtbot: QtBot, make_window: Any) -> None:
    window = make_window()
    with window.store.database.session_factory.begin() as s:
        add_sample_person(s, items_per_stage=1)
    window.store.data_changed.emit()
    with window.store.database.session_factory() as s:
        degrees_before = s.scalar(select(func.count()).select_from(Education))
        plans_before = s.scalar(select(func.count()).select_from(Plan))
        name = s.scalar(select(Profile.name))

    def finish() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, FirstRunWizard) and wizard.from_template
        assert wizard.currentPage() is wizard.you_page
        assert wizard.you_page.name_edit.text() == name
        wizard.target_page.year_spin.setValue(TODAY.year + 30)
        while wizard.currentPage() is not wizard.summary_page:
            wizard.next()
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, finish)
    window.template_action.trigger()
    with window.store.database.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == plans_before + 1
        assert s.scalar(select(func.count()).select_from(Education)) == degrees_before
        active = s.scalars(select(Plan).where(Plan.active.is_(True))).one()
        assert active.name.startswith("Road to")
    assert window.current_screen() == "roadmap"
    assert "from a template" in window.undo_action.text()
    window.undo_action.trigger()
    with window.store.database.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == plans_before
        assert s.scalars(select(Plan).where(Plan.active.is_(True))).one().name != active.name
    window.redo_action.trigger()
    with window.store.database.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(Plan)) == plans_before + 1
