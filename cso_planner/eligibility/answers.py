"""What the engine tells the user about one certification, and its JSON form.

The JSON keys ``code, eligible, eligible_on, qualifying_years, required_years, waiver_years,
missing, source, as_of`` are a public contract (CLI ``--json``); extra keys may be added.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RouteAnswer:
    """Eligibility on another route of the same rule (CCISO with official training)."""

    id: str
    label: str
    eligible: bool
    eligible_on: dt.date | None
    missing: tuple[str, ...] = ()
    # The completed course that opens the route to the person (None: not taken, or the route
    # asks for none), and whether the route asks for one at all.
    course: str | None = None
    course_completed_on: dt.date | None = None
    course_condition: bool = False

    def sentence(self) -> str:
        """How the rule reads on this route, ignoring whether the person took the course."""
        if self.eligible:
            when = f"since {self.eligible_on.isoformat()}" if self.eligible_on else "now"
            return f"{capital(self.label)}: eligible {when}."
        if self.eligible_on is not None:
            return f"{capital(self.label)}: eligible from {self.eligible_on.isoformat()}."
        return f"{capital(self.label)}: not yet ({'; '.join(self.missing) or 'not met'})."

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "eligible": self.eligible,
            "eligible_on": self.eligible_on.isoformat() if self.eligible_on else None,
            "missing": list(self.missing),
            "course": self.course,
            "course_completed_on": self.course_completed_on.isoformat()
            if self.course_completed_on
            else None,
        }


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class EligibilityAnswer:
    """Eligibility for one certification as of one day.

    Attributes:
        eligible: the requirement is met on the evaluation day.
        eligible_on: first day the requirement is met without a break up to the evaluation
            day; a projection from ongoing and future entries when in the future; ``None`` when
            it can never be met, or when it is met but only on undated facts (a degree with no
            completion date).
        qualifying_years: counted experience up to the evaluation day.
        required_years: the rule's requirement before waivers (per domain for CCISO).
        waiver_years: years waived on the evaluation day; ``waiver`` says which waivers.
        missing: plain sentences, empty when eligible.
        source, as_of: primary source URL and research date of the rule used.
    """

    code: str
    eligible: bool
    eligible_on: dt.date | None
    qualifying_years: float
    required_years: float
    waiver_years: float
    waiver: tuple[str, ...]
    missing: tuple[str, ...]
    source: str
    as_of: dt.date
    sources: tuple[str, ...] = ()
    rule_key: str = ""
    user_edited: bool = False
    # Why no issuer page backs the rule used ("" when one does).
    unverified: str = ""
    management_years: float | None = None
    domain_years: Mapping[str, float] = field(default_factory=dict)
    domains_covered: tuple[str, ...] = ()
    caveats: tuple[str, ...] = ()
    error: str | None = None
    routes: tuple[RouteAnswer, ...] = ()
    # The route the answer follows (None: the rule's own), see :class:`RouteAnswer`.
    route: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "eligible": self.eligible,
            "eligible_on": self.eligible_on.isoformat() if self.eligible_on else None,
            "qualifying_years": round(self.qualifying_years, 2),
            "required_years": self.required_years,
            "waiver_years": self.waiver_years,
            "waiver": list(self.waiver),
            "missing": list(self.missing),
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "sources": list(self.sources),
            "rule_key": self.rule_key,
            "user_edited": self.user_edited,
            "unverified": self.unverified,
            "management_years": None
            if self.management_years is None
            else round(self.management_years, 2),
            "domain_years": {k: round(v, 2) for k, v in self.domain_years.items()},
            "domains_covered": list(self.domains_covered),
            "caveats": list(self.caveats),
            "error": self.error,
            "routes": [r.to_json() for r in self.routes],
            "route": self.route,
        }


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def years_text(years: float) -> str:
    """Years rounded *up* to one decimal, so "needs 0.1 more years" never reads as done."""
    shown = max(0.1, math.ceil(years * 10 - 1e-9) / 10)
    return f"{shown:g} year" if shown == 1 else f"{shown:g} years"


def more_years(years: float, what: str) -> str:
    return f"needs {years_text(years).replace(' year', ' more year', 1)} {what}".rstrip()


def domains_sentence(code: str, have: int, need: int, management: bool = False) -> str:
    """ "needs experience in a second CISSP domain" / "... in 2 more CISM domains"."""
    kind = "management experience" if management else "experience"
    if need - have == 1 and have < len(ORDINALS):
        article = "a" if have else "at least one"
        nth = f" {ORDINALS[have]}" if have else ""
        return f"needs {kind} in {article}{nth} {code} domain"
    return f"needs {kind} in {need - have} more {code} domains"
