"""The Experience screen: the job ledger with its exam-domain tags, and career totals.

Totals count overlapping jobs once and part time pro rata, the way the eligibility engine
does, so "years in CISSP domains" here matches what the Certifications screen reasons with.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.db.proofs import ProofStore
from cso_planner.services import experience as service
from cso_planner.services.experience import ExperienceDraft, ExperienceRow, ExperienceTotals
from cso_planner.ui.content_slot import ContentSlot
from cso_planner.ui.dialogs.confirm import confirm
from cso_planner.ui.proof_list import proof_column
from cso_planner.ui.screens.experience_dialog import ExperienceDialog
from cso_planner.ui.screens.ledger_commands import AddRowCommand, DeleteRowsCommand, EditRowCommand
from cso_planner.ui.screens.ledger_screen import LedgerScreen
from cso_planner.ui.screens.table_kit import ColumnSpec
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, plain_tooltip
from cso_planner.ui.widgets import plain_label


class Column(enum.IntEnum):
    EMPLOYER = 0
    TITLE = 1
    START = 2
    END = 3
    YEARS = 4
    HOURS = 5
    PAID = 6
    MANAGEMENT = 7
    DOMAINS = 8
    PROOFS = 9


def years_text(years: float) -> str:
    return QLocale().toString(float(years), "f", 1)


def _domains_text(row: ExperienceRow) -> str:
    counts: dict[str, int] = {}
    for code, _ in row.draft.domains:
        counts[code] = counts.get(code, 0) + 1
    return " · ".join(f"{code} {n}" for code, n in counts.items())


def _domains_tooltip(row: ExperienceRow) -> str:
    return "\n".join(f"{code}: {domain}" for code, domain in row.draft.domains)


def columns(today: dt.date) -> list[ColumnSpec[ExperienceRow]]:
    def number(value: float) -> str:
        return QLocale().toString(float(value), "f", 0 if value == int(value) else 1)

    return [
        # Columns fit their content (make_table); Domains takes whatever room is left.
        ColumnSpec("Employer", lambda r: r.draft.employer, width=140),
        ColumnSpec("Title", lambda r: r.draft.title, width=140),
        ColumnSpec("Start", lambda r: format_date(r.draft.start), lambda r: r.draft.start, True,
                   90),
        ColumnSpec(
            "End",
            lambda r: format_date(r.draft.end) if r.draft.end else "Ongoing",
            lambda r: r.draft.end or dt.date.max,
            True,
            90,
        ),
        ColumnSpec("Years", lambda r: years_text(r.years(today)),
                   lambda r: r.years(today), True, 50),
        ColumnSpec("Hours/wk", lambda r: number(r.draft.hours_per_week),
                   lambda r: r.draft.hours_per_week, True, 70),
        ColumnSpec("Paid", lambda r: "Yes" if r.draft.paid else "No", width=45),
        ColumnSpec("Mgmt", lambda r: "Yes" if r.draft.management else "", width=55,
                   tooltip=lambda r: "Management / responsible charge"),
        ColumnSpec("Domains", _domains_text, lambda r: len(r.draft.domains), width=70,
                   tooltip=_domains_tooltip, flexible=True),
        proof_column(lambda r: r.draft.proofs),
    ]  # fmt: skip


def search_text(row: ExperienceRow) -> str:
    d = row.draft
    parts = [d.employer, d.title, d.notes, format_date(d.start), format_date(d.end)]
    parts += [d.start.isoformat(), d.end.isoformat() if d.end else ""]
    parts.extend(f"{code} {domain}" for code, domain in d.domains)
    return " ".join(parts)


def _cert_form(content: QWidget) -> QFormLayout:
    form = QFormLayout(content)
    form.setSpacing(SPACING // 2)
    return form


class TotalsPanel(QFrame):
    """Years of security experience, of management, and per certification's domains."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(260)
        self.setMaximumWidth(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
        layout.setSpacing(SPACING)
        heading = plain_label("Totals to date", self)
        heading.setObjectName("emptyTitle")
        layout.addWidget(heading)
        note = plain_label(
            "Overlapping jobs count once; part time counts pro rata (hours ÷ 40).", self
        )
        note.setWordWrap(True)
        note.setEnabled(False)
        layout.addWidget(note)
        self.form = QFormLayout()
        self.form.setSpacing(SPACING)
        self.security_label = self._value()
        self.management_label = self._value()
        self.form.addRow(plain_label("Security experience", self), self.security_label)
        self.form.addRow(plain_label("Management", self), self.management_label)
        layout.addLayout(self.form)
        self.cert_heading = plain_label("In each certification's domains", self)
        font = self.cert_heading.font()
        font.setBold(True)
        self.cert_heading.setFont(font)
        layout.addWidget(self.cert_heading)
        self.cert_rows = ContentSlot(_cert_form, self)
        layout.addWidget(self.cert_rows)
        self.cert_hint = plain_label(
            "Tick the exam domains a job covered to see the years per certification.", self
        )
        self.cert_hint.setWordWrap(True)
        self.cert_hint.setEnabled(False)
        layout.addWidget(self.cert_hint)
        layout.addStretch(1)

    def _value(self) -> QLabel:
        label = plain_label("", self)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def show_totals(self, totals: ExperienceTotals) -> None:
        self.security_label.setText(f"{years_text(totals.security_years)} years")
        self.management_label.setText(f"{years_text(totals.management_years)} years")
        # The rows are rebuilt as one new widget (see ui.content_slot: taking rows out and
        # deleting their labels one by one is what crashed PySide under the garbage collector).
        form = self.cert_rows.renew()
        for cert in totals.per_certification:
            value = self._value()
            value.setText(f"{years_text(cert.years)} years")
            tip = "\n".join(f"{name}: {years_text(y)} years" for name, y in cert.by_domain)
            value.setToolTip(plain_tooltip(tip))
            name = plain_label(cert.code, self)
            name.setToolTip(plain_tooltip(tip))
            form.addRow(name, value)
        self.cert_hint.setVisible(not totals.per_certification)


class ExperienceScreen(LedgerScreen):
    """The job ledger; reloads on ``store.data_changed``."""

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        self.today = dt.date.today()
        super().__init__(
            store,
            undo_stack,
            parent,
            title="Experience",
            columns=columns(self.today),
            search_text=search_text,
            empty=(
                "briefcase",
                "Your experience ledger",
                "Record each security job with its dates, hours and the exam domains it "
                "covered; eligibility for CISSP, CISM, CPP and CCISO is computed from it.",
                "Add your first job",
            ),
            add_text="Add job…",
            search_hint="Search employer, title, domain…",
        )
        self.totals_panel = TotalsPanel(self)
        self.content_layout.addWidget(self.totals_panel)
        self.totals: ExperienceTotals | None = None
        self.table.sortByColumn(Column.START, Qt.SortOrder.DescendingOrder)
        self.reload()

    def load_rows(self, session: Session) -> Sequence[ExperienceRow]:
        self.today = dt.date.today()
        return service.list_entries(session)

    def after_reload(self) -> None:
        self.totals = service.totals(self.model.rows(), self.today)
        self.totals_panel.show_totals(self.totals)

    def _catalog(self) -> list[service.CertDomains]:
        return self.store.read(service.domain_catalog)

    def _proof_store(self) -> ProofStore:
        return ProofStore.beside(self.store.database.path)

    def add(self) -> None:
        catalog = self._catalog()
        command = self.ask_until_saved(
            lambda draft: ExperienceDialog.ask(
                self.window(), "Add job", catalog, draft, self._proof_store()
            ),
            lambda draft: AddRowCommand(
                self.store,
                f"Add job “{draft.title}” at “{draft.employer}”",
                service.add_entry,
                service.delete_entry,
                draft,
            ),
        )
        if isinstance(command, AddRowCommand):
            self.select_ids([command.new_id])

    def edit(self, row: ExperienceRow) -> None:
        catalog = self._catalog()
        old = row.draft

        def command_for(draft: ExperienceDraft) -> EditRowCommand[ExperienceDraft] | None:
            if draft == old:
                return None
            text = f"Edit job “{draft.title}” at “{draft.employer}”"
            return EditRowCommand(self.store, text, service.update_entry, row.id, old, draft)

        self.ask_until_saved(
            lambda draft: ExperienceDialog.ask(
                self.window(), "Edit job", catalog, draft, self._proof_store()
            ),
            command_for,
            old,
        )

    def delete(self, rows: Sequence[ExperienceRow]) -> None:
        if len(rows) == 1:
            what = f"the job “{rows[0].draft.title}” at “{rows[0].draft.employer}”"
        else:
            what = f"{len(rows)} jobs"
        text = f"Delete {what}?\n\nYou can undo this with Edit ▸ Undo."
        if confirm(self.window(), "Delete job", text, "Delete"):
            self.push(
                DeleteRowsCommand(
                    self.store,
                    f"Delete {what}",
                    service.add_entry,
                    service.delete_entry,
                    [r.id for r in rows],
                )
            )
