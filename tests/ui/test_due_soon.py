"""What is due within 30 days, shown at start: the Dashboard's banner and the status bar line;
the calendar reminders chosen in Preferences."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import open_database
from cso_planner.reminders import DEFAULT_REMINDER_DAYS, reminder_days
from cso_planner.ui.dialogs.preferences import Preferences, PreferencesDialog
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens.dashboard import DashboardScreen

TODAY = dt.date.today()


def _seed(db_path: pathlib.Path) -> None:
    database = open_database(db_path)
    with database.session_factory.begin() as session:
        # CISSP expires in 20 days (its CPE cycle ends with it: one line); its annual fee is
        # months away, CISM's target is not a reminder.
        session.add(
            HeldCertification(
                cert_code="CISSP",
                status="earned",
                earned_on=TODAY - dt.timedelta(days=3 * 365 - 20 + 150),
                expires_on=TODAY + dt.timedelta(days=20),
            )
        )
    database.dispose()


def _dashboard(window: MainWindow) -> DashboardScreen:
    screen = window.screen_widget("dashboard")
    assert isinstance(screen, DashboardScreen)
    return screen


def test_start_shows_what_is_due_within_30_days(
    db_path: pathlib.Path, make_window: Callable[..., MainWindow], qtbot: QtBot
) -> None:
    _seed(db_path)
    window = make_window()
    assert window.current_screen() == "dashboard"
    banner = _dashboard(window).due_banner
    qtbot.waitUntil(banner.isVisible)  # the screen is built right after the first paint
    lines = banner.text_label.text().splitlines()
    assert lines[0] == "Due within 30 days:"
    assert lines[1].startswith("• CISSP expires · CISSP CPE cycle ends — ")
    assert lines[1].endswith(", in 20 days")
    assert len(lines) == 2  # the same day once
    status = window.due_soon_label
    qtbot.waitUntil(status.isVisible)
    assert status.text().startswith("Due soon: CISSP expires · CISSP CPE cycle ends — ")
    assert "in 20 days" in status.toolTip()
    shown = status.text()
    status.setText("")
    status.show_from(None, window.store)  # started on another screen: read once, same line
    assert status.text() == shown

    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    window.store.data_changed.emit()  # an edit elsewhere: still dismissed
    _dashboard(window).refresh()
    assert not banner.isVisible()
    assert status.isVisible()  # the status bar keeps saying it

    with window.store.database.session_factory.begin() as session:
        session.add(
            HeldCertification(
                cert_code="CISM",
                status="earned",
                earned_on=TODAY - dt.timedelta(days=400),
                expires_on=TODAY + dt.timedelta(days=5),
            )
        )
    window.store.data_changed.emit()
    _dashboard(window).refresh()
    assert banner.isVisible()  # something new falls due: shown again
    assert "CISM expires" in banner.text_label.text()
    assert status.text().startswith("Due soon: CISM expires")  # the nearest first
    assert status.text().endswith("more within 30 days)")


def test_nothing_due_shows_no_banner(window: MainWindow) -> None:
    assert not _dashboard(window).due_banner.isVisible()
    assert not window.due_soon_label.isVisible()


def test_reminder_days_are_chosen_in_preferences(window: MainWindow, stub) -> None:  # type: ignore[no-untyped-def]
    assert window.current_preferences().reminder_days == DEFAULT_REMINDER_DAYS
    stub(
        PreferencesDialog, Preferences(weekly_study_hours=6, page_size="A4", reminder_days=(60, 14))
    )
    window.preferences_action.trigger()
    assert window.store.read(reminder_days) == (60, 14)
    assert window.current_preferences().reminder_days == (60, 14)


def test_preferences_dialog_names_bad_reminder_days(qtbot: QtBot) -> None:
    dialog = PreferencesDialog(None, Preferences(6, "A4", (90, 30, 7)))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.reminders_edit.text() == "90, 30, 7"
    dialog.reminders_edit.setText("90, soon")
    dialog._on_ok()
    assert dialog.isVisible()  # not accepted
    assert dialog.reminders_error.text() == "'soon' is not a whole number of days."
    dialog.reminders_edit.setText("30,7, 1")
    assert not dialog.reminders_error.isVisible()
    dialog._on_ok()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.value().reminder_days == (30, 7, 1)
