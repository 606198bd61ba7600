"""Courses: provider, link, hours, progress, cost, CPE credits and the plan item they serve.

A finished course's CPE credits can be logged as a CPE activity (``cpe_draft_for``). URLs are
kept as text and only ``http``/``https`` ones are accepted: the screen opens them in the system
browser, and only on an explicit click. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.db.models import Course, Plan, PlanItem, Stage
from cso_planner.services.attachments import (
    Proof,
    proofs_by_owner,
    proofs_of,
    set_proofs,
    validate_proofs,
)
from cso_planner.services.cpe import CpeDraft
from cso_planner.services.errors import InvalidDraftError, NotFoundError

MAX_TEXT = limits.MAX_NAME
MAX_URL = limits.MAX_URL
MAX_NOTES = limits.MAX_NOTES
PROVIDERS = (
    "Cybrary",
    "LinkedIn Learning",
    "SANS",
    "Coursera",
    "ISC2",
    "ISACA",
    "EC-Council",
    "ASIS",
    "Udemy",
)


OWNER = "course"  # what the attachment table calls a course


@dataclasses.dataclass(frozen=True)
class CourseDraft:
    """What the course form returns."""

    title: str
    provider: str = ""
    url: str | None = None
    hours: float = 0.0
    progress: float = 0.0
    completed_on: dt.date | None = None
    cost: float = 0.0
    cpe_credits: float = 0.0
    employer_paid: bool = False
    plan_item_id: int | None = None
    notes: str = ""
    proofs: tuple[Proof, ...] = ()  # attached proof files (services/attachments.py)

    @property
    def completed(self) -> bool:
        return self.progress >= 100 or self.completed_on is not None


@dataclasses.dataclass(frozen=True)
class CourseRow:
    """One course of the table, with the title of its plan item (if any)."""

    id: int
    draft: CourseDraft
    plan_item_title: str = ""


def is_web_url(url: str) -> bool:
    """True for an absolute ``http``/``https`` URL with a host (nothing else is opened)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def validate_course(draft: CourseDraft) -> dict[str, str]:
    """Field name → message; empty when the course can be saved."""
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "Enter the course title, e.g. “SOC Analyst career path”."
    elif len(title) > MAX_TEXT:
        errors["title"] = f"Keep the title under {MAX_TEXT} characters."
    if len(draft.provider.strip()) > MAX_TEXT:
        errors["provider"] = f"Keep the provider under {MAX_TEXT} characters."
    url = (draft.url or "").strip()
    if url and (len(url) > MAX_URL or not is_web_url(url)):
        errors["url"] = "Enter a web address starting with http:// or https://, or leave it empty."
    for field, what, maximum in (
        ("hours", "hours", limits.MAX_HOURS),
        ("cost", "cost", limits.MAX_AMOUNT),
        ("cpe_credits", "CPE credits", limits.MAX_CREDITS),
    ):
        value = getattr(draft, field)
        if math.isnan(value) or math.isinf(value) or not 0 <= value <= maximum:
            errors[field] = f"The {what} must be a number from 0 to {maximum:,.0f}."
    progress = draft.progress
    if math.isnan(progress) or not 0 <= progress <= 100:
        errors["progress"] = "Progress is a percentage from 0 to 100."
    if limits.date_message(draft.completed_on):
        errors["completed_on"] = limits.date_message(draft.completed_on) or ""
    elif draft.completed_on is not None and draft.completed_on > dt.date.today():
        errors["completed_on"] = "The completion date is in the future."
    if len(draft.notes) > MAX_NOTES:
        errors["notes"] = f"Keep the notes under {MAX_NOTES:,} characters."
    proof_problem = validate_proofs(draft.proofs)
    if proof_problem:
        errors["proofs"] = proof_problem
    return errors


# --- reads ---------------------------------------------------------------------------------


def list_courses(session: Session) -> list[CourseRow]:
    """Every course with its plan item's title, newest first."""
    rows = session.execute(
        select(Course, PlanItem.title)
        .outerjoin(PlanItem, Course.plan_item_id == PlanItem.id)
        .order_by(Course.id.desc())
    )
    proofs = proofs_by_owner(session, OWNER)
    return [
        CourseRow(course.id, _draft_of(course, proofs.get(course.id, ())), title or "")
        for course, title in rows
    ]


def plan_item_choices(session: Session) -> list[tuple[int, str]]:
    """``(id, "title · stage")`` of the active plan's items, for the "Plan item" field."""
    rows = session.execute(
        select(PlanItem.id, PlanItem.title, Stage.role)
        .join(Stage, PlanItem.stage_id == Stage.id)
        .join(Plan, Stage.plan_id == Plan.id)
        .where(Plan.active.is_(True))
        .order_by(Stage.position, PlanItem.position)
    )
    return [(item_id, f"{title} · {role}") for item_id, title, role in rows]


def _draft_of(course: Course, proofs: tuple[Proof, ...] = ()) -> CourseDraft:
    return CourseDraft(
        title=course.title,
        provider=course.provider,
        url=course.url,
        hours=course.hours,
        progress=course.progress,
        completed_on=course.completed_on,
        cost=course.cost,
        cpe_credits=course.cpe_credits,
        employer_paid=course.employer_paid,
        plan_item_id=course.plan_item_id,
        notes=course.notes,
        proofs=proofs,
    )


def _row(session: Session, course_id: int) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFoundError("That course no longer exists.")
    return course


def course_draft(session: Session, course_id: int) -> CourseDraft:
    return _draft_of(_row(session, course_id), proofs_of(session, OWNER, course_id))


# --- writes --------------------------------------------------------------------------------


def _apply(session: Session, course: Course, draft: CourseDraft) -> None:
    errors = validate_course(draft)
    if draft.plan_item_id is not None and session.get(PlanItem, draft.plan_item_id) is None:
        errors.setdefault("plan_item_id", "That plan item no longer exists.")
    if errors:
        raise InvalidDraftError(errors)
    course.title = draft.title.strip()
    course.provider = draft.provider.strip()
    course.url = (draft.url or "").strip() or None
    course.hours = draft.hours
    course.progress = draft.progress
    course.completed_on = draft.completed_on
    course.cost = draft.cost
    course.cpe_credits = draft.cpe_credits
    course.employer_paid = draft.employer_paid
    course.plan_item_id = draft.plan_item_id
    course.notes = draft.notes
    session.add(course)
    session.flush()  # the row exists before its proofs point at it
    set_proofs(session, OWNER, course.id, draft.proofs)


def add_course(session: Session, draft: CourseDraft, course_id: int | None = None) -> int:
    """Add a course (under ``course_id`` when undo brings one back); returns its id."""
    course = Course(id=course_id)
    _apply(session, course, draft)
    session.add(course)
    session.flush()
    return course.id


def update_course(session: Session, course_id: int, draft: CourseDraft) -> None:
    _apply(session, _row(session, course_id), draft)
    session.flush()


def delete_course(session: Session, course_id: int) -> CourseDraft:
    """Delete a course; returns what it held so undo can restore it."""
    course = _row(session, course_id)
    draft = _draft_of(course, proofs_of(session, OWNER, course_id))
    session.delete(course)
    session.flush()
    return draft


# --- CPE -----------------------------------------------------------------------------------


def cpe_draft_for(draft: CourseDraft, certifications: tuple[str, ...]) -> CpeDraft | None:
    """The CPE activity a completed course with credits earns (None when there is nothing)."""
    if not draft.completed or draft.cpe_credits <= 0:
        return None
    return CpeDraft(
        date=draft.completed_on or dt.date.today(),
        activity=draft.title.strip(),
        credits=draft.cpe_credits,
        provider=draft.provider.strip(),
        category=None,
        notes="Logged from the course list.",
        certifications=certifications,
    )
