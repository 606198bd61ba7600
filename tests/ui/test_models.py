"""Every Qt model passes pytest-qt's model tester, with data and after resets."""

from __future__ import annotations

from cso_planner.ui.dialogs.item_dialog import CheckListModel
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.roadmap.models import RoadmapProxyModel, RoadmapTreeModel

from .conftest import seed_plan


def test_roadmap_models(window: MainWindow, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    seed_plan(window)
    screen = window.roadmap
    qtmodeltester.check(screen.tree_model)
    qtmodeltester.check(screen.proxy)
    qtmodeltester.check(screen.plan_model)
    qtmodeltester.check(window.sidebar_model)
    screen.search_edit.setText("cis")
    qtmodeltester.check(screen.proxy)


def test_sorting_keeps_stages_in_plan_order(window: MainWindow) -> None:
    seed_plan(window)
    screen = window.roadmap
    from cso_planner.ui.roadmap.models import Column

    screen.tree.header().sectionClicked.emit(Column.HOURS)  # ascending
    screen.tree.header().sectionClicked.emit(Column.HOURS)  # descending
    proxy = screen.proxy
    assert [proxy.index(r, 0).data() for r in range(2)] == ["Security Analyst", "Security Manager"]
    first_stage = proxy.index(0, 0)
    assert [proxy.index(r, 0, first_stage).data() for r in range(2)] == ["Pass CISSP", "Security+"]
    screen.tree.header().sectionClicked.emit(Column.HOURS)  # back to plan order
    assert [proxy.index(r, 0, first_stage).data() for r in range(2)] == ["Security+", "Pass CISSP"]


def test_empty_models(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    tree = RoadmapTreeModel()
    qtmodeltester.check(tree)
    proxy = RoadmapProxyModel()
    proxy.setSourceModel(tree)
    qtmodeltester.check(proxy)


def test_check_list_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CheckListModel([(1, "CISSP"), (2, "CISM")], [2])
    qtmodeltester.check(model)
    model.set_checked(1, True)
    assert model.checked_ids() == (1, 2)
