"""The Dashboard's cards follow the data, and screenshots of the three screens (light and dark)
with a realistic person are saved to ``screenshots/`` for a human to look at."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import HeldCertification, ItemDependency, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from cso_planner.services.dashboard import load_dashboard
from cso_planner.ui.screens.budget import BudgetScreen
from cso_planner.ui.screens.certifications import CertificationsScreen
from cso_planner.ui.screens.dashboard import DashboardScreen
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import app_stylesheet
from tests.helpers.layout import dark_palette
from tests.helpers.sample_data import add_sample_person

OUT = pathlib.Path(__file__).resolve().parents[3] / "screenshots"
HOSTILE = '<b>bold</b> <img src="x"> &amp;'
TODAY = dt.date.today()


@pytest.fixture
def store(db: Database) -> PlannerStore:
    return PlannerStore(db)


@pytest.fixture
def screen(qtbot: QtBot, store: PlannerStore) -> DashboardScreen:
    widget = DashboardScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1080, 760)
    widget.show()
    return widget


def realistic_person(session: Session) -> None:
    """~8 years in, CISSP earned, CISM planned (employer-paid), a 5-stage plan with real steps."""
    add_sample_person(session, items_per_stage=0)
    cism = session.scalars(
        select(HeldCertification).where(HeldCertification.cert_code == "CISM")
    ).one()
    y = TODAY.year
    # One date per certification goal: the exam item's date is the certification's target.
    cism_exam, cciso_exam = TODAY + dt.timedelta(days=75), dt.date(y + 4, 3, 31)
    # Studying: its exam item "Pass CISM" is in progress (item and status are one fact).
    cism.status, cism.employer_paid = "studying", True
    cism.target_date = cism_exam
    cciso = session.scalars(
        select(HeldCertification).where(HeldCertification.cert_code == "CCISO")
    ).one()
    cciso.target_date = cciso_exam
    steps = {
        "Security Engineer": [
            ("certification", "Pass CISSP", "CISSP", dt.date(2023, 11, 2), "done", 749),
            ("course", "Cloud security architecture (SANS)", None, dt.date(2024, 6, 1), "done", 0),
            ("skill", "Lead the ransomware tabletop", None, TODAY - dt.timedelta(days=10), "in_progress", None),  # noqa: E501
        ],
        "Security Manager": [
            ("certification", "Pass CISM", "CISM", cism_exam, "in_progress", None),
            ("experience", "Run the security operations team", None, dt.date(y + 1, 6, 30), "planned", None),  # noqa: E501
            ("skill", "Budgeting and risk reporting to the board", None, dt.date(y + 1, 3, 1), "planned", 450),  # noqa: E501
        ],
        "Director of Security": [
            ("education", "Master's in security management", None, dt.date(y + 3, 6, 1), "planned", 24000),  # noqa: E501
            ("certification", "Pass CCISO", "CCISO", cciso_exam, "planned", None),
        ],
        "CISO": [("certification", "Pass CPP", "CPP", dt.date(y + 6, 5, 1), "planned", None)],
        "Chief Security Officer": [("experience", "Own converged physical + cyber security", None, dt.date(2034, 12, 1), "planned", None)],  # noqa: E501
    }  # fmt: skip
    plan = session.scalars(select(Plan)).one()
    ids: dict[str, int] = {}
    for stage in plan.stages:
        for position, (kind, title, code, due, status, cost) in enumerate(steps[stage.role]):
            item = PlanItem(position=position, kind=kind, title=title, ref_code=code, due=due,
                            status=status, cost=cost, employer_paid=code == "CISM")  # fmt: skip
            stage.items.append(item)
            session.flush()
            ids[title] = item.id
    session.add(ItemDependency(item_id=ids["Pass CCISO"], depends_on_id=ids["Pass CISM"]))


def test_cards_follow_the_service_and_refresh_after_edits(
    db: Database, screen: DashboardScreen, store: PlannerStore
) -> None:
    assert "No plan yet" in screen.subtitle.text()
    assert screen.ring.value() == 0
    store.write(realistic_person)  # data_changed -> the cards refresh
    with db.session_factory() as s:
        expected = load_dashboard(s, TODAY)
    assert screen.data == expected
    p = expected.progress
    assert screen.ring.value() == pytest.approx(p.items_done / p.items_total)
    assert screen.ring.text() == f"{round(100 * p.items_done / p.items_total)}%"
    assert "Road to CSO 2034" in screen.subtitle.text()
    texts = [w.text() for w in screen.eligibility_card.findChildren(QWidget) if hasattr(w, "text")]
    # The CISSP is held: "Held since …" (its lifecycle), never an eligibility.
    assert any(t.startswith("CISSP — Held since 15 Jan 2024") for t in texts)
    assert not any(t.startswith("CISSP — eligible") for t in texts)
    salary = [w.text() for w in screen.salary_card.findChildren(QWidget) if hasattr(w, "text")]
    assert "US$120K–US$170K" in salary
    assert any(t.startswith("Source: CSO Planner's built-in salary table") for t in salary)
    assert not any("project seed" in t for t in salary)  # internal wording stays internal
    cpe = [w.text() for w in screen.cpe_card.findChildren(QWidget) if hasattr(w, "text")]
    assert expected.unsubmitted and expected.unsubmitted[0].endswith("not yet submitted to ISC2")
    assert expected.unsubmitted[0] in cpe


def test_hostile_titles_are_shown_literally(
    db: Database, screen: DashboardScreen, store: PlannerStore
) -> None:
    def work(s: Session) -> None:
        plan = Plan(name=HOSTILE, active=True)
        stage = Stage(position=0, role=HOSTILE)
        stage.items = [
            PlanItem(position=0, kind="skill", title=HOSTILE, due=TODAY + dt.timedelta(days=3))
        ]
        plan.stages = [stage]
        s.add(plan)

    store.write(work)
    labels = [w for w in screen.actions_card.findChildren(QWidget) if hasattr(w, "textFormat")]
    shown = [label for label in labels if HOSTILE in label.text()]
    assert shown
    assert all(label.textFormat() == label.textFormat().PlainText for label in shown)
    assert HOSTILE in screen.subtitle.text()


@pytest.fixture
def restore_palette() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original, sheet = app.palette(), app.styleSheet()
    yield
    app.setPalette(original)
    app.setStyleSheet(sheet)


def _save(widget: QWidget, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    for _ in range(3):
        QApplication.processEvents()
    path = OUT / f"{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 5000


def build_three(store: PlannerStore) -> dict[str, Any]:
    undo = QUndoStack()
    return {
        "Dashboard": DashboardScreen(store, undo),
        "Certifications": CertificationsScreen(store, undo),
        "Budget": BudgetScreen(store, undo),
    }


@pytest.mark.usefixtures("restore_palette")
def test_screenshots(store: PlannerStore, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(app_stylesheet())  # the main window sets it too (screen titles)
    empty = build_three(store)
    for key, widget in empty.items():
        qtbot.addWidget(widget)
        widget.resize(1080, 760)
        widget.show()
        _save(widget, f"{key.lower()}-empty")
    store.write(realistic_person)
    for theme, palette in (("light", app.palette()), ("dark", dark_palette())):
        app.setPalette(palette)
        screens: dict[str, Any] = build_three(store)
        for key, widget in screens.items():
            qtbot.addWidget(widget)
            widget.resize(1080, 760)
            widget.show()
            if key == "Certifications":
                widget.select("CISSP")
                _save(widget, f"certifications-{theme}")
                widget.select("CISM")
                widget.side.setCurrentIndex(1)
                widget.whatif.set_target("CISM")
                widget.whatif.compute()
                _save(widget, f"certifications-whatif-{theme}")
            else:
                _save(widget, f"{key.lower()}-{theme}")


def test_every_refresh_keeps_the_ring_and_updates_the_cards(
    screen: DashboardScreen, store: PlannerStore
) -> None:
    """Regression: the second refresh used to delete the ring and stop every later card."""
    for _ in range(3):
        screen.refresh()
        # Run the deferred deletes of the cleared card rows, as the event loop would.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    store.write(realistic_person)  # a fourth refresh, with data
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert screen.ring.isVisibleTo(screen)
    assert screen.ring.value() > 0
    assert "Road to CSO 2034" in screen.subtitle.text()
    texts = [w.text() for w in screen.salary_card.findChildren(QWidget) if hasattr(w, "text")]
    assert "US$120K–US$170K" in texts


def test_a_cpe_edit_redraws_the_cpe_card_and_keeps_the_others(
    screen: DashboardScreen, store: PlannerStore
) -> None:
    from cso_planner.services.cpe import CpeDraft, add_activity

    store.write(realistic_person)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the first cards' labels

    def labels(card: QWidget) -> list[Any]:
        return [w for w in card.findChildren(QWidget) if hasattr(w, "text")]

    eligibility, salary = labels(screen.eligibility_card), labels(screen.salary_card)
    cpe_texts = [w.text() for w in labels(screen.cpe_card)]
    before = next(c for c in screen.data.cpe if c.code == "CISSP") if screen.data else None
    assert before is not None
    store.write(lambda s: add_activity(s, CpeDraft(TODAY, "Webinar", 3, certifications=("CISSP",))))
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    after = next(c for c in screen.data.cpe if c.code == "CISSP") if screen.data else None
    assert after is not None and after.earned == before.earned + 3
    texts = [w.text() for w in labels(screen.cpe_card)]
    assert texts != cpe_texts and screen.data and screen.data.unsubmitted[0] in texts
    assert f"{after.per_month:.1f} CPE a month needed" in " ".join(texts)
    assert labels(screen.eligibility_card) == eligibility  # the same widgets: not redrawn
    assert labels(screen.salary_card) == salary
    screen.refresh(TODAY + dt.timedelta(days=1))  # a new day redraws every card
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert labels(screen.salary_card) != salary
