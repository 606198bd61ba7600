"""The Certifications screen driven through its own widgets: add, edit, validate, undo, search,
sources opened only on request, what-if without saving, hostile text shown literally."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import replace as dataclasses_replace
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cso_planner.db.models import ExperienceDomain, ExperienceEntry, HeldCertification
from cso_planner.db.opening import Database
from cso_planner.services.certifications import HeldDraft
from cso_planner.ui.screens import certifications_detail
from cso_planner.ui.screens.certifications import CertificationsScreen, Column
from cso_planner.ui.screens.certifications_dialog import HeldDialog
from cso_planner.ui.store import PlannerStore

HOSTILE = '<b>bold</b> <img src="x"> &amp; <a href="https://evil.example">click</a>'


@pytest.fixture
def store(db: Database) -> PlannerStore:
    return PlannerStore(db)


@pytest.fixture
def screen(qtbot: QtBot, store: PlannerStore) -> CertificationsScreen:
    widget = CertificationsScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1080, 760)
    widget.show()
    return widget


def _seed(db: Database) -> None:
    with db.session_factory.begin() as s:
        job = ExperienceEntry(employer="A", title="Analyst", start=dt.date(2015, 1, 1), end=None)
        job.domains = [
            ExperienceDomain(cert_code="CISSP", domain="Security Operations"),
            ExperienceDomain(cert_code="CISSP", domain="Security and Risk Management"),
        ]
        s.add(job)
        s.add(
            HeldCertification(
                cert_code="CISSP",
                status="earned",
                exam_date=dt.date(2023, 11, 2),
                earned_on=dt.date(2024, 1, 15),
                credential_id=HOSTILE,
                notes=HOSTILE,
            )
        )
        s.add(HeldCertification(cert_code="CISM", status="planned"))


def _codes(screen: CertificationsScreen) -> list[str]:
    proxy = screen.proxy
    return [proxy.index(r, Column.CODE).data() for r in range(proxy.rowCount())]


def _dump(db: Database) -> list[str]:
    db.engine.dispose()
    with contextlib.closing(sqlite3.connect(db.path)) as conn:
        return list(conn.iterdump())


def test_empty_state_offers_the_first_action(
    screen: CertificationsScreen, stub: Callable[..., Any]
) -> None:
    assert screen.stack.currentWidget() is screen.empty
    assert screen.empty.title_label.text() == "Add the certifications you hold or want"
    calls = stub(HeldDialog, HeldDraft("CISSP", status="planned"))
    assert screen.empty.button is not None
    screen.empty.button.click()
    assert len(calls) == 1
    assert _codes(screen) == ["CISSP"]
    assert screen.stack.currentWidget() is screen.splitter


def test_models_pass_the_model_tester(
    db: Database, screen: CertificationsScreen, qtmodeltester: Any
) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)


def test_add_undo_redo(screen: CertificationsScreen, stub: Callable[..., Any]) -> None:
    stub(HeldDialog, HeldDraft("CPP", status="studying", target_date=dt.date(2027, 5, 1)))
    screen.add_button.click()
    assert _codes(screen) == ["CPP"]
    assert screen.selected_row().cert_code == "CPP"  # type: ignore[union-attr]
    screen.undo_stack.undo()
    assert _codes(screen) == []
    screen.undo_stack.redo()
    assert _codes(screen) == ["CPP"]


def test_edit_and_delete_with_undo(
    db: Database, screen: CertificationsScreen, stub: Callable[..., Any]
) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    screen.select("CISM")
    stub(HeldDialog, HeldDraft("CISM", status="scheduled", exam_date=dt.date(2027, 2, 1)))
    screen.edit_button.click()
    row = screen.selected_row()
    assert row is not None and row.status == "scheduled"
    assert row.draft.exam_date == dt.date(2027, 2, 1)
    screen.undo_stack.undo()
    assert screen.selected_row().status == "planned"  # type: ignore[union-attr]
    screen.select("CISSP")
    screen.delete_button.click()
    assert _codes(screen) == ["CISM"]
    screen.undo_stack.undo()
    assert _codes(screen) == ["CISM", "CISSP"]
    with db.session_factory() as s:
        restored = s.query(HeldCertification).filter_by(cert_code="CISSP").one()
        assert restored.credential_id == HOSTILE and restored.earned_on == dt.date(2024, 1, 15)


def test_dialog_shows_errors_next_to_fields_and_keeps_the_input(qtbot: QtBot) -> None:
    dialog = HeldDialog(None, [("CISSP", "CISSP"), ("CISM", "CISM")], ["CISM"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code.setCurrentIndex(dialog.code.findData("CISM"))
    dialog.status.setCurrentIndex(dialog.status.findData("earned"))
    dialog.credential_id.setText("ABC-1")
    dialog.ok_button.click()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["cert_code"].isVisible()
    assert "already in your list" in dialog.errors["cert_code"].text()
    assert "date you earned" in dialog.errors["earned_on"].text()
    assert dialog.credential_id.text() == "ABC-1"  # nothing thrown away
    dialog.code.setCurrentIndex(dialog.code.findData("CISSP"))
    dialog.earned_on.set_value(dt.date(2024, 1, 15))
    dialog.expires_on.set_value(dt.date(2023, 1, 1))
    dialog.ok_button.click()
    assert not dialog.errors["cert_code"].isVisible()
    assert "after the date you earned" in dialog.errors["expires_on"].text()
    dialog.expires_on.set_value(dt.date(2027, 1, 31))
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_draft == HeldDraft(
        "CISSP", "earned", earned_on=dt.date(2024, 1, 15), expires_on=dt.date(2027, 1, 31),
        credential_id="ABC-1",
    )  # fmt: skip


def test_search_filters_rows(db: Database, screen: CertificationsScreen) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    screen.search.setText("manager")  # CISM's name: Certified Information Security Manager
    assert _codes(screen) == ["CISM"]
    screen.search.clear()
    assert _codes(screen) == ["CISM", "CISSP"]


def test_detail_shows_eligibility_renewal_and_hostile_text_literally(
    db: Database, screen: CertificationsScreen
) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    screen.select("CISSP")
    detail = screen.detail
    # Held: its lifecycle ("Held since …; expires …"), never an eligibility; the expiry the
    # app estimated (no expiry entered) says so.
    assert detail.elig_summary.text().startswith("Held since 15 Jan 2024; expires")
    assert "(estimated)" in detail.elig_summary.text()
    assert not detail.elig_missing.isVisible()
    row = _codes(screen).index("CISSP")
    assert screen.proxy.index(row, Column.ELIGIBILITY).data() == "Held since 15 Jan 2024"
    assert screen.proxy.index(row, Column.EXPIRES).data().endswith("(estimated)")
    assert detail.renewal_box.isVisible()
    assert "of 120" in detail.cpe_bar.value_text
    assert detail.notes.text() == HOSTILE
    assert HOSTILE in detail.subtitle.text()
    for label in (detail.notes, detail.subtitle, detail.title):
        assert label.textFormat() == label.textFormat().PlainText
    screen.select("CISM")
    assert not detail.renewal_box.isVisible()
    assert detail.elig_missing.text()  # what is missing, one bullet per line


def test_source_opens_only_on_an_explicit_click(
    db: Database, screen: CertificationsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    screen.select("CISSP")
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    shown: list[certifications_detail.SourceDialog] = []

    def fake_exec(dialog: certifications_detail.SourceDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(certifications_detail.SourceDialog, "exec", fake_exec)
    screen.select("CISM")  # not held: it has an eligibility and its rule's source
    screen.detail.elig_source.click()
    (dialog,) = shown
    answer = screen.data.eligibility["CISM"]
    assert dialog.list.item(0).text() == answer.sources[0]
    assert opened == []  # showing the source never opens it
    dialog.open_button.click()
    assert [u.toString() for u in opened] == [answer.sources[0]]


def test_source_dialog_refuses_non_web_urls(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    dialog = certifications_detail.SourceDialog(None, "t", ["file:///etc/passwd"], "today")
    qtbot.addWidget(dialog)
    dialog.open_button.click()
    assert opened == []


def test_what_if_answers_without_saving(db: Database, screen: CertificationsScreen) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    screen.select("CISM")
    before = _dump(db)
    panel = screen.whatif
    panel.set_target("CISM")
    panel.kind.setCurrentIndex(panel.kind.findData("job"))
    panel.job_start.set_value(dt.date(2026, 1, 1))
    panel.job_management.setChecked(True)
    panel.job_domains.setChecked(True)
    answer = panel.compute()
    assert answer is not None and answer.code == "CISM"
    assert answer.eligible_on is not None  # a management job covering CISM's domains gets there
    assert panel.result_label.text().startswith("With this change: CISM")
    assert panel.today_label.text().startswith("Today: CISM")
    panel.kind.setCurrentIndex(panel.kind.findData("degree"))
    panel.compute()
    panel.kind.setCurrentIndex(panel.kind.findData("cert"))
    panel.compute()
    assert _dump(db) == before


def test_a_what_if_answer_goes_when_its_question_changes(
    db: Database, screen: CertificationsScreen, qtbot: QtBot
) -> None:
    _seed(db)
    screen.store.data_changed.emit()
    panel = screen.whatif
    screen.side.setCurrentWidget(panel)
    panel.set_target("CISM")
    panel.kind.setCurrentIndex(panel.kind.findData("job"))
    for change in (
        lambda: panel.job_start.set_value(dt.date(2027, 1, 1)),  # a date typed or picked
        lambda: panel.job_hours.setValue(20),
        lambda: panel.job_management.setChecked(False),
        lambda: panel.kind.setCurrentIndex(panel.kind.findData("degree")),
        lambda: panel.set_target("CISSP"),
    ):
        panel.compute()
        assert panel.result_box.isVisibleTo(panel) and panel.last_answer is not None
        change()
        assert not panel.result_box.isVisibleTo(panel), "an answer to another question stayed"
        assert panel.last_answer is None


def test_renewal_forecast_shows_earned_vs_submitted(
    db: Database, screen: CertificationsScreen
) -> None:
    from cso_planner.services import cpe as cpe_service
    from cso_planner.services.cpe import Claim, CpeDraft

    _seed(db)
    day = dt.date.today() - dt.timedelta(days=5)
    with db.session_factory.begin() as s:
        cpe_service.add_activity(s, CpeDraft(day, "Webinar", 2, certifications=("CISSP",)))
        cpe_service.add_activity(
            s,
            CpeDraft(
                day,
                "Course",
                10,
                certifications=("CISSP",),
                claims=(Claim("CISSP", status="submitted", submitted_on=day),),
            ),
        )
    screen.store.data_changed.emit()
    screen.select("CISSP")
    assert screen.detail.submitted.isVisible()
    assert screen.detail.submitted.text() == (
        "Submitted to ISC2: 10 of 12 credits this cycle (2 not yet)"
    )
    screen.select("CISM")
    assert not screen.detail.submitted.isVisible()


def test_estimated_dates_say_so_until_the_person_records_the_renewal(
    qtbot: QtBot, db: Database, screen: CertificationsScreen
) -> None:
    from cso_planner.services.certifications import held_draft
    from cso_planner.ui.screens.certifications_commands import EditHeldCommand

    today = dt.date.today()
    earned = dt.date(today.year - 2, 7, 1)
    with db.session_factory.begin() as s:  # as the first-run wizard writes it
        row = HeldCertification(cert_code="CISSP", status="earned", earned_on=earned,
                                expires_on=dt.date(today.year + 1, 6, 30),
                                earned_estimated=True, expires_estimated=True)  # fmt: skip
        s.add(row)
        s.flush()
        held_id = row.id
    screen.store.data_changed.emit()
    index = _codes(screen).index("CISSP")
    assert screen.proxy.index(index, Column.EARNED).data().endswith("(estimated)")
    assert screen.proxy.index(index, Column.EXPIRES).data().endswith("(estimated)")
    with db.session_factory() as s:
        old = held_draft(s, held_id)
    dialog = HeldDialog(None, [("CISSP", "CISSP")], [], old)
    qtbot.addWidget(dialog)
    assert "estimated by the app" in dialog.estimated_note.text()
    # The person records the renewal: a new expiry. It is theirs now; the earned date stays a
    # guess until they change it too.
    renewed = dataclasses_replace(dialog.draft(), expires_on=dt.date(today.year + 4, 6, 30))
    screen.undo_stack.push(EditHeldCommand(screen.store, held_id, old, renewed))
    index = _codes(screen).index("CISSP")
    assert not screen.proxy.index(index, Column.EXPIRES).data().endswith("(estimated)")
    assert screen.proxy.index(index, Column.EARNED).data().endswith("(estimated)")
    screen.undo_stack.undo()  # undo brings the guess back, labelled
    index = _codes(screen).index("CISSP")
    assert screen.proxy.index(index, Column.EXPIRES).data().endswith("(estimated)")


def test_recording_a_renewal_brings_a_lapsed_credential_back(
    db: Database, screen: CertificationsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cso_planner.ui.screens.certifications_dialog import RenewDialog

    today = dt.date.today()
    expired = today - dt.timedelta(days=200)  # past ISC2's 90 days of grace
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned",
                                earned_on=expired - dt.timedelta(days=3 * 365), expires_on=expired))  # fmt: skip  # noqa: E501
    screen.store.data_changed.emit()
    screen.select("CISSP")
    assert screen.detail.elig_summary.text().startswith("Expired")
    assert screen.renew_button.isEnabled()
    seen: list[dt.date | None] = []

    def fake_exec(dialog: RenewDialog) -> int:
        seen.append(dialog.expires_on.value())  # the suggestion: one cycle later
        dialog.expires_on.set_value(expired)  # not after the current expiry: refused
        dialog.accept()
        assert dialog.result_draft is None and dialog.error.text()
        dialog.expires_on.set_value(today + dt.timedelta(days=900))
        dialog.accept()
        return int(dialog.result() or 1)

    monkeypatch.setattr(RenewDialog, "exec", fake_exec)
    screen.renew_button.click()
    assert seen and seen[0] is not None and seen[0] > expired
    assert screen.detail.elig_summary.text().startswith("Held since")
    assert "reinstate" not in screen.detail.warnings.text()
    screen.undo_stack.undo()
    screen.select("CISSP")
    assert screen.detail.elig_summary.text().startswith("Expired")
