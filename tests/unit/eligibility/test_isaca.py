"""CISM, CISA and CRISC experience from ISACA's published rules (waivers, management years)."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.eligibility import Degree, Facts, HeldCert, RuleVersion

from .conftest import answer, job

D = dt.date
GOV, RISK, PROG, INC = (
    "Information Security Governance",
    "Information Security Risk Management",
    "Information Security Program",
    "Incident Management",
)
MGMT3 = {"CISM": [GOV, RISK, PROG]}

# A recorded expiry after the evaluation day: the credential was renewed (the app never
# assumes a renewal, see eligibility/lifecycle.py), so it is in good standing.
RENEWED = D(2027, 12, 31)


def test_cism_management_years_bind(rules: list[RuleVersion]) -> None:
    # Non-management 2015-01-01..2017-06-30, then management in 3 domains from 2017-07-01.
    # Total 5 years: 1,827 days from 2015-01-01 -> 2015-01-01 + 1,826 = 2020-01-01.
    # Management 3 years: 1,095.75 -> 1,096 days -> 2017-07-01 + 1,095 = 2020-06-30.
    facts = Facts(
        (
            job(D(2015, 1, 1), D(2017, 6, 30), {"CISM": [PROG]}),
            job(D(2017, 7, 1), None, MGMT3, management=True),
        )
    )
    on_jan = answer("CISM", facts, rules, D(2020, 1, 1))
    assert not on_jan.eligible and on_jan.eligible_on == D(2020, 6, 30)
    # 2017-07-01..2020-01-01 = 915 days of management = 2.505 years: 0.495 -> "0.5 more".
    assert on_jan.missing == ("needs 0.5 more years in a management role",)
    assert on_jan.management_years == pytest.approx(915 / 365.25, abs=1e-4)
    assert answer("CISM", facts, rules, D(2020, 6, 30)).eligible


@pytest.mark.parametrize(
    ("held", "degrees", "waived", "eligible_on"),
    [
        # No waiver: 5 years from 2017-07-01 = 2017-07-01 + 1,826 = 2022-07-01.
        ((), (), 0, D(2022, 7, 1)),
        # CISA (renewed: its expiry recorded, so in good standing): 2 years -> 3 needed, the
        # management 3 years bind: 2020-06-30.
        ((HeldCert("CISA", earned_on=D(2010, 1, 1), expires_on=RENEWED),), (), 2, D(2020, 6, 30)),
        # CISSP too; both together are still capped at 2.
        (
            (HeldCert("CISA", earned_on=D(2010, 1, 1)), HeldCert("CISSP", earned_on=D(2012, 1, 1))),
            (Degree("master", "Information Security", True, D(2009, 1, 1)),),
            2,
            D(2020, 6, 30),
        ),
        # Security+ is a skill-based certification: 1 year -> 4 years = 1,461 days
        # -> 2017-07-01 + 1,460 = 2021-06-30.
        (
            (HeldCert("Security+", earned_on=D(2016, 1, 1), expires_on=RENEWED),),
            (),
            1,
            D(2021, 6, 30),
        ),
        # A bachelor's is not a post-graduate degree: nothing waived.
        ((), (Degree("bachelor", "IT", True, D(2009, 1, 1)),), 0, D(2022, 7, 1)),
    ],
)
def test_cism_waivers(
    rules: list[RuleVersion],
    held: tuple[HeldCert, ...],
    degrees: tuple[Degree, ...],
    waived: float,
    eligible_on: dt.date,
) -> None:
    facts = Facts((job(D(2017, 7, 1), None, MGMT3, management=True),), degrees, held)
    result = answer("CISM", facts, rules, D(2026, 1, 1))
    assert result.waiver_years == waived
    assert result.eligible_on == eligible_on


def test_cism_needs_management_in_three_domains(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2010, 1, 1), None, {"CISM": [GOV, RISK]}, management=True),))
    result = answer("CISM", facts, rules, D(2026, 1, 1))
    assert result.eligible_on is None
    assert result.missing == ("needs management experience in a third CISM domain",)


def test_cism_without_management(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2010, 1, 1), None, {"CISM": [GOV, RISK, PROG, INC]}),))
    result = answer("CISM", facts, rules, D(2026, 1, 1))
    assert result.eligible_on is None
    assert "needs 3 years in a management role" in result.missing


CISA = {"CISA": ["Protection of Information Assets"]}


@pytest.mark.parametrize(
    ("degrees", "waived", "eligible_on"),
    [
        # 5 years: 2020-01-01 + 1,826 = 2024-12-31.
        ((), 0, D(2024, 12, 31)),
        # 60 credits (associate): 1 -> 4 years = 1,461 days -> 2023-12-31.
        ((Degree("associate", "Business", False, D(2015, 1, 1)),), 1, D(2023, 12, 31)),
        # 120 credits (bachelor's): 2 -> 3 years = 1,096 days -> 2020-01-01 + 1,095 = 2022-12-31.
        ((Degree("bachelor", "Business", False, D(2015, 1, 1)),), 2, D(2022, 12, 31)),
        # Master's in IT: 2 (credit hours) + 1 (master's) = 3 (the cap) -> 2 years = 731 days
        # -> 2020-01-01 + 730 = 2021-12-31.
        ((Degree("master", "IT", True, D(2015, 1, 1)),), 3, D(2021, 12, 31)),
    ],
)
def test_cisa_waivers_capped_at_three(
    rules: list[RuleVersion], degrees: tuple[Degree, ...], waived: float, eligible_on: dt.date
) -> None:
    facts = Facts((job(D(2020, 1, 1), None, CISA),), degrees)
    result = answer("CISA", facts, rules, D(2020, 1, 2))
    assert result.waiver_years == waived
    assert result.eligible_on == eligible_on


def test_crisc_needs_domain_1_or_2(rules: list[RuleVersion]) -> None:
    other = {"CRISC": ["Risk Response and Reporting", "Information Technology and Security"]}
    result = answer("CRISC", Facts((job(D(2015, 1, 1), None, other),)), rules, D(2026, 1, 1))
    assert result.eligible_on is None
    assert result.missing == ("needs experience in Governance or IT Risk Assessment",)
    good = {"CRISC": ["Governance", "Risk Response and Reporting"]}
    # 3 years = 1,096 days -> 2020-01-01 + 1,095 = 2022-12-31.
    result = answer("CRISC", Facts((job(D(2020, 1, 1), None, good),)), rules, D(2022, 12, 31))
    assert result.eligible and result.eligible_on == D(2022, 12, 31)
    assert (
        answer("CRISC", Facts((job(D(2020, 1, 1), None, good),)), rules, D(2022, 12, 30)).eligible
        is False
    )
