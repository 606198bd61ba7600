"""After an edit, screens reload only when the edit changed something their loads read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import text

from cso_planner.db.models import HeldCertification
from cso_planner.services.cpe import CpeDraft, add_activity, delete_activity
from cso_planner.ui import commands
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens.ledger_commands import AddRowCommand
from tests.ui.conftest import seed_plan


def _count_reloads(monkeypatch: pytest.MonkeyPatch, screen: Any) -> list[str]:
    seen: list[str] = []
    original = screen.model.set_rows

    def set_rows(rows: Any) -> None:
        seen.append("reload")
        original(rows)

    monkeypatch.setattr(screen.model, "set_rows", set_rows)
    return seen


def test_an_edit_reloads_the_screens_that_read_it_and_no_other(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_plan(window)
    with window.store.database.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2025, 1, 1)))
    window.store.data_changed.emit()  # written behind the store's back: everything reloads
    window.show_screen("cpe")
    cpe = window.screen_widget("cpe")
    reloads = _count_reloads(monkeypatch, cpe)

    # The study hours are not in the CPE log: the CPE screen stays as it is, the Roadmap
    # (hidden) shows the new budget.
    window.undo_stack.push(commands.SetWeeklyHoursCommand(window.store, 11.0))
    assert reloads == []
    assert "11" in window.roadmap.budget_label.text()

    # An activity logged: the CPE screen shows it.
    draft = CpeDraft(dt.date(2026, 2, 1), "Cloud webinar", 1.5, certifications=("CISSP",))
    window.undo_stack.push(AddRowCommand(window.store, "Log", add_activity, delete_activity, draft))
    assert reloads == ["reload"]
    assert [r.draft.activity for r in cpe.model.rows()] == ["Cloud webinar"]
    window.undo_stack.undo()
    assert reloads == ["reload", "reload"]
    assert cpe.model.rows() == []

    # The Dashboard (hidden) is not marked stale by the study hours, and is by the CPE log.
    dashboard = window.screen_widget("dashboard")
    assert dashboard.reload_policy.stale  # the CPE log changed while it was hidden
    window.show_screen("dashboard")
    assert not dashboard.reload_policy.stale
    window.show_screen("cpe")
    window.undo_stack.push(commands.SetWeeklyHoursCommand(window.store, 12.0))
    assert not dashboard.reload_policy.stale
    window.undo_stack.push(AddRowCommand(window.store, "Log", add_activity, delete_activity, draft))
    assert dashboard.reload_policy.stale
    window.show_screen("dashboard")
    assert not dashboard.reload_policy.stale


def test_a_change_of_unknown_extent_reloads_every_screen_on_view(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_screen("cpe")
    cpe = window.screen_widget("cpe")
    cpe.reload()  # its reads are recorded
    reloads = _count_reloads(monkeypatch, cpe)
    window.store.data_changed.emit()  # e.g. a restored backup: anything may have changed
    assert reloads == ["reload"]


def test_a_cpe_edit_that_keeps_its_proofs_does_not_reload_the_screens_showing_proofs(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cso_planner.services.cpe import update_activity
    from cso_planner.ui.screens.ledger_commands import EditRowCommand

    draft = CpeDraft(dt.date(2026, 2, 1), "Cloud webinar", 1.5)
    window.undo_stack.push(AddRowCommand(window.store, "Log", add_activity, delete_activity, draft))
    activity_id = window.store.read(
        lambda s: s.execute(text("SELECT id FROM cpe_activity")).scalar_one()
    )
    window.show_screen("experience")
    experience = window.screen_widget("experience")
    experience.reload()  # its reads (the jobs and their proofs) are recorded
    reloads = _count_reloads(monkeypatch, experience)
    more = CpeDraft(dt.date(2026, 2, 1), "Cloud webinar", 2.5)
    window.undo_stack.push(
        EditRowCommand(window.store, "Edit", update_activity, activity_id, draft, more)
    )
    assert reloads == []
    credits = window.store.read(
        lambda s: s.execute(text("SELECT credits FROM cpe_activity")).scalar_one()
    )
    assert credits == 2.5
