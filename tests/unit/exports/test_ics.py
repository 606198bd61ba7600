"""Deadlines as an iCalendar file, read back with the icalendar parser."""

from __future__ import annotations

import datetime as dt
import pathlib

from icalendar import Calendar

from cso_planner.db.models import HeldCertification, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from tests.unit.test_cli import run_cli


def _seed(database: Database) -> None:
    with database.session_factory.begin() as session:
        plan = Plan(name="Road to CSO", active=True, target_role="CSO")
        stage = Stage(position=0, role="Security Manager", start=dt.date(2026, 1, 1))
        stage.items = [
            PlanItem(
                position=0,
                kind="certification",
                title="Pass CISM",
                ref_code="CISM",
                due=dt.date(2027, 5, 31),
                status="planned",
            ),
            PlanItem(
                position=1,
                kind="skill",
                title="Done already",
                due=dt.date(2026, 2, 1),
                status="done",
            ),
        ]
        plan.stages = [stage]
        session.add(plan)
        session.add(
            HeldCertification(
                cert_code="CISSP",
                status="earned",
                earned_on=dt.date(2024, 3, 12),
                expires_on=dt.date(2027, 3, 31),
            )
        )
        session.add(
            HeldCertification(cert_code="CCISO", status="scheduled", exam_date=dt.date(2027, 9, 1))
        )


def _events(path: pathlib.Path) -> dict[str, dict[str, object]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {
        str(e["uid"]): {
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
        }
        for e in calendar.walk("VEVENT")
    }


def test_ics_has_every_open_deadline_as_an_all_day_event(
    db: Database, tmp_path: pathlib.Path
) -> None:
    _seed(db)
    db.dispose()
    out = tmp_path / "deadlines.ics"
    result = run_cli("--db", str(db.path), "ics", str(out))
    assert result.returncode == 0, result.stderr
    events = _events(out)
    summaries = {e["summary"] for e in events.values()}
    assert summaries == {
        "Pass CISM",
        "CISSP expires",
        "CCISO exam",
        # From the renewal engine: CISSP's three-year cycle ends with the credential, and the
        # annual fee falls due on the anniversary of certification.
        "CISSP CPE cycle ends",
        "CISSP fee due",
    }  # done items left out
    cism = next(e for e in events.values() if e["summary"] == "Pass CISM")
    assert cism["start"] == dt.date(2027, 5, 31)  # a date, not a datetime: all-day
    assert cism["end"] == dt.date(2027, 6, 1)


def test_uids_are_stable_between_exports(db: Database, tmp_path: pathlib.Path) -> None:
    _seed(db)
    db.dispose()
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli("--db", str(db.path), "ics", str(first)).returncode == 0
    assert run_cli("--db", str(db.path), "ics", str(second)).returncode == 0
    assert set(_events(first)) == set(_events(second))
    assert len(_events(first)) == 5


def test_calendar_text_carries_no_control_characters(tmp_path: pathlib.Path) -> None:
    from cso_planner.deadlines import Deadline
    from cso_planner.exports.ics import write_ics

    hostile = "Pass\x00 CISM\x07 now\x1b[31m\x7f\x85"
    deadline = Deadline(
        dt.date(2027, 1, 1), hostile, "item", "item-1", "line one\r\nline two\ttabbed\x0c"
    )
    out = tmp_path / "hostile.ics"
    write_ics([deadline], out)
    raw = out.read_bytes()
    forbidden = {*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F} - {0x0D, 0x0A}
    assert not forbidden & set(raw)  # CR and LF only as the line endings RFC 5545 uses
    assert b"\r\n" in raw and raw.count(b"\r") == raw.count(b"\r\n")
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["summary"]) == "Pass CISM now[31m"
    assert str(event["description"]) == "line one\nline two\ttabbed"
