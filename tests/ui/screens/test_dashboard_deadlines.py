"""One deadline list for every view: the Dashboard's card, the due-soon banner and status line
and the calendar export show one line per certification and day (never "CISSP expires" and
"CISSP CPE cycle ends" twice on one date)."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable

from icalendar import Calendar
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel, QLayout
from pytestqt.qtbot import QtBot

from cso_planner.db.opening import Database, open_database
from cso_planner.exports.calendar_file import export_calendar
from cso_planner.services.renewal_deadlines import all_deadlines
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens.dashboard import DashboardScreen
from cso_planner.ui.store import PlannerStore
from tests.ui.screens.test_dashboard import realistic_person

TODAY = dt.date.today()
CISSP_EXPIRES = dt.date(2027, 1, 31)  # the sample's CISSP expiry, when its CPE cycle ends too


def _texts(layout: QLayout) -> list[str]:
    found: list[str] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        assert item is not None
        widget, inner = item.widget(), item.layout()
        if isinstance(widget, QLabel) and widget.text() != "●":
            found.append(widget.text())
        elif inner is not None:
            found.extend(_texts(inner))
    return found


def _rows(screen: DashboardScreen) -> list[str]:
    """The deadline card's lines as shown now (text, then the date on the right)."""
    return _texts(screen.deadlines_card.body)


def test_dashboard_card_shows_each_certification_once_a_day(
    db: Database, qtbot: QtBot, tmp_path: pathlib.Path
) -> None:
    store = PlannerStore(db)
    store.write(realistic_person)
    screen = DashboardScreen(store, QUndoStack())
    qtbot.addWidget(screen)
    screen.resize(1080, 760)
    screen.show()
    day = CISSP_EXPIRES - dt.timedelta(days=20)  # both CISSP deadlines and CISM's within 90 days
    screen.refresh(day)

    titles = [d.title for d in screen.data.deadlines]
    assert "CISSP expires · CISSP CPE cycle ends" in titles
    assert "CISM target · Pass CISM" in titles
    pairs = [(d.date, d.subject) for d in screen.data.deadlines if d.subject]
    assert len(pairs) == len(set(pairs))  # one per certification and day

    shown = _rows(screen)
    cissp = [t for t in shown if t.startswith("CISSP expires")]
    assert cissp == [
        "CISSP expires · CISSP CPE cycle ends\n"
        "Expiry: Certified Information Systems Security Professional\n"
        "CPE cycle: 18.5 of 120 CPE earned"
    ]
    assert not any(t.startswith("CISSP CPE cycle ends") for t in shown)
    assert not any(t.startswith("Pass CISM") for t in shown)
    assert shown.count("31 Jan 2027") == 1

    # The banner and the status line read the same merged list.
    assert [d.title for d in screen.due_soon_deadlines] == [
        "CISSP fee due",
        "CISSP expires · CISSP CPE cycle ends",
    ]
    banner = screen.due_banner.text_label.text().splitlines()
    assert [line for line in banner if "31 Jan 2027" in line] == [
        "• CISSP expires · CISSP CPE cycle ends — 31 Jan 2027, in 20 days"
    ]

    # The one function: what the card shows is what every view reads, and the calendar
    # holds the same events on those days.
    with db.read_session_factory() as session:
        assert list(screen.data.deadlines) == all_deadlines(session, day, days=90)
        export_calendar(session, tmp_path / "d.ics", day)
    calendar = Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    events = {
        (e.decoded("dtstart"), str(e["summary"]))
        for e in calendar.walk("VEVENT")
        if day <= e.decoded("dtstart") <= day + dt.timedelta(days=90)
    }
    assert events == {(d.date, d.title) for d in screen.data.deadlines}


def test_status_line_read_on_its_own_is_merged_too(
    db_path: pathlib.Path, make_window: Callable[..., MainWindow]
) -> None:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        realistic_person(session)
    database.dispose()
    window = make_window()
    status = window.due_soon_label
    status.refresh(window.store, CISSP_EXPIRES - dt.timedelta(days=3))
    assert status.deadlines and len(status.deadlines) == len(
        {(d.date, d.subject or d.key) for d in status.deadlines}
    )
    assert status.text().startswith("Due soon: CISSP expires · CISSP CPE cycle ends — 31 Jan 2027")
