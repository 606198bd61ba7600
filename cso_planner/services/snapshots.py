"""Snapshots of plans, stages and items so undo can bring deleted rows back with the same ids.

A snapshot holds the column values of every row it covers, the dependencies touching those
items and the courses linked to them; restoring inserts the same rows (same ids, same
positions, shifting later siblings back) in the caller's transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from cso_planner.db.models import Course, ItemDependency, Plan, PlanItem, Stage
from cso_planner.services.errors import NotFoundError
from cso_planner.services.plans import _column_values, set_active_plan


@dataclasses.dataclass(frozen=True)
class ItemSnapshot:
    values: Mapping[str, Any]
    linked_course_ids: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class StageSnapshot:
    values: Mapping[str, Any]
    items: tuple[ItemSnapshot, ...] = ()


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """Rows removed by one delete: a whole plan, one stage, or one item."""

    plan: Mapping[str, Any] | None
    stages: tuple[StageSnapshot, ...]
    loose_items: tuple[ItemSnapshot, ...]
    dependencies: tuple[tuple[int, int], ...]


def _item_snapshot(session: Session, item: PlanItem) -> ItemSnapshot:
    courses = session.scalars(select(Course.id).where(Course.plan_item_id == item.id)).all()
    return ItemSnapshot(values=_column_values(item), linked_course_ids=tuple(courses))


def _stage_snapshot(session: Session, stage: Stage) -> StageSnapshot:
    return StageSnapshot(
        values=_column_values(stage),
        items=tuple(_item_snapshot(session, item) for item in stage.items),
    )


def _dependencies(session: Session, item_ids: Iterable[int]) -> tuple[tuple[int, int], ...]:
    ids = list(item_ids)
    if not ids:
        return ()
    rows = session.execute(
        select(ItemDependency.item_id, ItemDependency.depends_on_id)
        .where(or_(ItemDependency.item_id.in_(ids), ItemDependency.depends_on_id.in_(ids)))
        .order_by(ItemDependency.item_id, ItemDependency.depends_on_id)
    )
    return tuple((a, b) for a, b in rows)


def snapshot_item(session: Session, item_id: int) -> Snapshot:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise NotFoundError("That item no longer exists.")
    return Snapshot(None, (), (_item_snapshot(session, item),), _dependencies(session, [item_id]))


def snapshot_stage(session: Session, stage_id: int) -> Snapshot:
    stage = session.get(Stage, stage_id)
    if stage is None:
        raise NotFoundError("That stage no longer exists.")
    snap = _stage_snapshot(session, stage)
    deps = _dependencies(session, [int(i.values["id"]) for i in snap.items])
    return Snapshot(None, (snap,), (), deps)


def snapshot_plan(session: Session, plan_id: int) -> Snapshot:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("That plan no longer exists.")
    stages = tuple(_stage_snapshot(session, stage) for stage in plan.stages)
    ids = [int(i.values["id"]) for s in stages for i in s.items]
    return Snapshot(_column_values(plan), stages, (), _dependencies(session, ids))


def _shift_stages(session: Session, plan_id: int, position: int) -> None:
    session.execute(
        update(Stage)
        .where(Stage.plan_id == plan_id, Stage.position >= position)
        .values(position=Stage.position + 1)
    )


def _shift_items(session: Session, stage_id: int, position: int) -> None:
    session.execute(
        update(PlanItem)
        .where(PlanItem.stage_id == stage_id, PlanItem.position >= position)
        .values(position=PlanItem.position + 1)
    )


def _restore_item(session: Session, snap: ItemSnapshot, *, shift: bool) -> None:
    values = dict(snap.values)
    if shift:
        _shift_items(session, int(values["stage_id"]), int(values["position"]))
    session.add(PlanItem(**values))
    session.flush()
    if snap.linked_course_ids:
        session.execute(
            update(Course)
            .where(Course.id.in_(snap.linked_course_ids), Course.plan_item_id.is_(None))
            .values(plan_item_id=values["id"])
        )


def _restore_stage(session: Session, snap: StageSnapshot, *, shift: bool) -> None:
    values = dict(snap.values)
    if shift:
        _shift_stages(session, int(values["plan_id"]), int(values["position"]))
    session.add(Stage(**values))
    session.flush()
    for item in snap.items:
        _restore_item(session, item, shift=False)


def restore(session: Session, snapshot: Snapshot) -> None:
    """Re-insert the rows of ``snapshot`` with their ids, positions and dependencies."""
    if snapshot.plan is not None:
        values = dict(snapshot.plan)
        active = bool(values.pop("active"))
        session.add(Plan(**values, active=False))
        session.flush()
        for stage in snapshot.stages:
            _restore_stage(session, stage, shift=False)
        if active:
            set_active_plan(session, int(values["id"]))
    else:
        for stage in snapshot.stages:
            _restore_stage(session, stage, shift=True)
        for item in snapshot.loose_items:
            _restore_item(session, item, shift=True)
    existing = set(
        session.scalars(
            select(PlanItem.id).where(
                PlanItem.id.in_({i for pair in snapshot.dependencies for i in pair})
            )
        )
    )
    for item_id, depends_on_id in snapshot.dependencies:
        if item_id in existing and depends_on_id in existing:
            session.merge(ItemDependency(item_id=item_id, depends_on_id=depends_on_id))
    session.flush()
