"""The Dashboard keeps its ledger and plan parts, and the Certifications screen its eligibility
answers, while no write touches what they read, and both show, after every write, exactly
what a fresh full load shows (issue 13)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from cso_planner.db.opening import Database
from cso_planner.services import cpe as svc
from cso_planner.services import dashboard as service
from cso_planner.services import profile
from cso_planner.services.cpe import CpeDraft
from cso_planner.ui.screens import certifications as certifications_module
from cso_planner.ui.screens import dashboard as screen_module
from cso_planner.ui.screens.certifications import CertificationsScreen, load_screen_data
from cso_planner.ui.screens.dashboard import DashboardScreen
from cso_planner.ui.store import PlannerStore
from tests.helpers.sample_data import add_sample_person

# Each write, and whether it touches what the ledger part and the plan part read.
WRITES = [
    ("hours", None, lambda s: profile.set_weekly_study_hours(s, 9.0), (False, False)),
    ("cpe", None, lambda s: svc.add_activity(s, CpeDraft(dt.date.today(), "Talk", 2.0)), (0, 0)),
    (
        "job",
        "UPDATE experience_entry SET hours_per_week = 20 WHERE id = "
        "(SELECT min(id) FROM experience_entry)",
        None,
        (True, False),
    ),
    (
        "item",
        "UPDATE plan_item SET status = 'done' WHERE id = "
        "(SELECT min(id) FROM plan_item WHERE status != 'done')",
        None,
        (False, True),
    ),
    ("currency", "UPDATE profile SET currency = 'EUR'", None, (True, True)),
    ("held", "DELETE FROM held_certification WHERE cert_code = 'CISM'", None, (True, True)),
    ("degree", "DELETE FROM education", None, (True, False)),
    ("course", "UPDATE course SET cost = cost + 100", None, (False, True)),
]


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> DashboardScreen:
    with db.session_factory.begin() as s:
        add_sample_person(s)
    widget = DashboardScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_parts_are_kept_until_a_write_touches_them(
    screen: DashboardScreen, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    certifications = CertificationsScreen(screen.store, screen.undo_stack)
    qtbot.addWidget(certifications)
    certifications.show()
    eligibility_loads: list[str] = []
    real_eligibility = certifications_module.eligibility_answers
    monkeypatch.setattr(
        certifications_module,
        "eligibility_answers",
        lambda s, day: (eligibility_loads.append("eligibility"), real_eligibility(s, day))[1],
    )
    loaded: list[str] = []
    for name in ("load_ledger_part", "load_plan_part"):
        real = getattr(service, name)
        monkeypatch.setattr(
            screen_module,
            name,
            lambda s, day, real=real, name=name: (loaded.append(name), real(s, day))[1],
        )
    store = screen.store
    for label, sql, work, (ledger, plan) in WRITES * 2:
        loaded.clear()
        eligibility_loads.clear()
        if sql is not None:
            store.write(lambda s, sql=sql: s.execute(text(sql)))
        else:
            store.write(work)
        with db.session_factory() as s:
            assert screen.data == service.load_dashboard(s, dt.date.today()), label
            assert certifications.data == load_screen_data(s, dt.date.today()), label
        # eligibility reads the jobs, degrees and held certifications, not the currency
        assert bool(eligibility_loads) == (label in ("job", "held", "degree")), label
        # read again exactly the parts whose reads the write touched
        expected = ["load_ledger_part"] * bool(ledger) + ["load_plan_part"] * bool(plan)
        assert loaded == expected, label
    loaded.clear()
    store.data_changed.emit()  # a restore or a new plan: anything may have changed
    assert loaded == ["load_ledger_part", "load_plan_part"]
