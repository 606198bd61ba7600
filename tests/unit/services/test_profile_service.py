"""The profile and education service: drafts, validation, round trips and eligibility effects."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from cso_planner.db.models import Education, Profile
from cso_planner.db.opening import Database
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.services import experience
from cso_planner.services import profile as svc
from cso_planner.services.errors import InvalidDraftError, PlanningError
from cso_planner.services.facts import eligibility_answers
from cso_planner.services.profile import EducationDraft, ProfileDraft

D = dt.date
TODAY = D(2025, 3, 1)

ALEX = ProfileDraft(
    name="Alex Morgan",
    current_role="Security Analyst",
    career_start_year=2018,
    target_role="CSO",
    target_date=D(2035, 6, 30),
    track="corporate",
    weekly_study_hours=8.0,
    currency="EUR",
)
IT_BACHELOR = EducationDraft("bachelor", "Computer Science", True, D(2017, 6, 30))
MBA = EducationDraft("master", "Business Administration", False, None)


def count(db: Database, model: type[Profile] | type[Education]) -> int:
    with db.session_factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_an_empty_file_has_no_profile_and_an_empty_draft(db: Database) -> None:
    with db.session_factory() as s:
        assert svc.current_profile(s) is None
        draft = svc.load_profile_draft(s)
        assert svc.list_education(s) == []
    assert draft.name == "" and draft.track == "technical" and draft.currency == "USD"
    assert draft.weekly_study_hours == svc.DEFAULT_WEEKLY_STUDY_HOURS
    # The empty draft is not savable as it is: a name is needed.
    assert set(svc.validate_profile(draft, TODAY)) == {"name"}


def test_save_creates_the_row_then_updates_it(db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.save_profile(s, dataclasses.replace(ALEX, name="  Alex Morgan  "), TODAY)
    with db.session_factory() as s:
        assert svc.load_profile_draft(s) == ALEX  # stripped
        assert svc.weekly_study_hours(s) == 8.0 and svc.currency(s) == "EUR"
    changed = dataclasses.replace(ALEX, career_start_year=None, target_date=None, track="executive")
    with db.session_factory.begin() as s:
        svc.save_profile(s, changed, TODAY)
    with db.session_factory() as s:
        assert svc.current_profile(s) == changed
    assert count(db, Profile) == 1


def test_save_keeps_the_row_the_study_budget_made(db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.set_weekly_study_hours(s, 12)
        old_id = s.scalar(select(Profile.id))
    with db.session_factory() as s:
        unnamed = svc.load_profile_draft(s)
    assert unnamed.name == "" and unnamed.target_role == "" and unnamed.weekly_study_hours == 12
    assert set(svc.validate_profile(unnamed, TODAY)) == {"name", "target_role"}
    with db.session_factory.begin() as s:
        svc.save_profile(s, dataclasses.replace(unnamed, name="Sam", target_role="CISO"), TODAY)
    with db.session_factory() as s:
        assert s.scalar(select(Profile.id)) == old_id
        assert svc.weekly_study_hours(s) == 12


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"current_role": "r" * 201}, "current_role"),
        ({"career_start_year": 1949}, "career_start_year"),
        ({"career_start_year": 2026}, "career_start_year"),
        ({"target_role": ""}, "target_role"),
        ({"target_date": D(2017, 12, 31)}, "target_date"),  # before the career started
        ({"target_date": D(2090, 1, 1)}, "target_date"),
        ({"track": "sideways"}, "track"),
        ({"weekly_study_hours": -1.0}, "weekly_study_hours"),
        ({"weekly_study_hours": 101.0}, "weekly_study_hours"),
        ({"weekly_study_hours": float("nan")}, "weekly_study_hours"),
        ({"currency": "usd"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": ""}, "currency"),
    ],
)
def test_validation_names_the_bad_field(change: dict[str, object], field: str) -> None:
    errors = svc.validate_profile(dataclasses.replace(ALEX, **change), TODAY)  # type: ignore[arg-type]
    assert list(errors) == [field]
    assert errors[field].endswith(".")


def test_validation_accepts_the_edges_and_a_past_target() -> None:
    for change in (
        {"career_start_year": 1950},
        {"career_start_year": 2025},
        {"career_start_year": None, "target_date": D(2001, 1, 1)},
        {"target_date": D(2024, 1, 1)},  # reached (or missed): still allowed
        {"target_date": None},
        {"weekly_study_hours": 0.0},
        {"weekly_study_hours": 100.0},
        {"current_role": ""},
        {"currency": "CHF"},
    ):
        assert svc.validate_profile(dataclasses.replace(ALEX, **change), TODAY) == {}, change


def test_education_validation() -> None:
    assert svc.validate_education(IT_BACHELOR, TODAY) == {}
    assert svc.validate_education(EducationDraft("bachelor"), TODAY) == {}  # field optional
    assert svc.validate_education(EducationDraft("master", completed_on=D(2035, 6, 1)), TODAY) == {}
    assert set(svc.validate_education(EducationDraft("phd"), TODAY)) == {"level"}
    assert set(svc.validate_education(EducationDraft("bachelor", "f" * 201), TODAY)) == {"field"}
    too_late = EducationDraft("bachelor", completed_on=D(2036, 1, 1))
    assert set(svc.validate_education(too_late, TODAY)) == {"completed_on"}
    too_early = EducationDraft("bachelor", completed_on=D(1949, 12, 31))
    assert set(svc.validate_education(too_early, TODAY)) == {"completed_on"}
    errors = svc.validate_education_list([IT_BACHELOR, EducationDraft("phd")], TODAY)
    assert list(errors) == ["education.1.level"]
    assert errors["education.1.level"].startswith("Degree 2: ")


def test_education_round_trip_in_order(db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.replace_education(s, [IT_BACHELOR, MBA], TODAY)
    with db.session_factory() as s:
        assert svc.list_education(s) == [IT_BACHELOR, MBA]
    with db.session_factory.begin() as s:
        svc.replace_education(s, [MBA, dataclasses.replace(IT_BACHELOR, field=" CS ")], TODAY)
    with db.session_factory() as s:
        assert svc.list_education(s) == [MBA, dataclasses.replace(IT_BACHELOR, field="CS")]
    with db.session_factory.begin() as s:
        svc.replace_education(s, [], TODAY)
    assert count(db, Education) == 0


def test_refusals_write_nothing(db: Database) -> None:
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError) as info:
        svc.save_profile(s, dataclasses.replace(ALEX, name=""), TODAY)
    assert set(info.value.errors) == {"name"}
    assert isinstance(info.value, PlanningError)
    assert count(db, Profile) == 0

    with db.session_factory.begin() as s:
        svc.save_profile_and_education(s, ALEX, [IT_BACHELOR], TODAY)
    bad_degree = [MBA, EducationDraft("phd")]
    with db.session_factory.begin() as s, pytest.raises(InvalidDraftError) as info:
        svc.replace_education(s, bad_degree, TODAY)
    assert set(info.value.errors) == {"education.1.level"}
    # Both at once: checked before either is written, so the profile is untouched too.
    with db.session_factory() as s, pytest.raises(InvalidDraftError) as info:
        svc.save_profile_and_education(
            s, dataclasses.replace(ALEX, name="Changed", weekly_study_hours=-3), bad_degree, TODAY
        )
        assert svc.load_profile_draft(s) == ALEX  # not even flushed in this session
    assert set(info.value.errors) == {"weekly_study_hours", "education.1.level"}
    with db.session_factory() as s:
        assert svc.current_profile(s) == ALEX
        assert svc.list_education(s) == [IT_BACHELOR]


def test_restore_puts_back_what_was_read_even_an_unnamed_profile(db: Database) -> None:
    with db.session_factory.begin() as s:
        svc.save_profile_and_education(s, ALEX, [IT_BACHELOR, MBA], TODAY)
    unnamed = ProfileDraft(name="", weekly_study_hours=3.0)
    with db.session_factory.begin() as s:
        svc.restore_profile(s, unnamed, [MBA])
    with db.session_factory() as s:
        assert svc.current_profile(s) == unnamed and svc.list_education(s) == [MBA]
    with db.session_factory.begin() as s:
        svc.restore_profile(s, None, [])
    assert count(db, Profile) == 0 and count(db, Education) == 0
    with db.session_factory() as s:
        assert svc.is_empty(s)


def _cissp_job(db: Database) -> None:
    job = experience.ExperienceDraft(
        employer="Acme Bank",
        title="Security Analyst",
        start=D(2021, 1, 1),
        end=D(2023, 12, 31),
        domains=(("CISSP", "Security Operations"),),
    )
    with db.session_factory.begin() as s:
        experience.add_entry(s, job)


def _answers(db: Database) -> dict[str, EligibilityAnswer]:
    with db.session_factory() as s:
        return {a.code: a for a in eligibility_answers(s, TODAY)}


def test_an_it_bachelors_adds_the_cissp_waiver_year(db: Database) -> None:
    _cissp_job(db)
    before = _answers(db)["CISSP"]
    assert before.waiver_years == 0
    assert before.qualifying_years > 2.9

    with db.session_factory.begin() as s:  # a degree outside IT does not waive CISSP time
        svc.save_profile_and_education(s, ALEX, [MBA], TODAY)
    assert _answers(db)["CISSP"].waiver_years == 0

    with db.session_factory.begin() as s:
        svc.save_profile_and_education(s, ALEX, [MBA, IT_BACHELOR], TODAY)
    after = _answers(db)
    assert after["CISSP"].waiver_years == 1
    assert after["CISSP"].waiver
    assert after["CPP"].waiver_years >= 1

    with db.session_factory.begin() as s:  # and removing it takes the waiver away again
        svc.replace_education(s, [MBA], TODAY)
    assert _answers(db)["CISSP"].waiver_years == 0
