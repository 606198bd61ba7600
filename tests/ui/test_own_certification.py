"""Issue 14, item 4: a certification of your own, from Catalog → New certification… to every
place a bundled one goes (renewals, budget, ICS, PDF, export and import), through real parts:
a database built by the real migrations, the real Catalog screen and dialog, the real CLI, the
real PDF read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import pathlib
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cso_planner.db.catalog_sync import bundled_catalog_document, sync_catalog
from cso_planner.db.models import Certification, HeldCertification, Rule
from cso_planner.db.opening import Database, open_database
from cso_planner.exchange.errors import ImportRejected
from cso_planner.exchange.exporter import export_bytes
from cso_planner.exchange.importer import import_document
from cso_planner.report.pdf import write_roadmap_pdf
from cso_planner.services import own_certifications
from cso_planner.services.budget import compute_budget
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.facts import renewal_answers
from cso_planner.services.own_certifications import OwnCertification
from cso_planner.services.renewal_deadlines import calendar_deadlines
from cso_planner.services.report_data import gather_report
from cso_planner.ui.dialogs.own_cert_dialog import OwnCertificationDialog
from cso_planner.ui.screens.catalog import CatalogScreen
from cso_planner.ui.store import PlannerStore
from tests.unit.test_cli import run_cli

TODAY = dt.date(2026, 11, 22)
CRTO = OwnCertification(
    code="CRTO",
    name="Certified Red Team Operator",
    issuer="Zero-Point Security",
    level="intermediate",
    area="cyber/technical",
    cycle_years=3,
    cpe_per_cycle=40,
    cpe_per_year=10,
    annual_fee=85,
    currency="EUR",
    prerequisites="None published.",
)


def _add(db: Database, draft: OwnCertification = CRTO) -> None:
    with db.session_factory.begin() as session:
        own_certifications.add_own_certification(session, draft, TODAY)


def _hold(db: Database, code: str = "CRTO", earned: dt.date = dt.date(2025, 3, 14)) -> None:
    with db.session_factory.begin() as session:
        session.add(HeldCertification(cert_code=code, status="earned", earned_on=earned))


def test_validation_names_each_problem() -> None:
    taken = {"CISSP", "CRTO"}
    bad = OwnCertification(
        code="cissp",
        name=" ",
        issuer="",
        level="guru",
        cycle_years=0,
        cpe_per_cycle=-1,
        annual_fee=-5,
        currency="euro",
    )
    errors = own_certifications.validate(bad, taken)
    assert set(errors) == {
        "code",
        "name",
        "issuer",
        "level",
        "cycle_years",
        "cpe_per_cycle",
        "annual_fee",
        "currency",
    }
    assert errors["code"] == "cissp is already in the catalog."
    too_many = OwnCertification(
        "NEW", "New", "Org", cycle_years=2, cpe_per_cycle=20, cpe_per_year=15
    )
    assert "cpe_per_year" in own_certifications.validate(too_many, taken)
    assert own_certifications.validate(CRTO, {"CISSP"}) == {}
    spaced = OwnCertification("ISO 22301", "ISO", "PECB")
    assert "no spaces" in own_certifications.validate(spaced, set())["code"]


def test_refused_draft_writes_nothing(db: Database) -> None:
    with db.session_factory() as session:
        before = session.scalar(select(Certification.code).where(Certification.code == "X"))
    with pytest.raises(InvalidDraftError), db.session_factory.begin() as session:
        own_certifications.add_own_certification(
            session, OwnCertification("CISSP", "Dup", "ISC2"), TODAY
        )
    with db.session_factory() as session:
        assert before is None
        assert session.get(Certification, "CISSP").added_by_user is False  # type: ignore[union-attr]


def test_own_certification_flows_like_a_bundled_one(db: Database, tmp_path: pathlib.Path) -> None:
    _add(db)
    _hold(db)
    with db.session_factory() as session:
        renewal = next(a for a in renewal_answers(session, TODAY) if a.code == "CRTO")
        budget = compute_budget(session, TODAY)
        deadlines = calendar_deadlines(session, TODAY)
        report = gather_report(session, today=TODAY)
    # Renewals: a 3-year cycle from the certification date, 40 CPE, 10 a year.
    assert renewal.cycle_start == dt.date(2025, 3, 14)
    assert renewal.cycle_end == dt.date(2028, 3, 13)
    assert renewal.cpe_required == 40 and renewal.annual_minimum == 10
    assert renewal.unverified.startswith("Added by you")
    # Budget: its annual fee in the currency entered, on the anniversary, estimated.
    lines = [li for li in budget.lines if "CRTO" in li.label]
    assert lines and all(li.amount.currency == "EUR" and li.amount.amount == 85 for li in lines)
    # (no plan: the budget covers this year, so the 2026 anniversary)
    assert [(li.date, li.state) for li in lines] == [(dt.date(2026, 3, 14), "estimated")]
    # ICS: the cycle end and the fees are calendar deadlines.
    titles = [d.title for d in deadlines if "CRTO" in d.title]
    assert any("CRTO" in t and "cycle" in t.casefold() for t in titles), titles
    # PDF: held, with its next fee in euros.
    held = next(h for h in report.held if h.code == "CRTO")
    assert held.next_fee_currency == "EUR" and held.next_fee_usd == 85
    out = tmp_path / "roadmap.pdf"
    write_roadmap_pdf(report, out, page_size="A4")
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert "CRTO — Certified Red Team Operator" in text
    assert "€85.00" in text or "EUR" in text or "85.00" in text


def test_ics_command_and_renewals_cli(
    db: Database, db_path: pathlib.Path, tmp_path: pathlib.Path
) -> None:
    _add(db)
    _hold(db)
    out = tmp_path / "deadlines.ics"
    result = run_cli("--db", str(db_path), "ics", str(out))
    assert result.returncode == 0, result.stderr
    assert "CRTO" in out.read_text("utf-8")
    renewals = run_cli("--db", str(db_path), "renewals", "--on", TODAY.isoformat(), "--json")
    assert renewals.returncode == 0, renewals.stderr
    crto = next(r for r in json.loads(renewals.stdout) if r["code"] == "CRTO")
    assert crto["next_fee_currency"] == "EUR" and crto["cpe_required"] == 40
    shown = run_cli("--db", str(db_path), "catalog", "show", "CRTO")
    assert (
        shown.returncode == 0
        and "CRTO — Certified Red Team Operator (added by you)" in shown.stdout
    )


def test_exported_and_imported(db: Database, tmp_path: pathlib.Path) -> None:
    _add(db)
    _hold(db)
    with db.session_factory() as session:
        data = export_bytes(session)
    document = json.loads(data)
    assert document["own_certifications"] == [CRTO.to_json()]
    # Into a fresh database: the certification comes back before the held one refers to it.
    other = open_database(tmp_path / "other.sqlite3")
    try:
        import_document(other.session_factory, data)
        with other.session_factory() as session:
            cert = session.get(Certification, "CRTO")
            assert cert is not None and cert.added_by_user
            assert session.scalar(select(Rule.key).where(Rule.cert_code == "CRTO")) == (
                "CRTO/maintenance/own"
            )
            assert [h.cert_code for h in session.scalars(select(HeldCertification))] == ["CRTO"]
            assert export_bytes(session) == data  # round trip, byte for byte
    finally:
        other.dispose()
    # Replacing the same database's data with its own export works (the code is freed first).
    import_document(db.session_factory, data)
    # A file whose own certification reuses a bundled code is refused, nothing changed.
    document["own_certifications"][0]["code"] = "CISSP"
    with pytest.raises(ImportRejected) as refused:
        import_document(db.session_factory, json.dumps(document).encode("utf-8"))
    assert "own_certifications[0].code" in str(refused.value)
    assert "CISSP is already in the catalog" in str(refused.value)
    with db.session_factory() as session:
        assert session.get(Certification, "CRTO") is not None


def test_a_catalog_update_never_touches_it(db: Database) -> None:
    _add(db)
    doc: dict[str, Any] = bundled_catalog_document()
    doc = {**doc, "catalog_version": "2099.01.01"}
    with db.session_factory.begin() as session:
        assert sync_catalog(session, doc)
    with db.session_factory() as session:
        cert = session.get(Certification, "CRTO")
        assert cert is not None and cert.added_by_user and cert.name == CRTO.name
        assert session.scalar(select(Rule.key).where(Rule.key == "CRTO/maintenance/own"))


def test_new_certification_on_the_catalog_screen_is_undoable(
    qtbot: QtBot, db: Database, stub: Any
) -> None:
    store = PlannerStore(db)
    screen = CatalogScreen(store, QUndoStack())
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    before = screen.table.model().rowCount()
    calls = stub(OwnCertificationDialog, CRTO)
    assert screen.new_button.text() == "New certification…"
    screen.new_button.click()
    (args, _), *_ = calls
    validate = args[1]
    # The dialog's check is the service's against the catalog (CRTO is in it by now).
    assert validate(dataclasses.replace(CRTO, code="OTHER")) == {}
    assert "code" in validate(CRTO)
    assert "code" in validate(OwnCertification("CISSP", "x", "y"))
    assert screen.table.model().rowCount() == before + 1
    assert screen.selected_code() == "CRTO"
    assert screen.title.text() == "CRTO — Certified Red Team Operator (added by you)"
    assert screen.undo_stack.undoText() == "New certification CRTO"
    screen.undo_stack.undo()
    with db.session_factory() as session:
        assert session.get(Certification, "CRTO") is None
    screen.undo_stack.redo()
    with db.session_factory() as session:
        assert session.get(Certification, "CRTO") is not None


def test_dialog_checks_before_closing(qtbot: QtBot) -> None:
    dialog = OwnCertificationDialog(
        None, lambda d: own_certifications.validate(d, {"CISSP"}), "EUR"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.code.setText("CISSP")
    dialog.name.setText("Mine")
    dialog.issuer.setText("Me")
    dialog.cpe_cycle.setText("forty")
    dialog.buttons.accepted.emit()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors["cpe_per_cycle"].isVisibleTo(dialog)
    dialog.cpe_cycle.setText("40")
    dialog.buttons.accepted.emit()
    assert dialog.errors["code"].text() == "CISSP is already in the catalog."
    dialog.code.setText("MINE")
    dialog.fee.setText("85")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_draft is not None
    assert (dialog.result_draft.code, dialog.result_draft.currency) == ("MINE", "EUR")
    assert dialog.result_draft.annual_fee == 85 and dialog.result_draft.cpe_per_cycle == 40
