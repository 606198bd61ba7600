"""Held and planned certifications: plain drafts, validation and the writes behind the screen.

A person has at most one row per certification code (the row moves from planned to earned to
expired as life goes on), so the code is the natural handle shown to the user. Functions take
the caller's session and never commit; undo re-inserts a deleted row with its old id.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.db.models import CERT_STATUSES, Certification, HeldCertification
from cso_planner.services import exam_link
from cso_planner.services.attachments import (
    Proof,
    proofs_by_owner,
    proofs_of,
    set_proofs,
    validate_proofs,
)
from cso_planner.services.errors import InvalidDraftError, NotFoundError

MAX_TEXT = limits.MAX_NAME
MAX_NOTES = limits.MAX_NOTES
OPEN_STATUSES = ("planned", "studying", "scheduled")
STATUS_WORDS = {
    "planned": "Planned",
    "studying": "Studying",
    "scheduled": "Exam scheduled",
    "earned": "Earned",
    "expired": "Expired",
}


OWNER = "held_certification"  # what the attachment table calls a held certification


@dataclasses.dataclass(frozen=True)
class HeldDraft:
    """What the add/edit form returns for one certification."""

    cert_code: str
    status: str = "planned"
    target_date: dt.date | None = None
    exam_date: dt.date | None = None
    earned_on: dt.date | None = None
    expires_on: dt.date | None = None
    endorsed_on: dt.date | None = None
    credential_id: str | None = None
    employer_paid: bool = False
    notes: str = ""
    # The app estimated the date (first-run wizard, a plan item marked done); a date the
    # person changes is theirs (see :func:`_apply`).
    expires_estimated: bool = False
    earned_estimated: bool = False
    proofs: tuple[Proof, ...] = ()  # attached proof files (services/attachments.py)


@dataclasses.dataclass(frozen=True)
class HeldRow:
    """One row of the certifications table (no ORM object leaves the session)."""

    id: int
    cert_code: str
    name: str
    issuer: str
    level: str
    draft: HeldDraft

    @property
    def status(self) -> str:
        return self.draft.status


def validate_held(
    draft: HeldDraft,
    known_codes: Iterable[str],
    taken_codes: Iterable[str],
    current_code: str | None = None,
) -> dict[str, str]:
    """Field name → message; empty when the draft can be saved.

    Args:
        known_codes: certification codes of the catalog.
        taken_codes: codes that already have a row (one row per certification).
        current_code: the code of the row being edited (it may keep its own code).
    """
    errors: dict[str, str] = {}
    code = draft.cert_code.strip()
    if not code:
        errors["cert_code"] = "Choose a certification."
    elif code not in set(known_codes):
        errors["cert_code"] = f"“{code}” is not in the catalog."
    elif code != current_code and code in set(taken_codes):
        errors["cert_code"] = f"{code} is already in your list; edit that row instead."
    if draft.status not in CERT_STATUSES:
        errors["status"] = f"Unknown status “{draft.status}”."
    if draft.status in ("earned", "expired") and draft.earned_on is None:
        errors["earned_on"] = "Enter the date you earned it (the renewal cycle starts there)."
    if draft.earned_on and draft.earned_on > dt.date.today() and draft.status == "earned":
        errors["earned_on"] = "The earned date is in the future; mark it planned or scheduled."
    if draft.expires_on and draft.earned_on and draft.expires_on <= draft.earned_on:
        errors["expires_on"] = "The expiry date must be after the date you earned it."
    if draft.endorsed_on and draft.exam_date and draft.endorsed_on < draft.exam_date:
        errors["endorsed_on"] = "The endorsement cannot come before the exam."
    if draft.earned_on and draft.exam_date and draft.earned_on < draft.exam_date:
        errors["earned_on"] = "The earned date cannot be before the exam date."
    for field in ("target_date", "exam_date", "earned_on", "expires_on", "endorsed_on"):
        message = limits.date_message(getattr(draft, field))
        if message:
            errors[field] = message
    credential = (draft.credential_id or "").strip()
    if len(credential) > MAX_TEXT:
        errors["credential_id"] = f"Keep the credential ID under {MAX_TEXT} characters."
    if len(draft.notes) > MAX_NOTES:
        errors["notes"] = f"Keep the notes under {MAX_NOTES:,} characters."
    proof_problem = validate_proofs(draft.proofs)
    if proof_problem:
        errors["proofs"] = proof_problem
    return errors


def catalog_choices(session: Session) -> list[tuple[str, str]]:
    """``(code, name)`` of every catalog certification, by code."""
    rows = session.execute(select(Certification.code, Certification.name).order_by("code"))
    return [(code, name) for code, name in rows]


def taken_codes(session: Session) -> list[str]:
    return list(session.scalars(select(HeldCertification.cert_code)))


def _draft_of(
    row: HeldCertification,
    proofs: tuple[Proof, ...] = (),
    exams: Mapping[str, dt.date] | None = None,
) -> HeldDraft:
    """The row as a draft; with ``exams`` (:func:`exam_link.exam_dates`) its target date is
    the one shown (its exam item's date), without it the stored one (undo of a delete)."""
    return HeldDraft(
        cert_code=row.cert_code,
        status=row.status,
        # The exam item's date when the plan has one (one fact, see exam_link).
        target_date=row.target_date if exams is None else exam_link.target_of(row, exams),
        exam_date=row.exam_date,
        earned_on=row.earned_on,
        expires_on=row.expires_on,
        endorsed_on=row.endorsed_on,
        credential_id=row.credential_id,
        employer_paid=row.employer_paid,
        notes=row.notes,
        expires_estimated=bool(row.expires_estimated),
        earned_estimated=bool(row.earned_estimated),
        proofs=proofs,
    )


def list_held(session: Session) -> list[HeldRow]:
    """Every held or planned certification with its catalog name, by code."""
    rows = session.execute(
        select(HeldCertification, Certification)
        .join(Certification, HeldCertification.cert_code == Certification.code)
        .order_by(HeldCertification.cert_code)
    )
    proofs = proofs_by_owner(session, OWNER)
    exams = exam_link.exam_dates(session)
    return [
        HeldRow(
            held.id,
            held.cert_code,
            cert.name,
            cert.issuer,
            cert.level,
            _draft_of(held, proofs.get(held.id, ()), exams),
        )
        for held, cert in rows
    ]


def _check(session: Session, draft: HeldDraft, current_code: str | None) -> None:
    known = [code for code, _ in catalog_choices(session)]
    errors = validate_held(draft, known, taken_codes(session), current_code)
    if errors:
        raise InvalidDraftError(errors)


def _apply(row: HeldCertification, draft: HeldDraft) -> None:
    # An estimated date stays estimated while unchanged; one the person changes is theirs (a
    # form's draft says "not estimated"; undo's draft brings the old flag back with the date).
    if draft.expires_on != row.expires_on or row.expires_estimated is None:
        row.expires_estimated = draft.expires_estimated and draft.expires_on is not None
    if draft.earned_on != row.earned_on or row.earned_estimated is None:
        row.earned_estimated = draft.earned_estimated and draft.earned_on is not None
    row.cert_code = draft.cert_code.strip()
    row.status = draft.status
    row.target_date = draft.target_date
    row.exam_date = draft.exam_date
    row.earned_on = draft.earned_on
    row.expires_on = draft.expires_on
    row.endorsed_on = draft.endorsed_on
    credential = (draft.credential_id or "").strip()
    row.credential_id = credential or None
    row.employer_paid = draft.employer_paid
    row.notes = draft.notes


def _row(session: Session, held_id: int) -> HeldCertification:
    row = session.get(HeldCertification, held_id)
    if row is None:
        raise NotFoundError("That certification is no longer in your list.")
    return row


def add_held(session: Session, draft: HeldDraft, held_id: int | None = None) -> int:
    """Add a certification (with ``held_id`` when undo brings a deleted row back)."""
    _check(session, draft, None)
    row = HeldCertification(id=held_id) if held_id is not None else HeldCertification()
    _apply(row, draft)
    session.add(row)
    session.flush()
    set_proofs(session, OWNER, row.id, draft.proofs)
    session.flush()
    return row.id


def held_draft(session: Session, held_id: int) -> HeldDraft:
    return _draft_of(
        _row(session, held_id), proofs_of(session, OWNER, held_id), exam_link.exam_dates(session)
    )


def update_held(session: Session, held_id: int, draft: HeldDraft) -> None:
    row = _row(session, held_id)
    _check(session, draft, row.cert_code)
    _apply(row, draft)
    set_proofs(session, OWNER, held_id, draft.proofs)
    session.flush()


def delete_held(session: Session, held_id: int) -> HeldDraft:
    """Delete a row and return its values so undo can restore it."""
    row = _row(session, held_id)
    draft = _draft_of(row, proofs_of(session, OWNER, held_id))
    session.delete(row)
    session.flush()
    return draft


def status_word(status: str) -> str:
    """The user-facing word for a certification status."""
    return STATUS_WORDS.get(status, status.capitalize())


def renewed_draft(draft: HeldDraft, new_expiry: dt.date | None) -> HeldDraft:
    """The certification renewed: its new expiry, entered by the person (never assumed).

    Raises:
        InvalidDraftError: no date, or one not after the current expiry and the earned date.
    """
    if draft.status not in ("earned", "expired"):
        raise InvalidDraftError({"expires_on": "Only a held certification can be renewed."})
    if new_expiry is None:
        raise InvalidDraftError({"expires_on": "Enter the new expiry date from the issuer."})
    floor = draft.expires_on or draft.earned_on
    if floor is not None and new_expiry <= floor:
        raise InvalidDraftError(
            {"expires_on": "The new expiry date must be after the current one."}
        )
    return dataclasses.replace(
        draft, status="earned", expires_on=new_expiry, expires_estimated=False
    )
