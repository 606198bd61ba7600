"""The first-run wizard driven end to end, as a person would, on a real migrated database."""

from __future__ import annotations

import datetime as dt
import pathlib

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from cso_planner.db.models import Education, HeldCertification, Plan, PlanItem, Profile, Stage
from cso_planner.db.opening import Database
from cso_planner.services import profile
from cso_planner.ui.wizard import FirstRunWizard, run_first_run_wizard

OUT = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
TODAY = dt.date(2026, 5, 14)


def _shot(wizard: FirstRunWizard, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    QApplication.processEvents()
    assert wizard.grab().save(str(OUT / f"wizard-{name}.png"))


def _make(qtbot: QtBot, db: Database) -> FirstRunWizard:
    wizard = FirstRunWizard(db.session_factory, today=TODAY)
    qtbot.addWidget(wizard)
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
        assert sorted(c or "" for c in codes) == ["CISSP", "CPP", "PSP"]


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
    assert run_first_run_wizard(None, db.session_factory) is False
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
    assert run_first_run_wizard(None, db.session_factory) is True
    with db.session_factory() as s:
        assert not profile.is_empty(s)
        assert s.scalar(select(func.count()).select_from(Plan)) == 1
