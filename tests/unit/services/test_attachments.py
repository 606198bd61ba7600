"""Proof files: stored once per content in the proof store beside the database, refused above
25 MiB or when not a PDF/PNG/JPEG/text file (nothing changed), opened from a private copy."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sqlite3
import stat

import pytest

from cso_planner.db.models import Attachment
from cso_planner.db.opening import Database, open_database
from cso_planner.db.proofs import (
    MAX_PROOF_BYTES,
    ProofRejected,
    ProofStore,
    mirror_into,
    proofs_path,
    sniff_type,
)
from cso_planner.services import attachments as svc
from cso_planner.services import cpe
from cso_planner.services.cpe import CpeDraft

TODAY = dt.date(2025, 6, 1)
D2020 = dt.date(2020, 1, 1)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _rows(path: pathlib.Path) -> int:
    if not path.exists():
        return 0
    with sqlite3.connect(path) as connection:
        try:
            return int(connection.execute("SELECT count(*) FROM proof").fetchone()[0])
        except sqlite3.OperationalError:
            return 0


def test_the_type_is_sniffed_from_the_content() -> None:
    assert sniff_type(PDF) == "application/pdf"
    assert sniff_type(PNG) == "image/png"
    assert sniff_type(b"\xff\xd8\xff\xe0JFIF") == "image/jpeg"
    assert sniff_type(b"Certificate of completion, 3 CPE\n") == "text/plain"
    assert sniff_type(b"\x7fELF\x02\x01") is None
    assert sniff_type(b"MZ\x90\x00") is None


def test_same_file_twice_is_stored_once(db: Database, tmp_path: pathlib.Path) -> None:
    store = ProofStore.beside(db.path)
    assert store.path == proofs_path(db.path) and store.path.parent == db.path.parent
    first = tmp_path / "certificate.pdf"
    first.write_bytes(PDF)
    copy = tmp_path / "same certificate (copy).PDF"
    copy.write_bytes(PDF)
    a = svc.proof_from_file(store, first, TODAY)
    b = svc.proof_from_file(store, copy, TODAY)
    assert a.sha256 == b.sha256 and a.name == "certificate.pdf"
    assert b.name == "same certificate (copy).pdf"
    assert _rows(store.path) == 1
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    with db.session_factory.begin() as s:
        one = cpe.add_activity(s, CpeDraft(TODAY, "Webinar", 1, proofs=(a,)))
        two = cpe.add_activity(s, CpeDraft(TODAY, "Webinar again", 1, proofs=(b,)))
    with db.session_factory() as s:
        assert cpe.draft_of(s, one).proofs == (a,)
        assert cpe.draft_of(s, two).proofs == (b,)
        assert s.query(Attachment).count() == 2
    assert store.get(a.sha256) == PDF


def test_a_30_mib_file_is_refused_and_nothing_changes(db: Database, tmp_path: pathlib.Path) -> None:
    store = ProofStore.beside(db.path)
    big = tmp_path / "recording.pdf"
    big.write_bytes(b"%PDF-" + b"0" * (30 * 1024 * 1024))
    with pytest.raises(ProofRejected, match=r"recording.pdf is 30.0 MiB; .* at most 25 MiB"):
        svc.proof_from_file(store, big, TODAY)
    assert not store.path.exists()  # nothing was written, not even an empty store
    exact = tmp_path / "exact.pdf"
    exact.write_bytes(b"%PDF-" + b"0" * (MAX_PROOF_BYTES - 5))
    svc.proof_from_file(store, exact, TODAY)  # 25 MiB exactly is accepted
    program = tmp_path / "invoice.pdf"
    program.write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 64)
    with pytest.raises(ProofRejected, match="not a PDF, PNG, JPEG or plain-text file"):
        svc.proof_from_file(store, program, TODAY)
    assert _rows(store.path) == 1


def test_temporary_copy_is_private_and_removed(db: Database, tmp_path: pathlib.Path) -> None:
    store = ProofStore.beside(db.path)
    source = tmp_path / "evil\x07name.sh"
    source.write_bytes(PNG)
    proof = svc.proof_from_file(store, source, TODAY)
    assert proof.name == "evilname.sh.png"  # the sniffed type's suffix, never a script's
    path = svc.temp_copy(store, proof)
    assert path.read_bytes() == PNG and path.suffix == ".png"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent.parent).st_mode) == 0o700
    svc.remove_temp_copies()
    assert not path.exists() and not path.parent.parent.exists()


def test_deleting_an_activity_and_undoing_brings_its_proofs_back(
    db: Database, tmp_path: pathlib.Path
) -> None:
    store = ProofStore.beside(db.path)
    proof = svc.proof_from_bytes(store, "letter.txt", b"To whom it may concern\n", TODAY)
    with db.session_factory.begin() as s:
        activity_id = cpe.add_activity(s, CpeDraft(TODAY, "Talk", 2, proofs=(proof,)))
    with db.session_factory.begin() as s:
        draft = cpe.delete_activity(s, activity_id)
        assert s.query(Attachment).count() == 0
    with db.session_factory.begin() as s:
        cpe.add_activity(s, draft, activity_id)
    with db.session_factory() as s:
        assert cpe.draft_of(s, activity_id).proofs == (proof,)


def test_the_backup_copy_of_the_proof_store_is_topped_up_only_with_new_content(
    tmp_path: pathlib.Path,
) -> None:
    live = ProofStore(tmp_path / "live.proofs.sqlite3")
    backup = ProofStore(tmp_path / "backup" / "live-proofs.sqlite3")
    backup.path.parent.mkdir()
    live.put(PDF)
    assert mirror_into(live, backup) == 1
    assert mirror_into(live, backup) == 0  # unchanged: nothing copied
    live.put(PNG)
    assert mirror_into(live, backup) == 1
    assert backup.digests() == live.digests()


def test_backups_hold_the_proofs_once_and_restore_brings_them_back(
    db: Database, tmp_path: pathlib.Path
) -> None:
    from cso_planner.db.autobackup import maybe_backup, proofs_backup_path
    from cso_planner.db.backup import list_backups
    from cso_planner.db.maintenance import restore_backup

    store = ProofStore.beside(db.path)
    proof = svc.proof_from_bytes(store, "certificate.pdf", PDF, TODAY)
    with db.session_factory.begin() as s:
        cpe.add_activity(s, CpeDraft(TODAY, "Course", 3, proofs=(proof,)))
    db.dispose()
    first = maybe_backup(db.path, reason="exit", now=dt.datetime(2025, 6, 1, 12))
    mirror = proofs_backup_path(db.path)
    assert first is not None and mirror.exists()
    assert ProofStore(mirror).get(proof.sha256) == PDF
    stamp = mirror.stat().st_mtime_ns
    # Another backup of changed data: the proof store's backup is left alone (no new proof).
    database = open_database(db.path)
    with database.session_factory.begin() as s:
        cpe.add_activity(s, CpeDraft(TODAY, "Another", 1))
    database.dispose()
    second = maybe_backup(db.path, reason="exit", now=dt.datetime(2025, 6, 2, 12))
    assert second is not None and mirror.stat().st_mtime_ns == stamp
    assert [b.path for b in list_backups(db.path) if b.kind == "auto"] == [second, first]
    # The proof store is lost; restoring a backup brings its proofs back.
    store.path.unlink()
    restore_backup(db.path, first)
    assert store.get(proof.sha256) == PDF


def test_courses_certifications_and_jobs_keep_their_proofs_through_delete_and_undo(
    db: Database,
) -> None:
    from cso_planner.services import certifications, courses, experience

    store = ProofStore.beside(db.path)
    letter = svc.proof_from_bytes(store, "employer letter.txt", b"Worked here.\n", TODAY)
    badge = svc.proof_from_bytes(store, "badge.png", PNG, TODAY)
    cases = [
        (
            courses.add_course,
            courses.course_draft,
            courses.delete_course,
            courses.CourseDraft("SOC path", proofs=(badge,)),
        ),
        (
            certifications.add_held,
            certifications.held_draft,
            certifications.delete_held,
            certifications.HeldDraft("CISSP", proofs=(badge, letter)),
        ),
        (
            experience.add_entry,
            experience.entry_draft,
            experience.delete_entry,
            experience.ExperienceDraft("ACME", "Analyst", D2020, proofs=(letter,)),
        ),
    ]
    for add, read, remove, draft in cases:
        with db.session_factory.begin() as s:
            row_id = add(s, draft)
        with db.session_factory() as s:
            assert read(s, row_id) == draft
        with db.session_factory.begin() as s:
            back = remove(s, row_id)
        assert back == draft
        with db.session_factory.begin() as s:
            assert add(s, back, row_id) == row_id
        with db.session_factory() as s:
            assert read(s, row_id).proofs == draft.proofs
    with db.session_factory() as s:
        assert s.query(Attachment).count() == 4
    assert _rows(store.path) == 2  # two distinct files, attached four times


def test_check_reports_attached_proofs_whose_content_is_missing(db: Database) -> None:
    from cso_planner.db.maintenance import check_database

    store = ProofStore.beside(db.path)
    proof = svc.proof_from_bytes(store, "certificate.pdf", PDF, TODAY)
    with db.session_factory.begin() as s:
        cpe.add_activity(s, CpeDraft(TODAY, "Course", 3, proofs=(proof,)))
    report = check_database(db.path)
    assert report.ok and report.lines[-1].endswith("1 proof files ok")
    store.path.unlink()
    report = check_database(db.path)
    assert not report.ok
    assert "missing; 1 attached proof files have no content" in "\n".join(report.lines)
