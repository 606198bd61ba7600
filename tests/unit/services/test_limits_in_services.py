"""The services refuse what the importer refuses: every bound read from cso_planner.limits."""

from __future__ import annotations

import datetime as dt

import pytest

from cso_planner import limits
from cso_planner.money import Money
from cso_planner.services import budget
from cso_planner.services.certifications import HeldDraft, validate_held
from cso_planner.services.courses import CourseDraft, validate_course
from cso_planner.services.cpe import CpeDraft, validate_cpe
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.experience import ExperienceDraft, validate_experience
from cso_planner.services.profile import validate_weekly_study_hours
from cso_planner.services.validation import validate_item, validate_stage

FAR = dt.date(9999, 12, 31)
EARLY = dt.date(1, 1, 1)
DAY = dt.date(2026, 6, 1)


def test_money_bound_lives_in_limits() -> None:
    assert budget.MAX_AMOUNT == limits.MAX_AMOUNT
    assert "amount" in budget.validate_fee("exam:CISSP", Money(1e308, "USD"))


@pytest.mark.parametrize("field", ["expires_on", "target_date", "exam_date", "endorsed_on"])
def test_a_held_certification_date_beyond_the_span_is_refused(field: str) -> None:
    draft = HeldDraft("CISSP", "earned", earned_on=dt.date(2020, 1, 1), **{field: FAR})
    errors = validate_held(draft, ["CISSP"], [])
    assert errors[field] == "Choose a date from 1900 to 2200."


def test_the_last_day_of_the_span_is_a_valid_expiry() -> None:
    draft = HeldDraft("CISSP", "earned", earned_on=DAY, expires_on=limits.DATE_MAX)
    assert validate_held(draft, ["CISSP"], []) == {}


def test_plan_items_and_stages_are_bounded() -> None:
    errors = validate_item(ItemDraft("t", cost=1e308, hours=2.0**53, due=EARLY))
    assert set(errors) == {"cost", "hours", "due"}
    assert validate_item(ItemDraft("t", cost=limits.MAX_AMOUNT, hours=limits.MAX_HOURS)) == {}
    assert validate_item(ItemDraft("t" * (limits.MAX_NAME + 1)))["title"]
    assert set(validate_stage(StageDraft("Manager", start=EARLY, end=FAR))) == {"start", "end"}


def test_cpe_and_courses_are_bounded() -> None:
    cpe = validate_cpe(CpeDraft(EARLY, "Talk", 1e308), [])
    assert set(cpe) == {"date", "credits"}
    course = validate_course(CourseDraft("c", hours=2.0**53, cost=1e308, cpe_credits=1e308))
    assert set(course) == {"hours", "cost", "cpe_credits"}
    assert validate_course(CourseDraft("c", completed_on=EARLY))["completed_on"]
    at_most = CourseDraft("c", hours=limits.MAX_HOURS, cost=limits.MAX_AMOUNT)
    assert validate_course(at_most) == {}


def test_experience_is_bounded() -> None:
    errors = validate_experience(ExperienceDraft("Acme", "Analyst", EARLY, hours_per_week=0.5), {})
    assert set(errors) == {"start", "hours_per_week"}


@pytest.mark.parametrize(
    ("hours", "ok"),
    [(0, True), (0.1, True), (100, True), (5e-324, False), (0.05, False), (100.5, False)],
)
def test_weekly_study_hours_are_none_or_within_bounds(hours: float, ok: bool) -> None:
    assert (validate_weekly_study_hours(hours) == {}) is ok
