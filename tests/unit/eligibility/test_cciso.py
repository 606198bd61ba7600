"""CCISO: years counted per domain, at most 3 years waived per domain, renamed domains."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cso_planner.eligibility import Facts, HeldCert, RuleVersion, rule_in_force

from .conftest import answer, job

D = dt.date


def pool(rules: list[RuleVersion]) -> list[str]:
    rule = rule_in_force(rules, "CCISO", "experience", D(2026, 1, 1))
    assert rule is not None
    return list(rule.params["domain_pool"])


def test_five_years_in_each_domain(rules: list[RuleVersion]) -> None:
    # 5 years in all 5 domains from 2015-01-01: 2015-01-01 + 1,826 = 2020-01-01.
    facts = Facts((job(D(2015, 1, 1), None, {"CCISO": pool(rules)}),))
    result = answer("CCISO", facts, rules, D(2026, 1, 1))
    assert result.eligible and result.eligible_on == D(2020, 1, 1)
    assert set(result.domain_years) == set(pool(rules))


def test_a_missing_domain_is_named(rules: list[RuleVersion]) -> None:
    four = pool(rules)[:1] + pool(rules)[2:]
    facts = Facts((job(D(2015, 1, 1), None, {"CCISO": four}),))
    result = answer("CCISO", facts, rules, D(2026, 1, 1))
    assert result.eligible_on is None
    assert result.missing == ("needs 5 more years in Organizational Executive Leadership",)


def test_one_domain_short(rules: list[RuleVersion]) -> None:
    # Governance only since 2022-01-01 (4 years through 2025-12-31 = 1,461 days = 4.0 years):
    # on 2026-01-01 it has 1,462 days = 4.0027 years, 0.9973 short -> "1 more year".
    names = pool(rules)
    facts = Facts(
        (
            job(D(2015, 1, 1), None, {"CCISO": names[1:]}),
            job(D(2022, 1, 1), None, {"CCISO": names[:1]}),
        )
    )
    result = answer("CCISO", facts, rules, D(2026, 1, 1))
    assert result.missing == (f"needs 1 more year in {names[0]}",)
    # 2022-01-01 + 1,826 = 2027-01-01.
    assert result.eligible_on == D(2027, 1, 1)


def test_per_domain_waiver_is_capped_at_three(rules: list[RuleVersion]) -> None:
    base = rule_in_force(rules, "CCISO", "experience", D(2026, 1, 1))
    assert base is not None
    params = dict(base.params)
    params["waivers"] = [
        {
            "id": "cism",
            "label": "CISM",
            "years": 4,
            "group": "cert",
            "when": {"credentials": ["CISM"]},
        }
    ]
    params["max_waiver_years"] = 4
    mine = dataclasses.replace(base, key="CCISO/mine", params=params, user_edited=True)
    facts = Facts(
        (job(D(2015, 1, 1), None, {"CCISO": pool(rules)}),),
        certifications=(HeldCert("CISM", earned_on=D(2014, 1, 1)),),
    )
    result = answer("CCISO", facts, [*rules, mine], D(2016, 1, 1))
    # Capped at 3 per domain: 2 years = 731 days -> 2015-01-01 + 730 = 2016-12-31.
    assert result.waiver_years == 3 and result.user_edited
    assert result.eligible_on == D(2016, 12, 31)


def test_old_domain_names_still_count(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2015, 1, 1), None, {"CCISO": ["Governance, Risk, Compliance"]}),))
    result = answer("CCISO", facts, rules, D(2026, 1, 1))
    assert result.domain_years["Governance, Risk, Compliance, and Audit Management"] > 10
