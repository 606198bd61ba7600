"""The exam item and the certification status are one fact (services/exam_link.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from cso_planner.db.models import HeldCertification, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from cso_planner.services import exam_link

TODAY = dt.date(2026, 12, 4)
D = dt.date


def _items(db: Database, *statuses: str) -> list[int]:
    with db.session_factory.begin() as s:
        stage = Stage(position=0, role="Manager", start=dt.date(2026, 1, 1))
        stage.items = [
            PlanItem(position=i, kind="certification", title="Pass CISM", ref_code="CISM",
                     status=status, due=dt.date(2027, 3, 1))
            for i, status in enumerate(statuses)
        ]  # fmt: skip
        stage.items.append(
            PlanItem(position=9, kind="skill", title="CISM study group", ref_code="CISM",
                     status="planned")
        )  # fmt: skip
        s.add(Plan(name="P", active=True, target_role="CISO", stages=[stage]))
        s.flush()
        return [i.id for i in stage.items]


def test_a_done_item_due_later_is_earned_today_and_marked_estimated(db: Database) -> None:
    (item_id, *_) = _items(db, "done")
    with db.session_factory.begin() as s:
        linked = exam_link.after_item_status(s, item_id, TODAY)
        held = s.scalar(select(HeldCertification))
        assert held is not None and held.status == "earned"
        assert held.earned_on == TODAY and held.earned_estimated  # never in the future
        exam_link.restore(s, linked)
        assert s.scalar(select(HeldCertification)) is None


def test_earning_marks_every_exam_item_done_but_not_skipped_or_other_kinds(db: Database) -> None:
    ids = _items(db, "planned", "skipped")
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISM", status="earned", earned_on=TODAY))
        s.flush()
        linked = exam_link.after_cert_status(s, "CISM")
        assert [s.get(PlanItem, i).status for i in ids] == ["done", "skipped", "planned"]  # type: ignore[union-attr]
        exam_link.restore(s, linked)
        assert [s.get(PlanItem, i).status for i in ids] == ["planned", "skipped", "planned"]  # type: ignore[union-attr]


def test_adding_a_planned_certification_never_takes_a_done_item_back(db: Database) -> None:
    (item_id, *_) = _items(db, "done")
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISM", status="planned"))
        s.flush()
        assert not exam_link.after_cert_status(s, "CISM", downgrade=False).changed
        assert s.get(PlanItem, item_id).status == "done"  # type: ignore[union-attr]


def test_an_entered_earned_date_is_not_taken_back_by_a_plan_item(db: Database) -> None:
    (item_id, *_) = _items(db, "in_progress")
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISM", status="earned", earned_on=dt.date(2025, 5, 1)))
        s.flush()
        assert not exam_link.after_item_status(s, item_id, TODAY).changed
        held = s.scalar(select(HeldCertification))
        assert held is not None and held.status == "earned"


def test_the_target_is_the_earliest_open_exam_item_of_the_active_plan(db: Database) -> None:
    skipped, planned, done, _skill = _items(db, "skipped", "planned", "done")
    with db.session_factory.begin() as s:
        s.get(PlanItem, skipped).due = dt.date(2026, 12, 31)  # type: ignore[union-attr]
        s.get(PlanItem, done).due = dt.date(2027, 5, 1)  # type: ignore[union-attr]
        other = Stage(position=0, role="Other", start=dt.date(2026, 1, 1))
        other.items = [
            PlanItem(
                position=0,
                kind="certification",
                title="CISM early",
                ref_code="CISM",
                status="planned",
                due=dt.date(2026, 12, 10),
            )
        ]
        s.add(Plan(name="What-if", active=False, target_role="CISO", stages=[other]))
        held = HeldCertification(
            cert_code="CISM", status="planned", target_date=dt.date(2029, 1, 1)
        )
        cissp = HeldCertification(
            cert_code="CISSP", status="planned", target_date=dt.date(2028, 1, 1)
        )
        s.add_all([held, cissp])
        s.flush()
        exams = exam_link.exam_dates(s)
        # Skipped and inactive-plan items do not count; the skill item is not an exam.
        assert exams == {"CISM": dt.date(2027, 3, 1)}
        assert exam_link.target_of(held, exams) == dt.date(2027, 3, 1)
        assert exam_link.target_of(cissp, exams) == dt.date(2028, 1, 1)  # no item: its own

        linked = exam_link.after_cert_target(s, "CISM", dt.date(2027, 9, 1))
        # The open item moves; the done one keeps the day it was passed.
        assert s.get(PlanItem, planned).due == dt.date(2027, 9, 1)  # type: ignore[union-attr]
        assert s.get(PlanItem, done).due == dt.date(2027, 5, 1)  # type: ignore[union-attr]
        assert exam_link.after_cert_target(s, "CISM", None) is exam_link.NOTHING
        exam_link.restore(s, linked)
        assert s.get(PlanItem, planned).due == dt.date(2027, 3, 1)  # type: ignore[union-attr]
