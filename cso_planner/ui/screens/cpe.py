"""The CPE screen: the activity log, filtered by held certification and cycle, with CSV import
and a warning when a cycle is on track to fall short (from the renewal engine)."""

from __future__ import annotations

import datetime as dt
import enum
import operator
import pathlib
from collections.abc import Callable, Sequence

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.db.proofs import ProofStore
from cso_planner.exports.cpe_csv import MAX_CSV_BYTES, CsvRejected
from cso_planner.files import NotARegularFileError, read_regular_file
from cso_planner.services import cpe as service
from cso_planner.services.claims import ClaimSummary, claim_summary
from cso_planner.services.cpe import CpeDraft, CpeLogRow, Cycle
from cso_planner.ui.dialogs.confirm import confirm, show_error
from cso_planner.ui.flow_layout import labelled
from cso_planner.ui.icons import icon
from cso_planner.ui.proof_list import proof_column
from cso_planner.ui.screens.certifications_detail import submitted_sentence
from cso_planner.ui.screens.cpe_dialog import CpeDialog
from cso_planner.ui.screens.ledger_commands import (
    AddRowCommand,
    DeleteRowsCommand,
    EditRowCommand,
    ImportCpeCommand,
)
from cso_planner.ui.screens.ledger_screen import LedgerScreen
from cso_planner.ui.screens.table_kit import ColumnSpec
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, status_qcolor
from cso_planner.ui.widgets import plain_label

NOT_APPLIED = "\x00none"  # the certification filter's "not applied to any" choice
_credits_of = operator.attrgetter("draft.credits")


class Column(enum.IntEnum):
    DATE = 0
    ACTIVITY = 1
    PROVIDER = 2
    CREDITS = 3
    CATEGORY = 4
    CERTIFICATIONS = 5
    NOTES = 6
    PROOFS = 7


def _credits(value: float) -> str:
    text = QLocale().toString(float(value), "f", 2)
    decimal = QLocale().decimalPoint()
    if decimal in text:
        text = text.rstrip("0").rstrip(decimal)
    return text


COLUMNS: list[ColumnSpec[CpeLogRow]] = [
    ColumnSpec("Date", lambda r: format_date(r.draft.date), lambda r: r.draft.date, True, 100),
    ColumnSpec("Activity", lambda r: r.draft.activity, width=280),
    ColumnSpec("Provider", lambda r: r.draft.provider, width=140),
    ColumnSpec("Credits", lambda r: _credits(r.draft.credits), lambda r: r.draft.credits, True, 70),
    ColumnSpec("Category", lambda r: r.draft.category or "", width=100),
    ColumnSpec("Counts for", lambda r: service.claims_text(r.draft), width=140,
               tooltip=lambda r: service.claims_text(r.draft)),
    ColumnSpec("Proof / notes", lambda r: r.draft.notes.replace("\n", " "), width=200,
               tooltip=lambda r: r.draft.notes),
    proof_column(lambda r: r.draft.proofs),
]  # fmt: skip


def search_text(row: CpeLogRow) -> str:
    d = row.draft
    return " ".join(
        [
            d.activity,
            d.provider,
            d.category or "",
            d.notes,
            *(p.name for p in d.proofs),
            d.date.isoformat(),
            format_date(d.date),
            *d.certifications,
        ]
    )


def choose_csv(parent: QWidget | None) -> str | None:
    """Ask for a CSV file to import (replaced in tests)."""
    from cso_planner.ui.file_actions import ask_open_path

    path = ask_open_path(parent, "Import CPE activities", "CSV files (*.csv);;All files (*)")
    return str(path) if path else None


def run_import_dialog(dialog: QDialog) -> bool:
    """Show the CSV import preview; True when the person chose Import (replaced in tests)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def banner_text(cycle: Cycle) -> str:
    """One sentence for the shortfall warning (dates in the user's locale)."""
    text = (
        f"{cycle.code} is on track to fall short: {_credits(cycle.earned)} of "
        f"{_credits(cycle.required)} CPE so far in the cycle ending {format_date(cycle.end)}; "
        f"about {_credits(round(cycle.per_month, 1))} a month needed from now."
    )
    # The engine's own "needs N more by <ISO date>" repeats the sentence above; keep the rest.
    others = [w for w in cycle.warnings if not (w.startswith("needs") and " by " in w)]
    if others:
        text += " " + " ".join(w[:1].upper() + w[1:].rstrip(".") + "." for w in others)
    return text


class ShortfallBanner(QFrame):
    """A red-bordered strip listing the cycles on track to fall short (hidden when none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortfallBanner")
        red = status_qcolor("overdue").name()
        self.setStyleSheet(
            f"QFrame#shortfallBanner {{ border: 1px solid {red}; border-radius: 6px; }}"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(SPACING * 2, SPACING, SPACING * 2, SPACING)
        row.setSpacing(SPACING)
        self.icon_label = QLabel(self)
        self.icon_label.setPixmap(icon("warning", red).pixmap(20, 20))
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.icon_label)
        self.text_label = plain_label("", self)
        self.text_label.setWordWrap(True)
        row.addWidget(self.text_label, 1)
        self.hide()

    def show_cycles(self, cycles: Sequence[Cycle]) -> None:
        short = [c for c in cycles if c.shortfall]
        self.text_label.setText("\n".join(banner_text(c) for c in short))
        self.setVisible(bool(short))


class CpeScreen(LedgerScreen):
    """The CPE log; reloads on ``store.data_changed``."""

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        self.held: list[str] = []
        self.cycles: list[Cycle] = []
        self.claims = ClaimSummary({}, {})
        self._known_rows: service.KnownRows = {}  # the last load's rows by id
        self._known_entries: service.EntryCache = {}  # and their engine facts
        self._loaded_at: int | None = None  # the store's generation the rows were loaded at
        self.periods: dict[str, tuple[dt.date, dt.date]] = {}
        super().__init__(
            store,
            undo_stack,
            parent,
            title="CPE",
            columns=COLUMNS,
            search_text=search_text,
            empty=(
                "cpe",
                "Your CPE log",
                "Log continuing-education credits (webinars, courses, conferences) and apply "
                "them to the certifications you hold; each renewal cycle is checked against "
                "the issuer's rules. You can also import a CSV of activities.",
                "Log your first CPE activity",
            ),
            add_text="Log CPE…",
            search_hint="Search activity, provider, notes…",
        )
        self.import_button = QPushButton(icon("add"), "Import CSV…", self)
        self.header_row.insertWidget(
            self.header_row.indexOf(self.add_button) + 1, self.import_button
        )
        self.cert_combo = QComboBox(self)
        self.cert_combo.setMinimumWidth(170)
        self.cycle_combo = QComboBox(self)
        self.cycle_combo.setMinimumWidth(280)
        bar = self.filter_bar
        self.filter_row.add_widget(
            labelled(plain_label("Certification", bar), self.cert_combo, bar)
        )
        self.filter_row.add_widget(labelled(plain_label("Period", bar), self.cycle_combo, bar))
        self.summary_label = plain_label("", bar)
        self.summary_label.setMinimumHeight(self.cycle_combo.sizeHint().height())
        self.filter_row.add_widget(self.summary_label)
        self.banner = ShortfallBanner(self)
        self.main_layout.insertWidget(1, self.banner)

        self.import_button.clicked.connect(self._on_import_clicked)
        self.cert_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.cycle_combo.currentIndexChanged.connect(self._on_filter_changed)
        # Once per filter change: the proxy's row signals fire once per changed block of rows,
        # thousands of times for one search over a long log.
        self.proxy.filtered.connect(self._update_summary)
        self.proxy.modelReset.connect(self._update_summary)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.reload()

    # --- loading ---------------------------------------------------------------------------

    def load_rows(self, session: Session) -> Sequence[CpeLogRow]:
        changed = self.store.changed_activities(self._loaded_at)
        self._loaded_at = None  # until this load is through
        self.held = service.held_codes(session)
        log = service.list_activities(session, self._known_rows, changed)
        today = dt.date.today()
        # The log read once: the engine's facts come from the rows just read.
        renewals = service.current_renewals(session, today, log, self._known_entries, changed)
        self.cycles = [c for a in renewals if (c := service.cycle_of(a)) is not None]
        self.claims = claim_summary(session, today, renewals)
        self._loaded_at = self.store.generation
        return log

    def after_reload(self) -> None:
        self._fill_filters()
        self.banner.show_cycles(self.cycles)
        self._update_summary()

    def _fill_filters(self) -> None:
        cert, period = self.cert_combo.currentData(), self.cycle_combo.currentData()
        for combo in (self.cert_combo, self.cycle_combo):
            combo.blockSignals(True)
            combo.clear()
        self.cert_combo.addItem("All certifications", None)
        for code in self.held:
            self.cert_combo.addItem(icon("certificate"), code, code)
        self.cert_combo.addItem("Not applied to any", NOT_APPLIED)
        self.cycle_combo.addItem("All dates", None)
        year = dt.date.today().year
        self.periods = {f"cycle:{c.code}": (c.start, c.end) for c in self.cycles}
        self.periods["this-year"] = (dt.date(year, 1, 1), dt.date(year, 12, 31))
        self.periods["last-year"] = (dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31))
        for c in self.cycles:
            label = f"{c.code} cycle: {format_date(c.start)} – {format_date(c.end)}"
            self.cycle_combo.addItem(label, f"cycle:{c.code}")
        self.cycle_combo.addItem(f"This year ({year})", "this-year")
        self.cycle_combo.addItem(f"Last year ({year - 1})", "last-year")
        self.cert_combo.setCurrentIndex(max(self.cert_combo.findData(cert), 0))
        self.cycle_combo.setCurrentIndex(max(self.cycle_combo.findData(period), 0))
        for combo in (self.cert_combo, self.cycle_combo):
            combo.blockSignals(False)
        self._apply_filters()

    def set_filters(self, code: str | None, period: str | None) -> None:
        """Choose a certification and a period key (``cycle:CISSP``, ``this-year``…)."""
        self.cert_combo.setCurrentIndex(max(self.cert_combo.findData(code), 0))
        self.cycle_combo.setCurrentIndex(max(self.cycle_combo.findData(period), 0))

    def _predicate(self) -> Callable[[CpeLogRow], bool] | None:
        code = self.cert_combo.currentData()
        period = self.periods.get(self.cycle_combo.currentData() or "")
        if code is None and period is None:
            return None
        start: dt.date | None = period[0] if period is not None else None
        end: dt.date | None = period[1] if period is not None else None

        def accepts(row: CpeLogRow) -> bool:
            d = row.draft
            if code == NOT_APPLIED:
                if d.certifications:
                    return False
            elif code is not None and code not in d.certifications:
                return False
            return start is None or end is None or start <= d.date <= end

        return accepts

    def _apply_filters(self) -> None:
        self.proxy.set_predicate(self._predicate())

    def _on_filter_changed(self) -> None:
        self._apply_filters()  # the proxy's ``filtered`` signal updates the summary

    def _update_summary(self, *args: object) -> None:
        shown = self.proxy.rowCount()
        if self.proxy.source().rowCount() == 0:
            self.summary_label.clear()
            return
        total = sum(map(_credits_of, self.proxy.visible_rows()))
        noun = "activity" if shown == 1 else "activities"
        text = f"{shown:,} {noun} · {_credits(total)} credits"
        claimed = self.claims.get(self.cert_combo.currentData() or "")
        if claimed is not None:
            text += f"\n{submitted_sentence(claimed)}"
        self.summary_label.setText(text)

    # --- actions ---------------------------------------------------------------------------

    def _held(self) -> list[str]:
        return self.store.read(service.held_codes)

    def _proof_store(self) -> ProofStore:
        return ProofStore.beside(self.store.database.path)

    def _domains(self) -> dict[str, list[str]]:
        return self.store.read(service.exam_domains)

    def add(self, draft: CpeDraft | None = None) -> None:
        """Log an activity (``draft`` pre-fills the form, e.g. from a finished course)."""
        held, domains = self._held(), self._domains()
        command = self.ask_until_saved(
            lambda d: CpeDialog.ask(
                self.window(), "Log CPE activity", held, d, domains, self._proof_store()
            ),
            lambda d: AddRowCommand(
                self.store,
                f"Log CPE “{d.activity}”",
                service.add_activity,
                service.delete_activity,
                d,
            ),
            draft,
        )
        if isinstance(command, AddRowCommand):
            self.select_ids([command.new_id])

    def edit(self, row: CpeLogRow) -> None:
        held, domains = self._held(), self._domains()
        old = row.draft

        def command_for(draft: CpeDraft) -> EditRowCommand[CpeDraft] | None:
            if draft == old:
                return None
            text = f"Edit CPE “{draft.activity}”"
            return EditRowCommand(self.store, text, service.update_activity, row.id, old, draft)

        self.ask_until_saved(
            lambda d: CpeDialog.ask(
                self.window(), "Edit CPE activity", held, d, domains, self._proof_store()
            ),
            command_for,
            old,
        )

    def delete(self, rows: Sequence[CpeLogRow]) -> None:
        what = f"“{rows[0].draft.activity}”" if len(rows) == 1 else f"{len(rows):,} activities"
        text = f"Delete the CPE activity {what}?" if len(rows) == 1 else f"Delete {what}?"
        if confirm(self.window(), "Delete CPE", f"{text}\n\nYou can undo this.", "Delete"):
            self.push(
                DeleteRowsCommand(
                    self.store,
                    f"Delete CPE {what}",
                    service.add_activity,
                    service.delete_activity,
                    [r.id for r in rows],
                )
            )

    def import_csv(self, path: str) -> bool:
        """Import the CSV at ``path`` in one undoable transaction; False if it was refused."""
        name = pathlib.Path(path).name
        try:
            data, _size = read_regular_file(pathlib.Path(path), MAX_CSV_BYTES + 1)
        except NotARegularFileError as exc:  # a named pipe would block the window forever
            show_error(self.window(), "Import CSV", f"{name} was not imported: {exc}.")
            return False
        except OSError as exc:
            show_error(self.window(), "Import CSV", f"Could not read {name}: {exc.strerror}.")
            return False
        try:
            rows = self.store.read(lambda s: service.parse_import(s, data))
        except CsvRejected as exc:
            show_error(self.window(), "Import CSV", f"{name} was not imported: {exc}.")
            return False
        if not rows:
            show_error(self.window(), "Import CSV", f"{name} has no activities to import.")
            return False
        return self.push(ImportCpeCommand(self.store, rows, name))

    def import_any_csv(self, path: str) -> bool:
        """Preview the CSV at ``path`` with its column mapping and import what the person
        chooses in one undoable transaction; False if it was refused or cancelled."""
        from cso_planner.ui.screens.cpe_import_dialog import CpeImportDialog

        name = pathlib.Path(path).name
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_CSV_BYTES + 1)
        except OSError as exc:
            show_error(self.window(), "Import CSV", f"Could not read {name}: {exc.strerror}.")
            return False
        try:
            dialog = CpeImportDialog(self.window(), self.store, data, name)
        except CsvRejected as exc:
            show_error(self.window(), "Import CSV", f"{name} was not imported: {exc}.")
            return False
        if not run_import_dialog(dialog) or not dialog.chosen_rows():
            return False
        return self.push(dialog.command())

    def _on_import_clicked(self) -> None:
        path = choose_csv(self.window())
        if path:
            self.import_any_csv(path)
