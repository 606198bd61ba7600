"""The Catalog screen on the real bundled catalog: sound models, search and filters, the detail
pane with rules, sources and as-of dates, add-to-plan with undo/redo, the no-plan explanation,
and catalog or user text shown literally."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QStyle
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from cso_planner.db.models import Certification, PlanItem, Rule
from cso_planner.db.opening import Database
from cso_planner.services import plans
from cso_planner.services.catalog_view import list_catalog
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.screens.catalog import (
    CatalogScreen,
    Column,
    StageChooserDialog,
    UrlText,
)
from cso_planner.ui.screens.table_kit import ROW_ROLE
from cso_planner.ui.screens.tracking_format import long_date
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import plain_tooltip

HOSTILE = "<b>x</b><img src=/etc/passwd>"
ISC2_EXPERIENCE_URL = "https://www.isc2.org/cissp-professional-experience.aspx"


@pytest.fixture
def store(db: Database) -> PlannerStore:
    return PlannerStore(db)


@pytest.fixture
def screen(qtbot: QtBot, store: PlannerStore) -> CatalogScreen:
    widget = CatalogScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1016, 760)
    widget.show()
    return widget


def _plan(db: Database, stages: int = 1, name: str = "Technical track") -> list[int]:
    """An active plan with ``stages`` stages (ids in order); the CISM goal is in the first."""
    with db.session_factory.begin() as s:
        plan_id = plans.create_plan(s, name)
        roles = ("Security Analyst", "Security Manager", "CISO")[:stages]
        ids = [plans.add_stage(s, plan_id, StageDraft(role)) for role in roles]
        if ids:
            plans.add_item(s, ids[0], ItemDraft("Pass CISM", ref_code="CISM"))
    return ids


def _items(db: Database, code: str) -> list[tuple[str, int, float | None]]:
    """(title, stage id, cost) of the plan items that point at ``code``."""
    with db.session_factory() as s:
        rows = s.scalars(select(PlanItem).where(PlanItem.ref_code == code)).all()
        return [(r.title, r.stage_id, r.cost) for r in rows]


def _cell(screen: CatalogScreen, code: str, column: int, role: int = 0) -> Any:
    proxy = screen.proxy
    for row in range(proxy.rowCount()):
        if proxy.index(row, Column.CODE).data() == code:
            return proxy.index(row, column).data(role)
    raise AssertionError(f"{code} is not shown")


def test_models_pass_the_model_tester(
    db: Database, screen: CatalogScreen, qtmodeltester: Any
) -> None:
    _plan(db)
    screen.store.data_changed.emit()
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
    screen.search.setText("isc2")
    screen.table.sortByColumn(Column.PRICE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(screen.proxy)


def test_lists_the_whole_catalog_by_level(db: Database, screen: CatalogScreen) -> None:
    with db.session_factory() as s:
        expected = [e.code for e in list_catalog(s)]
    assert screen.visible_codes() == expected
    assert screen.count_label.text() == f"{len(expected)} certifications"
    assert screen.stack.currentWidget() is screen.splitter
    assert _cell(screen, "CISSP", Column.LEVEL) == "Advanced"
    assert _cell(screen, "CISSP", Column.EXPERIENCE) == "5 years"
    assert _cell(screen, "CISSP", Column.PRICE) == "US$749.00"  # C locale: international
    assert _cell(screen, "CISSP", Column.PLAN) == ""
    assert screen.selected_code() == expected[0]  # the pane is never blank


def test_search_and_filters_narrow_the_rows(screen: CatalogScreen) -> None:
    screen.search.setText("isaca")
    codes = screen.visible_codes()
    assert codes and set(codes) <= {"CISA", "CISM", "CRISC", "CGEIT", "CDPSE"}
    assert screen.count_label.text().startswith(f"Showing {len(codes)} of ")
    screen.search.clear()

    screen.level_combo.setCurrentIndex(screen.level_combo.findData("executive"))
    assert set(screen.visible_codes()) == {"CCISO", "CGEIT", "GSTRT", "ISSMP"}
    screen.area_combo.setCurrentIndex(screen.area_combo.findData("management"))
    assert set(screen.visible_codes()) == {"CCISO", "CGEIT", "GSTRT", "ISSMP"}
    screen.issuer_combo.setCurrentIndex(screen.issuer_combo.findData("ISACA"))
    assert screen.visible_codes() == ["CGEIT"]
    assert screen.selected_code() == "CGEIT"
    screen.search.setText("no such certification")
    assert screen.visible_codes() == []
    assert screen.selected_entry() is None
    assert "No certification matches" in screen.subtitle.text()
    assert not screen.add_button.isVisible()

    screen.search.clear()
    for combo in (screen.level_combo, screen.area_combo, screen.issuer_combo):
        combo.setCurrentIndex(0)
    assert len(screen.visible_codes()) == len(screen.entries)


def test_filters_survive_a_reload(screen: CatalogScreen) -> None:
    screen.level_combo.setCurrentIndex(screen.level_combo.findData("entry"))
    screen.select("Security+")
    screen.reload()
    assert screen.level_combo.currentData() == "entry"
    assert all(e.level == "entry" for e in screen.proxy.visible_rows())
    assert screen.selected_code() == "Security+"


def test_cissp_detail_shows_rules_with_sources_and_as_of(
    db: Database, screen: CatalogScreen
) -> None:
    screen.select("CISSP")
    assert screen.title.text().startswith("CISSP — Certified Information Systems Security")
    with db.session_factory() as s:
        rule = s.scalars(select(Rule).where(Rule.key == "CISSP/experience/current")).one()
        as_of = rule.as_of
    block = screen.detail.rule_blocks["CISSP/experience/current"]
    assert block.header.text() == "Experience requirement"
    assert f"As of {long_date(as_of)}" in block.meta.text()
    assert f"Issuer: {ISC2_EXPERIENCE_URL}" in block.sources.lines()
    assert block.notes.text().startswith("You need 5 years of cumulative")
    # The rule sits with the prerequisites; every rule shown has sources and a date.
    assert block.parent() is screen.detail.sections["prerequisites"]
    for each in screen.detail.rule_blocks.values():
        # Every source shown once, in order, labelled the issuer's or secondary.
        assert each.rule.sources and [
            line.split(": ", 1)[1] for line in each.sources.lines()
        ] == list(each.rule.sources)
        assert all(line.startswith(("Issuer: ", "Secondary: ")) for line in each.sources.lines())
        assert each.meta.text().startswith("As of ")
    assert "CISSP/maintenance/current" in screen.detail.rule_blocks
    texts = screen.detail.texts()
    assert {"Exam", "Prerequisites", "Maintenance", "Fees", "Career path", "Sources"} <= set(texts)
    assert "150" in texts  # exam questions
    assert "749" in texts  # exam price (USD)
    assert "CCSP, CISM, CRISC, CCISO, GSLC" in texts  # typical next steps
    assert any(t.startswith("Catalog facts researched as of ") for t in texts)
    sources = screen.detail.sources
    assert sources is not None and "Issuer: https://isc2.org/CISSP-Exam-Outline" in sources.lines()


def test_add_to_the_only_stage_then_undo_and_redo(
    db: Database, screen: CatalogScreen, stub: Callable[..., list[Any]]
) -> None:
    (stage_id,) = _plan(db)
    screen.store.data_changed.emit()
    calls = stub(StageChooserDialog)  # one stage: no question asked
    screen.select("CISSP")
    assert screen.add_button.isEnabled()
    assert "Technical track" in screen.hint.text()
    screen.add_button.click()
    assert calls == []
    # No cost of the person's own: the budget estimates the exam at the catalog's US$749.
    assert _items(db, "CISSP") == [("Pass CISSP", stage_id, None)]
    assert _cell(screen, "CISSP", Column.PLAN) == "In plan"  # reloaded on data_changed
    assert screen.selected_code() == "CISSP"
    assert not screen.add_button.isEnabled()
    assert screen.hint.text().startswith("Added “Pass CISSP” to “Security Analyst”")
    assert screen.undo_stack.count() == 1

    screen.undo_stack.undo()
    assert _items(db, "CISSP") == []
    assert _cell(screen, "CISSP", Column.PLAN) == ""
    assert screen.add_button.isEnabled()
    screen.undo_stack.redo()
    assert _items(db, "CISSP") == [("Pass CISSP", stage_id, None)]
    assert _cell(screen, "CISSP", Column.PLAN) == "In plan"


def test_several_stages_ask_which_one_defaulting_to_the_last(
    db: Database, screen: CatalogScreen, stub: Callable[..., list[Any]]
) -> None:
    first, _, last = _plan(db, stages=3)
    screen.store.data_changed.emit()
    screen.select("CCISO")
    calls = stub(StageChooserDialog, None, first)
    screen.add_button.click()  # cancelled
    assert _items(db, "CCISO") == []
    screen.add_button.click()
    assert _items(db, "CCISO") == [("Pass CCISO", first, None)]
    args, _ = calls[0]
    assert args[1:3] == ("Pass CCISO", "Technical track")
    assert [title for _, title in args[3]] == ["Security Analyst", "Security Manager", "CISO"]
    assert args[4] == last


def test_stage_chooser_preselects_the_default(qtbot: QtBot) -> None:
    dialog = StageChooserDialog(None, "Pass CISSP", HOSTILE, [(3, "Analyst"), (7, HOSTILE)], 7)
    qtbot.addWidget(dialog)
    assert dialog.value() == 7
    assert dialog.combo.currentText() == HOSTILE
    assert dialog.question.textFormat() == Qt.TextFormat.PlainText
    assert HOSTILE in dialog.question.text()


def test_without_a_plan_the_button_explains_instead_of_writing(
    db: Database, screen: CatalogScreen, qtbot: QtBot
) -> None:
    screen.select("CISSP")
    assert screen.add_button.isEnabled()
    assert screen.roadmap_button.isVisible()
    screen.add_button.click()
    assert _items(db, "CISSP") == []
    assert screen.undo_stack.count() == 0
    assert "Create a plan on the Roadmap screen first" in screen.hint.text()
    assert screen.hint_icon.isVisible() and screen.hint.font().bold()
    with qtbot.waitSignal(screen.roadmap_requested, timeout=1000):
        screen.roadmap_button.click()


def test_a_plan_without_stages_explains_too(db: Database, screen: CatalogScreen) -> None:
    _plan(db, stages=0, name="Empty plan")
    screen.store.data_changed.emit()
    screen.select("CISM")
    screen.add_button.click()
    assert _items(db, "CISM") == []
    assert screen.hint.text() == (
        "Your plan “Empty plan” has no stages yet. Add a stage (a role on your ladder) on the "
        "Roadmap screen first, then add this certification to it from here."
    )


def test_reloads_when_another_screen_writes(
    db: Database, screen: CatalogScreen, store: PlannerStore
) -> None:
    (stage_id,) = _plan(db)
    store.data_changed.emit()
    screen.select("CISA")

    def work(s: Any) -> None:
        plans.add_item(s, stage_id, ItemDraft("Pass CISA", ref_code="CISA"))

    store.write(work)
    assert _cell(screen, "CISA", Column.PLAN) == "In plan"
    assert _cell(screen, "CISA", Column.PLAN, Qt.ItemDataRole.DecorationRole) is not None
    assert screen.add_button.text() == "In your plan" and not screen.add_button.isEnabled()
    assert screen.hint.text() == "CISA is already in your plan “Technical track”."


def test_hostile_text_is_shown_literally(db: Database, screen: CatalogScreen) -> None:
    with db.session_factory.begin() as s:
        rule = s.scalars(select(Rule).where(Rule.key == "CISSP/experience/current")).one()
        rule.user_notes = HOSTILE
        rule.user_params_json = "{}"
        rule.user_edited_on = dt.date(2026, 1, 2)
        s.get_one(Certification, "CISSP").name = HOSTILE
    _plan(db, name=HOSTILE)
    screen.store.data_changed.emit()
    screen.select("CISSP")
    block = screen.detail.rule_blocks["CISSP/experience/current"]
    assert block.notes.text() == HOSTILE
    assert block.header.text() == "Experience requirement — edited by you"
    assert screen.title.text() == f"CISSP — {HOSTILE}"
    assert HOSTILE in screen.hint.text()
    assert _cell(screen, "CISSP", Column.NAME) == HOSTILE
    assert _cell(screen, "CISSP", Column.NAME, Qt.ItemDataRole.ToolTipRole) == plain_tooltip(
        HOSTILE
    )
    assert "&lt;img" in plain_tooltip(HOSTILE)
    labels = [w for w in screen.findChildren(QLabel) if w.text()]
    assert labels
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in labels), [
        w.text() for w in labels if w.textFormat() != Qt.TextFormat.PlainText
    ]
    for edit in screen.findChildren(UrlText):
        assert not edit.acceptRichText()


def test_empty_catalog_shows_the_empty_state(db: Database, qtbot: QtBot) -> None:
    with db.session_factory.begin() as s:
        s.execute(delete(Certification))
    widget = CatalogScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    assert widget.stack.currentWidget() is widget.empty
    assert widget.model.rowCount() == 0
    assert not widget.filters.isEnabled()


@pytest.mark.parametrize("size", [(1016, 760), (716, 600)])
def test_renders_readably(
    screen: CatalogScreen, qtbot: QtBot, tmp_path: pathlib.Path, size: tuple[int, int]
) -> None:
    """The screen inside a 1200x760 and a 900x600 window (minus the 184 px sidebar)."""
    screen.resize(*size)
    screen.select("CISSP")
    qtbot.wait(50)
    assert screen.grab().save(str(tmp_path / "catalog.png"))
    assert screen.table.width() >= 260 and screen.side.width() >= 280
    assert not screen.table.isColumnHidden(Column.NAME)
    assert not screen.table.isColumnHidden(Column.LEVEL)
    assert not screen.table.isColumnHidden(Column.PLAN)
    assert screen.table.columnWidth(Column.NAME) >= 100
    viewport = screen.table.viewport().width()
    shown = [c for c in range(screen.model.columnCount()) if not screen.table.isColumnHidden(c)]
    assert sum(screen.table.columnWidth(c) for c in shown) <= viewport + 1  # no sideways scroll
    assert screen.detail.widget().width() <= screen.detail.viewport().width()  # type: ignore[union-attr]
    assert _cell(screen, "CISSP", Column.CODE, ROW_ROLE).code == "CISSP"


def test_a_held_certification_is_marked_and_not_offered_for_the_plan(
    db: Database, screen: CatalogScreen
) -> None:
    from cso_planner.db.models import HeldCertification

    _plan(db)
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2023, 11, 2)))
        s.add(HeldCertification(cert_code="CISA", status="planned"))
    screen.store.data_changed.emit()
    assert _cell(screen, "CISSP", Column.PLAN) == "Held"
    assert _cell(screen, "CISA", Column.PLAN) == ""  # only planned: not held
    assert _cell(screen, "CISM", Column.PLAN) == "In plan"
    screen.select("CISSP")
    assert not screen.add_button.isVisibleTo(screen)
    assert screen.hint.text() == "You hold CISSP: its renewal is on the Certifications screen."
    assert screen.add_selected_to_plan() is False  # Enter/double-click cannot add it either
    assert _items(db, "CISSP") == []
    screen.select("CISA")
    assert screen.add_button.isVisibleTo(screen) and screen.add_button.isEnabled()
    assert screen.add_button.text() == "Add to plan…"


@pytest.mark.parametrize("size", [(1024, 700), (1280, 800), (1440, 900)])
def test_every_certification_name_is_shown_whole(
    make_window: Callable[..., Any], size: tuple[int, int]
) -> None:
    """In the real window the name column is wide enough, and its rows tall enough, for every
    name: wrapped, never cut (the columns the detail pane repeats make room first)."""
    window = make_window()
    window.resize(*size)
    window.show_screen("catalog")
    for _ in range(6):
        QApplication.processEvents()
    screen = window.screen_widget("catalog")
    table = screen.table
    assert table.wordWrap()
    metrics = table.fontMetrics()
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    width = table.columnWidth(Column.NAME) - margin
    assert not table.isColumnHidden(Column.NAME) and not table.isColumnHidden(Column.CODE)
    assert table.horizontalScrollBar().maximum() == 0  # nothing scrolls sideways
    cut = []
    for row in range(screen.proxy.rowCount()):
        name = screen.proxy.index(row, Column.NAME).data()
        box = metrics.boundingRect(QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), name)
        if box.width() > width or box.height() > table.rowHeight(row) - 4:
            cut.append(name)
    assert screen.proxy.rowCount() > 20 and not cut
