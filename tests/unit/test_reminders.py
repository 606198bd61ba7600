"""Reminders: one event per certification and day, the reminder days, what is due soon."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.db.models import AppMeta
from cso_planner.db.opening import Database
from cso_planner.deadlines import Deadline
from cso_planner.reminders import (
    DEFAULT_REMINDER_DAYS,
    REMINDER_DAYS_KEY,
    due_soon,
    due_soon_summary,
    merge_same_day,
    parse_reminder_days,
    reminder_days,
)

D = dt.date


def test_same_certification_same_day_is_one_deadline_named_by_the_costly_part() -> None:
    expiry = Deadline(
        D(2027, 1, 31), "CISSP expires", "expiry", "cert-CISSP-expiry", "CISSP", "CISSP"
    )
    cycle = Deadline(
        D(2027, 1, 31),
        "CISSP CPE cycle ends",
        "cycle_end",
        "cert-CISSP-cycle-end",
        "18 of 120",
        "CISSP",
    )
    other_day = Deadline(D(2027, 1, 15), "CISSP fee due", "fee", "cert-CISSP-fee", "", "CISSP")
    other_cert = Deadline(D(2027, 1, 31), "CISM expires", "expiry", "cert-CISM-expiry", "", "CISM")
    loose = Deadline(D(2027, 1, 31), "Read a book", "item", "item-4")
    loose2 = Deadline(D(2027, 1, 31), "Write a post", "item", "item-5")
    merged = merge_same_day([cycle, other_cert, loose, expiry, other_day, loose2])
    assert [d.title for d in merged] == [
        "CISSP fee due",
        "CISM expires",
        "CISSP expires · CISSP CPE cycle ends",
        "Read a book",
        "Write a post",
    ]
    (both,) = [d for d in merged if d.subject == "CISSP" and d.date == D(2027, 1, 31)]
    assert (both.key, both.kind) == ("cert-CISSP-expiry", "expiry")
    assert both.description == "CISSP expires: CISSP\nCISSP CPE cycle ends: 18 of 120"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90, 30, 7", (90, 30, 7)), ("7;30", (30, 7)), ("", ()), (" 0 ", (0,)), ("14,14", (14,))],
)
def test_reminder_days_are_read_from_text(text: str, expected: tuple[int, ...]) -> None:
    assert parse_reminder_days(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("90, soon", "'soon' is not a whole number of days"),
        ("-7", "'-7' is not a whole number"),
        ("1.5", "'1.5' is not a whole number"),
        ("٣", "'٣' is not a whole number"),
        ("1000", "1000 days is more than 730"),
        ("1,2,3,4,5,6,7", "at most 6 reminders"),
    ],
)
def test_bad_reminder_days_are_named(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message):
        parse_reminder_days(text)


def test_stored_reminder_days_fall_back_to_the_default_when_damaged(db: Database) -> None:
    with db.session_factory() as session:
        assert reminder_days(session) == DEFAULT_REMINDER_DAYS == (90, 30, 7)
    with db.session_factory.begin() as session:
        session.add(AppMeta(key=REMINDER_DAYS_KEY, value="lots"))
    with db.session_factory() as session:
        assert reminder_days(session) == DEFAULT_REMINDER_DAYS


def test_due_soon_is_the_next_30_days_merged() -> None:
    today = D(2027, 1, 1)
    deadlines = [
        Deadline(D(2026, 12, 31), "Yesterday", "item", "item-1"),
        Deadline(D(2027, 1, 1), "CISSP fee due", "fee", "cert-CISSP-fee", "", "CISSP"),
        Deadline(D(2027, 1, 31), "CISM expires", "expiry", "cert-CISM-expiry", "", "CISM"),
        Deadline(
            D(2027, 1, 31), "CISM CPE cycle ends", "cycle_end", "cert-CISM-cycle-end", "", "CISM"
        ),
        Deadline(D(2027, 2, 1), "Too late", "item", "item-2"),
    ]
    soon = due_soon(deadlines, today)
    assert [d.title for d in soon] == ["CISSP fee due", "CISM expires · CISM CPE cycle ends"]
    assert due_soon_summary(soon, today) == (
        "Due soon: CISSP fee due — 1 Jan 2027, today (+1 more within 30 days)"
    )
    assert due_soon_summary([], today) == ""
