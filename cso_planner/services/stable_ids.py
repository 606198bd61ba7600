"""A row that undo or redo brings back keeps its stable id (the ``uuid`` column, 0002_stable_ids).

Undo re-inserts a deleted CPE activity, course, job or held certification under its old
integer id, but the insert draws a fresh uuid; calendar UIDs (ICS) and exported ids are made
from the uuid, so after "delete, undo" a calendar would see a new event and an export a new
record. The undo commands take the uuid before the row goes (:func:`take`) and give it back
after the row is re-inserted (:func:`give_back`), in the same transaction.

The table is found from the service function that deletes the row, so every command built on
those functions keeps the uuid without its screen naming a table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from cso_planner.db.models import Course, CpeActivity, ExperienceEntry, HeldCertification
from cso_planner.services import certifications, courses, cpe, experience

MODEL_OF_DELETE: dict[Callable[..., Any], type[Any]] = {
    cpe.delete_activity: CpeActivity,
    courses.delete_course: Course,
    experience.delete_entry: ExperienceEntry,
    certifications.delete_held: HeldCertification,
}


def model_for(delete: Callable[..., Any]) -> type[Any] | None:
    """The table whose rows ``delete`` removes (None: not one with a stable id)."""
    return MODEL_OF_DELETE.get(delete)


def take(session: Session, model: type[Any] | None, row_id: int | None) -> str | None:
    """The uuid of the row, read before it is deleted (None when there is nothing to keep)."""
    if model is None or row_id is None:
        return None
    row = session.get(model, row_id)
    return None if row is None else row.uuid


def give_back(session: Session, model: type[Any] | None, row_id: int, value: str | None) -> None:
    """Put ``value`` back as the uuid of the re-inserted row ``row_id``."""
    if model is None or value is None:
        return
    row = session.get(model, row_id)
    if row is not None and row.uuid != value:
        row.uuid = value
        session.flush()
