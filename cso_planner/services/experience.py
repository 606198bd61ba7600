"""The experience ledger: jobs with their exam-domain tags, validation and career totals.

Jobs are edited as plain drafts; a deleted job comes back under its old id on undo. Totals use
the eligibility engine's interval sweep so the screen and the engine count the same way:
overlapping jobs count once, part time pro rata (``min(hours, 40) / 40``), 365.25 days a year.
Functions take the caller's session and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.db.models import Certification, ExamDomain, ExperienceDomain, ExperienceEntry
from cso_planner.eligibility.intervals import build_curve, units_to_years, weight_units
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
FULL_TIME_HOURS = 40.0
# Shown first in the domain picker: the certifications on the way to CSO.
FIRST_CODES = ("CISSP", "CISM", "CCISO", "CPP")

DomainTag = tuple[str, str]  # (certification code, exam domain name)


OWNER = "experience_entry"  # what the attachment table calls a job


@dataclasses.dataclass(frozen=True)
class ExperienceDraft:
    """What the job form returns."""

    employer: str
    title: str
    start: dt.date
    end: dt.date | None = None
    hours_per_week: float = 40.0
    paid: bool = True
    management: bool = False
    notes: str = ""
    domains: tuple[DomainTag, ...] = ()
    proofs: tuple[Proof, ...] = ()  # e.g. employer letters (services/attachments.py)


@dataclasses.dataclass(frozen=True)
class ExperienceRow:
    """One job of the table (no ORM object leaves the session)."""

    id: int
    draft: ExperienceDraft

    def years(self, on: dt.date) -> float:
        """Full-time-equivalent years of this job alone, up to ``on``."""
        d = self.draft
        last = min(d.end, on) if d.end is not None else on
        days = (last - d.start).days + 1
        if days <= 0:
            return 0.0
        return days * min(d.hours_per_week, FULL_TIME_HOURS) / FULL_TIME_HOURS / 365.25

    def codes(self) -> list[str]:
        """Certification codes this job is tagged for, in tag order, without repeats."""
        return list(dict.fromkeys(code for code, _ in self.draft.domains))


@dataclasses.dataclass(frozen=True)
class CertDomains:
    """A certification's exam domains, for the picker."""

    code: str
    name: str
    domains: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class CertYears:
    """Years in jobs tagged with any domain of one certification, and per domain."""

    code: str
    years: float
    by_domain: tuple[tuple[str, float], ...]


@dataclasses.dataclass(frozen=True)
class ExperienceTotals:
    security_years: float
    management_years: float
    per_certification: tuple[CertYears, ...]


# --- catalog -------------------------------------------------------------------------------


def code_order(code: str) -> tuple[int, str]:
    """Sort key: the CSO ladder's certifications first, then the rest by code."""
    first = FIRST_CODES.index(code) if code in FIRST_CODES else len(FIRST_CODES)
    return first, code


def domain_catalog(session: Session) -> list[CertDomains]:
    """Every certification with exam domains: CISSP, CISM, CCISO, CPP first, then by code."""
    names = {
        code: name for code, name in session.execute(select(Certification.code, Certification.name))
    }
    domains: dict[str, list[str]] = {}
    rows = session.execute(
        select(ExamDomain.cert_code, ExamDomain.name).order_by(
            ExamDomain.cert_code, ExamDomain.position
        )
    )
    for code, name in rows:
        domains.setdefault(code, []).append(name)

    return [
        CertDomains(code, names.get(code, code), tuple(domains[code]))
        for code in sorted(domains, key=code_order)
    ]


def domain_map(catalog: Iterable[CertDomains]) -> dict[str, frozenset[str]]:
    return {c.code: frozenset(c.domains) for c in catalog}


# --- validation ----------------------------------------------------------------------------


def validate_experience(
    draft: ExperienceDraft, known_domains: Mapping[str, frozenset[str]]
) -> dict[str, str]:
    """Field name → message; empty when the job can be saved.

    Args:
        known_domains: certification code → its exam domains in the catalog.
    """
    errors: dict[str, str] = {}
    for field, what, example in (
        ("employer", "employer", "Acme Bank"),
        ("title", "job title", "Security Analyst"),
    ):
        text = getattr(draft, field).strip()
        if not text:
            errors[field] = f"Enter the {what}, e.g. “{example}”."
        elif len(text) > MAX_TEXT:
            errors[field] = f"Keep the {what} under {MAX_TEXT} characters."
    if draft.end is not None and draft.end < draft.start:
        errors["end"] = "The end date is before the start date."
    for field in ("start", "end"):
        message = limits.date_message(getattr(draft, field))
        if message:
            errors[field] = message
    hours = draft.hours_per_week
    low, high = limits.JOB_HOURS_PER_WEEK_MIN, limits.JOB_HOURS_PER_WEEK_MAX
    if math.isnan(hours) or math.isinf(hours) or not low <= hours <= high:
        errors["hours_per_week"] = f"Hours per week must be between {low:g} and {high:g}."
    if len(draft.notes) > MAX_NOTES:
        errors["notes"] = f"Keep the notes under {MAX_NOTES:,} characters."
    for code, domain in draft.domains:
        if domain not in known_domains.get(code, frozenset()):
            errors["domains"] = f"“{domain}” is not an exam domain of {code} in the catalog."
            break
    if len(set(draft.domains)) != len(draft.domains):
        errors.setdefault("domains", "A domain is ticked twice.")
    proof_problem = validate_proofs(draft.proofs)
    if proof_problem:
        errors["proofs"] = proof_problem
    return errors


# --- reads ---------------------------------------------------------------------------------


def list_entries(session: Session) -> list[ExperienceRow]:
    """Every job with its domain tags, newest start first (two flat queries, no ORM objects)."""
    tags: dict[int, list[DomainTag]] = {}
    for entry_id, code, domain in session.execute(
        select(
            ExperienceDomain.entry_id, ExperienceDomain.cert_code, ExperienceDomain.domain
        ).order_by(ExperienceDomain.id)
    ):
        tags.setdefault(entry_id, []).append((code, domain))
    proofs = proofs_by_owner(session, OWNER)
    t = ExperienceEntry.__table__.c
    rows = session.execute(
        select(
            t.id, t.employer, t.title, t.start, t.end, t.hours_per_week, t.paid,
            t.management, t.notes,
        ).order_by(t.start.desc(), t.id.desc())
    )  # fmt: skip
    return [
        ExperienceRow(
            r.id,
            ExperienceDraft(
                employer=r.employer,
                title=r.title,
                start=r.start,
                end=r.end,
                hours_per_week=r.hours_per_week,
                paid=r.paid,
                management=r.management,
                notes=r.notes,
                domains=tuple(tags.get(r.id, ())),
                proofs=proofs.get(r.id, ()),
            ),
        )
        for r in rows
    ]


def _entry(session: Session, entry_id: int) -> ExperienceEntry:
    entry = session.get(ExperienceEntry, entry_id)
    if entry is None:
        raise NotFoundError("That job no longer exists.")
    return entry


def entry_draft(session: Session, entry_id: int) -> ExperienceDraft:
    entry = _entry(session, entry_id)
    return ExperienceDraft(
        employer=entry.employer,
        title=entry.title,
        start=entry.start,
        end=entry.end,
        hours_per_week=entry.hours_per_week,
        paid=entry.paid,
        management=entry.management,
        notes=entry.notes,
        domains=tuple((d.cert_code, d.domain) for d in entry.domains),
        proofs=proofs_of(session, OWNER, entry_id),
    )


# --- writes --------------------------------------------------------------------------------


def _check(session: Session, draft: ExperienceDraft) -> None:
    errors = validate_experience(draft, domain_map(domain_catalog(session)))
    if errors:
        raise InvalidDraftError(errors)


def _apply(entry: ExperienceEntry, draft: ExperienceDraft) -> None:
    entry.employer = draft.employer.strip()
    entry.title = draft.title.strip()
    entry.start = draft.start
    entry.end = draft.end
    entry.hours_per_week = draft.hours_per_week
    entry.paid = draft.paid
    entry.management = draft.management
    entry.notes = draft.notes


def _tag(session: Session, entry_id: int, domains: Sequence[DomainTag]) -> None:
    session.execute(delete(ExperienceDomain).where(ExperienceDomain.entry_id == entry_id))
    session.add_all(
        ExperienceDomain(entry_id=entry_id, cert_code=code, domain=domain)
        for code, domain in domains
    )


def add_entry(session: Session, draft: ExperienceDraft, entry_id: int | None = None) -> int:
    """Add a job (under ``entry_id`` when undo brings one back); returns its id."""
    _check(session, draft)
    entry = ExperienceEntry(id=entry_id)
    _apply(entry, draft)
    session.add(entry)
    session.flush()
    _tag(session, entry.id, draft.domains)
    set_proofs(session, OWNER, entry.id, draft.proofs)
    session.flush()
    return entry.id


def update_entry(session: Session, entry_id: int, draft: ExperienceDraft) -> None:
    _check(session, draft)
    entry = _entry(session, entry_id)
    _apply(entry, draft)
    session.flush()
    _tag(session, entry_id, draft.domains)
    set_proofs(session, OWNER, entry_id, draft.proofs)
    session.expire(entry, ["domains"])
    session.flush()


def delete_entry(session: Session, entry_id: int) -> ExperienceDraft:
    """Delete a job and its tags; returns what it held so undo can restore it."""
    draft = entry_draft(session, entry_id)
    session.delete(_entry(session, entry_id))
    session.flush()
    return draft


# --- totals --------------------------------------------------------------------------------


def _years(drafts: Iterable[ExperienceDraft], on: dt.date) -> float:
    curve = build_curve(
        (
            d.start.toordinal(),
            d.end.toordinal() if d.end is not None else None,
            weight_units(d.hours_per_week, FULL_TIME_HOURS),
        )
        for d in drafts
    )
    return units_to_years(curve.at(on.toordinal()))


def totals(rows: Sequence[ExperienceRow], on: dt.date) -> ExperienceTotals:
    """Years of security experience, of management, and per certification's domains."""
    drafts = [r.draft for r in rows]
    by_cert: dict[str, dict[str, list[ExperienceDraft]]] = {}
    for d in drafts:
        for code, domain in d.domains:
            by_cert.setdefault(code, {}).setdefault(domain, []).append(d)
    per_cert = []
    for code in sorted(by_cert, key=code_order):
        domains = by_cert[code]
        jobs = {id(d): d for group in domains.values() for d in group}
        per_domain = tuple(
            sorted(((name, _years(group, on)) for name, group in domains.items()),
                   key=lambda pair: -pair[1])
        )  # fmt: skip
        per_cert.append(CertYears(code, _years(jobs.values(), on), per_domain))
    return ExperienceTotals(
        security_years=_years(drafts, on),
        management_years=_years((d for d in drafts if d.management), on),
        per_certification=tuple(per_cert),
    )
