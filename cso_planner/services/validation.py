"""Validation of drafts as plain functions: field name → message, empty when all is well.

The dialogs show each message next to its field and keep the input; the services call the
same functions before writing so a bad draft never reaches the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from cso_planner import limits
from cso_planner.db.models import ITEM_KINDS, ITEM_STATUSES
from cso_planner.services.drafts import ItemDraft, StageDraft

MAX_NAME_LENGTH = limits.MAX_NAME


def validate_plan_name(
    name: str, existing_names: Iterable[str], current_name: str | None = None
) -> dict[str, str]:
    """Check a plan name: not empty, not too long, not used by another plan."""
    cleaned = name.strip()
    if not cleaned:
        return {"name": "Give the plan a name."}
    if len(cleaned) > MAX_NAME_LENGTH:
        return {"name": f"Keep the name under {MAX_NAME_LENGTH} characters."}
    others = {n.casefold() for n in existing_names if n != current_name}
    if cleaned.casefold() in others:
        return {"name": f"A plan named “{cleaned}” already exists."}
    return {}


def validate_stage(draft: StageDraft) -> dict[str, str]:
    """Check a stage: a role, and an end that is not before the start."""
    errors: dict[str, str] = {}
    if not draft.role.strip():
        errors["role"] = "Name the role for this stage, e.g. “Security Manager”."
    elif len(draft.role.strip()) > MAX_NAME_LENGTH:
        errors["role"] = f"Keep the role under {MAX_NAME_LENGTH} characters."
    if draft.start is not None and draft.end is not None and draft.end < draft.start:
        errors["end"] = "The end date is before the start date."
    for field in ("start", "end"):
        message = limits.date_message(getattr(draft, field))
        if message:
            errors[field] = message
    return errors


def _check_amount(value: float | None, what: str, maximum: float) -> str | None:
    if value is None:
        return None
    if math.isnan(value) or math.isinf(value):
        return f"The {what} must be a number."
    if value < 0:
        return f"The {what} cannot be negative."
    if value > maximum:
        return f"That is more than {maximum:,.0f}; check the {what}."
    return None


def validate_item(draft: ItemDraft) -> dict[str, str]:
    """Check an item: title, known kind and status, non-negative cost and hours."""
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "Give the item a title."
    elif len(draft.title.strip()) > MAX_NAME_LENGTH:
        errors["title"] = f"Keep the title under {MAX_NAME_LENGTH} characters."
    if draft.kind not in ITEM_KINDS:
        errors["kind"] = f"Unknown kind “{draft.kind}”."
    if draft.status not in ITEM_STATUSES:
        errors["status"] = f"Unknown status “{draft.status}”."
    cost_error = _check_amount(draft.cost, "cost", limits.MAX_AMOUNT)
    if cost_error:
        errors["cost"] = cost_error
    hours_error = _check_amount(draft.hours, "number of study hours", limits.MAX_HOURS)
    if hours_error:
        errors["hours"] = hours_error
    due_error = limits.date_message(draft.due)
    if due_error:
        errors["due"] = due_error
    return errors
