"""After one write the CPE, Dashboard and Certifications screens re-read only the activities it
changed (issue 13), and what they show is, row for row, what reading the whole log gives:
through the real undo commands, undo and redo, a CSV import, proofs, raw SQL, cascades and
writes to other tables in between."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.orm import Session

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import Database
from cso_planner.exports.cpe_csv import CpeRow
from cso_planner.services import cpe as svc
from cso_planner.services import facts, profile
from cso_planner.services.attachments import Proof
from cso_planner.services.cpe import Claim, CpeDraft, CpeLogRow
from cso_planner.services.dashboard import load_dashboard
from cso_planner.ui.screens.certifications import CertificationsScreen, load_screen_data
from cso_planner.ui.screens.cpe import CpeScreen
from cso_planner.ui.screens.dashboard import DashboardScreen
from cso_planner.ui.screens.ledger_commands import (
    AddRowCommand,
    DeleteRowsCommand,
    EditRowCommand,
    ImportCpeCommand,
)
from cso_planner.ui.store import PlannerStore

DAY = dt.date(2026, 3, 1)


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> CpeScreen:
    with db.session_factory.begin() as s:
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2024, 5, 1)))
        s.add(HeldCertification(cert_code="CISM", status="earned", earned_on=dt.date(2025, 2, 1)))
        for n in range(40):  # ties on the date: the order falls back to the id
            svc.add_activity(s, _draft(random.Random(n), f"Seed {n}"))
    widget = CpeScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _draft(rng: random.Random, name: str) -> CpeDraft:
    codes = rng.choice([(), ("CISSP",), ("CISM",), ("CISSP", "CISM")])
    claims = tuple(
        Claim(
            code,
            credits=rng.choice([None, 0.5]),
            status="submitted",
            submitted_on=DAY + dt.timedelta(days=5),
        )
        for code in codes
        if rng.random() < 0.3
    )
    proofs = ()
    if rng.random() < 0.3:
        digest = f"{rng.getrandbits(256):064x}"
        proofs = (Proof(digest, "cert.pdf", "application/pdf", 10, DAY),)
    return CpeDraft(
        DAY + dt.timedelta(days=rng.randrange(4)),
        name,
        rng.choice([0.5, 1.0, 3.0]),
        certifications=codes,
        claims=claims,
        proofs=proofs,
    )


def _full(db: Database) -> list[CpeLogRow]:
    with db.session_factory() as s:
        return svc.list_activities(s)


def _ids(db: Database) -> list[int]:
    with db.session_factory() as s:
        return [r.id for r in svc.list_activities(s)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_write_rereads_its_rows_and_shows_what_a_full_read_shows(
    screen: CpeScreen, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    store, stack = screen.store, screen.undo_stack
    dashboard, certifications = DashboardScreen(store, stack), CertificationsScreen(store, stack)
    for other in (dashboard, certifications):
        qtbot.addWidget(other)
        other.show()
    facts_partial: list[int] = []
    facts_after = facts._cpe_entries_after

    def facts_counted(connection: Any, known: Any, changed: Any) -> Any:
        facts_partial.append(len(changed))
        return facts_after(connection, known, changed)

    monkeypatch.setattr(facts, "_cpe_entries_after", facts_counted)
    loads: list[Sequence[CpeLogRow]] = []
    original = screen.load_rows

    def load_rows(session: Session) -> Sequence[CpeLogRow]:
        rows = original(session)
        loads.append(rows)
        return rows

    monkeypatch.setattr(screen, "load_rows", load_rows)
    partial: list[int] = []
    reread = svc._reread

    def counted(session: Session, known: Any, changed: Any) -> Any:
        partial.append(len(changed))
        return reread(session, known, changed)

    monkeypatch.setattr(svc, "_reread", counted)

    def raw(sql: str) -> Callable[[], object]:
        return lambda: store.write(lambda s: s.execute(text(sql)))

    def some_id() -> int:
        return rng.choice(_ids(db))

    operations: dict[str, Callable[[], object]] = {
        "add": lambda: stack.push(
            AddRowCommand(store, "add", svc.add_activity, svc.delete_activity, _draft(rng, "Added"))
        ),
        "edit": lambda: stack.push(
            EditRowCommand(
                store,
                "edit",
                svc.update_activity,
                (row_id := some_id()),
                store.read(lambda s: svc.draft_of(s, row_id)),
                _draft(rng, "Edited"),
            )
        ),
        "delete": lambda: stack.push(
            DeleteRowsCommand(
                store,
                "delete",
                svc.add_activity,
                svc.delete_activity,
                rng.sample(_ids(db), 2),
            )
        ),
        "import": lambda: stack.push(
            ImportCpeCommand(
                store, [CpeRow(DAY, "Imported", "ISC2", 2.0, "Group A", ("CISSP",), "")], "x.csv"
            )
        ),
        "undo": stack.undo,
        "redo": stack.redo,
        "claim by SQL": lambda: raw(
            "UPDATE cpe_allocation SET credits = 0.25 "
            "WHERE id = (SELECT max(id) FROM cpe_allocation)"
        )(),
        "claims by SQL": lambda: raw(
            "UPDATE cpe_allocation SET status = 'accepted' WHERE cert_code = 'CISSP'"
        )(),
        # the database's ON DELETE CASCADE removes the claims and proofs, not the ORM
        "delete by SQL": lambda: raw(
            f"DELETE FROM cpe_activity WHERE id = {rng.choice(_ids(db))}"
        )(),
        "proof by SQL": lambda: raw(
            "DELETE FROM attachment WHERE id = (SELECT min(id) FROM attachment)"
        )(),
        "other table": lambda: store.write(
            lambda s: profile.set_weekly_study_hours(s, rng.choice([4.0, 6.0]))
        ),
    }
    reread_rows: dict[str, list[int]] = {}
    for _step in range(60):
        name = rng.choice(list(operations))
        before, before_partial = len(loads), len(partial)
        operations[name]()
        if len(loads) > before:  # the screen reloaded: what it loaded is the whole log's read
            full = _full(db)
            assert list(loads[-1]) == full, name
            # and the renewal engine was given the facts the whole log gives
            kept = [e for _row, entries in screen._known_entries.values() for e in entries]
            assert kept == list(svc.cpe_entries(full)), name
            with db.session_factory() as s:
                assert screen.cycles == svc.current_cycles(s, dt.date.today()), name
        with db.session_factory() as s:
            today = dt.date.today()
            assert dashboard.data == load_dashboard(s, today), name
            assert certifications.data == load_screen_data(s, today), name
            whole = facts._cpe_entries(facts.connection_of(s))
        for view in (dashboard, certifications):
            kept = [e for _stored, made in view._known_entries.values() for e in made]
            assert kept == list(whole), name
        reread_rows.setdefault(name, []).extend(partial[before_partial:])
    assert list(screen.model.rows()) and sorted(r.id for r in screen.model.rows()) == sorted(
        _ids(db)
    )
    assert partial, "no write was re-read row by row"
    assert len(facts_partial) >= len(partial), "the Dashboard's and Certifications' facts"
    single = ("add", "edit", "delete", "undo", "redo", "import", "delete by SQL", "proof by SQL")
    # one command's rows (a delete takes two), never the whole log
    assert all(n <= 2 for name in single for n in reread_rows.get(name, ())), reread_rows


def test_only_writes_that_changed_no_activity_may_come_between(
    screen: CpeScreen, db: Database
) -> None:
    """A view may apply the announced write's rows to what it loaded only when no other write
    since its load changed an activity (a hidden screen that missed one reads everything)."""
    store = screen.store
    ids = _ids(db)
    loaded_at = store.generation
    seen: list[set[int] | None] = []
    store.data_changed.connect(lambda: seen.append(store.changed_activities(loaded_at)))

    def edit(activity_id: int, credits: float) -> None:
        def work(s: Session) -> None:
            draft = svc.draft_of(s, activity_id)
            svc.update_activity(s, activity_id, dataclasses.replace(draft, credits=credits))

        store.write(work)

    store.write(lambda s: profile.set_weekly_study_hours(s, 7.0))
    edit(ids[0], 9.0)
    assert seen == [set(), {ids[0]}]  # the hours changed no activity: the edit's row alone
    edit(ids[1], 8.0)
    assert seen[-1] is None  # the edit before changed one since that load: read it all
    store.data_changed.emit()  # anyone else's announcement (a restore) says nothing
    assert seen[-1] is None
    assert store.changed_activities(None) is None
