"""Every row the person owns, exactly (ids included), so undoing an import puts back the very
rows it replaced.

An exchange document carries no row ids, so writing the previous data back as a document gave
every row a new id, and the undo steps recorded before the import (which name rows by id) then
edited or deleted the wrong rows, or failed on a unique constraint. A :class:`UserRows`
snapshot holds the column values of every user table and the user's columns of every rule;
:func:`restore_user_rows` clears the user's data and inserts those rows again with their ids,
in the caller's transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.orm import Session

from cso_planner.db.models import Attachment, Rule
from cso_planner.exchange.importer import USER_TABLES, clear_user_data
from cso_planner.services import rule_overrides

_BATCH = 5000
# Proof attachments hang off CPE activities, courses, certifications and jobs: an import
# deletes them with their owners (ON DELETE CASCADE), so undo must bring them back too.
_CHILDREN = (Attachment,)


@dataclasses.dataclass(frozen=True)
class UserRows:
    """Column values of each user table (by table name, in id order) and rule corrections."""

    tables: Mapping[str, Sequence[Mapping[str, Any]]]
    rules: Mapping[str, rule_overrides.OverrideState]


def take_user_rows(session: Session) -> UserRows:
    """The user's rows as they are now (read in the caller's transaction)."""
    tables: dict[str, list[Mapping[str, Any]]] = {}
    for model in (*_CHILDREN, *USER_TABLES):
        table = cast(Table, model.__table__)
        order = list(table.primary_key.columns)
        rows = session.execute(select(table).order_by(*order)).mappings()
        tables[table.name] = [dict(row) for row in rows]
    edited = session.execute(
        select(Rule.key, Rule.user_params_json, Rule.user_notes, Rule.user_edited_on).where(
            or_(
                Rule.user_params_json.is_not(None),
                Rule.user_notes != "",
                Rule.user_edited_on.is_not(None),
            )
        )
    )
    rules = {
        key: rule_overrides.OverrideState(
            user_params_json=params, user_notes=notes, user_edited_on=edited_on
        )
        for key, params, notes, edited_on in edited
    }
    return UserRows(tables, rules)


def restore_user_rows(session: Session, rows: UserRows) -> None:
    """Replace the user's data with ``rows``: same ids, same values, same rule corrections."""
    session.flush()
    clear_user_data(session)
    for model in (*reversed(USER_TABLES), *_CHILDREN):  # parents before children
        table = cast(Table, model.__table__)
        values = rows.tables.get(table.name, ())
        for start in range(0, len(values), _BATCH):
            session.execute(insert(table), list(values[start : start + _BATCH]))
    for key, state in sorted(rows.rules.items()):
        rule_overrides.restore_override(session, key, state)
    session.expire_all()
