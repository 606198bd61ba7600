"""Plans, stages, items and dependencies: every change a person makes to a roadmap.

Each function takes the caller's ``Session`` and never commits (one transaction per user
action: ``with session_factory.begin() as session: ...``). Positions of stages within a plan
and of items within a stage are kept contiguous (0, 1, 2...) after every change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cso_planner.db.models import ItemDependency, Plan, PlanItem, Stage
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.errors import (
    DependencyCycleError,
    DuplicateNameError,
    InvalidDraftError,
    NotFoundError,
    PlanningError,
)
from cso_planner.services.validation import validate_item, validate_plan_name, validate_stage


@dataclasses.dataclass(frozen=True)
class PlanSummary:
    """One plan as the plan switcher lists it."""

    id: int
    name: str
    active: bool
    target_role: str


# --- plans ---------------------------------------------------------------------------------


def list_plans(session: Session) -> list[PlanSummary]:
    """All plans, by name."""
    rows = session.scalars(select(Plan).order_by(func.lower(Plan.name), Plan.id))
    return [PlanSummary(p.id, p.name, p.active, p.target_role) for p in rows]


def active_plan_id(session: Session) -> int | None:
    return session.scalar(select(Plan.id).where(Plan.active.is_(True)))


def _plan(session: Session, plan_id: int) -> Plan:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError("That plan no longer exists.")
    return plan


def _check_name(session: Session, name: str, current: str | None = None) -> str:
    existing = session.scalars(select(Plan.name)).all()
    errors = validate_plan_name(name, existing, current)
    if errors:
        message = errors["name"]
        if "already exists" in message:
            raise DuplicateNameError(message)
        raise InvalidDraftError(errors)
    return name.strip()


def create_plan(
    session: Session, name: str, target_role: str = "", *, activate: bool = True
) -> int:
    """Create an empty plan and return its id; by default it becomes the active plan."""
    plan = Plan(name=_check_name(session, name), target_role=target_role, active=False)
    session.add(plan)
    session.flush()
    if activate:
        set_active_plan(session, plan.id)
    return plan.id


def rename_plan(session: Session, plan_id: int, name: str) -> None:
    plan = _plan(session, plan_id)
    plan.name = _check_name(session, name, current=plan.name)
    session.flush()


def set_active_plan(session: Session, plan_id: int) -> None:
    """Make ``plan_id`` the one active plan.

    The others are switched off and flushed first: the partial unique index allows only one
    ``active = 1`` row at any moment, including between two UPDATE statements.
    """
    plan = _plan(session, plan_id)
    session.execute(
        update(Plan).where(Plan.active.is_(True), Plan.id != plan_id).values(active=False)
    )
    session.flush()
    plan.active = True
    session.flush()


def duplicate_plan(session: Session, plan_id: int, name: str, *, activate: bool = False) -> int:
    """Deep-copy a plan (stages, items, dependencies between its items) as a what-if copy."""
    source = _plan(session, plan_id)
    copy = Plan(name=_check_name(session, name), target_role=source.target_role, active=False)
    session.add(copy)
    session.flush()
    id_map: dict[int, int] = {}
    for stage in source.stages:
        new_stage = Stage(
            plan_id=copy.id,
            position=stage.position,
            role=stage.role,
            start=stage.start,
            end=stage.end,
        )
        session.add(new_stage)
        session.flush()
        for item in stage.items:
            values = _column_values(item)
            values.pop("id")
            values.pop("uuid")  # a copy is another item: it gets its own stable id
            values["stage_id"] = new_stage.id
            new_item = PlanItem(**values)
            session.add(new_item)
            session.flush()
            id_map[item.id] = new_item.id
    if id_map:
        deps = session.scalars(
            select(ItemDependency).where(ItemDependency.item_id.in_(list(id_map)))
        ).all()
        for dep in deps:
            if dep.depends_on_id in id_map:
                session.add(
                    ItemDependency(
                        item_id=id_map[dep.item_id], depends_on_id=id_map[dep.depends_on_id]
                    )
                )
    session.flush()
    if activate:
        set_active_plan(session, copy.id)
    return copy.id


def delete_plan(session: Session, plan_id: int) -> None:
    """Delete a plan with everything in it; if it was active, another plan becomes active."""
    plan = _plan(session, plan_id)
    was_active = plan.active
    session.delete(plan)
    session.flush()
    if was_active:
        next_id = session.scalar(select(Plan.id).order_by(Plan.id).limit(1))
        if next_id is not None:
            set_active_plan(session, next_id)


# --- stages --------------------------------------------------------------------------------


def _stage(session: Session, stage_id: int) -> Stage:
    stage = session.get(Stage, stage_id)
    if stage is None:
        raise NotFoundError("That stage no longer exists.")
    return stage


def _ordered_stages(session: Session, plan_id: int) -> list[Stage]:
    return list(
        session.scalars(
            select(Stage).where(Stage.plan_id == plan_id).order_by(Stage.position, Stage.id)
        )
    )


def _ordered_items(session: Session, stage_id: int) -> list[PlanItem]:
    return list(
        session.scalars(
            select(PlanItem)
            .where(PlanItem.stage_id == stage_id)
            .order_by(PlanItem.position, PlanItem.id)
        )
    )


def _renumber(rows: Iterable[Stage | PlanItem]) -> None:
    for index, row in enumerate(rows):
        if row.position != index:
            row.position = index


def _clamp(position: int | None, length: int) -> int:
    if position is None or position > length:
        return length
    return max(position, 0)


def add_stage(
    session: Session, plan_id: int, draft: StageDraft, position: int | None = None
) -> int:
    """Insert a stage at ``position`` (default: last) and return its id."""
    errors = validate_stage(draft)
    if errors:
        raise InvalidDraftError(errors)
    _plan(session, plan_id)
    stages = _ordered_stages(session, plan_id)
    index = _clamp(position, len(stages))
    stage = Stage(
        plan_id=plan_id, position=index, role=draft.role.strip(), start=draft.start, end=draft.end
    )
    session.add(stage)
    stages.insert(index, stage)
    _renumber(stages)
    session.flush()
    return stage.id


def stage_draft(session: Session, stage_id: int) -> StageDraft:
    stage = _stage(session, stage_id)
    return StageDraft(role=stage.role, start=stage.start, end=stage.end)


def update_stage(session: Session, stage_id: int, draft: StageDraft) -> None:
    errors = validate_stage(draft)
    if errors:
        raise InvalidDraftError(errors)
    stage = _stage(session, stage_id)
    stage.role = draft.role.strip()
    stage.start = draft.start
    stage.end = draft.end
    session.flush()


def delete_stage(session: Session, stage_id: int) -> None:
    """Delete a stage and its items."""
    stage = _stage(session, stage_id)
    plan_id = stage.plan_id
    session.delete(stage)
    session.flush()
    _renumber(_ordered_stages(session, plan_id))
    session.flush()


def move_stage(session: Session, stage_id: int, position: int) -> int:
    """Move a stage to ``position`` within its plan; returns the position it had before."""
    stage = _stage(session, stage_id)
    stages = _ordered_stages(session, stage.plan_id)
    old = stages.index(stage)
    stages.pop(old)
    stages.insert(_clamp(position, len(stages)), stage)
    _renumber(stages)
    session.flush()
    return old


# --- items ---------------------------------------------------------------------------------


def _item(session: Session, item_id: int) -> PlanItem:
    item = session.get(PlanItem, item_id)
    if item is None:
        raise NotFoundError("That item no longer exists.")
    return item


def _apply_item_draft(item: PlanItem, draft: ItemDraft) -> None:
    item.kind = draft.kind
    item.title = draft.title.strip()
    item.ref_code = draft.ref_code if draft.kind == "certification" else None
    item.due = draft.due
    item.status = draft.status
    item.cost = draft.cost
    item.hours = draft.hours
    item.employer_paid = draft.employer_paid
    item.notes = draft.notes


def add_item(session: Session, stage_id: int, draft: ItemDraft, position: int | None = None) -> int:
    """Insert an item into a stage at ``position`` (default: last) and return its id."""
    errors = validate_item(draft)
    if errors:
        raise InvalidDraftError(errors)
    _stage(session, stage_id)
    items = _ordered_items(session, stage_id)
    index = _clamp(position, len(items))
    item = PlanItem(stage_id=stage_id, position=index)
    _apply_item_draft(item, draft)
    session.add(item)
    items.insert(index, item)
    _renumber(items)
    session.flush()
    if draft.depends_on:
        set_dependencies(session, item.id, draft.depends_on)
    return item.id


def item_draft(session: Session, item_id: int) -> ItemDraft:
    """The current values of an item, including its dependencies."""
    item = _item(session, item_id)
    return ItemDraft(
        title=item.title,
        kind=item.kind,
        ref_code=item.ref_code,
        due=item.due,
        status=item.status,
        cost=item.cost,
        hours=item.hours,
        employer_paid=item.employer_paid,
        notes=item.notes,
        depends_on=tuple(dependencies_of(session, item_id)),
    )


def update_item(session: Session, item_id: int, draft: ItemDraft) -> None:
    """Write ``draft`` over an item; its dependencies too unless ``draft.depends_on`` is None."""
    errors = validate_item(draft)
    if errors:
        raise InvalidDraftError(errors)
    item = _item(session, item_id)
    _apply_item_draft(item, draft)
    session.flush()
    if draft.depends_on is not None:
        set_dependencies(session, item_id, draft.depends_on)


def set_item_status(session: Session, item_id: int, status: str) -> str:
    """Change only the status; returns the previous one."""
    item = _item(session, item_id)
    old = item.status
    draft = dataclasses.replace(item_draft(session, item_id), status=status, depends_on=None)
    update_item(session, item_id, draft)
    return old


def delete_item(session: Session, item_id: int) -> None:
    """Delete an item; its dependencies go with it, linked courses are unlinked."""
    item = _item(session, item_id)
    stage_id = item.stage_id
    session.delete(item)
    session.flush()
    _renumber(_ordered_items(session, stage_id))
    session.flush()


def item_location(session: Session, item_id: int) -> tuple[int, int]:
    """``(stage_id, position)`` of an item, to move it back on undo."""
    item = _item(session, item_id)
    return item.stage_id, item.position


def move_item(session: Session, item_id: int, stage_id: int, position: int | None) -> None:
    """Move an item to ``position`` in ``stage_id`` (the same or another stage of the plan)."""
    item = _item(session, item_id)
    target = _stage(session, stage_id)
    source_stage_id = item.stage_id
    if target.plan_id != _stage(session, source_stage_id).plan_id:
        raise PlanningError("Items can only move between stages of the same plan.")
    if source_stage_id != stage_id:
        remaining = [i for i in _ordered_items(session, source_stage_id) if i.id != item_id]
        _renumber(remaining)
        item.stage_id = stage_id
        session.flush()
    items = [i for i in _ordered_items(session, stage_id) if i.id != item_id]
    items.insert(_clamp(position, len(items)), item)
    _renumber(items)
    session.flush()


# --- dependencies --------------------------------------------------------------------------


def dependencies_of(session: Session, item_id: int) -> list[int]:
    """Ids of the items ``item_id`` waits for."""
    return list(
        session.scalars(
            select(ItemDependency.depends_on_id)
            .where(ItemDependency.item_id == item_id)
            .order_by(ItemDependency.depends_on_id)
        )
    )


def plan_dependency_graph(session: Session, plan_id: int) -> dict[int, set[int]]:
    """item id → ids it depends on, for every item of a plan."""
    item_ids = select(PlanItem.id).join(Stage).where(Stage.plan_id == plan_id)
    graph: dict[int, set[int]] = {}
    rows = session.execute(
        select(ItemDependency.item_id, ItemDependency.depends_on_id).where(
            ItemDependency.item_id.in_(item_ids)
        )
    )
    for item_id, depends_on_id in rows:
        graph.setdefault(item_id, set()).add(depends_on_id)
    return graph


def find_cycle(
    graph: Mapping[int, Iterable[int]], item_id: int, depends_on_id: int
) -> list[int] | None:
    """The cycle that adding ``item_id → depends_on_id`` would close, or None.

    Returns ids in "needs" order starting and ending with ``item_id``
    (``[a, b, c, a]``: a needs b, b needs c, c needs a).
    """
    if item_id == depends_on_id:
        return [item_id, item_id]
    # Depth-first search from the new prerequisite back to the item, remembering the path.
    stack: list[tuple[int, list[int]]] = [(depends_on_id, [depends_on_id])]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node == item_id:
            return [item_id, *path]
        if node in seen:
            continue
        seen.add(node)
        for nxt in sorted(graph.get(node, ()), reverse=True):
            if nxt not in seen:
                stack.append((nxt, [*path, nxt]))
    return None


def _plan_of_item(session: Session, item_id: int) -> int:
    return _stage(session, _item(session, item_id).stage_id).plan_id


def _raise_cycle(session: Session, cycle: list[int]) -> None:
    titles = {
        i: t
        for i, t in session.execute(
            select(PlanItem.id, PlanItem.title).where(PlanItem.id.in_(cycle))
        )
    }
    raise DependencyCycleError([titles.get(i, f"#{i}") for i in cycle])


def add_dependency(session: Session, item_id: int, depends_on_id: int) -> None:
    """Record that ``item_id`` waits for ``depends_on_id``.

    Raises:
        DependencyCycleError: the two already depend on each other, directly or not.
        PlanningError: the items belong to different plans.
    """
    plan_id = _plan_of_item(session, item_id)
    if _plan_of_item(session, depends_on_id) != plan_id:
        raise PlanningError("An item can only depend on items of the same plan.")
    graph = plan_dependency_graph(session, plan_id)
    if depends_on_id in graph.get(item_id, set()):
        return
    cycle = find_cycle(graph, item_id, depends_on_id)
    if cycle is not None:
        _raise_cycle(session, cycle)
    session.add(ItemDependency(item_id=item_id, depends_on_id=depends_on_id))
    session.flush()


def remove_dependency(session: Session, item_id: int, depends_on_id: int) -> None:
    session.execute(
        delete(ItemDependency).where(
            ItemDependency.item_id == item_id, ItemDependency.depends_on_id == depends_on_id
        )
    )
    session.flush()


def set_dependencies(session: Session, item_id: int, depends_on: Iterable[int]) -> None:
    """Replace the prerequisites of ``item_id`` with ``depends_on`` (cycles refused)."""
    wanted = set(depends_on)
    current = set(dependencies_of(session, item_id))
    for old in sorted(current - wanted):
        remove_dependency(session, item_id, old)
    for new in sorted(wanted - current):
        add_dependency(session, item_id, new)


def check_dependencies(
    session: Session, plan_id: int, item_id: int | None, depends_on: Iterable[int]
) -> str | None:
    """The message a form should show if ``item_id`` may not depend on ``depends_on``.

    ``item_id`` is None for an item not created yet (it cannot close a cycle).
    """
    if item_id is None:
        return None
    graph = {k: set(v) for k, v in plan_dependency_graph(session, plan_id).items()}
    graph[item_id] = set()
    for dep in sorted(set(depends_on)):
        cycle = find_cycle(graph, item_id, dep)
        if cycle is not None:
            try:
                _raise_cycle(session, cycle)
            except DependencyCycleError as exc:
                return str(exc)
        graph[item_id].add(dep)
    return None


# --- helpers shared with snapshots ---------------------------------------------------------


def _column_values(row: object) -> dict[str, object]:
    from sqlalchemy import inspect

    mapper = inspect(type(row))
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}
