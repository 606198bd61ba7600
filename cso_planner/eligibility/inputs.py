"""The facts the engine reasons about: plain, immutable values with no ORM or Qt attached.

Keeping them free of SQLAlchemy lets the GUI run what-if scenarios on copies, lets the tests
build situations in one line, and lets the benchmark feed 10,000 entries without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

DEGREE_LEVELS: tuple[str, ...] = ("associate", "bachelor", "master", "doctorate")


def degree_rank(level: str) -> int:
    """Position of ``level`` in :data:`DEGREE_LEVELS` (unknown levels rank below associate)."""
    try:
        return DEGREE_LEVELS.index(level)
    except ValueError:
        return -1


@dataclass(frozen=True, slots=True)
class ExperienceSpan:
    """One job or internship of the ledger.

    Attributes:
        start: first day worked.
        end: last day worked (inclusive); ``None`` while the job is ongoing.
        hours_per_week: usual weekly hours (weight = min(hours, full time) / full time).
        paid: unpaid internships count for some issuers only.
        management: "responsible charge" / management role (CISM, CPP).
        domains: certification code -> exam domains of that certification the job covered.
    """

    start: dt.date
    end: dt.date | None = None
    hours_per_week: float = 40.0
    paid: bool = True
    management: bool = False
    domains: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Degree:
    level: str
    field: str = ""
    it_related: bool = False
    # ``None`` means "completed, date not recorded": it counts from the beginning of time.
    completed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HeldCert:
    """A certification the person holds (or has passed the exam of, or plans)."""

    code: str
    status: str = "earned"
    earned_on: dt.date | None = None
    exam_date: dt.date | None = None
    endorsed_on: dt.date | None = None
    expires_on: dt.date | None = None
    # The app estimated these dates (the first-run wizard); shown labelled "estimated".
    expires_estimated: bool = False
    earned_estimated: bool = False


@dataclass(frozen=True, slots=True)
class CpeEntry:
    """One CPE activity; ``applies_to`` lists every held certification it is claimed for."""

    date: dt.date
    credits: float
    category: str | None = None
    applies_to: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CourseTaken:
    """A completed course, for the routes that need official training (CCISO, CEH).

    Attributes:
        text: its provider, title and the plan item it serves, as one text to search.
        completed_on: ``None`` means "completed, date not recorded".
    """

    text: str
    completed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything about the person that eligibility and renewals depend on."""

    experience: tuple[ExperienceSpan, ...] = ()
    degrees: tuple[Degree, ...] = ()
    certifications: tuple[HeldCert, ...] = ()
    cpe: tuple[CpeEntry, ...] = ()
    courses: tuple[CourseTaken, ...] = ()
