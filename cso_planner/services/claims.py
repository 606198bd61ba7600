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
import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.services.facts import connection_of

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


# The claims of each certification in its window, as SQLite totals them: one pass over the
# log in C, where building an object per claim cost 25 ms at 10,000 activities (and 10x that
# at 100,000) on every CPE edit. ``:cycles`` is ``{code: [start, end]}`` as JSON; dates are
# stored ``YYYY-MM-DD``, so they compare as text. ``NOT INDEXED``: nearly every activity is
# dated up to today, and reaching them through the date index was six times slower.
_CLAIMS_IN_WINDOW = """
WITH cycle(code, first, last) AS MATERIALIZED (
    SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(:cycles)
), claim(activity, code, credits, done, accepted) AS (
    SELECT a.id, c.cert_code, coalesce(c.credits, a.credits),
           c.status IN ('submitted', 'accepted'), c.status = 'accepted'
    FROM cpe_allocation AS c JOIN cpe_activity AS a NOT INDEXED ON a.id = c.activity_id
    LEFT JOIN cycle ON cycle.code = c.cert_code
    WHERE a.date <= :on AND (cycle.code IS NULL OR a.date BETWEEN cycle.first AND cycle.last)
)
"""
_TOTALS = (
    _CLAIMS_IN_WINDOW
    + """
SELECT code, total(credits), total(CASE WHEN done THEN credits END),
       total(CASE WHEN accepted THEN credits END)
FROM claim GROUP BY code ORDER BY code
"""
)
# Per issuer, an activity's unsubmitted claims count once, with the largest of them.
_UNSUBMITTED = (
    _CLAIMS_IN_WINDOW
    + """
SELECT issuer, total(largest) FROM (
    SELECT coalesce(certification.issuer, claim.code) AS issuer, max(claim.credits) AS largest
    FROM claim LEFT JOIN certification ON certification.code = claim.code
    WHERE NOT claim.done GROUP BY 1, claim.activity
) GROUP BY issuer
"""
)


def _number(value: float) -> str:
    rounded = round(value, 2)
    return f"{rounded:g}"


def summarize(
    source: Session | sqlite3.Connection,
    cycles: dict[str, tuple[dt.date, dt.date]],
    on: dt.date,
) -> ClaimSummary:
    """Totals per certification and unsubmitted credits per issuer (see the module doc).

    Args:
        cycles: certification code → its current cycle (start, end), where it has one.
    """
    connection = connection_of(source)
    arguments = {
        "on": on.isoformat(),
        "cycles": json.dumps({c: [s.isoformat(), e.isoformat()] for c, (s, e) in cycles.items()}),
    }
    issuers = dict(connection.execute("SELECT code, issuer FROM certification"))
    by_code = {
        code: ClaimTotal(
            code=code,
            issuer=issuers.get(code, code),
            start=cycles[code][0] if code in cycles else None,
            end=min(on, cycles[code][1]) if code in cycles else on,
            earned=earned,
            submitted=submitted,
            accepted=accepted,
        )
        for code, earned, submitted, accepted in connection.execute(_TOTALS, arguments)
    }
    by_issuer = dict(connection.execute(_UNSUBMITTED, arguments))
    return ClaimSummary(by_code, by_issuer)


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
    return summarize(session, cycles_of(renewals), on)
