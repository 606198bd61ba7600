"""Save each screen offscreen to ``screenshots/`` (gitignored) for a human to look at."""

from __future__ import annotations

import datetime as dt
import pathlib

from PySide6.QtWidgets import QApplication, QWidget

from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.dialogs.item_dialog import ItemDialog
from cso_planner.ui.dialogs.stage_dialog import StageDialog
from cso_planner.ui.main_window import SCREENS, MainWindow
from tests.helpers.layout import dark_palette

OUT = pathlib.Path(__file__).resolve().parents[2] / "screenshots"


def _save(widget: QWidget, name: str) -> pathlib.Path:
    OUT.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 5000
    return path


def _realistic_plan(window: MainWindow) -> None:
    today = dt.date.today()
    y = today.year
    with window.store.database.session_factory.begin() as s:
        p = plans.create_plan(s, "Technical track to CISO by 2034")
        plans.create_plan(s, "What-if: corporate security (CPP)", activate=False)
        plans.set_active_plan(s, p)
        st = [
            plans.add_stage(
                s, p, StageDraft("Security Analyst", dt.date(y - 2, 3, 1), dt.date(y, 12, 31))
            ),
            plans.add_stage(
                s, p, StageDraft("Security Engineer", dt.date(y + 1, 1, 1), dt.date(y + 2, 12, 31))
            ),
            plans.add_stage(
                s, p, StageDraft("Security Manager", dt.date(y + 3, 1, 1), dt.date(y + 3, 9, 30))
            ),
            plans.add_stage(
                s,
                p,
                StageDraft("Director of Security", dt.date(y + 4, 1, 1), dt.date(y + 6, 12, 31)),
            ),
            plans.add_stage(s, p, StageDraft("CISO", dt.date(y + 7, 1, 1), dt.date(y + 8, 12, 31))),
        ]
        sec = plans.add_item(
            s,
            st[0],
            ItemDraft(
                "Pass Security+", hours=60, cost=404, status="done", due=dt.date(y - 1, 5, 1)
            ),
        )
        plans.add_item(
            s,
            st[0],
            ItemDraft(
                "Cybrary: SOC Analyst path",
                kind="course",
                hours=40,
                status="in_progress",
                due=today - dt.timedelta(days=20),
            ),
        )
        cissp = plans.add_item(
            s,
            st[1],
            ItemDraft(
                "Pass CISSP",
                ref_code="CISSP",
                hours=200,
                cost=749,
                due=dt.date(y + 1, 10, 1),
                depends_on=(sec,),
            ),
        )
        plans.add_item(
            s,
            st[1],
            ItemDraft(
                "Lead an incident response exercise", kind="experience", due=dt.date(y + 2, 6, 1)
            ),
        )
        plans.add_item(
            s,
            st[2],
            ItemDraft(
                "Pass CISM",
                ref_code="CISM",
                hours=400,
                cost=760,
                employer_paid=True,
                due=dt.date(y + 3, 6, 1),
                depends_on=(cissp,),
            ),
        )
        plans.add_item(
            s, st[2], ItemDraft("Risk management: HIPAA, GDPR, CCPA", kind="skill", hours=30)
        )
        plans.add_item(
            s,
            st[3],
            ItemDraft(
                "Master's in security management",
                kind="education",
                cost=30000,
                hours=900,
                due=dt.date(y + 6, 6, 1),
            ),
        )
        plans.add_item(s, st[3], ItemDraft("Old plan: CEH", status="skipped"))
        plans.add_item(
            s,
            st[4],
            ItemDraft(
                "Pass CCISO", ref_code="CCISO", hours=150, cost=999, due=dt.date(y + 7, 9, 1)
            ),
        )
    window.store.data_changed.emit()


def test_screenshots(make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.resize(1280, 800)
    window.show_screen("roadmap")
    _save(window, "roadmap-empty")
    _realistic_plan(window)
    window.roadmap.select("item", window.roadmap.roadmap().stages[1].items[0].id)
    for key, *_ in SCREENS:
        window.show_screen(key)
        _save(window, key)
    window.show_screen("roadmap")
    window.roadmap.tabs.setCurrentWidget(window.roadmap.timeline_holder)
    _save(window, "roadmap-timeline")
    window.roadmap.tabs.setCurrentIndex(0)

    dark = dark_palette()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    app.setPalette(dark)
    try:
        from cso_planner.ui import icons

        icons._render.cache_clear()
        window.close()
        dark_window = make_window()
        dark_window.resize(1280, 800)
        dark_window.show_screen("roadmap")
        _save(dark_window, "roadmap-dark")
        dark_window.close()
    finally:
        app.setPalette(light)

    data = window.roadmap.roadmap()
    dialog = ItemDialog(
        window,
        "Edit item",
        stages=[(st.id, st.role) for st in data.stages],
        stage_id=data.stages[1].id,
        certifications=[("CISSP", "Certified Information Systems Security Professional")],
        candidates=[(i.id, i.title) for st in data.stages for i in st.items][:4],
        draft=ItemDraft("Pass CISSP", ref_code="CISSP", hours=200, cost=-1, depends_on=()),
    )
    dialog.show()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # shows the cost error
    _save(dialog, "dialog-item")
    dialog.close()
    stage = StageDialog(window, "Add stage")
    stage.show()
    stage.role_edit.setText("Security Manager")
    _save(stage, "dialog-stage")
    stage.close()


def test_readme_screenshots_show_no_temporary_path(tmp_path: pathlib.Path, qapp: object) -> None:
    """tools/screenshots.py renders every README screen; the status bar shows where a real
    person's file lives ("~/…"), not the throwaway folder the sample was written to."""
    import importlib.util
    import tempfile

    spec = importlib.util.spec_from_file_location(
        "screenshots_tool", pathlib.Path(__file__).resolve().parents[2] / "tools/screenshots.py"
    )
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shown = tool.shoot(tmp_path)
    assert shown == "~/.local/share/cso-planner/cso-planner.sqlite3"
    assert tempfile.gettempdir() not in shown
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted(
        f"{name}.png" for name in tool.SHOTS.values()
    )
