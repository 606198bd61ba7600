"""The person's profile and degrees: the study budget and currency the roadmap needs, and the
whole profile and education as edited after the first-run wizard.

Degrees matter beyond the profile: the eligibility engine reads them for experience waivers
(an IT-related bachelor's waives a year of CISSP experience, CPP's requirement falls with the
degree level...). Functions take the caller's session and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.db.models import EDUCATION_LEVELS, Education, Plan, Profile
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.plan_template import TRACKS

DEFAULT_WEEKLY_STUDY_HOURS = 6.0


def _profile(session: Session) -> Profile | None:
    return session.scalar(select(Profile).order_by(Profile.id).limit(1))


def has_profile(session: Session) -> bool:
    return _profile(session) is not None


def is_empty(session: Session) -> bool:
    """True for a fresh file: no profile and no plan (the first-run wizard is offered)."""
    return not has_profile(session) and session.scalar(select(Plan.id).limit(1)) is None


# The single values below are read as one column, not the whole row: a screen reloads after
# an edit only when the edit changed a column its reads used (cso_planner.db.changes), and
# the budget's currency does not depend on the study hours.


def weekly_study_hours(session: Session) -> float:
    hours = session.scalar(select(Profile.weekly_study_hours).order_by(Profile.id).limit(1))
    return hours if hours is not None else DEFAULT_WEEKLY_STUDY_HOURS


def currency(session: Session) -> str:
    code = session.scalar(select(Profile.currency).order_by(Profile.id).limit(1))
    return code if code is not None else "USD"


def validate_weekly_study_hours(hours: float) -> dict[str, str]:
    if math.isnan(hours) or math.isinf(hours) or hours < 0:
        return {"weekly_study_hours": "Weekly study hours cannot be negative."}
    if hours > limits.WEEKLY_STUDY_HOURS_MAX:
        most = f"{limits.WEEKLY_STUDY_HOURS_MAX:g}"
        return {"weekly_study_hours": f"More than {most} study hours a week is not a plan."}
    if 0 < hours < limits.WEEKLY_STUDY_HOURS_MIN:
        least = f"{limits.WEEKLY_STUDY_HOURS_MIN:g}"
        return {"weekly_study_hours": f"Enter 0 (no study time) or at least {least} hours."}
    return {}


def set_weekly_study_hours(session: Session, hours: float) -> float:
    """Set the weekly study budget (creating an unnamed profile if needed); returns the old."""
    errors = validate_weekly_study_hours(hours)
    if errors:
        raise InvalidDraftError(errors)
    profile = _profile(session)
    if profile is None:
        profile = Profile(name="", weekly_study_hours=DEFAULT_WEEKLY_STUDY_HOURS)
        session.add(profile)
    old = profile.weekly_study_hours
    profile.weekly_study_hours = hours
    session.flush()
    return old


# --- the whole profile and the degrees -------------------------------------------------------

MAX_TEXT = limits.MAX_NAME
EARLIEST_YEAR = 1950
# Expected degrees may be entered this many years ahead (the wizard asks the same).
DEGREE_YEARS_AHEAD = 10
TARGET_YEARS_AHEAD = 60
# Offered in the currency box; any three-letter ISO 4217 code is accepted.
COMMON_CURRENCIES: tuple[str, ...] = ("USD", "EUR", "GBP", "CHF", "CAD", "AUD", "INR", "JPY")
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def degree_date_span(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates a degree's completion may have (what :func:`validate_education` accepts)."""
    today = today or dt.date.today()
    return dt.date(EARLIEST_YEAR, 1, 1), dt.date(today.year + DEGREE_YEARS_AHEAD, 12, 31)


def target_date_span(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The dates a career target may have (what :func:`validate_profile` accepts)."""
    today = today or dt.date.today()
    return dt.date(EARLIEST_YEAR, 1, 1), dt.date(today.year + TARGET_YEARS_AHEAD, 12, 31)


@dataclasses.dataclass(frozen=True)
class ProfileDraft:
    """Everything the profile form edits (the ``profile`` row as plain values)."""

    name: str
    current_role: str = ""
    career_start_year: int | None = None
    target_role: str = "CSO"
    target_date: dt.date | None = None
    track: str = "technical"
    weekly_study_hours: float = DEFAULT_WEEKLY_STUDY_HOURS
    currency: str = "USD"


@dataclasses.dataclass(frozen=True)
class EducationDraft:
    """One degree: level (associate..doctorate), field, IT-related, completion (or due) date."""

    level: str
    field: str = ""
    it_related: bool = False
    completed_on: dt.date | None = None


def _profile_draft(row: Profile) -> ProfileDraft:
    return ProfileDraft(
        name=row.name,
        current_role=row.current_role,
        career_start_year=row.career_start_year,
        target_role=row.target_role,
        target_date=row.target_date,
        track=row.track,
        weekly_study_hours=row.weekly_study_hours,
        currency=row.currency,
    )


def current_profile(session: Session) -> ProfileDraft | None:
    """The stored profile, or None when the file has none yet."""
    row = _profile(session)
    return _profile_draft(row) if row is not None else None


def load_profile_draft(session: Session) -> ProfileDraft:
    """The stored profile, or an empty one to fill in when the file has none yet."""
    return current_profile(session) or ProfileDraft(name="")


def _year_range_message(low: int, high: int) -> str:
    return f"Enter a year from {low} to {high}."


def validate_profile(draft: ProfileDraft, today: dt.date | None = None) -> dict[str, str]:
    """Field -> message for each value that cannot be saved (empty when all is well).

    A target date in the past is allowed: the person may have reached it, and an old target
    must not stop them from correcting anything else. It may not be before their career start.
    """
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        errors["name"] = "Enter your name (it goes on the PDF cover)."
    elif len(name) > MAX_TEXT:
        errors["name"] = f"Keep the name under {MAX_TEXT} characters."
    if len(draft.current_role.strip()) > MAX_TEXT:
        errors["current_role"] = f"Keep the role under {MAX_TEXT} characters."
    start = draft.career_start_year
    if start is not None and not EARLIEST_YEAR <= start <= today.year:
        errors["career_start_year"] = (
            f"{_year_range_message(EARLIEST_YEAR, today.year)} Leave it empty if you have not "
            "started yet."
        )
    target_role = draft.target_role.strip()
    if not target_role:
        errors["target_role"] = "Enter the role you are aiming for, e.g. CSO or CISO."
    elif len(target_role) > MAX_TEXT:
        errors["target_role"] = f"Keep the target role under {MAX_TEXT} characters."
    if draft.target_date is not None:
        last = today.year + TARGET_YEARS_AHEAD
        if not EARLIEST_YEAR <= draft.target_date.year <= last:
            errors["target_date"] = f"Choose a target date from {EARLIEST_YEAR} to {last}."
        elif (
            start is not None
            and "career_start_year" not in errors
            and draft.target_date.year < start
        ):
            errors["target_date"] = "The target date is before your security career started."
    if draft.track not in TRACKS:
        errors["track"] = "Choose a track: " + ", ".join(TRACKS) + "."
    errors.update(validate_weekly_study_hours(draft.weekly_study_hours))
    if not _CURRENCY_CODE.fullmatch(draft.currency):
        errors["currency"] = "Enter a three-letter currency code such as USD, EUR or GBP."
    return errors


def validate_education(draft: EducationDraft, today: dt.date | None = None) -> dict[str, str]:
    """Field -> message for one degree. The field of study may be left empty."""
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    if draft.level not in EDUCATION_LEVELS:
        errors["level"] = "Choose a level: " + ", ".join(EDUCATION_LEVELS) + "."
    if len(draft.field.strip()) > MAX_TEXT:
        errors["field"] = f"Keep the field under {MAX_TEXT} characters."
    if draft.completed_on is not None:
        last = today.year + DEGREE_YEARS_AHEAD
        if not EARLIEST_YEAR <= draft.completed_on.year <= last:
            errors["completed_on"] = (
                f"Choose a date from {EARLIEST_YEAR} to {last} (a degree still in progress may "
                "have its expected date)."
            )
    return errors


def validate_education_list(
    drafts: Sequence[EducationDraft], today: dt.date | None = None
) -> dict[str, str]:
    """``education.<n>.<field>`` -> "Degree n: message" for every degree that cannot be saved."""
    errors: dict[str, str] = {}
    for n, draft in enumerate(drafts):
        for field, message in validate_education(draft, today).items():
            errors[f"education.{n}.{field}"] = f"Degree {n + 1}: {message}"
    return errors


def list_education(session: Session) -> list[EducationDraft]:
    """The degrees in the order they were entered (the eligibility engine's order)."""
    return [
        EducationDraft(level, field, it_related, completed_on)
        for level, field, it_related, completed_on in session.execute(
            select(
                Education.level, Education.field, Education.it_related, Education.completed_on
            ).order_by(Education.id)
        )
    ]


def _write_profile(session: Session, draft: ProfileDraft) -> None:
    row = _profile(session)
    if row is None:
        row = Profile(name="")
        session.add(row)
    row.name = draft.name.strip()
    row.current_role = draft.current_role.strip()
    row.career_start_year = draft.career_start_year
    row.target_role = draft.target_role.strip()
    row.target_date = draft.target_date
    row.track = draft.track
    row.weekly_study_hours = draft.weekly_study_hours
    row.currency = draft.currency
    session.flush()


def _write_education(session: Session, drafts: Sequence[EducationDraft]) -> None:
    session.execute(delete(Education))
    session.add_all(
        Education(
            level=d.level,
            field=d.field.strip(),
            it_related=d.it_related,
            completed_on=d.completed_on,
        )
        for d in drafts
    )
    session.flush()


def save_profile(session: Session, draft: ProfileDraft, today: dt.date | None = None) -> None:
    """Write the profile (creating the row when missing); nothing is written if it is invalid.

    Raises:
        InvalidDraftError: ``errors`` maps each bad field to its message.
    """
    errors = validate_profile(draft, today)
    if errors:
        raise InvalidDraftError(errors)
    _write_profile(session, draft)


def replace_education(
    session: Session, drafts: Sequence[EducationDraft], today: dt.date | None = None
) -> None:
    """Make the degrees exactly ``drafts``; nothing is written if any of them is invalid.

    Raises:
        InvalidDraftError: ``errors`` maps ``education.<n>.<field>`` to its message.
    """
    errors = validate_education_list(drafts, today)
    if errors:
        raise InvalidDraftError(errors)
    _write_education(session, drafts)


def save_profile_and_education(
    session: Session,
    draft: ProfileDraft,
    education: Sequence[EducationDraft],
    today: dt.date | None = None,
) -> None:
    """Both at once, checked before either is written (what the profile dialog saves).

    Raises:
        InvalidDraftError: every problem of the profile and of the degrees.
    """
    errors = validate_profile(draft, today) | validate_education_list(education, today)
    if errors:
        raise InvalidDraftError(errors)
    _write_profile(session, draft)
    _write_education(session, education)


def restore_profile(
    session: Session, draft: ProfileDraft | None, education: Sequence[EducationDraft]
) -> None:
    """Put back values read earlier from this file (undo): ``None`` removes the profile row.

    Not validated: the values came from the file, and an old profile may predate the rules
    (an unnamed profile made by the study-budget preference, say).
    """
    if draft is None:
        session.execute(delete(Profile))
        session.flush()
    else:
        _write_profile(session, draft)
    _write_education(session, education)
