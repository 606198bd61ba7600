"""The audit pack through the real command line: a ZIP read back with zipfile and pypdf holds
the report, the CSV and every proof; refusals are one line and write nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import time
import zipfile

import pypdf

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import open_database
from cso_planner.db.proofs import ProofStore
from cso_planner.services import attachments, cpe
from cso_planner.services.cpe import Claim, CpeDraft
from tests.unit.test_cli import run_cli

TODAY = dt.date.today()
EARNED = TODAY - dt.timedelta(days=400)


def _pdf(text: str) -> bytes:
    return f"%PDF-1.4\n% {text}\n%%EOF\n".encode()


def _seed(path: pathlib.Path, activities: int = 3) -> None:
    database = open_database(path)
    store = ProofStore.beside(path)
    try:
        with database.session_factory.begin() as s:
            s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=EARNED))
            s.add(HeldCertification(cert_code="CISM", status="earned", earned_on=EARNED))
        with database.session_factory.begin() as s:
            for i in range(activities):
                day = EARNED + dt.timedelta(days=10 + i)
                proofs = ()
                if i != 1:  # the second activity has no proof
                    proofs = (
                        attachments.proof_from_bytes(
                            store, "certificate.pdf", _pdf(f"activity {i}"), TODAY
                        ),
                    )
                cpe.add_activity(
                    s,
                    CpeDraft(
                        day,
                        f"Webinar {i}: zero/trust",
                        2,
                        provider="ISC2",
                        category="Group A",
                        certifications=("CISSP", "CISM"),
                        claims=(
                            Claim("CISSP", 1.5, None, "Security Operations", "submitted", day),
                        ),
                        proofs=proofs,
                    ),
                )
            cpe.add_activity(s, CpeDraft(TODAY, "CISM only", 1, certifications=("CISM",)))
    finally:
        database.dispose()


def test_cli_writes_a_pack_that_reads_back(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "p.sqlite3"
    _seed(db)
    out = tmp_path / "pack.zip"
    result = run_cli("--db", str(db), "audit-pack", "--cert", "CISSP", str(out))
    assert result.returncode == 0, result.stderr
    assert "3 activities, 2 proof files" in result.stdout
    assert "warning: 1 activity has no proof file" in result.stderr
    assert "Webinar 1: zero/trust" in result.stderr
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        proofs = sorted(n for n in names if n.startswith("proofs/"))
        assert proofs == [
            f"proofs/{(EARNED + dt.timedelta(days=10)).isoformat()} Webinar 0 zero trust - "
            "certificate.pdf",
            f"proofs/{(EARNED + dt.timedelta(days=12)).isoformat()} Webinar 2 zero trust - "
            "certificate.pdf",
        ]
        assert archive.read(proofs[1]) == _pdf("activity 2")
        rows = list(csv.DictReader(io.StringIO(archive.read("cpe-log.csv").decode("utf-8-sig"))))
        assert [r["credits"] for r in rows] == ["1.5", "1.5", "1.5"]  # the CISSP claim's credits
        assert {r["certifications"] for r in rows} == {"CISSP"}
        report = pypdf.PdfReader(io.BytesIO(archive.read("report.pdf")))
        text = " ".join(page.extract_text() for page in report.pages)
    flat = " ".join(text.split())
    assert "CPE audit pack — CISSP" in flat
    assert "4.5 credits in 3 activities, 2 proof files" in flat
    assert "Without a proof file: 1 activity" in flat
    assert "Security Operations" in flat and "Submitted on" in flat
    for name in proofs:
        assert name.removeprefix("proofs/")[:10] in flat  # each proof is named in the report
    assert "certificate.pdf" in flat


def test_refusals_name_the_problem_and_write_nothing(tmp_path: pathlib.Path) -> None:
    db = tmp_path / "p.sqlite3"
    _seed(db, activities=1)
    out = tmp_path / "pack.zip"
    result = run_cli("--db", str(db), "audit-pack", "--cert", "CPP", str(out))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "cso-planner: error: CPP is not one of your certifications; nothing was written"
    )
    result = run_cli(
        "--db", str(db), "audit-pack", "--cert", "CISSP", "--cycle-end", "2031-02-30", str(out)
    )
    assert result.returncode == 2 and "not a date" in result.stderr
    result = run_cli(
        "--db", str(db), "audit-pack", "--cert", "CISSP", "--cycle-end", TODAY.isoformat(), str(out)
    )
    assert result.returncode == 1 and "no CISSP cycle ends on" in result.stderr
    assert not out.exists()


def test_a_pack_of_120_activities_with_120_proofs_is_quick(
    qapp: object, tmp_path: pathlib.Path
) -> None:
    """The issue's benchmark, measured in-process (PDF and ZIP; 120 proofs of 200 KiB)."""
    from cso_planner.exports.audit_pack import gather_audit_pack, write_audit_pack
    from cso_planner.report.audit_pdf import audit_report_pdf

    db = tmp_path / "big.sqlite3"
    database = open_database(db)
    store = ProofStore.beside(db)
    try:
        with database.session_factory.begin() as s:
            s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=EARNED))
        with database.session_factory.begin() as s:
            for i in range(120):
                data = _pdf(f"{i}") + bytes(range(256)) * 800
                proof = attachments.proof_from_bytes(store, f"cert {i}.pdf", data, TODAY)
                day = EARNED + dt.timedelta(days=i)
                cpe.add_activity(
                    s, CpeDraft(day, f"Course {i}", 1, certifications=("CISSP",), proofs=(proof,))
                )
        started = time.perf_counter()
        with database.session_factory() as s:
            pack = gather_audit_pack(s, "CISSP")
        out = tmp_path / "big.zip"
        write_audit_pack(pack, store, out, audit_report_pdf(pack))
        elapsed = time.perf_counter() - started
    finally:
        database.dispose()
    with zipfile.ZipFile(out) as archive:
        assert len([n for n in archive.namelist() if n.startswith("proofs/")]) == 120
    print(f"audit pack of 120 activities and 120 proofs: {elapsed:.2f} s")
    assert elapsed < 5.0
