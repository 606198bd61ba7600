"""Load the eligibility engine's inputs from the database, and answer from them.

The engine is storage-free; this is the one place that maps ORM rows to its facts. A rule's
effective parameters are the user's local correction (``user_params_json``) when there is one,
else the catalog's (``params_json``); a corrected rule is marked ``user_edited`` so every answer
can say whose rule it used. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cso_planner.db.models import (
    Course,
    CpeActivity,
    CpeAllocation,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    PlanItem,
    Rule,
)
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.experience import evaluate_all
from cso_planner.eligibility.inputs import (
    CourseTaken,
    CpeEntry,
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
)
from cso_planner.eligibility.lifecycle import Lifecycle
from cso_planner.eligibility.lifecycle import lifecycles as _lifecycles
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.eligibility.renewals import renewal_answers as _renewals
from cso_planner.eligibility.rules import RuleVersion


def load_facts(session: Session, *, cpe: bool = True) -> Facts:
    """The person's ledger, degrees, held certifications and CPE log as engine facts.

    Read as plain column tuples, not ORM objects: with 10,000 CPE rows and 2,000 jobs, building
    (and garbage-collecting) the objects cost about a second per call, the tuples about 25 ms.
    ``cpe=False`` leaves the CPE log out (eligibility never reads it; it is most of the rows).
    """
    tags: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for entry_id, code, domain in session.execute(
        select(ExperienceDomain.entry_id, ExperienceDomain.cert_code, ExperienceDomain.domain)
    ):
        tags[entry_id].setdefault(code, set()).add(domain)
    experience = tuple(
        ExperienceSpan(
            start=start,
            end=end,
            hours_per_week=hours,
            paid=paid,
            management=management,
            domains={c: frozenset(names) for c, names in tags.get(entry_id, {}).items()},
        )
        for entry_id, start, end, hours, paid, management in session.execute(
            select(
                ExperienceEntry.id,
                ExperienceEntry.start,
                ExperienceEntry.end,
                ExperienceEntry.hours_per_week,
                ExperienceEntry.paid,
                ExperienceEntry.management,
            ).order_by(ExperienceEntry.id)
        )
    )
    degrees = tuple(
        Degree(level, field, it_related, completed_on)
        for level, field, it_related, completed_on in session.execute(
            select(
                Education.level, Education.field, Education.it_related, Education.completed_on
            ).order_by(Education.id)
        )
    )
    held = tuple(
        HeldCert(
            code=code,
            status=status,
            earned_on=earned_on,
            exam_date=exam_date,
            endorsed_on=endorsed_on,
            expires_on=expires_on,
            expires_estimated=bool(expires_estimated),
            earned_estimated=bool(earned_estimated),
        )
        for (
            code,
            status,
            earned_on,
            exam_date,
            endorsed_on,
            expires_on,
            expires_estimated,
            earned_estimated,
        ) in session.execute(
            select(
                HeldCertification.cert_code,
                HeldCertification.status,
                HeldCertification.earned_on,
                HeldCertification.exam_date,
                HeldCertification.endorsed_on,
                HeldCertification.expires_on,
                HeldCertification.expires_estimated,
                HeldCertification.earned_estimated,
            ).order_by(HeldCertification.id)
        )
    )
    return Facts(
        experience,
        degrees,
        held,
        _cpe_entries(session) if cpe else (),
        completed_courses(session),
    )


def held_cert(row: HeldCertification) -> HeldCert:
    """One stored certification as the engine's fact (for callers that hold the ORM row)."""
    return HeldCert(
        code=row.cert_code,
        status=row.status,
        earned_on=row.earned_on,
        exam_date=row.exam_date,
        endorsed_on=row.endorsed_on,
        expires_on=row.expires_on,
        expires_estimated=bool(row.expires_estimated),
        earned_estimated=bool(row.earned_estimated),
    )


def lifecycles(session: Session, on: dt.date) -> dict[str, Lifecycle]:
    """The lifecycle of every held certification, by code (the one lifecycle function)."""
    return _lifecycles(load_facts(session, cpe=False), load_rules(session), on)


def _cpe_entries(session: Session) -> tuple[CpeEntry, ...]:
    """One entry per activity, or per distinct (credits, category) when its claims differ.

    A claim counts with its own credits and category where it has them (``None``: the
    activity's), so a conference claimed as 8 Group A for CISSP and 6 for CPP is two entries.
    """
    # activity id -> (claim credits, claim category) -> codes
    applies: dict[int, dict[tuple[float | None, str | None], set[str]]] = defaultdict(dict)
    for activity_id, code, credits, category in session.execute(
        select(
            CpeAllocation.activity_id,
            CpeAllocation.cert_code,
            CpeAllocation.credits,
            CpeAllocation.category,
        ).order_by(CpeAllocation.id)  # claim order, as the CPE screen's rows hold them
    ):
        applies[activity_id].setdefault((credits, category), set()).add(code)
    # One frozenset per distinct combination: 100,000 activities claim a handful of them.
    shared: dict[frozenset[str], frozenset[str]] = {}
    entries: list[CpeEntry] = []
    for a_id, day, credits, category in session.execute(
        select(
            CpeActivity.id, CpeActivity.date, CpeActivity.credits, CpeActivity.category
        ).order_by(CpeActivity.id)
    ):
        entries.extend(activity_entries(day, credits, category, applies.get(a_id), shared))
    return tuple(entries)


def activity_entries(
    day: dt.date,
    credits: float,
    category: str | None,
    groups: Mapping[tuple[float | None, str | None], Collection[str]] | None,
    shared: dict[frozenset[str], frozenset[str]],
) -> list[CpeEntry]:
    """The engine's entries for one activity: one per distinct (claim credits, claim category)
    among its claims (``None``: the activity's own), or one counting for nothing.

    The one place that turns claims into engine facts: ``load_facts`` (from the database) and
    the CPE screen (from the rows it already read) both call it, so they cannot disagree.
    """
    if not groups:
        return [CpeEntry(day, credits, category, shared.setdefault(_NONE, _NONE))]
    out = []
    for (own_credits, own_category), names in groups.items():
        key = frozenset(names)
        out.append(
            CpeEntry(
                day,
                credits if own_credits is None else own_credits,
                category if own_category is None else own_category,
                shared.setdefault(key, key),
            )
        )
    return out


_NONE: frozenset[str] = frozenset()


def completed_courses(session: Session) -> tuple[CourseTaken, ...]:
    """Completed courses (100 % or a completion date) with the text a training route is
    recognised by: provider, title, and the code and title of the plan item they serve."""
    rows = session.execute(
        select(
            Course.provider,
            Course.title,
            Course.completed_on,
            PlanItem.ref_code,
            PlanItem.title,
        )
        .outerjoin(PlanItem, Course.plan_item_id == PlanItem.id)
        .where(or_(Course.completed_on.is_not(None), Course.progress >= 100))
        .order_by(Course.id)
    )
    return tuple(
        CourseTaken(" · ".join(t for t in (provider, title, code, item) if t), completed_on)
        for provider, title, completed_on, code, item in rows
    )


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
    return evaluate_all(load_facts(session, cpe=False), load_rules(session), on)


def renewal_answers(session: Session, on: dt.date) -> list[RenewalAnswer]:
    """Renewal forecast for every earned (or passed, awaiting endorsement) certification."""
    return _renewals(load_facts(session), load_rules(session), on)


def all_answers(
    session: Session, on: dt.date
) -> tuple[list[EligibilityAnswer], list[RenewalAnswer]]:
    """Eligibility and renewals together, reading the ledger and the rules once for both."""
    facts, rules = load_facts(session), load_rules(session)
    return evaluate_all(facts, rules, on), _renewals(facts, rules, on)
