"""Every dated deadline the person has: plan items, exams, expiries, CPE cycles, fees.

One list (:func:`collect_deadlines`) feeds the dashboard's "next 90 days" card, the due-soon
banner and status line, and the calendar export, so they never disagree. Two deadlines of one
certification on one day (CISSP expires and its CPE cycle ends; "Pass CISM" in the plan and the
CISM target) are one deadline in that list (:func:`merge_same_day`): no view shows the same day
twice. Each deadline has a stable ``key`` from which the calendar UID is made, so re-importing
an exported calendar updates events instead of duplicating them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

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
    # A merged deadline's parts, most pressing first (empty for a deadline on its own): views
    # that explain each part (the dashboard's card) read them instead of the joined text.
    parts: tuple[Deadline, ...] = dataclasses.field(default=(), compare=False)

    def each(self) -> tuple[Deadline, ...]:
        """The deadlines this one stands for: its parts, or itself."""
        return self.parts or (self,)


# Which deadline of a merged day names the event (and gives its UID): the costly ones first.
KIND_ORDER = ("expiry", "cycle_end", "endorsement", "fee", "exam", "target", "item")


def _rank(deadline: Deadline) -> int:
    return KIND_ORDER.index(deadline.kind) if deadline.kind in KIND_ORDER else len(KIND_ORDER)


def merge_same_day(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """One deadline per certification and day, oldest first.

    The merged deadline keeps the key and kind of its most pressing part (an expiry before a
    cycle end before a fee ... before a plan item), so its calendar UID stays the one that
    deadline had alone; its title names every part, its description explains each. Merging a
    merged list changes nothing.
    """
    groups: dict[tuple[dt.date, str] | str, list[Deadline]] = {}
    for deadline in deadlines:
        group = (deadline.date, deadline.subject) if deadline.subject else deadline.key
        groups.setdefault(group, []).append(deadline)
    merged: list[Deadline] = []
    for found in groups.values():
        parts = sorted((p for d in found for p in d.each()), key=lambda d: (_rank(d), d.title))
        if len(parts) == 1:
            merged.append(parts[0])
            continue
        first = parts[0]
        merged.append(
            Deadline(
                date=first.date,
                title=" · ".join(d.title for d in parts),
                kind=first.kind,
                key=first.key,
                description="\n".join(
                    f"{d.title}: {d.description}" if d.description else d.title for d in parts
                ),
                subject=first.subject,
                parts=tuple(parts),
            )
        )
    return sorted(merged)


def exam_items(session: Session) -> dict[str, tuple[dt.date, str]]:
    """Certification code → (date, title) of its exam item in the active plan: the earliest
    dated one that is not skipped."""
    rows = session.execute(
        select(PlanItem.ref_code, PlanItem.due, PlanItem.title)
        .join(Stage, PlanItem.stage_id == Stage.id)
        .join(Plan, Stage.plan_id == Plan.id)
        .join(Certification, Certification.code == PlanItem.ref_code)
        .where(Plan.active.is_(True), PlanItem.kind == "certification")
        .where(PlanItem.due.is_not(None), PlanItem.status != "skipped")
    )
    found: dict[str, tuple[dt.date, str]] = {}
    for code, due, title in rows:
        if code is not None and due is not None and (code not in found or due < found[code][0]):
            found[code] = (due, title)
    return found


def exam_dates(session: Session) -> dict[str, dt.date]:
    """Certification code → the date of its exam item (:func:`exam_items`): the
    certification's target date wherever one is shown."""
    return {code: due for code, (due, _title) in exam_items(session).items()}


def target_of(held: HeldCertification, exams: Mapping[str, dt.date]) -> dt.date | None:
    """A certification's target date: its exam item's date (``exams`` from :func:`exam_dates`),
    else the target stored with it."""
    return exams.get(held.cert_code, held.target_date)


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
    """Target, exam and expiry dates of held and planned certifications (the target of one
    with an exam item in the plan is that item's date: one fact, see ``exam_dates``)."""
    exams = exam_dates(session)
    rows = session.execute(
        select(HeldCertification, Certification.name).join(
            Certification, HeldCertification.cert_code == Certification.code
        )
    )
    deadlines = []
    for held, name in rows:
        code = held.cert_code
        target = target_of(held, exams)
        if target and held.status in ("planned", "studying", "scheduled"):
            deadlines.append(
                Deadline(target, f"{code} target", "target", f"cert-{code}-target", name, code)
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
    session: Session,
    extra: Iterable[Deadline] = (),
    *,
    since: dt.date | None = None,
    items: Iterable[Deadline] | None = None,
) -> list[Deadline]:
    """All deadlines (optionally from ``since`` on), oldest first, one per certification and
    day (:func:`merge_same_day`).

    Args:
        extra: deadlines computed elsewhere (CPE cycle ends, annual fees, endorsement
            deadlines from the renewal engine).
        items: what :func:`plan_item_deadlines` gave, when the caller kept it (the Dashboard,
            while no write touched the plan).
    """
    items = plan_item_deadlines(session) if items is None else items
    everything = [*items, *certification_deadlines(session), *extra]
    unique = {d.key: d for d in everything}
    chosen = [d for d in unique.values() if since is None or d.date >= since]
    return merge_same_day(chosen)
