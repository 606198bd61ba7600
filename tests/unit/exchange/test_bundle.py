"""Everything round-trips through the exchange bundle (a ZIP of the document and the proof
files), through the real command line; a .json naming proofs it cannot carry is refused on
another machine; a tampered bundle is refused with nothing changed; v1 files still import."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import zipfile

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import open_database
from cso_planner.db.proofs import ProofStore
from cso_planner.exchange import export_bytes
from cso_planner.services import attachments, certifications, courses, cpe, experience
from cso_planner.services.cpe import Claim, CpeDraft
from tests.unit.test_cli import run_cli

TODAY = dt.date(2025, 6, 1)
PDF = b"%PDF-1.4\n% proof\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
REALISTIC = pathlib.Path(__file__).parents[2] / "data" / "realistic_export.json"


def _seed(path: pathlib.Path) -> None:
    database = open_database(path)
    store = ProofStore.beside(path)
    pdf = attachments.proof_from_bytes(store, "certificate.pdf", PDF, TODAY)
    png = attachments.proof_from_bytes(store, "badge.png", PNG, TODAY)
    letter = attachments.proof_from_bytes(store, "letter.txt", b"Employed 2019-2024\n", TODAY)
    try:
        with database.session_factory.begin() as s:
            experience.add_entry(
                s,
                experience.ExperienceDraft(
                    "ACME", "Analyst", dt.date(2019, 1, 1), proofs=(letter,)
                ),
            )
            s.add(
                HeldCertification(cert_code="CPP", status="earned", earned_on=dt.date(2024, 1, 1))
            )
            certifications.add_held(
                s,
                certifications.HeldDraft(
                    "CISSP", status="earned", earned_on=dt.date(2024, 1, 15), proofs=(png,)
                ),
            )
            courses.add_course(s, courses.CourseDraft("SOC path", proofs=(pdf, png)))
            cpe.add_activity(
                s,
                CpeDraft(
                    dt.date(2025, 3, 1),
                    "GSX",
                    8,
                    category="Group A",
                    certifications=("CISSP", "CPP"),
                    claims=(Claim("CPP", 6, "Education", None, "accepted", dt.date(2025, 3, 9)),),
                    proofs=(pdf,),
                ),
            )
    finally:
        database.dispose()


def _export(path: pathlib.Path) -> bytes:
    database = open_database(path)
    try:
        with database.session_factory() as s:
            return export_bytes(s)
    finally:
        database.dispose()


def test_everything_round_trips_through_the_bundle(tmp_path: pathlib.Path) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    _seed(source)
    bundle = tmp_path / "all.zip"
    result = run_cli("--db", str(source), "export", str(bundle))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(bundle) as archive:
        names = sorted(archive.namelist())
        document = json.loads(archive.read("cso-planner.json"))
    assert len([n for n in names if n.startswith("proofs/")]) == 3  # each file once
    assert document["courses"][0]["proofs"][1]["name"] == "badge.png"
    assert document["cpe"][0]["claims"][0]["status"] == "accepted"
    result = run_cli("--db", str(target), "import", str(bundle))
    assert result.returncode == 0, result.stderr
    assert _export(target) == _export(source)
    assert ProofStore.beside(target).digests() == ProofStore.beside(source).digests()
    again = tmp_path / "again.zip"
    assert run_cli("--db", str(target), "export", str(again)).returncode == 0
    with zipfile.ZipFile(bundle) as one, zipfile.ZipFile(again) as two:
        assert sorted(one.namelist()) == sorted(two.namelist())
        for name in one.namelist():
            assert one.read(name) == two.read(name)


def test_a_json_naming_proofs_it_does_not_carry_is_refused_elsewhere(
    tmp_path: pathlib.Path,
) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    _seed(source)
    plain = tmp_path / "all.json"
    assert run_cli("--db", str(source), "export", str(plain)).returncode == 0
    assert run_cli("--db", str(source), "import", str(plain)).returncode == 0  # same machine
    open_database(target).dispose()
    before = _export(target)
    result = run_cli("--db", str(target), "import", str(plain))
    assert result.returncode == 1
    assert "experience[0].proofs[0]: the file is not in this database's proofs" in result.stderr
    assert "export a .zip bundle" in result.stderr
    assert _export(target) == before


def test_a_tampered_bundle_is_refused_and_nothing_changes(tmp_path: pathlib.Path) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    _seed(source)
    bundle = tmp_path / "all.zip"
    assert run_cli("--db", str(source), "export", str(bundle)).returncode == 0
    open_database(target).dispose()
    before = _export(target)
    with zipfile.ZipFile(bundle) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    proof = next(n for n in members if n.startswith("proofs/"))
    cases = {
        "swapped.zip": {**members, proof: b"%PDF-1.4 something else"},
        "extra.zip": {**members, "run.sh": b"#!/bin/sh\n"},
        "missing.zip": {n: d for n, d in members.items() if n != proof},
    }
    messages = {
        "swapped.zip": "the content does not match its SHA-256",
        "extra.zip": "'run.sh' does not belong in a CSO Planner bundle",
        "missing.zip": "the file is not in this database's proofs and not carried by the file",
    }
    for name, content in cases.items():
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in content.items():
                archive.writestr(member, data)
        result = run_cli("--db", str(target), "import", str(path))
        assert result.returncode == 1, name
        assert messages[name] in result.stderr, (name, result.stderr)
    assert _export(target) == before
    assert not ProofStore.beside(target).digests()


def test_a_version_1_file_still_imports(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "b.sqlite3"
    result = run_cli("--db", str(target), "import", str(REALISTIC))
    assert result.returncode == 0, result.stderr
