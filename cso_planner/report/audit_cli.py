"""``cso-planner audit-pack``: the audit pack of one certification from the command line."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sys
from typing import TextIO

from cso_planner.dates import format_date
from cso_planner.db.opening import Database
from cso_planner.db.proofs import ProofStore
from cso_planner.exports.audit_pack import gather_audit_pack, write_audit_pack


def run_audit_pack(
    database: Database,
    code: str,
    cycle_end: dt.date | None,
    out_path: pathlib.Path,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """Write the pack; activities without proof are listed on ``err`` (the pack is written).

    Raises:
        AuditPackRefused: no such certification or cycle (nothing written).
        OSError: the file could not be written.
    """
    # Painting the PDF needs a QGuiApplication; no window is shown, so no display is needed.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from cso_planner.report.audit_pdf import audit_report_pdf

    app = QGuiApplication.instance() or QGuiApplication(["cso-planner"])
    del app
    with database.session_factory() as session:
        pack = gather_audit_pack(session, code, cycle_end)
    err = err or sys.stderr
    if pack.unproven:
        count = len(pack.unproven)
        print(
            f"cso-planner: warning: {count} {'activity has' if count == 1 else 'activities have'}"
            " no proof file:",
            file=err,
        )
        for activity in pack.unproven:
            print(f"  {activity.date.isoformat()} {activity.activity}", file=err)
    proofs = write_audit_pack(
        pack, ProofStore.beside(database.path), out_path, audit_report_pdf(pack)
    )
    print(
        f"Wrote the {pack.code} audit pack for the cycle {format_date(pack.start)} – "
        f"{format_date(pack.end)} to {out_path}: {len(pack.activities)} activities, "
        f"{proofs} proof files.",
        file=out,
    )
    return 0
