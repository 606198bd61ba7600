"""What-if answers on hypothetical changes leave the facts untouched."""

from __future__ import annotations

import datetime as dt

from cso_planner.eligibility import Degree, Facts, RuleVersion, Scenario, earned, what_if

from .conftest import job

D = dt.date
MGMT3 = {
    "CISM": [
        "Information Security Governance",
        "Incident Management",
        "Information Security Program",
    ]
}


def test_passing_cisa_moves_cism_forward(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2024, 1, 1), None, MGMT3, management=True),))
    on = D(2026, 1, 1)
    before = {a.code: a for a in what_if(facts, rules, on, Scenario())}
    # 5 years from 2024-01-01: +1,826 = 2028-12-31 (2024 and 2028 leap: 1,827 to 2029-01-01).
    assert before["CISM"].eligible_on == D(2028, 12, 31)
    after = {
        a.code: a
        for a in what_if(
            facts, rules, on, Scenario(certifications=(earned("CISA", D(2027, 5, 1)),))
        )
    }
    # CISA waives 2 years from 2027-05-01; 3 years (also the management years) are reached on
    # 2024-01-01 + 1,095 = 2026-12-31, so the waiver's own date binds: 2027-05-01.
    assert after["CISM"].eligible_on == D(2027, 5, 1)
    assert facts.certifications == ()


def test_future_job_and_degree(rules: list[RuleVersion]) -> None:
    facts = Facts((job(D(2024, 1, 1), D(2025, 12, 31), {"CISSP": ["Asset Security"]}),))
    on = D(2026, 1, 1)
    base = {a.code: a for a in what_if(facts, rules, on, Scenario())}
    assert base["CISSP"].eligible_on is None
    new_job = job(D(2026, 3, 1), None, {"CISSP": ["Security Operations"]})
    degree = Degree("bachelor", "IT", True, D(2026, 6, 1))
    answers = {a.code: a for a in what_if(facts, rules, on, Scenario((new_job,), (), (degree,)))}
    # 731 days logged (2024-2025); 4 years = 1,461 -> 730 more from 2026-03-01:
    # 2026-03-01 + 729 = 2028-02-28 (2026-03-01 + 365 = 2027-03-01, + 364 = 2028-02-28).
    assert answers["CISSP"].eligible_on == D(2028, 2, 28)
    assert not answers["CISSP"].eligible
