"""Undo support: deleted rows come back with the same ids, positions and dependencies."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from cso_planner.db.models import Course
from cso_planner.db.opening import Database
from cso_planner.services import plans, snapshots
from cso_planner.services.drafts import ItemDraft, StageDraft


def _dump(db: Database) -> list[tuple[object, ...]]:
    with db.session_factory() as s:
        rows: list[tuple[object, ...]] = []
        for table in ("plan", "stage", "plan_item", "item_dependency", "course"):
            rows += [(table, *r) for r in s.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))]
        return rows


@pytest.fixture
def ids(db: Database) -> dict[str, int]:
    with db.session_factory.begin() as s:
        p = plans.create_plan(s, "Main")
        a = plans.add_stage(s, p, StageDraft("Analyst"))
        b = plans.add_stage(s, p, StageDraft("Manager"))
        c = plans.add_stage(s, p, StageDraft("Director"))
        x = plans.add_item(s, a, ItemDraft("Security+"))
        y = plans.add_item(s, a, ItemDraft("CISSP"))
        z = plans.add_item(s, b, ItemDraft("CISM"))
        plans.add_dependency(s, y, x)
        plans.add_dependency(s, z, y)
        s.add(Course(title="CISSP course", plan_item_id=y))
        plans.create_plan(s, "Other", activate=False)
    return {"plan": p, "a": a, "b": b, "c": c, "x": x, "y": y, "z": z}


@pytest.mark.parametrize(
    ("take", "delete", "key"),
    [
        (snapshots.snapshot_item, plans.delete_item, "y"),
        (snapshots.snapshot_stage, plans.delete_stage, "a"),
        (snapshots.snapshot_stage, plans.delete_stage, "b"),
        (snapshots.snapshot_plan, plans.delete_plan, "plan"),
    ],
)
def test_delete_then_restore_gives_back_the_same_rows(
    db: Database,
    ids: dict[str, int],
    take: Callable[[Session, int], snapshots.Snapshot],
    delete: Callable[[Session, int], None],
    key: str,
) -> None:
    before = _dump(db)
    with db.session_factory.begin() as s:
        snap = take(s, ids[key])
        delete(s, ids[key])
    assert _dump(db) != before
    with db.session_factory.begin() as s:
        snapshots.restore(s, snap)
    assert _dump(db) == before


def test_restored_course_link(db: Database, ids: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        snap = snapshots.snapshot_item(s, ids["y"])
        plans.delete_item(s, ids["y"])
    with db.session_factory.begin() as s:
        assert s.scalar(select(Course.plan_item_id)) is None
        snapshots.restore(s, snap)
    with db.session_factory() as s:
        assert s.scalar(select(Course.plan_item_id)) == ids["y"]
