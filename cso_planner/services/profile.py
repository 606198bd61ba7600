"""The few profile facts the roadmap needs: weekly study budget and currency."""

from __future__ import annotations

import math

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Plan, Profile
from cso_planner.services.errors import InvalidDraftError

DEFAULT_WEEKLY_STUDY_HOURS = 6.0


def _profile(session: Session) -> Profile | None:
    return session.scalar(select(Profile).order_by(Profile.id).limit(1))


def has_profile(session: Session) -> bool:
    return _profile(session) is not None


def is_empty(session: Session) -> bool:
    """True for a fresh file: no profile and no plan (the first-run wizard is offered)."""
    return not has_profile(session) and session.scalar(select(Plan.id).limit(1)) is None


def weekly_study_hours(session: Session) -> float:
    profile = _profile(session)
    return profile.weekly_study_hours if profile else DEFAULT_WEEKLY_STUDY_HOURS


def currency(session: Session) -> str:
    profile = _profile(session)
    return profile.currency if profile else "USD"


def validate_weekly_study_hours(hours: float) -> dict[str, str]:
    if math.isnan(hours) or math.isinf(hours) or hours < 0:
        return {"weekly_study_hours": "Weekly study hours cannot be negative."}
    if hours > 100:
        return {"weekly_study_hours": "More than 100 study hours a week is not a plan."}
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
