"""``cso-planner pdf``: the roadmap PDF from the command line (Qt without a window)."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
from typing import TextIO

from sqlalchemy.orm import Session, sessionmaker

from cso_planner.services.report_data import gather_report


def run_pdf(
    session_factory: sessionmaker[Session],
    out_path: pathlib.Path,
    plan_name: str | None,
    page_size: str | None,
    out: TextIO,
) -> int:
    # Painting text needs a QGuiApplication; no window is shown, so no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from cso_planner.report.pdf import write_roadmap_pdf

    app = QGuiApplication.instance() or QGuiApplication(["cso-planner"])
    del app
    with session_factory() as session:
        data = gather_report(session, today=dt.date.today(), plan_name=plan_name)
    pages = write_roadmap_pdf(data, out_path, page_size=page_size)
    print(f"Wrote {pages} pages to {out_path}.", file=out)
    return 0
