"""Read a plan into plain frozen rows for the roadmap screen (no ORM object leaves the session)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner.db.models import Certification, ItemDependency, Plan, PlanItem, Stage
from cso_planner.services import profile
from cso_planner.services.pace import StagePace, stage_pace


@dataclasses.dataclass(frozen=True)
class ItemRow:
    id: int
    stage_id: int
    position: int
    kind: str
    title: str
    ref_code: str | None
    due: dt.date | None
    status: str
    cost: float | None
    hours: float | None
    employer_paid: bool
    notes: str
    depends_on: tuple[int, ...]
    overdue: bool


@dataclasses.dataclass(frozen=True)
class StageRow:
    id: int
    position: int
    role: str
    start: dt.date | None
    end: dt.date | None
    items: tuple[ItemRow, ...]
    pace: StagePace

    @property
    def total_cost(self) -> float:
        return sum(i.cost or 0.0 for i in self.items if i.status != "skipped")


@dataclasses.dataclass(frozen=True)
class RoadmapData:
    """Everything the roadmap screen shows for one plan."""

    plan_id: int | None
    plan_name: str
    stages: tuple[StageRow, ...]
    currency: str
    weekly_study_hours: float

    def item(self, item_id: int) -> ItemRow | None:
        return self._items_by_id.get(item_id)

    @functools.cached_property
    def _items_by_id(self) -> dict[int, ItemRow]:
        return {i.id: i for s in self.stages for i in s.items}

    def stage(self, stage_id: int) -> StageRow | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @functools.cached_property
    def titles(self) -> dict[int, str]:
        """Item titles by id; cached because sorting by dependencies asks on every comparison
        (the data is immutable once loaded)."""
        return {i.id: i.title for s in self.stages for i in s.items}


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today and status in ("planned", "in_progress")


def load_roadmap(session: Session, plan_id: int | None, today: dt.date) -> RoadmapData:
    """The plan's stages in order, their items in order, dependencies and pace."""
    budget = profile.weekly_study_hours(session)
    money = profile.currency(session)
    plan = session.get(Plan, plan_id) if plan_id is not None else None
    if plan is None:
        return RoadmapData(None, "", (), money, budget)
    stages = session.scalars(
        select(Stage)
        .where(Stage.plan_id == plan.id)
        .order_by(Stage.position, Stage.id)
        .options(selectinload(Stage.items))
    ).all()
    item_ids = select(PlanItem.id).join(Stage).where(Stage.plan_id == plan.id)
    deps: dict[int, list[int]] = {}
    for item_id, depends_on_id in session.execute(
        select(ItemDependency.item_id, ItemDependency.depends_on_id)
        .where(ItemDependency.item_id.in_(item_ids))
        .order_by(ItemDependency.depends_on_id)
    ):
        deps.setdefault(item_id, []).append(depends_on_id)
    rows = []
    for stage in stages:
        items = tuple(
            ItemRow(
                id=i.id,
                stage_id=stage.id,
                position=i.position,
                kind=i.kind,
                title=i.title,
                ref_code=i.ref_code,
                due=i.due,
                status=i.status,
                cost=i.cost,
                hours=i.hours,
                employer_paid=i.employer_paid,
                notes=i.notes,
                depends_on=tuple(deps.get(i.id, ())),
                overdue=is_overdue(i.status, i.due, today),
            )
            for i in stage.items
        )
        pace = stage_pace(stage.start, stage.end, ((i.status, i.hours) for i in items), budget)
        rows.append(
            StageRow(stage.id, stage.position, stage.role, stage.start, stage.end, items, pace)
        )
    return RoadmapData(plan.id, plan.name, tuple(rows), money, budget)


def certification_choices(session: Session) -> list[tuple[str, str]]:
    """``(code, name)`` of every catalog certification, by code, for the item form."""
    rows = session.execute(
        select(Certification.code, Certification.name).order_by(Certification.code)
    )
    return [(code, name) for code, name in rows]
