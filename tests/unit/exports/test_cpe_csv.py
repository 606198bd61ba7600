"""The CPE log as CSV: written for an audit, read back by the CPE screen's import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib

import pytest

from cso_planner.db.models import CpeActivity, CpeAllocation
from cso_planner.db.opening import Database
from cso_planner.exports.cpe_csv import (
    COLUMNS,
    CsvRejected,
    known_certification_codes,
    parse_cpe_csv,
    rows_from_db,
    to_csv_text,
    write_cpe_csv,
)
from cso_planner.services.cpe import import_rows
from tests.unit.test_cli import run_cli


def _seed(database: Database) -> None:
    with database.session_factory.begin() as session:
        webinar = CpeActivity(
            date=dt.date(2026, 3, 4),
            activity='ISC2 webinar "Zero trust", part 1',
            provider="ISC2",
            credits=1.5,
            category="A",
            notes="<b>kept literally</b>\nsecond line",
        )
        webinar.allocations = [CpeAllocation(cert_code="CISSP"), CpeAllocation(cert_code="CISM")]
        book = CpeActivity(
            date=dt.date(2025, 12, 1), activity="Read: Security Risk Assessment", credits=5
        )
        session.add_all([webinar, book])


def test_csv_has_the_audit_columns_and_round_trips(db: Database, tmp_path: pathlib.Path) -> None:
    _seed(db)
    out = tmp_path / "cpe.csv"
    with db.session_factory() as session:
        assert write_cpe_csv(session, out) == 2
        original = rows_from_db(session)
        codes = known_certification_codes(session)

    records = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert tuple(records[0]) == COLUMNS
    assert records[1][0] == "2025-12-01"  # oldest first
    assert records[2][5] == "CISSP;CISM"
    assert records[2][6] == "<b>kept literally</b>\nsecond line"

    parsed = parse_cpe_csv(out.read_bytes(), codes)
    assert parsed == original
    assert to_csv_text(parsed).encode("utf-8-sig") == out.read_bytes()


def test_import_adds_rows_in_the_callers_transaction(db: Database) -> None:
    text = "date,activity,credits,certifications\n2026-01-02,Conference day,8,CISSP\n"
    with db.session_factory() as session:
        rows = parse_cpe_csv(text.encode(), known_certification_codes(session))
    with db.session_factory.begin() as session:
        assert len(import_rows(session, rows)) == 1
    with db.session_factory() as session:
        (activity,) = session.query(CpeActivity).all()
        assert activity.credits == 8
        assert [a.cert_code for a in activity.allocations] == ["CISSP"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("when,what\n", "row 1: missing column(s) date, activity, credits"),
        ("date,activity,credits\n2024-13-45,Talk,1\n", "row 2, date: not a date"),
        ("date,activity,credits\n2024-01-01,,1\n", "row 2, activity: empty"),
        ("date,activity,credits\n2024-01-01,Talk,one\n", "row 2, credits: not a number"),
        ("date,activity,credits\n2024-01-01,Talk,-2\n", "row 2, credits: must be a number above 0"),
        ("date,activity,credits\n2024-01-01,Talk,nan\n", "row 2, credits: must be a number"),
        (
            "date,activity,credits,certifications\n2024-01-01,Talk,1,NOPE\n",
            "row 2, certifications: unknown certification 'NOPE'",
        ),
    ],
)
def test_bad_csv_is_refused_with_its_row(db: Database, text: str, message: str) -> None:
    with db.session_factory() as session:
        codes = known_certification_codes(session)
    with pytest.raises(CsvRejected, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_cpe_csv(text.encode(), codes)


def test_invalid_utf8_is_refused(db: Database) -> None:
    with pytest.raises(CsvRejected, match="not UTF-8"):
        parse_cpe_csv(b"date,activity,credits\n2024-01-01,Caf\xe9,1\n", ["CISSP"])


def test_csv_command_writes_the_log(db: Database, tmp_path: pathlib.Path) -> None:
    _seed(db)
    db.dispose()
    out = tmp_path / "audit.csv"
    result = run_cli("--db", str(db.path), "csv", str(out))
    assert result.returncode == 0, result.stderr
    assert "Wrote 2 CPE activities" in result.stdout
    assert out.read_text("utf-8-sig").splitlines()[0] == ",".join(COLUMNS)


def test_unwritable_destination_names_the_users_file(tmp_path: pathlib.Path) -> None:
    from cso_planner.exports.atomic import write_atomically

    target = tmp_path / "missing-folder" / "cpe.csv"
    with pytest.raises(OSError) as caught:
        write_atomically(target, b"x")
    assert caught.value.filename == str(target)  # not the hidden temporary file
    folder_target = tmp_path  # a folder where a file is wanted
    with pytest.raises(OSError) as caught:
        write_atomically(folder_target, b"x")
    assert caught.value.filename == str(folder_target)
    assert not list(tmp_path.glob(".*.partial"))  # nothing left behind
