"""CISSP, SSCP and CCSP experience from ISC2's published rules.

Day arithmetic in the comments: a requirement of Y years is Y x 365.25 days of accrual, met on
the first day the accrued whole days reach it (5 years = 1826.25 -> 1,827 days).
"""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.eligibility import Degree, Facts, HeldCert, RuleVersion

from .conftest import answer, job

D = dt.date
SRM, ASSET, OPS = "Security and Risk Management", "Asset Security", "Security Operations"
TWO = {"CISSP": [SRM, ASSET]}


@pytest.mark.parametrize(
    ("facts", "on", "eligible", "eligible_on"),
    [
        # Full time from 2020-01-01 in two domains: 1,827th day = 2020-01-01 + 1,826 days
        # (366 + 365 + 365 + 365 + 365 days to 2024-12-31).
        (Facts((job(D(2020, 1, 1), None, TWO),)), D(2024, 12, 30), False, D(2024, 12, 31)),
        (Facts((job(D(2020, 1, 1), None, TWO),)), D(2024, 12, 31), True, D(2024, 12, 31)),
        # IT bachelor's waives 1 year: 4 x 365.25 = 1,461 days -> 2020-01-01 + 1,460 = 2023-12-31.
        (
            Facts(
                (job(D(2020, 1, 1), None, TWO),),
                degrees=(Degree("bachelor", "Computer Science", True, D(2019, 6, 1)),),
            ),
            D(2024, 1, 1),
            True,
            D(2023, 12, 31),
        ),
        # A non-IT degree does not waive anything for CISSP.
        (
            Facts(
                (job(D(2020, 1, 1), None, TWO),),
                degrees=(Degree("master", "History", False, D(2019, 6, 1)),),
            ),
            D(2024, 1, 1),
            False,
            D(2024, 12, 31),
        ),
        # Degree AND CISM: still only one year in total (cap), same date as the degree alone.
        (
            Facts(
                (job(D(2020, 1, 1), None, TWO),),
                degrees=(Degree("bachelor", "IT", True, D(2019, 6, 1)),),
                certifications=(HeldCert("CISM", earned_on=D(2019, 1, 1)),),
            ),
            D(2024, 1, 1),
            True,
            D(2023, 12, 31),
        ),
        # A waiver counts from the day it is granted: degree finished 2022-06-30 -> from then
        # 4 years suffice, which were reached on 2023-12-31 (later than the grant).
        (
            Facts(
                (job(D(2020, 1, 1), None, TWO),),
                degrees=(Degree("bachelor", "IT", True, D(2024, 6, 30)),),
            ),
            D(2024, 7, 1),
            True,
            D(2024, 6, 30),
        ),
    ],
)
def test_cissp_dates(
    rules: list[RuleVersion], facts: Facts, on: dt.date, eligible: bool, eligible_on: dt.date
) -> None:
    result = answer("CISSP", facts, rules, on)
    assert result.eligible is eligible
    assert result.eligible_on == eligible_on
    assert result.required_years == 5
    assert result.source.startswith("http") and result.as_of
    assert (result.missing == ()) is eligible


def test_cissp_second_domain_missing_is_impossible(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2015, 1, 1), None, {"CISSP": [OPS]}),))
    result = answer("CISSP", facts, rules, D(2026, 1, 1))
    assert not result.eligible and result.eligible_on is None
    assert "needs experience in a second CISSP domain" in result.missing
    # 11 years logged: no "more years" sentence.
    assert not any("more year" in m for m in result.missing)


def test_cissp_part_time_19_vs_20_hours(rules: list[RuleVersion]) -> None:
    on = D(2026, 1, 1)
    at19 = answer("CISSP", Facts((job(D(2020, 1, 1), None, TWO, hours=19),)), rules, on)
    assert at19.qualifying_years == 0 and at19.eligible_on is None
    assert any("under 20 hours" in c for c in at19.caveats)
    # 20 h/wk weighs 0.5: 1,826.25 / 0.5 = 3,652.5 -> 3,653 days -> 2020-01-01 + 3,652
    # = 2029-12-31 (2020-2029 holds 3 leap days: 3,650 + 3 = 3,653 days to 2030-01-01).
    at20 = answer("CISSP", Facts((job(D(2020, 1, 1), None, TWO, hours=20),)), rules, on)
    assert at20.eligible_on == D(2029, 12, 31)
    # 2020-01-01..2026-01-01 (the evaluation day counts) = 2,193 days x 0.5 = 1,096.5 days.
    assert at20.qualifying_years == pytest.approx(1096.5 / 365.25, abs=1e-4)
    assert at20.missing == ("needs 2 more years of experience",)


def test_cissp_overlaps_count_once(rules: list[RuleVersion]) -> None:
    # Two full-time jobs over the same 3 years (2020-2022 = 1,096 days) count 1,096 days.
    a = job(D(2020, 1, 1), D(2022, 12, 31), {"CISSP": [SRM]})
    b = job(D(2020, 1, 1), D(2022, 12, 31), {"CISSP": [ASSET]})
    result = answer("CISSP", Facts((a, b)), rules, D(2024, 1, 1))
    assert result.qualifying_years == pytest.approx(1096 / 365.25, abs=1e-4)
    # Two 20-hour jobs side by side make full time: same 1,096 days.
    a20 = job(D(2020, 1, 1), D(2022, 12, 31), {"CISSP": [SRM]}, hours=20)
    b20 = job(D(2020, 1, 1), D(2022, 12, 31), {"CISSP": [ASSET]}, hours=20)
    result = answer("CISSP", Facts((a20, b20)), rules, D(2024, 1, 1))
    assert result.qualifying_years == pytest.approx(1096 / 365.25, abs=1e-4)


def test_cissp_unpaid_internship_counts(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2020, 1, 1), None, TWO, paid=False),))
    assert answer("CISSP", facts, rules, D(2025, 1, 1)).eligible_on == D(2024, 12, 31)


def test_only_entries_tagged_for_the_certification_count(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2010, 1, 1), None, {"CISM": ["Incident Management"]}),))
    result = answer("CISSP", facts, rules, D(2026, 1, 1))
    assert result.qualifying_years == 0 and result.eligible_on is None


# --- the approved-credential list change of 2026-04-01 -------------------------------------

# Held and renewed (the expiry recorded; the app never assumes a renewal): in good standing.
CEH = HeldCert("CEH", earned_on=D(2021, 1, 1), expires_on=D(2027, 12, 31))
JOB_2022 = job(D(2022, 1, 1), None, TWO)


def test_ceh_waives_until_2026_03_31(rules: list[RuleVersion]) -> None:
    # With the CEH waiver: 4 years = 1,461 days -> 2022-01-01 + 1,460 = 2025-12-31.
    result = answer("CISSP", Facts((JOB_2022,), certifications=(CEH,)), rules, D(2026, 3, 31))
    assert result.eligible and result.eligible_on == D(2025, 12, 31)
    assert result.waiver_years == 1
    assert result.waiver == ("credential on ISC2's approved list",)


def test_ceh_no_longer_waives_from_2026_04_01(rules: list[RuleVersion]) -> None:
    # Without it: 5 years = 1,827 days -> 2022-01-01 + 1,826 = 2027-01-01.
    result = answer("CISSP", Facts((JOB_2022,), certifications=(CEH,)), rules, D(2026, 4, 1))
    assert not result.eligible and result.eligible_on == D(2027, 1, 1)
    assert result.waiver_years == 0
    assert result.missing == ("needs 0.8 more years of experience",)


def test_cism_still_waives_after_the_cut(rules: list[RuleVersion]) -> None:
    cism = HeldCert("CISM", earned_on=D(2021, 1, 1), expires_on=D(2027, 12, 31))
    result = answer("CISSP", Facts((JOB_2022,), certifications=(cism,)), rules, D(2026, 4, 1))
    assert result.eligible and result.eligible_on == D(2025, 12, 31)


def test_projection_crosses_the_list_change(rules: list[RuleVersion]) -> None:
    # Evaluated in 2025 with CEH: the waiver would give 2022-06-01 + 1,460 = 2026-05-31, but
    # the list changes on 2026-04-01 first, so the projection uses 5 years:
    # 2022-06-01 + 1,826 = 2027-06-01.
    facts = Facts((job(D(2022, 6, 1), None, TWO),), certifications=(CEH,))
    result = answer("CISSP", facts, rules, D(2025, 6, 1))
    assert result.waiver_years == 1  # today's list still has CEH
    assert result.eligible_on == D(2027, 6, 1)


def test_unverified_credential_is_flagged_not_counted(rules: list[RuleVersion]) -> None:
    sec = HeldCert("Security+", earned_on=D(2021, 1, 1), expires_on=D(2027, 12, 31))
    result = answer("CISSP", Facts((JOB_2022,), certifications=(sec,)), rules, D(2026, 5, 1))
    assert result.waiver_years == 0
    assert any("Security+ may be on the approved waiver list" in c for c in result.caveats)


def test_expired_credential_does_not_waive(rules: list[RuleVersion]) -> None:
    cism = HeldCert("CISM", status="expired", earned_on=D(2018, 1, 1))
    result = answer("CISSP", Facts((JOB_2022,), certifications=(cism,)), rules, D(2026, 5, 1))
    assert result.waiver_years == 0


# --- SSCP ------------------------------------------------------------------------------------

SSCP = {"SSCP": ["Access Controls"]}


@pytest.mark.parametrize(
    ("on", "eligible"),
    # 1 year = 365.25 days -> 366 days: 2025-01-01 + 365 = 2026-01-01.
    [(D(2025, 12, 31), False), (D(2026, 1, 1), True)],
)
def test_sscp_one_year_boundary(rules: list[RuleVersion], on: dt.date, eligible: bool) -> None:
    result = answer("SSCP", Facts((job(D(2025, 1, 1), None, SSCP),)), rules, on)
    assert result.eligible is eligible and result.eligible_on == D(2026, 1, 1)


def test_sscp_degree_waives_the_whole_year(rules: list[RuleVersion]) -> None:
    facts = Facts(degrees=(Degree("bachelor", "IT", True, D(2024, 6, 30)),))
    result = answer("SSCP", facts, rules, D(2025, 1, 1))
    assert result.eligible and result.eligible_on == D(2024, 6, 30)
    assert result.waiver_years == 1 and result.missing == ()


def test_sscp_associate_degree_does_not_waive(rules: list[RuleVersion]) -> None:
    facts = Facts(degrees=(Degree("associate", "IT", True, D(2024, 6, 30)),))
    result = answer("SSCP", facts, rules, D(2025, 1, 1))
    assert not result.eligible and result.eligible_on is None
    assert "needs 1 more year of experience" in result.missing


# --- CCSP ------------------------------------------------------------------------------------

CCSP = {"CCSP": ["Cloud Data Security"]}


def test_ccsp_cissp_waives_everything(rules: list[RuleVersion]) -> None:
    facts = Facts(certifications=(HeldCert("CISSP", earned_on=D(2023, 5, 1)),))
    result = answer("CCSP", facts, rules, D(2024, 1, 1))
    assert result.eligible and result.eligible_on == D(2023, 5, 1)
    assert result.waiver_years == 5


def test_ccsp_five_years_paid(rules: list[RuleVersion]) -> None:
    # 2020-01-01 + 1,826 = 2024-12-31 (as for CISSP).
    paid = answer("CCSP", Facts((job(D(2020, 1, 1), None, CCSP),)), rules, D(2025, 1, 1))
    assert paid.eligible_on == D(2024, 12, 31)
    # ISC2's CCSP wording says "paid": unpaid work is not counted.
    unpaid = Facts((job(D(2020, 1, 1), None, CCSP, paid=False),))
    assert answer("CCSP", unpaid, rules, D(2025, 1, 1)).qualifying_years == 0
    # CCSK (not in the catalog, but a valid held code) waives one year: 1,461 days.
    ccsk = Facts((job(D(2020, 1, 1), None, CCSP),), certifications=(HeldCert("CCSK"),))
    assert answer("CCSP", ccsk, rules, D(2025, 1, 1)).eligible_on == D(2023, 12, 31)
