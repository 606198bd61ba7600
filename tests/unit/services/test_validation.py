"""Form validation as plain functions: field → message."""

from __future__ import annotations

import datetime as dt
import math

from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.validation import validate_item, validate_plan_name, validate_stage


def test_plan_name() -> None:
    assert validate_plan_name("", [])["name"] == "Give the plan a name."
    assert "already exists" in validate_plan_name("main", ["Main"])["name"]
    assert validate_plan_name("Main", ["Main"], current_name="Main") == {}


def test_stage() -> None:
    assert set(validate_stage(StageDraft(" "))) == {"role"}
    bad = StageDraft("CSO", dt.date(2030, 1, 2), dt.date(2030, 1, 1))
    assert validate_stage(bad) == {"end": "The end date is before the start date."}
    assert validate_stage(StageDraft("CSO", dt.date(2030, 1, 1), dt.date(2030, 1, 1))) == {}


def test_item() -> None:
    errors = validate_item(ItemDraft("", kind="nope", status="x", cost=-5, hours=math.nan))
    assert set(errors) == {"title", "kind", "status", "cost", "hours"}
    assert errors["cost"] == "The cost cannot be negative."
    assert validate_item(ItemDraft("CISSP", cost=749, hours=0)) == {}
