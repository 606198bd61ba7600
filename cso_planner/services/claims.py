"""Earned vs submitted: the one place that totals CPE claims by submission state.

Each claim (an activity counted for one certification) is not submitted, submitted on a date,
or accepted by the issuer. For every certification with claims the total is taken over its
current CPE cycle (from the renewal engine) up to today, or over everything up to today when it
has no cycle yet. Per issuer, an activity claimed for two of its certifications (CISSP and
CCSP) is one submission, so it counts once: with the larger of its unsubmitted claims.

The CPE screen, the renewal forecast and the dashboard all read :func:`claim_summary`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.services.facts import connection_of, stored_date

if TYPE_CHECKING:  # the CLI's renewals table reads claims without importing SQLAlchemy
    from sqlalchemy.orm import Session


@dataclasses.dataclass(frozen=True)
class ClaimTotal:
    """The credits claimed for one certification in its window, by submission state."""

    code: str
    issuer: str
    start: dt.date | None  # the cycle's first day; None: no cycle (every claim up to ``end``)
    end: dt.date  # the last day counted (today, or the cycle's end when that is earlier)
    earned: float
    submitted: float  # submitted or accepted
    accepted: float

    @property
    def unsubmitted(self) -> float:
        return max(0.0, self.earned - self.submitted)


@dataclasses.dataclass(frozen=True)
class ClaimSummary:
    by_code: dict[str, ClaimTotal]
    unsubmitted_by_issuer: dict[str, float]

    def get(self, code: str) -> ClaimTotal | None:
        return self.by_code.get(code)

    def reminders(self) -> list[str]:
        """``12 credits not yet submitted to ISC2``, one line per issuer with any."""
        return [
            f"{_number(credits)} {'credit' if credits == 1 else 'credits'} not yet submitted "
            f"to {issuer}"
            for issuer, credits in sorted(self.unsubmitted_by_issuer.items())
            if credits > 0
        ]


@dataclasses.dataclass(frozen=True)
class ClaimFact:
    """One claim as the totals need it."""

    activity_id: int
    date: dt.date
    code: str
    credits: float
    status: str


def _number(value: float) -> str:
    rounded = round(value, 2)
    return f"{rounded:g}"


def summarize(
    claims: Iterable[ClaimFact],
    issuers: dict[str, str],
    cycles: dict[str, tuple[dt.date, dt.date]],
    on: dt.date,
) -> ClaimSummary:
    """Totals per certification and unsubmitted credits per issuer (see the module doc).

    Args:
        issuers: certification code → issuer.
        cycles: certification code → its current cycle (start, end), where it has one.
    """
    earned: dict[str, float] = {}
    submitted: dict[str, float] = {}
    accepted: dict[str, float] = {}
    per_activity: dict[tuple[str, int], float] = {}
    for claim in claims:
        cycle = cycles.get(claim.code)
        if claim.date > on or (cycle is not None and not cycle[0] <= claim.date <= cycle[1]):
            continue
        earned[claim.code] = earned.get(claim.code, 0.0) + claim.credits
        if claim.status in ("submitted", "accepted"):
            submitted[claim.code] = submitted.get(claim.code, 0.0) + claim.credits
            if claim.status == "accepted":
                accepted[claim.code] = accepted.get(claim.code, 0.0) + claim.credits
        else:
            key = (issuers.get(claim.code, claim.code), claim.activity_id)
            per_activity[key] = max(per_activity.get(key, 0.0), claim.credits)
    by_issuer: dict[str, float] = {}
    for (issuer, _), credits in per_activity.items():
        by_issuer[issuer] = by_issuer.get(issuer, 0.0) + credits
    by_code = {
        code: ClaimTotal(
            code=code,
            issuer=issuers.get(code, code),
            start=cycles[code][0] if code in cycles else None,
            end=min(on, cycles[code][1]) if code in cycles else on,
            earned=earned[code],
            submitted=submitted.get(code, 0.0),
            accepted=accepted.get(code, 0.0),
        )
        for code in sorted(earned)
    }
    return ClaimSummary(by_code, by_issuer)


def claim_facts(source: Session | sqlite3.Connection) -> list[ClaimFact]:
    """Every claim with its activity's date and its own credits (one flat query; plain SQL
    so the CLI reads it without SQLAlchemy, as ``services.facts`` does)."""
    rows = connection_of(source).execute(
        "SELECT a.id, a.date, a.credits, c.cert_code, c.credits, c.status "
        "FROM cpe_activity AS a JOIN cpe_allocation AS c ON a.id = c.activity_id"
    )
    return [
        ClaimFact(activity_id, stored_date(day), code, credits if own is None else own, status)
        for activity_id, day, credits, code, own, status in rows
    ]


def cycles_of(renewals: Sequence[RenewalAnswer]) -> dict[str, tuple[dt.date, dt.date]]:
    return {
        r.code: (r.cycle_start, r.cycle_end)
        for r in renewals
        if r.cycle_start is not None and r.cycle_end is not None and not r.error
    }


def claim_summary(
    session: Session | sqlite3.Connection,
    on: dt.date,
    renewals: Sequence[RenewalAnswer] | None = None,
) -> ClaimSummary:
    """Earned vs submitted per certification and issuer, as of ``on``.

    ``renewals`` (the caller's renewal answers for ``on``) saves computing them again.
    """
    if renewals is None:
        from cso_planner.services.facts import renewal_answers

        renewals = renewal_answers(session, on)
    issuers = {
        code: issuer
        for code, issuer in connection_of(session).execute("SELECT code, issuer FROM certification")
    }
    return summarize(claim_facts(session), issuers, cycles_of(renewals), on)
