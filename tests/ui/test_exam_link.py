"""The exam item of a plan and its certification's status are one fact, in one undo step."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import HeldCertification, Plan, PlanItem, Stage
from cso_planner.db.opening import Database
from cso_planner.services.certifications import held_draft
from cso_planner.ui.commands import SetItemStatusCommand
from cso_planner.ui.screens.certifications_commands import EditHeldCommand
from cso_planner.ui.store import PlannerStore

TODAY = dt.date.today()


def _plan(db: Database, *, held: bool) -> int:
    with db.session_factory.begin() as s:
        plan = Plan(name="P", active=True, target_role="CISO")
        stage = Stage(position=0, role="Manager", start=dt.date(2026, 1, 1))
        item = PlanItem(position=0, kind="certification", title="Pass CISM", ref_code="CISM",
                        status="in_progress", due=TODAY - dt.timedelta(days=3))  # fmt: skip
        stage.items = [item]
        plan.stages = [stage]
        s.add(plan)
        if held:
            s.add(HeldCertification(cert_code="CISM", status="studying"))
        s.flush()
        return item.id


def _cism(s: Session) -> HeldCertification | None:
    return s.scalar(select(HeldCertification).where(HeldCertification.cert_code == "CISM"))


def test_marking_the_exam_done_earns_the_certification_undoably(
    qapp: QApplication, db: Database
) -> None:
    item_id = _plan(db, held=True)
    store, stack = PlannerStore(db), QUndoStack()
    stack.push(SetItemStatusCommand(store, item_id, "done", "Pass CISM"))
    with db.session_factory() as s:
        cism = _cism(s)
        assert cism is not None and cism.status == "earned"
        # The day it was passed is the item's due day: the app's guess, labelled estimated.
        assert cism.earned_on == TODAY - dt.timedelta(days=3) and cism.earned_estimated
    stack.undo()  # one step undoes both sides
    with db.session_factory() as s:
        cism = _cism(s)
        assert cism is not None and cism.status == "studying" and cism.earned_on is None
        assert s.get(PlanItem, item_id).status == "in_progress"  # type: ignore[union-attr]
    stack.redo()
    with db.session_factory() as s:
        assert _cism(s).status == "earned"  # type: ignore[union-attr]


def test_marking_the_exam_done_adds_the_certification_when_missing(
    qapp: QApplication, db: Database
) -> None:
    item_id = _plan(db, held=False)
    store, stack = PlannerStore(db), QUndoStack()
    stack.push(SetItemStatusCommand(store, item_id, "done", "Pass CISM"))
    with db.session_factory() as s:
        assert _cism(s) is not None and _cism(s).status == "earned"  # type: ignore[union-attr]
    stack.undo()
    with db.session_factory() as s:
        assert _cism(s) is None


def test_earning_the_certification_marks_its_exam_item_done(
    qapp: QApplication, db: Database
) -> None:
    item_id = _plan(db, held=True)
    store, stack = PlannerStore(db), QUndoStack()
    with db.session_factory() as s:
        held = _cism(s)
        assert held is not None
        held_id, old = held.id, held_draft(s, held.id)
    new = type(old)(**{**old.__dict__, "status": "earned", "earned_on": TODAY})
    stack.push(EditHeldCommand(store, held_id, old, new))
    with db.session_factory() as s:
        assert s.get(PlanItem, item_id).status == "done"  # type: ignore[union-attr]
    stack.undo()
    with db.session_factory() as s:
        assert s.get(PlanItem, item_id).status == "in_progress"  # type: ignore[union-attr]
        assert _cism(s).status == "studying"  # type: ignore[union-attr]
