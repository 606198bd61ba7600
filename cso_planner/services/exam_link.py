"""A plan item that is the exam of a certification and that certification's status are ONE fact.

A plan item of kind "certification" whose ``ref_code`` names a catalog certification ("Pass
CISM") and the person's held certification of that code say the same thing: marking the item
done makes the certification earned; making the certification earned marks the item done. Each
direction returns a :class:`Linked` record of what it changed on the other side, so the caller's
undo step restores both sides at once (:func:`restore`).

Mapping (item status ↔ certification status): done ↔ earned, in progress ↔ studying (or exam
scheduled), planned ↔ planned; a skipped item and an expired certification change nothing on
the other side. A certification made earned from a plan item gets the item's due date (or
today, whichever is earlier) as its certification date, marked estimated until the person edits
it. Functions take the caller's session and never commit.

The date is one fact too: a certification with an exam item in the active plan (a dated one,
not skipped) aims at that item's date — its target date everywhere (Certifications, Dashboard,
PDF, calendar, budget) is :func:`exam_dates`' answer, and the certification's own stored target
is only the fallback when it has no such item. Editing either side moves both in one undo step
(:func:`after_cert_target`, :func:`after_item_due`), so the stored fallback never goes stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Certification, HeldCertification, Plan, PlanItem, Stage
from cso_planner.deadlines import exam_dates as exam_dates  # the date side, below services
from cso_planner.deadlines import target_of as target_of

ITEM_TO_CERT = {"done": "earned", "in_progress": "studying", "planned": "planned"}
CERT_TO_ITEM = {
    "earned": "done",
    "studying": "in_progress",
    "scheduled": "in_progress",
    "planned": "planned",
}
_HELD_FIELDS = (
    "status",
    "target_date",
    "earned_on",
    "exam_date",
    "earned_estimated",
    "notes",
)


@dataclasses.dataclass(frozen=True)
class Linked:
    """What one side's change did to the other side (for undo)."""

    created_held_id: int | None = None
    held_id: int | None = None
    held_before: tuple[tuple[str, object], ...] = ()
    items_before: tuple[tuple[int, str], ...] = ()
    items_due_before: tuple[tuple[int, dt.date | None], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(
            self.created_held_id or self.held_id or self.items_before or self.items_due_before
        )


NOTHING = Linked()


def _is_exam_item(session: Session, item: PlanItem) -> bool:
    return (
        item.kind == "certification"
        and bool(item.ref_code)
        and session.get(Certification, item.ref_code) is not None
    )


def after_item_status(session: Session, item_id: int, today: dt.date) -> Linked:
    """The item's status changed: bring the certification's status in line."""
    item = session.get(PlanItem, item_id)
    if item is None or not _is_exam_item(session, item):
        return NOTHING
    wanted = ITEM_TO_CERT.get(item.status)
    if wanted is None:
        return NOTHING
    code = item.ref_code
    assert code is not None
    held = session.scalar(select(HeldCertification).where(HeldCertification.cert_code == code))
    if held is None:
        if wanted == "planned":
            return NOTHING
        held = HeldCertification(cert_code=code, status=wanted, notes="")
        if wanted == "earned":
            held.earned_on = min(item.due or today, today)
            held.earned_estimated = True
        session.add(held)
        session.flush()
        return Linked(created_held_id=held.id)
    if held.status == wanted or held.status == "expired":
        return NOTHING
    if held.status == "scheduled" and wanted == "studying":
        return NOTHING  # both mean "on the way": an exam date is more precise
    if held.status == "earned" and not held.earned_estimated:
        # The person entered when they earned it: a plan item does not take it back.
        return NOTHING
    before = tuple((name, getattr(held, name)) for name in _HELD_FIELDS)
    held.status = wanted
    if wanted == "earned" and held.earned_on is None:
        held.earned_on = min(item.due or today, today)
        held.earned_estimated = True
    if wanted != "earned" and held.earned_estimated:
        held.earned_on = None
        held.earned_estimated = False
    session.flush()
    return Linked(held_id=held.id, held_before=before)


def after_cert_status(session: Session, code: str, *, downgrade: bool = True) -> Linked:
    """The certification's status changed: bring its exam items in line (``downgrade=False``:
    never take a done item back, as when a certification is first added)."""
    held = session.scalar(select(HeldCertification).where(HeldCertification.cert_code == code))
    status = held.status if held is not None else "planned"
    wanted = CERT_TO_ITEM.get(status)
    if wanted is None:
        return NOTHING
    items = session.scalars(
        select(PlanItem).where(PlanItem.kind == "certification", PlanItem.ref_code == code)
    ).all()
    before = []
    for item in items:
        if item.status in (wanted, "skipped"):
            continue
        if item.status == "done" and not downgrade:
            continue
        if wanted == "planned" and item.status != "done":
            continue  # back to planned only undoes a "done" (in progress stays in progress)
        before.append((item.id, item.status))
        item.status = wanted
    session.flush()
    return Linked(items_before=tuple(before)) if before else NOTHING


def _exam_items(session: Session, code: str) -> list[PlanItem]:
    """The exam items of ``code`` whose date is the certification's target (active plan)."""
    return list(
        session.scalars(
            select(PlanItem)
            .join(Stage, PlanItem.stage_id == Stage.id)
            .join(Plan, Stage.plan_id == Plan.id)
            .where(Plan.active.is_(True), PlanItem.kind == "certification")
            .where(PlanItem.ref_code == code, PlanItem.status != "skipped")
        )
    )


def after_cert_target(session: Session, code: str, target: dt.date | None) -> Linked:
    """The certification's target date was set to ``target``: its exam items (active plan,
    not done or skipped) move to it. No date clears nothing: an item keeps its date."""
    if target is None:
        return NOTHING
    before = []
    for item in _exam_items(session, code):
        if item.status == "done" or item.due == target:
            continue
        before.append((item.id, item.due))
        item.due = target
    session.flush()
    return Linked(items_due_before=tuple(before)) if before else NOTHING


def after_item_due(session: Session, item_id: int) -> Linked:
    """The exam item's date changed: the certification's stored target follows it (so the
    fallback agrees if the item is later deleted). Only a certification on the way."""
    item = session.get(PlanItem, item_id)
    if item is None or item.due is None or not _is_exam_item(session, item):
        return NOTHING
    held = session.scalar(
        select(HeldCertification).where(HeldCertification.cert_code == item.ref_code)
    )
    if held is None or held.status not in CERT_TO_ITEM or held.status == "earned":
        return NOTHING
    if held.target_date == item.due:
        return NOTHING
    before = tuple((name, getattr(held, name)) for name in _HELD_FIELDS)
    held.target_date = item.due
    session.flush()
    return Linked(held_id=held.id, held_before=before)


def restore_all(session: Session, linked: tuple[Linked, ...]) -> None:
    """Undo several linked changes of one step, the last first."""
    for one in reversed(linked):
        restore(session, one)


def restore(session: Session, linked: Linked) -> None:
    """Undo what :func:`after_item_status` / :func:`after_cert_status` changed."""
    if linked.created_held_id is not None:
        row = session.get(HeldCertification, linked.created_held_id)
        if row is not None:
            session.delete(row)
    if linked.held_id is not None:
        row = session.get(HeldCertification, linked.held_id)
        if row is not None:
            for name, value in linked.held_before:
                setattr(row, name, value)
    for item_id, status in linked.items_before:
        item = session.get(PlanItem, item_id)
        if item is not None:
            item.status = status
    for item_id, due in linked.items_due_before:
        item = session.get(PlanItem, item_id)
        if item is not None:
            item.due = due
    session.flush()
