"""Shared helpers: the bundled catalog's rules and one-line builders for ledger entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pytest

from cso_planner.catalog import load_bundled_catalog
from cso_planner.eligibility import (
    EligibilityAnswer,
    ExperienceSpan,
    Facts,
    RuleVersion,
    evaluate_certification,
    rules_from_catalog,
)

D = dt.date


@pytest.fixture(scope="session")
def rules() -> list[RuleVersion]:
    return rules_from_catalog(load_bundled_catalog())


def job(
    start: dt.date,
    end: dt.date | None,
    tags: Mapping[str, Sequence[str]],
    *,
    hours: float = 40,
    management: bool = False,
    paid: bool = True,
) -> ExperienceSpan:
    return ExperienceSpan(
        start=start,
        end=end,
        hours_per_week=hours,
        paid=paid,
        management=management,
        domains={code: frozenset(names) for code, names in tags.items()},
    )


def answer(code: str, facts: Facts, rules: Sequence[RuleVersion], on: dt.date) -> EligibilityAnswer:
    result = evaluate_certification(code, facts, rules, on)
    assert result is not None, f"no {code} experience rule in force on {on}"
    return result
