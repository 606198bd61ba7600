"""Run the rest of the app on a database: every output a person can ask for (R14/R15 + issue 11).

Whatever an import accepted must also go through eligibility, renewals, the budget, the
calendar, the CPE CSV, the PDF and a re-export without an exception, on today and on the first
and last day a date may have (cso_planner.limits). The JSON outputs must be strict JSON.
Screens are exercised by :func:`show_every_screen` (needs a QApplication and a window).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
from typing import Any

from PySide6.QtWidgets import QApplication

from cso_planner import limits
from cso_planner.db.opening import Database

DAYS = (dt.date.today(), limits.DATE_MIN, limits.DATE_MAX)


def _strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


def run_outputs(database: Database, folder: pathlib.Path, days: tuple[dt.date, ...] = DAYS) -> None:
    """Every non-GUI output of the app on ``database``; raises on the first failure."""
    from cso_planner.eligibility.cli import run_eligibility, run_renewals
    from cso_planner.exchange import export_bytes
    from cso_planner.exports.cpe_csv import write_cpe_csv
    from cso_planner.exports.ics import write_ics
    from cso_planner.report.pdf import write_roadmap_pdf
    from cso_planner.services.budget_cli import run_budget
    from cso_planner.services.renewal_deadlines import calendar_deadlines
    from cso_planner.services.report_data import gather_report

    factory = database.session_factory
    for day in days:
        for run in (run_eligibility, run_renewals, run_budget):
            for as_json in (True, False):
                out = io.StringIO()
                assert run(factory, day, as_json, out) == 0
                if as_json:
                    _strict(out.getvalue())
        with factory() as session:
            write_ics(calendar_deadlines(session, day), folder / "deadlines.ics")
    with factory() as session:
        write_cpe_csv(session, folder / "cpe.csv")
        export_bytes(session)
        report = gather_report(session, today=days[0])
    write_roadmap_pdf(report, folder / "roadmap.pdf")


def show_every_screen(window: Any) -> None:
    """Show each screen of the main window after its data changed (exceptions in Qt slots are
    caught by pytest-qt and fail the test)."""
    from cso_planner.ui.main_window import SCREENS

    window.store.data_changed.emit()
    for key, *_ in SCREENS:
        window.show_screen(key)
        QApplication.processEvents()
