"""Plans, stages, items and dependencies through the services, checked in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cso_planner.db.models import ItemDependency, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.errors import (
    DependencyCycleError,
    DuplicateNameError,
    InvalidDraftError,
    PlanningError,
)


def _positions(session: Session, stage_id: int) -> list[tuple[str, int]]:
    rows = session.execute(
        select(PlanItem.title, PlanItem.position)
        .where(PlanItem.stage_id == stage_id)
        .order_by(PlanItem.position)
    )
    return [(t, p) for t, p in rows]


@pytest.fixture
def plan(db: Database) -> dict[str, int]:
    """A plan with two stages and three items; returns the ids by name."""
    with db.session_factory.begin() as s:
        plan_id = plans.create_plan(s, "Main")
        analyst = plans.add_stage(
            s, plan_id, StageDraft("Security Analyst", dt.date(2025, 1, 1), dt.date(2026, 12, 31))
        )
        manager = plans.add_stage(s, plan_id, StageDraft("Security Manager"))
        sec = plans.add_item(s, analyst, ItemDraft("Security+", ref_code=None, hours=60))
        cissp = plans.add_item(s, analyst, ItemDraft("CISSP", ref_code="CISSP", hours=150))
        cism = plans.add_item(s, manager, ItemDraft("CISM", ref_code="CISM", cost=760))
    return {
        "plan": plan_id, "analyst": analyst, "manager": manager,
        "sec": sec, "cissp": cissp, "cism": cism,
    }  # fmt: skip


def test_first_plan_is_active_and_only_one_active(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        other = plans.create_plan(s, "What-if")
        assert plans.active_plan_id(s) == other
        plans.set_active_plan(s, plan["plan"])
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).where(Plan.active.is_(True))) == 1
        assert plans.active_plan_id(s) == plan["plan"]


def test_plan_names_are_unique_and_not_empty(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory() as s:
        with pytest.raises(DuplicateNameError, match="already exists"):
            plans.create_plan(s, " main ")
        with pytest.raises(InvalidDraftError):
            plans.create_plan(s, "   ")


def test_rename_and_delete_plan_moves_active(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        plans.create_plan(s, "B", activate=False)
        plans.rename_plan(s, plan["plan"], "Technical track")
    with db.session_factory.begin() as s:
        assert s.get(Plan, plan["plan"]).name == "Technical track"  # type: ignore[union-attr]
        plans.delete_plan(s, plan["plan"])
    with db.session_factory() as s:
        assert [p.name for p in plans.list_plans(s)] == ["B"]
        assert plans.list_plans(s)[0].active
        assert s.scalar(select(func.count()).select_from(PlanItem)) == 0


def test_duplicate_is_a_deep_copy(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        plans.add_dependency(s, plan["cism"], plan["cissp"])
        copy_id = plans.duplicate_plan(s, plan["plan"], "Copy")
    with db.session_factory.begin() as s:
        stages = s.scalars(select(Stage).where(Stage.plan_id == copy_id).order_by(Stage.position))
        roles = [(st.role, [i.title for i in st.items]) for st in stages]
        assert roles == [
            ("Security Analyst", ["Security+", "CISSP"]),
            ("Security Manager", ["CISM"]),
        ]
        graph = plans.plan_dependency_graph(s, copy_id)
        assert len(graph) == 1
        ((item_id, deps),) = graph.items()
        assert s.get(PlanItem, item_id).title == "CISM"  # type: ignore[union-attr]
        assert {s.get(PlanItem, d).title for d in deps} == {"CISSP"}  # type: ignore[union-attr]
        # Editing the copy leaves the original alone.
        plans.delete_plan(s, copy_id)
    with db.session_factory() as s:
        assert s.scalar(select(func.count()).select_from(ItemDependency)) == 1


def test_stage_validation(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory() as s, pytest.raises(InvalidDraftError) as info:
        plans.add_stage(
            s, plan["plan"], StageDraft("CSO", dt.date(2030, 1, 1), dt.date(2029, 1, 1))
        )
    assert "end" in info.value.errors


def test_move_stage_reorders(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        old = plans.move_stage(s, plan["manager"], 0)
        assert old == 1
    with db.session_factory() as s:
        stages = s.scalars(select(Stage.role).order_by(Stage.position)).all()
        assert stages == ["Security Manager", "Security Analyst"]


def test_move_item_within_and_between_stages(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        plans.move_item(s, plan["cissp"], plan["analyst"], 0)
    with db.session_factory.begin() as s:
        assert _positions(s, plan["analyst"]) == [("CISSP", 0), ("Security+", 1)]
        plans.move_item(s, plan["cissp"], plan["manager"], 0)
    with db.session_factory() as s:
        assert _positions(s, plan["analyst"]) == [("Security+", 0)]
        assert _positions(s, plan["manager"]) == [("CISSP", 0), ("CISM", 1)]


def test_delete_item_compacts_positions(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        plans.delete_item(s, plan["sec"])
    with db.session_factory() as s:
        assert _positions(s, plan["analyst"]) == [("CISSP", 0)]


def test_item_validation_refuses_negative_cost(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory() as s, pytest.raises(InvalidDraftError, match="negative"):
        plans.add_item(s, plan["analyst"], ItemDraft("CCSP", cost=-1))


def test_cycle_is_refused_with_the_chain(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        plans.add_dependency(s, plan["cissp"], plan["sec"])
        plans.add_dependency(s, plan["cism"], plan["cissp"])
    with db.session_factory() as s, pytest.raises(DependencyCycleError) as info:
        plans.add_dependency(s, plan["sec"], plan["cism"])
    assert info.value.cycle == ["Security+", "CISM", "CISSP", "Security+"]
    assert "“Security+” → “CISM” → “CISSP” → “Security+”" in str(info.value)
    with db.session_factory() as s:
        message = plans.check_dependencies(s, plan["plan"], plan["sec"], [plan["cism"]])
        assert message is not None and "cycle" in message
        assert plans.check_dependencies(s, plan["plan"], None, [plan["cism"]]) is None


def test_self_dependency_and_cross_plan_refused(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        other = plans.create_plan(s, "Other")
        stage = plans.add_stage(s, other, StageDraft("CSO"))
        foreign = plans.add_item(s, stage, ItemDraft("CCISO"))
    with db.session_factory() as s:
        with pytest.raises(DependencyCycleError):
            plans.add_dependency(s, plan["sec"], plan["sec"])
        with pytest.raises(PlanningError, match="same plan"):
            plans.add_dependency(s, plan["sec"], foreign)


def test_find_cycle_is_pure() -> None:
    graph = {1: {2}, 2: {3}}
    assert plans.find_cycle(graph, 3, 1) == [3, 1, 2, 3]
    assert plans.find_cycle(graph, 1, 3) is None


def test_update_item_sets_dependencies(db: Database, plan: dict[str, int]) -> None:
    with db.session_factory.begin() as s:
        draft = plans.item_draft(s, plan["cism"])
        plans.update_item(
            s,
            plan["cism"],
            ItemDraft(**{**draft.__dict__, "title": "CISM exam", "depends_on": (plan["sec"],)}),
        )
    with db.session_factory() as s:
        assert plans.item_draft(s, plan["cism"]).title == "CISM exam"
        assert plans.dependencies_of(s, plan["cism"]) == [plan["sec"]]
