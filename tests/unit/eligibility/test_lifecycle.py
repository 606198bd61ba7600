"""The certification lifecycle (active → in grace → suspended or expired), from the issuers'
wording, and the renewal forecast that reads it (no new cycle, no fee for a lapsed credential).

Wording (stored issuer pages, see tools/build_catalog.py LAPSE):
* ISC2 member policies v4.0: "All CPE activities must be earned and completed no later than 90
  days after the certification expiration date"; appeal policy: "All appeals need to be
  submitted prior to the end of the 2-year suspension period".
* CompTIA help centre: "CompTIA does offer a 30-day grace period after your expiration date to
  pay any outstanding CE fees or upload CEUs"; "you'll need to pass the current exam to regain
  certification".
* Reference, EC-Council: "Non-payment -> suspension after 60-day grace, then revocation".
* Reference, ASIS (rule_verification.md Q6): "3-month grace period after the end date to submit
  (not to earn) CPEs".
"""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner.dates import format_date
from cso_planner.eligibility import CpeEntry, Facts, HeldCert, RuleVersion, renewal_answers
from cso_planner.eligibility.lifecycle import (
    ACTIVE,
    EXPIRED,
    IN_GRACE,
    SUSPENDED,
    lifecycle_of,
    lifecycles,
    maintenance_params,
)
from cso_planner.eligibility.member_fee import Due, member_fee

D = dt.date


def state(rules: list[RuleVersion], cert: HeldCert, on: dt.date) -> str:
    found = lifecycle_of(cert, maintenance_params(rules, cert.code, on), on)
    assert found is not None
    return found.state


def test_isc2_grace_is_90_days_then_suspended_for_two_years(rules: list[RuleVersion]) -> None:
    cissp = HeldCert("CISSP", earned_on=D(2023, 6, 1), expires_on=D(2026, 5, 31))
    assert state(rules, cissp, D(2026, 5, 31)) == ACTIVE
    # 90 days after 31 May 2026 is 29 August 2026.
    assert state(rules, cissp, D(2026, 8, 29)) == IN_GRACE
    assert state(rules, cissp, D(2026, 8, 30)) == SUSPENDED
    # "the 2-year suspension period": after it, re-certify (retest).
    assert state(rules, cissp, D(2028, 8, 29)) == SUSPENDED
    assert state(rules, cissp, D(2028, 8, 30)) == EXPIRED


@pytest.mark.parametrize(
    ("code", "last_grace_day", "after"),
    [
        ("Security+", D(2025, 3, 30), EXPIRED),  # CompTIA: 30 days after 28 Feb 2025
        ("CEH", D(2025, 4, 29), SUSPENDED),  # EC-Council: 60 days, then suspension
        ("CPP", D(2025, 5, 28), EXPIRED),  # ASIS: 3 months after the end date
    ],
)
def test_grace_periods_of_other_issuers(
    rules: list[RuleVersion], code: str, last_grace_day: dt.date, after: str
) -> None:
    cert = HeldCert(code, earned_on=D(2022, 3, 1), expires_on=D(2025, 2, 28))
    assert state(rules, cert, D(2025, 2, 28)) == ACTIVE
    assert state(rules, cert, last_grace_day) == IN_GRACE
    assert state(rules, cert, last_grace_day + dt.timedelta(days=1)) == after


def test_an_issuer_without_a_known_grace_expires_the_next_day(rules: list[RuleVersion]) -> None:
    cism = HeldCert("CISM", earned_on=D(2021, 8, 1), expires_on=D(2025, 12, 31))
    assert state(rules, cism, D(2025, 12, 31)) == ACTIVE
    assert state(rules, cism, D(2026, 1, 1)) == EXPIRED
    life = lifecycle_of(cism, maintenance_params(rules, "CISM", D(2026, 1, 1)), D(2026, 1, 1))
    assert life is not None and "grace period is not known" in life.headline()


def test_renewal_is_never_assumed(rules: list[RuleVersion]) -> None:
    # No expiry recorded: the first cycle's end is the (estimated) expiry.
    plus = HeldCert("Security+", earned_on=D(2015, 6, 1))
    life = lifecycle_of(
        plus, maintenance_params(rules, "Security+", D(2026, 12, 4)), D(2026, 12, 4)
    )
    assert life is not None
    assert life.state == EXPIRED and life.expires_on == D(2018, 5, 31) and life.expiry_estimated
    assert f"Expired {format_date(D(2018, 5, 31))} (estimated)" in life.headline()
    # The person records the renewal (a new expiry): active again, labelled as entered.
    renewed = HeldCert("Security+", earned_on=D(2015, 6, 1), expires_on=D(2027, 5, 31))
    assert state(rules, renewed, D(2026, 12, 4)) == ACTIVE


def test_marked_expired_is_never_active(rules: list[RuleVersion]) -> None:
    cert = HeldCert("CISSP", status="expired", earned_on=D(2025, 1, 1), expires_on=D(2027, 12, 31))
    assert state(rules, cert, D(2026, 1, 1)) == EXPIRED


def test_planned_certifications_have_no_lifecycle(rules: list[RuleVersion]) -> None:
    facts = Facts(certifications=(HeldCert("CISM", status="studying"),))
    assert lifecycles(facts, rules, D(2026, 1, 1)) == {}


def test_security_plus_expired_2018_gets_no_new_cycle_nor_fee(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(HeldCert("Security+", earned_on=D(2015, 6, 1), expires_on=D(2018, 5, 31)),)
    )
    (a,) = renewal_answers(facts, rules, D(2026, 12, 4))
    # The cycle that ended, not a fresh 2024-2027 one.
    assert (a.cycle_start, a.cycle_end) == (D(2015, 6, 1), D(2018, 5, 31))
    assert a.state == EXPIRED and a.status == EXPIRED
    assert a.next_fee_date is None and a.next_fee_usd is None
    assert a.warnings[0].startswith(f"Expired {format_date(D(2018, 5, 31))} — re-certify")
    # Nothing logged in that cycle: it ended 50 CEUs short.
    assert a.shortfall and a.cpe_remaining == 50


def test_cissp_past_its_grace_reads_reinstate_or_recertify(rules: list[RuleVersion]) -> None:
    # Expiry 31 May 2026, past ISC2's 90-day grace on 4 Dec 2026; 70 Group A logged in the
    # cycle 1 Jun 2023 - 31 May 2026 that ended.
    facts = Facts(
        certifications=(HeldCert("CISSP", earned_on=D(2023, 6, 1), expires_on=D(2026, 5, 31)),),
        cpe=(CpeEntry(D(2024, 3, 1), 70, "A", frozenset({"CISSP"})),),
    )
    (a,) = renewal_answers(facts, rules, D(2026, 12, 4))
    assert (a.cycle_start, a.cycle_end) == (D(2023, 6, 1), D(2026, 5, 31))
    assert a.state == SUSPENDED
    assert a.warnings[0].startswith(
        f"Expired {format_date(D(2026, 5, 31))} — reinstate or re-certify"
    )
    # 120 required, 90 of them Group A: 50 short in all (20 of them Group A).
    assert a.cpe_earned == 70 and a.cpe_remaining == 50 and a.shortfall
    assert "the cycle that ended was 20 Group A CPE short" in a.warnings
    assert a.next_fee_date is None


def test_in_grace_shows_the_cycle_that_ended(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(HeldCert("CISSP", earned_on=D(2023, 6, 1), expires_on=D(2026, 5, 31)),)
    )
    (a,) = renewal_answers(facts, rules, D(2026, 7, 1))
    assert a.state == IN_GRACE and a.grace_ends == D(2026, 8, 29)
    assert a.cycle_end == D(2026, 5, 31)
    assert "in the grace period until" in a.warnings[0]


def test_one_isc2_fee_for_two_credentials(rules: list[RuleVersion]) -> None:
    # "AMF $135 (single AMF regardless of number of ISC2 certs)" (reference, CISSP notes).
    facts = Facts(
        certifications=(
            HeldCert("CISSP", earned_on=D(2024, 3, 1), expires_on=D(2027, 2, 28)),
            HeldCert("CCSP", earned_on=D(2025, 9, 1), expires_on=D(2028, 8, 31)),
        )
    )
    by_code = {a.code: a for a in renewal_answers(facts, rules, D(2026, 1, 10))}
    fees = [(a.code, a.next_fee_date, a.next_fee_usd) for a in by_code.values() if a.next_fee_usd]
    assert fees == [("CISSP", D(2026, 3, 1), 135)]
    assert by_code["CISSP"].fee_covers == ("CCSP", "CISSP")
    assert by_code["CCSP"].fee_covered_by == "CISSP"


def test_a_lapsed_isc2_credential_does_not_carry_the_member_fee(rules: list[RuleVersion]) -> None:
    facts = Facts(
        certifications=(
            HeldCert("CISSP", earned_on=D(2020, 6, 1), expires_on=D(2023, 5, 31)),
            HeldCert("CCSP", earned_on=D(2025, 9, 1), expires_on=D(2028, 8, 31)),
        )
    )
    by_code = {a.code: a for a in renewal_answers(facts, rules, D(2026, 1, 10))}
    assert by_code["CISSP"].next_fee_usd is None and by_code["CISSP"].fee_covered_by is None
    assert (by_code["CCSP"].next_fee_date, by_code["CCSP"].next_fee_usd) == (D(2026, 9, 1), 135)


def test_member_fee_is_the_highest_on_the_earliest_day() -> None:
    fee = member_fee([Due(D(2026, 9, 1), 135, "CCSP"), Due(D(2026, 3, 1), 50, "CC")])
    assert (fee.day, fee.amount, fee.code, fee.codes) == (D(2026, 3, 1), 135, "CC", ("CC", "CCSP"))
