"""What-if: the same answers for a hypothetical change, without touching any database.

The GUI asks "if I pass CISM in 2027" or "if I take this job next year"; the engine answers on
a copy of the facts with the change added. Nothing here knows about storage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.experience import evaluate_all
from cso_planner.eligibility.inputs import Degree, ExperienceSpan, Facts, HeldCert
from cso_planner.eligibility.rules import RuleVersion


@dataclass(frozen=True, slots=True)
class Scenario:
    """Hypothetical additions to the person's facts."""

    jobs: tuple[ExperienceSpan, ...] = ()
    certifications: tuple[HeldCert, ...] = ()
    degrees: tuple[Degree, ...] = ()


def apply_scenario(facts: Facts, scenario: Scenario) -> Facts:
    """A copy of ``facts`` with the scenario added (an added certification replaces a held one
    with the same code, so "earned CISM on 2027-05-01" overrides "CISM planned")."""
    added = {c.code for c in scenario.certifications}
    return dataclasses.replace(
        facts,
        experience=facts.experience + scenario.jobs,
        degrees=facts.degrees + scenario.degrees,
        certifications=tuple(c for c in facts.certifications if c.code not in added)
        + scenario.certifications,
    )


def what_if(
    facts: Facts, rules: Sequence[RuleVersion], on: dt.date, scenario: Scenario
) -> list[EligibilityAnswer]:
    """Eligibility answers on ``on`` as if ``scenario`` had happened (or will happen)."""
    return evaluate_all(apply_scenario(facts, scenario), rules, on)


def earned(code: str, on: dt.date) -> HeldCert:
    """Shorthand for a hypothetical certification earned on ``on``."""
    return HeldCert(code=code, status="earned", earned_on=on, exam_date=on, endorsed_on=on)
