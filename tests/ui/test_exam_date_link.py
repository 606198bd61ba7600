"""A planned certification's target date and its exam item's date are one fact: the item's date
is the target everywhere (Certifications, calendar, Dashboard, PDF), and editing either side
moves both in one undo step."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy import select

from cso_planner.db.models import HeldCertification, PlanItem
from cso_planner.db.opening import open_database
from cso_planner.services.certifications import held_draft
from cso_planner.services.plans import item_draft
from cso_planner.ui.dialogs.item_dialog import ItemDialog, ItemResult
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens.certifications import CertificationsScreen, Column
from cso_planner.ui.screens.certifications_dialog import HeldDialog
from tests.ui.screens.test_dashboard import realistic_person

STORED = dt.date(2031, 3, 31)  # what an older sample stored as CCISO's own target
EXAM = dt.date(dt.date.today().year + 4, 3, 31)  # the sample's "Pass CCISO" item


def _seed(db_path: pathlib.Path) -> None:
    database = open_database(db_path)
    with database.session_factory.begin() as s:
        realistic_person(s)
        cciso = s.scalars(
            select(HeldCertification).where(HeldCertification.cert_code == "CCISO")
        ).one()
        assert cciso.target_date == EXAM  # the sample writes one date
        cciso.target_date = STORED  # a file from before: two stored dates that disagree
    database.dispose()


def _facts(window: MainWindow) -> tuple[dt.date | None, dt.date | None]:
    """(the CCISO exam item's date, CCISO's stored target)."""
    with window.store.database.session_factory() as s:
        item = s.scalars(select(PlanItem).where(PlanItem.ref_code == "CCISO")).one()
        held = s.scalars(
            select(HeldCertification).where(HeldCertification.cert_code == "CCISO")
        ).one()
        return item.due, held.target_date


def _shown_target(window: MainWindow) -> str:
    window.show_screen("certifications")
    screen = window.screen_widget("certifications")
    assert isinstance(screen, CertificationsScreen)
    screen.select("CCISO")
    row = screen.table.currentIndex().row()
    return str(screen.proxy.index(row, Column.NEXT).data())


def test_the_exam_item_date_is_the_target_everywhere(
    db_path: pathlib.Path, make_window: Callable[..., MainWindow], tmp_path: pathlib.Path
) -> None:
    _seed(db_path)
    window = make_window()
    shown = EXAM.strftime("%-d %b %Y")
    assert _shown_target(window) == shown  # not the stored 31 Mar 2031
    window.close()
    window.store.database.dispose()

    # The calendar and the PDF, written by the command line from the same file.
    def cli(*args: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "cso_planner", "--db", str(db_path), *args],
            check=True,
            capture_output=True,
            timeout=120,
        )

    cli("ics", str(tmp_path / "d.ics"))
    calendar = Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    cciso = [e for e in calendar.walk("VEVENT") if "CCISO" in str(e["summary"])]
    assert [(e.decoded("dtstart"), str(e["summary"])) for e in cciso] == [
        (EXAM, "CCISO target · Pass CCISO")
    ]
    cli("pdf", str(tmp_path / "r.pdf"))
    pages = PdfReader(tmp_path / "r.pdf").pages
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pages)
    assert shown in text and STORED.strftime("%-d %b %Y") not in text


def test_editing_either_side_moves_the_one_date_in_one_undo_step(
    db_path: pathlib.Path, make_window: Callable[..., MainWindow], stub: Callable[..., Any]
) -> None:
    _seed(db_path)
    window = make_window()
    assert _shown_target(window) == EXAM.strftime("%-d %b %Y")

    # On the Certifications screen: the target moves the exam item.
    screen = window.screen_widget("certifications")
    assert isinstance(screen, CertificationsScreen)
    with window.store.database.session_factory() as s:
        held_id = s.scalars(
            select(HeldCertification.id).where(HeldCertification.cert_code == "CCISO")
        ).one()
        old = held_draft(s, held_id)
    assert old.target_date == EXAM  # the form opens with the one date
    moved = dt.date(EXAM.year, 6, 30)
    stub(HeldDialog, dataclasses.replace(old, target_date=moved))
    screen.edit_button.click()
    assert _facts(window) == (moved, moved)
    assert _shown_target(window) == moved.strftime("%-d %b %Y")
    window.undo_action.trigger()  # one step puts both back (the stored one now agreeing)
    assert _facts(window) == (EXAM, EXAM)
    assert _shown_target(window) == EXAM.strftime("%-d %b %Y")

    # On the Roadmap: the item's date is the certification's target.
    window.show_screen("roadmap")
    with window.store.database.session_factory() as s:
        item_id = s.scalars(select(PlanItem.id).where(PlanItem.ref_code == "CCISO")).one()
        draft = item_draft(s, item_id)
        stage_id = s.get(PlanItem, item_id).stage_id  # type: ignore[union-attr]
    earlier = dt.date(EXAM.year - 1, 11, 30)
    window.roadmap.select("item", item_id)
    stub(ItemDialog, ItemResult(stage_id, dataclasses.replace(draft, due=earlier)))
    window.roadmap.edit_action.trigger()
    assert _facts(window) == (earlier, earlier)
    assert _shown_target(window) == earlier.strftime("%-d %b %Y")
    window.undo_action.trigger()
    assert _facts(window) == (EXAM, EXAM)
    assert _shown_target(window) == EXAM.strftime("%-d %b %Y")


def test_a_new_exam_item_sets_the_target_in_its_undo_step(
    db_path: pathlib.Path, make_window: Callable[..., MainWindow]
) -> None:
    from cso_planner.services.drafts import ItemDraft
    from cso_planner.ui.commands import AddItemCommand

    _seed(db_path)
    window = make_window()
    with window.store.database.session_factory() as s:
        stage_id = s.scalars(select(PlanItem.stage_id).where(PlanItem.ref_code == "CPP")).one()
        cpp = s.scalars(select(PlanItem).where(PlanItem.ref_code == "CPP")).one()
        s.delete(cpp)
        s.add(HeldCertification(cert_code="CPP", status="planned", target_date=STORED))
        s.commit()
    window.store.data_changed.emit()
    day = dt.date(EXAM.year + 1, 9, 30)
    window.undo_stack.push(
        AddItemCommand(window.store, stage_id, ItemDraft("Pass CPP", ref_code="CPP", due=day))
    )
    with window.store.database.session_factory() as s:
        held = s.scalars(select(HeldCertification).where(HeldCertification.cert_code == "CPP"))
        assert held.one().target_date == day
    window.undo_action.trigger()
    with window.store.database.session_factory() as s:
        held = s.scalars(select(HeldCertification).where(HeldCertification.cert_code == "CPP"))
        assert held.one().target_date == STORED
        assert s.scalars(select(PlanItem).where(PlanItem.ref_code == "CPP")).first() is None
