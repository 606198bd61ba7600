"""Rule selection by date: inclusive bounds, user corrections, change days."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cso_planner.catalog import load_bundled_catalog
from cso_planner.eligibility import RuleVersion, rule_in_force
from cso_planner.eligibility.rules import change_days

D = dt.date


def test_waiver_list_versions_meet_without_gap(rules: list[RuleVersion]) -> None:
    before = rule_in_force(rules, "CISSP", "waiver_list", D(2026, 3, 31))
    after = rule_in_force(rules, "CISSP", "waiver_list", D(2026, 4, 1))
    assert before is not None and after is not None
    assert before.effective_to == D(2026, 3, 31)  # inclusive last day
    assert after.effective_from == D(2026, 4, 1)
    assert "CEH" in before.params["credentials"]
    assert "CEH" not in after.params["credentials"]
    assert {"CISM", "CCSP"} <= set(after.params["credentials"])


def test_user_correction_wins(rules: list[RuleVersion]) -> None:
    base = rule_in_force(rules, "CISSP", "experience", D(2026, 1, 1))
    assert base is not None
    mine = dataclasses.replace(base, key="CISSP/experience/mine", user_edited=True)
    assert rule_in_force([*rules, mine], "CISSP", "experience", D(2026, 1, 1)) is mine


def test_change_days(rules: list[RuleVersion]) -> None:
    assert change_days(rules, ["CISSP"], ["waiver_list"], D(2026, 1, 1)) == [D(2026, 4, 1)]
    assert change_days(rules, ["CISSP"], ["waiver_list"], D(2026, 4, 1)) == []
    assert change_days(rules, ["CPP"], ["experience"], D(2020, 6, 1)) == [D(2021, 1, 1)]


def test_every_rule_has_source_and_date(rules: list[RuleVersion]) -> None:
    # No rule can have been checked after the catalog it ships in was dated.
    released = dt.datetime.strptime(load_bundled_catalog().version, "%Y.%m.%d").date()
    for rule in rules:
        assert rule.sources and all(s.startswith("http") for s in rule.sources), rule.key
        assert rule.as_of <= released, rule.key
