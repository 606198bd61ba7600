"""Every dated deadline the person has: plan items, exams, expiries, CPE cycles, fees.

One list feeds the dashboard's "next 90 days" card, the calendar export and the PDF, so the
three never disagree. Each deadline has a stable ``key`` from which the calendar UID is made, so
re-importing an exported calendar updates events instead of duplicating them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Certification, HeldCertification, Plan, PlanItem, Stage


@dataclasses.dataclass(frozen=True, order=True)
class Deadline:
    date: dt.date
    title: str
    kind: str  # item | target | exam | expiry | cycle_end | fee | endorsement
    key: str
    description: str = ""
    # The certification the deadline is about ("" for other plan items): two deadlines of one
    # subject on one day are one calendar event (see reminders.merge_same_day).
    subject: str = ""


def plan_item_deadlines(session: Session) -> list[Deadline]:
    """Due dates of the active plan's items that are not done or skipped."""
    rows = session.execute(
        select(PlanItem, Stage.role, Plan.name)
        .join(Stage, PlanItem.stage_id == Stage.id)
        .join(Plan, Stage.plan_id == Plan.id)
        .where(Plan.active.is_(True), PlanItem.due.is_not(None))
        .where(PlanItem.status.in_(("planned", "in_progress")))
    )
    deadlines = []
    for item, role, plan_name in rows:
        assert item.due is not None
        deadlines.append(
            Deadline(
                date=item.due,
                title=item.title,
                kind="item",
                key=f"item-{item.uuid}",
                description=f"{plan_name} — {role}: {item.kind}, {item.status.replace('_', ' ')}",
                subject=(item.ref_code or "") if item.kind == "certification" else "",
            )
        )
    return deadlines


def certification_deadlines(session: Session) -> list[Deadline]:
    """Target, exam and expiry dates of held and planned certifications."""
    rows = session.execute(
        select(HeldCertification, Certification.name).join(
            Certification, HeldCertification.cert_code == Certification.code
        )
    )
    deadlines = []
    for held, name in rows:
        code = held.cert_code
        if held.target_date and held.status in ("planned", "studying", "scheduled"):
            deadlines.append(
                Deadline(
                    held.target_date, f"{code} target", "target", f"cert-{code}-target", name, code
                )
            )
        if held.exam_date and held.status in ("planned", "studying", "scheduled"):
            deadlines.append(
                Deadline(held.exam_date, f"{code} exam", "exam", f"cert-{code}-exam", name, code)
            )
        if held.expires_on and held.status == "earned":
            deadlines.append(
                Deadline(
                    held.expires_on, f"{code} expires", "expiry", f"cert-{code}-expiry", name, code
                )
            )
    return deadlines


def collect_deadlines(
    session: Session, extra: Iterable[Deadline] = (), *, since: dt.date | None = None
) -> list[Deadline]:
    """All deadlines (optionally from ``since`` on), oldest first.

    Args:
        extra: deadlines computed elsewhere (CPE cycle ends, annual fees, endorsement
            deadlines from the renewal engine).
    """
    everything = [*plan_item_deadlines(session), *certification_deadlines(session), *extra]
    unique = {d.key: d for d in everything}
    chosen = [d for d in unique.values() if since is None or d.date >= since]
    return sorted(chosen)
