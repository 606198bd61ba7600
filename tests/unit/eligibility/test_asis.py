"""CPP, PSP and APP experience from ASIS's rules (degree levels, APP, responsible charge)."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.eligibility import Degree, Facts, HeldCert, RuleVersion

from .conftest import answer, job

D = dt.date
CPP = {"CPP": ["Security Principles and Practices", "Physical Security"]}
PSP = {"PSP": ["Physical Security Assessment"]}
BACHELOR = Degree("bachelor", "Criminal Justice", False, D(2009, 6, 1))
MASTER = Degree("master", "Security Management", False, D(2011, 6, 1))


@pytest.mark.parametrize(
    ("degrees", "eligible_on"),
    [
        # 7 years (no degree) = 2,556.75 -> 2,557 days; 2015-2021 has 2 leap days
        # (2016, 2020): 2,557 days to 2022-01-01, so 2015-01-01 + 2,556 = 2021-12-31.
        ((), D(2021, 12, 31)),
        # Bachelor's: 6 years = 2,192 days -> 2015-01-01 + 2,191 = 2020-12-31.
        ((BACHELOR,), D(2020, 12, 31)),
        # Master's (and a bachelor's: same group, the larger counts): 5 years -> 2020-01-01.
        ((BACHELOR, MASTER), D(2020, 1, 1)),
    ],
)
def test_cpp_years_by_degree(
    rules: list[RuleVersion], degrees: tuple[Degree, ...], eligible_on: dt.date
) -> None:
    facts = Facts((job(D(2015, 1, 1), None, CPP, management=True),), degrees)
    result = answer("CPP", facts, rules, D(2026, 1, 1))
    assert result.eligible_on == eligible_on
    assert result.rule_key == "CPP/experience/2021-01-01"


def test_cpp_responsible_charge(rules: list[RuleVersion]) -> None:
    # 9 years of security work, never in responsible charge.
    facts = Facts((job(D(2015, 1, 1), None, CPP),), (MASTER,))
    result = answer("CPP", facts, rules, D(2024, 1, 1))
    assert result.eligible_on is None
    assert result.missing == ("needs 3 years in a management role",)


def test_cpp_pre_2021_rule_applies_before_2021(rules: list[RuleVersion]) -> None:
    # Pre-2021: bachelor's + 7 years = 2,557 days from 2010-01-01 -> 2016-12-31.
    facts = Facts((job(D(2010, 1, 1), None, CPP, management=True),), (BACHELOR,))
    result = answer("CPP", facts, rules, D(2020, 6, 1))
    assert result.rule_key == "CPP/experience/2016-01-01"
    assert result.required_years == 9 and result.waiver_years == 2
    assert result.eligible and result.eligible_on == D(2016, 12, 31)


def test_cpp_projection_switches_to_the_2021_rule(rules: list[RuleVersion]) -> None:
    # From 2015-01-01 with a bachelor's. Old rule (7 years): 2021-12-31, after it ended.
    # New rule (6 years): 2020-12-31, before it started -> first day in force, 2021-01-01.
    facts = Facts((job(D(2015, 1, 1), None, CPP, management=True),), (BACHELOR,))
    result = answer("CPP", facts, rules, D(2020, 6, 1))
    assert not result.eligible and result.eligible_on == D(2021, 1, 1)


@pytest.mark.parametrize(
    ("degrees", "app", "waived", "eligible_on"),
    [
        # 5 years: 2020-01-01 + 1,826 = 2024-12-31.
        ((), False, 0, D(2024, 12, 31)),
        # APP only: 4 years = 1,461 days -> 2023-12-31.
        ((), True, 1, D(2023, 12, 31)),
        # Bachelor's + APP: 3 years = 1,096 days -> 2022-12-31.
        ((BACHELOR,), True, 2, D(2022, 12, 31)),
        # Master's + APP: 2 + 1 capped at 2 -> still 3 years.
        ((MASTER,), True, 2, D(2022, 12, 31)),
    ],
)
def test_psp_degree_and_app(
    rules: list[RuleVersion],
    degrees: tuple[Degree, ...],
    app: bool,
    waived: float,
    eligible_on: dt.date,
) -> None:
    held = (HeldCert("APP", earned_on=D(2019, 1, 1)),) if app else ()
    facts = Facts((job(D(2020, 1, 1), None, PSP),), degrees, held)
    result = answer("PSP", facts, rules, D(2020, 6, 1))
    assert result.waiver_years == waived
    assert result.eligible_on == eligible_on


def test_app_master_needs_one_year(rules: list[RuleVersion]) -> None:
    # 1 year = 366 days: 2025-03-01 + 365 = 2026-03-01.
    facts = Facts((job(D(2025, 3, 1), None, {"APP": ["Risk Management"]}),), (MASTER,))
    assert answer("APP", facts, rules, D(2025, 6, 1)).eligible_on == D(2026, 3, 1)
