"""Deadlines as an iCalendar file, read back with the icalendar parser."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
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
        "CCISO exam",
        # From the renewal engine: CISSP's three-year cycle ends with the credential (one
        # event for the one day), and the annual fee falls due on the anniversary.
        "CISSP expires · CISSP CPE cycle ends",
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
    assert len(_events(first)) == 4


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


def _seed_renewals(database: Database) -> None:
    """CISSP earned (expiry, cycle end and fee far ahead) and CCISO both in the plan and as a
    target on the same day: the day that used to show CCISO twice."""
    with database.session_factory.begin() as session:
        plan = Plan(name="Road to CSO", active=True, target_role="CSO")
        stage = Stage(position=0, role="CISO", start=dt.date(2026, 1, 1))
        stage.items = [
            PlanItem(
                position=0,
                kind="certification",
                title="Pass CCISO",
                ref_code="CCISO",
                due=dt.date(2031, 3, 31),
                status="planned",
            )
        ]
        plan.stages = [stage]
        session.add(plan)
        session.add(
            HeldCertification(
                cert_code="CISSP",
                status="earned",
                earned_on=dt.date(2029, 3, 12),
                expires_on=dt.date(2032, 3, 31),
            )
        )
        session.add(
            HeldCertification(cert_code="CCISO", status="planned", target_date=dt.date(2031, 3, 31))
        )
        # CCSP's exam passed, not yet endorsed: ISC2's endorsement deadline, months away.
        session.add(
            HeldCertification(
                cert_code="CCSP",
                status="earned",
                exam_date=dt.date.today() - dt.timedelta(days=10),
            )
        )


def _alarm_days(event: object) -> list[int]:
    return [
        -alarm.decoded("trigger").days
        for alarm in event.walk("VALARM")  # type: ignore[attr-defined]
    ]


def test_costly_deadlines_carry_alarms_and_no_day_is_shown_twice(
    db: Database, tmp_path: pathlib.Path
) -> None:
    _seed_renewals(db)
    db.dispose()
    out = tmp_path / "deadlines.ics"
    result = run_cli("--db", str(db.path), "ics", str(out))
    assert result.returncode == 0, result.stderr
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids))
    by_summary = {str(e["summary"]): e for e in events}
    # CCISO once on 31 Mar 2031 (the plan item and the target are one event, under the
    # target's UID), CISSP once on its expiry day.
    assert "CCISO target · Pass CCISO" in by_summary
    assert str(by_summary["CCISO target · Pass CCISO"]["uid"]).startswith("cert-CCISO-target@")
    assert "CISSP expires · CISSP CPE cycle ends" in by_summary
    assert [e.decoded("dtstart") for e in events].count(dt.date(2031, 3, 31)) == 1
    kinds = {str(e["categories"].cats[0]) for e in events}
    assert {"expiry", "fee", "endorsement"} <= kinds  # the cycle end shares CISSP's expiry
    for event in events:
        kind = str(event["categories"].cats[0])
        if kind in {"expiry", "fee", "endorsement", "cycle_end"}:
            assert _alarm_days(event) == [90, 30, 7], event["summary"]
            for alarm in event.walk("VALARM"):
                assert str(alarm["action"]) == "DISPLAY"
                assert str(event["summary"]) in str(alarm["description"])
        else:
            assert _alarm_days(event) == []  # plan items and targets do not ring


def test_alarm_days_come_from_preferences_and_past_ones_are_left_out(
    db: Database, tmp_path: pathlib.Path
) -> None:
    from cso_planner.deadlines import Deadline
    from cso_planner.exports.ics import build_calendar
    from cso_planner.reminders import reminder_days, save_reminder_days

    _seed_renewals(db)
    with db.session_factory.begin() as session:
        save_reminder_days(session, [14, 60, 14])
    with db.session_factory() as session:
        assert reminder_days(session) == (60, 14)
    db.dispose()
    out = tmp_path / "deadlines.ics"
    assert run_cli("--db", str(db.path), "ics", str(out)).returncode == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    fee = next(e for e in events if str(e["summary"]) == "CISSP fee due")
    assert _alarm_days(fee) == [60, 14]

    today = dt.date(2027, 1, 1)
    soon = Deadline(dt.date(2027, 1, 21), "CISM fee due", "fee", "cert-CISM-fee", "", "CISM")
    (event,) = build_calendar([soon], reminders=(90, 30, 7), today=today).walk("VEVENT")
    assert _alarm_days(event) == [7]  # 90 and 30 days before have passed: they would ring now


@pytest.mark.parametrize(
    ("kind", "rings"),
    [
        ("expiry", True),
        ("fee", True),
        ("endorsement", True),
        ("cycle_end", True),
        ("exam", False),
        ("target", False),
        ("item", False),
    ],
)
def test_which_deadlines_ring(kind: str, rings: bool) -> None:
    from cso_planner.deadlines import Deadline
    from cso_planner.exports.ics import build_calendar

    deadline = Deadline(
        dt.date(2030, 6, 1), "CISM something", kind, f"cert-CISM-{kind}", "", "CISM"
    )
    calendar = build_calendar([deadline], reminders=(90, 30, 7), today=dt.date(2030, 1, 1))
    (event,) = calendar.walk("VEVENT")
    assert _alarm_days(event) == ([90, 30, 7] if rings else [])
