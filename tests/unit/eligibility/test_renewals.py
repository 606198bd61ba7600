"""Renewal forecasts per issuer: cycles, category rules, annual minimums, fees, endorsement."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.eligibility import (
    CpeEntry,
    Facts,
    HeldCert,
    RenewalAnswer,
    RuleVersion,
    renewal_answers,
)

D = dt.date


def one(facts: Facts, rules: list[RuleVersion], on: dt.date, code: str) -> RenewalAnswer:
    found = [a for a in renewal_answers(facts, rules, on) if a.code == code]
    assert len(found) == 1
    return found[0]


def cpe(day: dt.date, credits: float, category: str | None, *codes: str) -> CpeEntry:
    return CpeEntry(day, credits, category, frozenset(codes))


def test_isc2_group_a_minimum_and_group_b_cap(rules: list[RuleVersion]) -> None:
    # Certified 2023-05-15: cycle 2023-05-15..2026-05-14 (3 years, day before anniversary).
    facts = Facts(
        certifications=(HeldCert("CISSP", earned_on=D(2023, 5, 15)),),
        cpe=(cpe(D(2024, 1, 10), 80, "Group A", "CISSP"), cpe(D(2024, 2, 1), 40, "B", "CISSP")),
    )
    a = one(facts, rules, D(2025, 11, 22), "CISSP")
    assert (a.cycle_start, a.cycle_end) == (D(2023, 5, 15), D(2026, 5, 14))
    # Group B counts at most 30: 80 + 30 = 110 of 120; Group A needs 90 -> 10 more of A.
    assert a.cpe_earned == 110 and a.cpe_remaining == 10
    assert "needs 10 more Group A CPE" in a.warnings
    # AMF on the next anniversary, $135.
    assert (a.next_fee_date, a.next_fee_usd) == (D(2026, 5, 15), 135)


def test_isc2_next_cycle_and_pace(rules: list[RuleVersion]) -> None:
    # The person recorded the renewal (new expiry 2029-05-14): renewing is never assumed.
    renewed = HeldCert("CISSP", earned_on=D(2023, 5, 15), expires_on=D(2029, 5, 14))
    facts = Facts(
        certifications=(renewed,),
        cpe=(cpe(D(2026, 6, 1), 10, "A", "CISSP"),),
    )
    a = one(facts, rules, D(2027, 5, 14), "CISSP")
    assert (a.cycle_start, a.cycle_end) == (D(2026, 5, 15), D(2029, 5, 14))
    # 110 more over 2027-05-14..2029-05-14 (732 days = 24.05 months) = 4.57 a month, while
    # the pace so far is 10 in 365 days (0.83 a month): short.
    assert a.cpe_remaining == 110
    assert a.credits_per_month == pytest.approx(110 / (732 / (365.25 / 12)), rel=1e-6)
    assert a.shortfall


def test_fresh_cycle_is_not_judged(rules: list[RuleVersion]) -> None:
    facts = Facts(certifications=(HeldCert("CCSP", earned_on=D(2026, 1, 1)),))
    a = one(facts, rules, D(2026, 2, 1), "CCSP")
    assert a.cpe_required == 90 and not a.shortfall


def test_cissp_endorsement_deadline(rules: list[RuleVersion]) -> None:
    # Exam 2026-03-10, not endorsed: deadline 9 months later, 2026-12-10.
    held = HeldCert("CISSP", status="scheduled", exam_date=D(2026, 3, 10))
    a = one(Facts(certifications=(held,)), rules, D(2026, 11, 22), "CISSP")
    assert a.status == "endorsement pending"
    assert a.endorsement_deadline == D(2026, 12, 10)
    assert "endorse CISSP by 2026-12-10 (18 days left)" in a.warnings


def test_endorsed_cissp_has_no_deadline(rules: list[RuleVersion]) -> None:
    held = HeldCert(
        "CISSP", exam_date=D(2026, 1, 10), endorsed_on=D(2026, 3, 1), earned_on=D(2026, 3, 1)
    )
    assert (
        one(Facts(certifications=(held,)), rules, D(2026, 6, 1), "CISSP").endorsement_deadline
        is None
    )


@pytest.mark.parametrize(
    ("earned", "renewed", "on", "start", "end"),
    [
        # Rolling (certified after 2018): 1 May 2021 - 31 May 2024, then 1 Jun 2024 - 31 May 2027
        # (once the person recorded the renewal, the new expiry).
        (D(2021, 5, 1), None, D(2022, 1, 1), D(2021, 5, 1), D(2024, 5, 31)),
        (D(2021, 5, 1), D(2027, 5, 31), D(2024, 6, 15), D(2024, 6, 1), D(2027, 5, 31)),
        (D(2021, 5, 20), None, D(2024, 5, 31), D(2021, 5, 20), D(2024, 5, 31)),
        # Legacy (2015): 31 Dec of the 3rd full calendar year (2018), then calendar triples.
        (D(2015, 5, 10), None, D(2016, 1, 1), D(2015, 5, 10), D(2018, 12, 31)),
        (D(2015, 5, 10), D(2021, 12, 31), D(2019, 2, 1), D(2019, 1, 1), D(2021, 12, 31)),
    ],
)
def test_asis_cycles(
    rules: list[RuleVersion],
    earned: dt.date,
    renewed: dt.date | None,
    on: dt.date,
    start: dt.date,
    end: dt.date,
) -> None:
    held = HeldCert("CPP", earned_on=earned, expires_on=renewed)
    a = one(Facts(certifications=(held,)), rules, on, "CPP")
    assert (a.cycle_start, a.cycle_end) == (start, end)
    assert a.next_fee_date == end  # recertification fee at the end of the cycle


def test_asis_category_caps(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(HeldCert("PSP", earned_on=D(2021, 5, 1)),),
        cpe=(
            cpe(D(2022, 1, 1), 30, "membership", "PSP"),
            cpe(D(2022, 2, 1), 25, "Safety", "PSP"),
            cpe(D(2022, 3, 1), 10, None, "PSP"),
        ),
    )
    a = one(facts, rules, D(2023, 1, 1), "PSP")
    # Membership capped at 24, safety at 21, the uncategorised 10 count as educational: 55.
    assert a.category_earned == {"Membership": 24, "Safety": 21, "Educational": 10}
    assert a.cpe_earned == 55 and a.cpe_remaining == 5
    assert any("only 24 Membership CPE count" in w for w in a.warnings)


def test_isaca_annual_minimum(rules: list[RuleVersion]) -> None:
    # Certified 2022-08-01: first period 2023-01-01..2025-12-31.
    facts = Facts(
        certifications=(HeldCert("CISM", earned_on=D(2022, 8, 1)),),
        cpe=(
            cpe(D(2023, 3, 1), 10, None, "CISM", "CISA"),
            cpe(D(2024, 3, 1), 25, None, "CISM"),
            cpe(D(2025, 2, 1), 5, None, "CISM"),
        ),
    )
    a = one(facts, rules, D(2025, 7, 1), "CISM")
    assert (a.cycle_start, a.cycle_end) == (D(2023, 1, 1), D(2025, 12, 31))
    assert a.annual_minimum == 20 and a.annual_earned == 5
    assert "only 10 CPE in 2023; 20 are required a year" in a.warnings
    assert a.shortfall
    assert (a.next_fee_date, a.next_fee_usd) == (D(2026, 1, 1), 85)
    # 120 - 40 = 80 over 184 days (6.05 months) beats 15 for this year over the same days.
    assert a.credits_per_month == pytest.approx(80 / (184 / (365.25 / 12)), rel=1e-6)


def test_one_activity_counts_for_several_certifications(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(
            HeldCert("CISM", earned_on=D(2022, 8, 1)),
            HeldCert("CISA", earned_on=D(2022, 8, 1)),
        ),
        cpe=(cpe(D(2023, 3, 1), 10, None, "CISM", "CISA"),),
    )
    answers = renewal_answers(facts, rules, D(2023, 6, 1))
    assert [a.cpe_earned for a in answers] == [10, 10]


def test_giac_iapp_comptia_eccouncil_cycles(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(
            HeldCert("GSEC", earned_on=D(2022, 3, 1)),
            # Renewed once (recorded): the second 2-year term.
            HeldCert("CIPM", earned_on=D(2022, 3, 1), expires_on=D(2026, 2, 28)),
            HeldCert("Security+", earned_on=D(2022, 3, 1)),
            HeldCert("CCISO", earned_on=D(2022, 3, 1)),
        )
    )
    by_code = {a.code: a for a in renewal_answers(facts, rules, D(2024, 6, 1))}
    assert by_code["GSEC"].cycle_end == D(2026, 2, 28)  # 4 years, $499 at renewal
    assert (by_code["GSEC"].next_fee_date, by_code["GSEC"].next_fee_usd) == (D(2026, 2, 28), 499)
    assert (by_code["CIPM"].cycle_start, by_code["CIPM"].cycle_end) == (
        D(2024, 3, 1),
        D(2026, 2, 28),
    )
    assert by_code["Security+"].cpe_required == 50
    assert (by_code["CCISO"].next_fee_date, by_code["CCISO"].next_fee_usd) == (D(2025, 3, 1), 100)


def test_expiry_date_entered_wins(rules: list[RuleVersion]) -> None:
    held = HeldCert("CISSP", earned_on=D(2023, 5, 15), expires_on=D(2026, 5, 31))
    a = one(Facts(certifications=(held,)), rules, D(2025, 1, 1), "CISSP")
    assert a.cycle_end == D(2026, 5, 31) and a.cycle_basis == "the expiry date you entered"


def test_planned_certifications_are_skipped(rules: list[RuleVersion]) -> None:
    facts = Facts(certifications=(HeldCert("CISM", status="planned"),))
    assert renewal_answers(facts, rules, D(2026, 1, 1)) == []
