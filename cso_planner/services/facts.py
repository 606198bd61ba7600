"""Load the eligibility engine's inputs from the database, and answer from them.

The engine is storage-free; this is the one place that maps ORM rows to its facts. A rule's
effective parameters are the user's local correction (``user_params_json``) when there is one,
else the catalog's (``params_json``); a corrected rule is marked ``user_edited`` so every answer
can say whose rule it used. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner.db.models import (
    CpeActivity,
    Education,
    ExperienceEntry,
    HeldCertification,
    Rule,
)
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.experience import evaluate_all
from cso_planner.eligibility.inputs import CpeEntry, Degree, ExperienceSpan, Facts, HeldCert
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.eligibility.renewals import renewal_answers as _renewals
from cso_planner.eligibility.rules import RuleVersion


def load_facts(session: Session) -> Facts:
    """The person's ledger, degrees, held certifications and CPE log as engine facts."""
    entries = session.scalars(
        select(ExperienceEntry).options(selectinload(ExperienceEntry.domains))
    ).all()
    experience = []
    for entry in entries:
        tags: dict[str, set[str]] = {}
        for tag in entry.domains:
            tags.setdefault(tag.cert_code, set()).add(tag.domain)
        experience.append(
            ExperienceSpan(
                start=entry.start,
                end=entry.end,
                hours_per_week=entry.hours_per_week,
                paid=entry.paid,
                management=entry.management,
                domains={code: frozenset(names) for code, names in tags.items()},
            )
        )
    degrees = tuple(
        Degree(e.level, e.field, e.it_related, e.completed_on)
        for e in session.scalars(select(Education))
    )
    held = tuple(
        HeldCert(
            code=h.cert_code,
            status=h.status,
            earned_on=h.earned_on,
            exam_date=h.exam_date,
            endorsed_on=h.endorsed_on,
            expires_on=h.expires_on,
        )
        for h in session.scalars(select(HeldCertification))
    )
    activities = session.scalars(
        select(CpeActivity).options(selectinload(CpeActivity.allocations))
    ).all()
    cpe = tuple(
        CpeEntry(
            date=a.date,
            credits=a.credits,
            category=a.category,
            applies_to=frozenset(al.cert_code for al in a.allocations),
        )
        for a in activities
    )
    return Facts(tuple(experience), degrees, held, cpe)


def load_rules(session: Session) -> list[RuleVersion]:
    """Every stored rule version with its effective (possibly user-corrected) parameters."""
    rules = []
    for row in session.scalars(select(Rule).order_by(Rule.key)):
        edited = row.user_params_json is not None
        params = _json_params(row.user_params_json if edited else row.params_json)
        notes = row.notes if not row.user_notes else f"{row.notes}\n\nYour note: {row.user_notes}"
        rules.append(
            RuleVersion(
                key=row.key,
                cert_code=row.cert_code,
                kind=row.kind,
                effective_from=row.effective_from,
                effective_to=row.effective_to,
                as_of=row.as_of,
                sources=tuple(json.loads(row.sources_json or "[]")),
                notes=notes,
                params=params,
                user_edited=edited,
            )
        )
    return rules


def _json_params(text: str | None) -> Any:
    """Parsed parameters; unreadable JSON is passed on as text so the engine reports the rule
    as unusable (one broken local correction must not break every other answer)."""
    try:
        return json.loads(text or "{}")
    except ValueError:
        return f"invalid JSON: {text!r}"


def eligibility_answers(session: Session, on: dt.date) -> list[EligibilityAnswer]:
    """Eligibility for every certification with an experience rule in force on ``on``."""
    return evaluate_all(load_facts(session), load_rules(session), on)


def renewal_answers(session: Session, on: dt.date) -> list[RenewalAnswer]:
    """Renewal forecast for every earned (or passed, awaiting endorsement) certification."""
    return _renewals(load_facts(session), load_rules(session), on)
