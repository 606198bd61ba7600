"""File → Export audit pack…: choose a certification, see the activities without proof (go
back or continue), choose where, write the ZIP (report PDF, CSV and every proof)."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QInputDialog, QWidget

from cso_planner.dates import format_date
from cso_planner.db.guard import OwnFileError, refuse_own_files
from cso_planner.db.proofs import ProofStore
from cso_planner.exports.audit_pack import (
    AuditPack,
    AuditPackRefused,
    default_file_name,
    gather_audit_pack,
    write_audit_pack,
)
from cso_planner.services import cpe
from cso_planner.ui.dialogs.confirm import confirm, show_error
from cso_planner.ui.store import PlannerStore

TITLE = "Export audit pack"


def choose_certification(parent: QWidget, codes: Sequence[str]) -> str | None:
    """Ask which certification to pack (replaced in tests)."""
    code, ok = QInputDialog.getItem(
        parent, TITLE, "Certification (its current CPE cycle):", list(codes), 0, False
    )
    return code if ok and code else None


def ask_to_continue(parent: QWidget, pack: AuditPack) -> bool:
    """List the activities without a proof file; True to write the pack anyway."""
    shown = pack.unproven[:15]
    lines = [f"• {format_date(a.date)} — {a.activity}" for a in shown]
    if len(pack.unproven) > len(shown):
        lines.append(f"… and {len(pack.unproven) - len(shown)} more")
    count = len(pack.unproven)
    text = (
        f"{count} {'activity has' if count == 1 else 'activities have'} no proof file:\n\n"
        + "\n".join(lines)
        + "\n\nAn auditor will ask for proof of each. Go back to attach them, or write the "
        "pack without."
    )
    return confirm(parent, TITLE, text, "Write anyway")


def export_audit_pack(
    window: QWidget,
    store: PlannerStore,
    ask_path: Callable[[QWidget, str, str, str], pathlib.Path | None],
    notify: Callable[[str], object],
) -> pathlib.Path | None:
    """Run the whole export; the written file, or None (cancelled, refused or failed)."""
    codes = store.read(cpe.held_codes)
    if not codes:
        show_error(
            window, TITLE, "Add the certifications you hold first: a pack is per certification."
        )
        return None
    code = choose_certification(window, codes)
    if code is None:
        return None
    try:
        pack = store.read(lambda s: gather_audit_pack(s, code, today=dt.date.today()))
    except AuditPackRefused as exc:
        show_error(window, TITLE, f"No audit pack was written: {exc}.")
        return None
    if pack.unproven and not ask_to_continue(window, pack):
        return None
    path = ask_path(window, TITLE, default_file_name(pack), "ZIP archive (*.zip)")
    if path is None:
        return None
    if path.suffix.lower() != ".zip":
        path = path.with_name(path.name + ".zip")
    try:
        refuse_own_files(store.database.path, path)
    except OwnFileError as exc:
        show_error(window, TITLE, str(exc))
        return None
    from cso_planner.report.audit_pdf import audit_report_pdf

    try:
        proofs = write_audit_pack(
            pack, ProofStore.beside(store.database.path), path, audit_report_pdf(pack)
        )
    except AuditPackRefused as exc:
        show_error(window, TITLE, f"No audit pack was written: {exc}.")
        return None
    except OSError as exc:
        show_error(window, TITLE, f"Could not write {path}: {exc.strerror or exc}.")
        return None
    notify(
        f"Wrote the {pack.code} audit pack to {path}: {len(pack.activities)} activities, "
        f"{proofs} proof files."
    )
    return path
