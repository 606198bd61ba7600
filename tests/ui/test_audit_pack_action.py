"""File → Export audit pack…: the activities without proof are listed first; going back writes
nothing; continuing writes a ZIP that holds the report, the CSV and the proofs."""

from __future__ import annotations

import datetime as dt
import pathlib
import zipfile

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import Database
from cso_planner.db.proofs import ProofStore
from cso_planner.exports.audit_pack import AuditPack
from cso_planner.services import attachments, cpe
from cso_planner.services.cpe import CpeDraft
from cso_planner.ui import audit_pack_action
from cso_planner.ui.store import PlannerStore

TODAY = dt.date.today()


def test_export_asks_about_missing_proofs_then_writes(
    qtbot: QtBot, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProofStore.beside(db.path)
    day = TODAY - dt.timedelta(days=20)
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=day))
    with db.session_factory.begin() as s:
        proof = attachments.proof_from_bytes(store, "cert.png", b"\x89PNG\r\n\x1a\nxx", TODAY)
        cpe.add_activity(
            s, CpeDraft(day, "With proof", 1, certifications=("CISSP",), proofs=(proof,))
        )
        cpe.add_activity(s, CpeDraft(day, "Without proof", 2, certifications=("CISSP",)))
    window = QWidget()
    qtbot.addWidget(window)
    asked: list[AuditPack] = []
    answers = [False, True]
    monkeypatch.setattr(audit_pack_action, "choose_certification", lambda parent, codes: codes[0])
    monkeypatch.setattr(
        audit_pack_action,
        "ask_to_continue",
        lambda parent, pack: asked.append(pack) or answers.pop(0),
    )
    out = tmp_path / "pack"
    notes: list[str] = []
    planner = PlannerStore(db)
    ask_path = lambda *a: out  # noqa: E731
    assert audit_pack_action.export_audit_pack(window, planner, ask_path, notes.append) is None
    assert [a.activity for a in asked[0].unproven] == ["Without proof"]
    assert not out.with_suffix(".zip").exists()  # went back: nothing written
    written = audit_pack_action.export_audit_pack(window, planner, ask_path, notes.append)
    assert written == tmp_path / "pack.zip"
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
    assert "report.pdf" in names and "cpe-log.csv" in names
    assert f"proofs/{day.isoformat()} With proof - cert.png" in names
    assert notes == [f"Wrote the CISSP audit pack to {written}: 2 activities, 1 proof files."]
