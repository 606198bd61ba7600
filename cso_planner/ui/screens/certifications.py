"""The Certifications screen: what you hold and plan, when you become eligible, how renewals go,
and a what-if panel. One table (model + sort/search proxy), a detail pane, add/edit/delete with
undo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Collection, Sequence

from PySide6.QtCore import (
    QItemSelection,
    Qt,
)
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.dates import format_date, format_month
from cso_planner.db.proofs import ProofStore
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.dates import add_years
from cso_planner.eligibility.lifecycle import Lifecycle
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.services import certifications as certs
from cso_planner.services.certifications import HeldRow
from cso_planner.services.claims import ClaimTotal, claim_summary
from cso_planner.services.facts import (
    CpeFactsCache,
    answers_and_lifecycles,
    eligibility_answers,
)
from cso_planner.ui.icons import icon
from cso_planner.ui.part_cache import PartCache
from cso_planner.ui.proof_list import proof_column
from cso_planner.ui.reflow import Reflow
from cso_planner.ui.reload import ReloadWhenVisible, records_reads
from cso_planner.ui.screens.certifications_commands import (
    AddHeldCommand,
    DeleteHeldCommand,
    EditHeldCommand,
)
from cso_planner.ui.screens.certifications_detail import (
    CertificationDetail,
    eligibility_status,
)
from cso_planner.ui.screens.certifications_dialog import HeldDialog, RenewDialog
from cso_planner.ui.screens.certifications_whatif import WhatIfPanel
from cso_planner.ui.screens.table_kit import (
    ROW_ROLE,
    ColumnSpec,
    RowFilterProxy,
    RowTableModel,
    make_table,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, status_dot
from cso_planner.ui.widgets import EmptyState, screen_title

DETAIL_WIDTH = 420  # the eligibility and renewal pane reads well from here
# Certification status -> the one status language (expired reads as overdue: act on it).
STATUS_LANGUAGE = {
    "planned": "planned",
    "studying": "in_progress",
    "scheduled": "in_progress",
    "earned": "done",
    "expired": "overdue",
}


class Column(enum.IntEnum):
    CODE = 0
    NAME = 1
    STATUS = 2
    NEXT = 3
    EARNED = 4
    EXPIRES = 5
    ELIGIBILITY = 6
    CREDENTIAL = 7
    PROOFS = 8


HEADERS = {
    Column.CODE: "Code",
    Column.NAME: "Certification",
    Column.STATUS: "Status",
    Column.NEXT: "Target / exam",
    Column.EARNED: "Earned",
    Column.EXPIRES: "Expires",
    Column.ELIGIBILITY: "Eligibility",
    Column.CREDENTIAL: "Credential ID",
    Column.PROOFS: "Files",
}


@dataclasses.dataclass(frozen=True)
class CertScreenData:
    rows: tuple[HeldRow, ...]
    eligibility: dict[str, EligibilityAnswer]
    renewals: dict[str, RenewalAnswer]
    choices: tuple[tuple[str, str], ...]
    claims: dict[str, ClaimTotal] = dataclasses.field(default_factory=dict)
    # The lifecycle of every held certification (the one lifecycle function).
    lifecycles: dict[str, Lifecycle] = dataclasses.field(default_factory=dict)


def load_screen_data(
    session: Session,
    today: dt.date,
    known: CpeFactsCache | None = None,
    changed: Collection[int] | None = None,
    eligibility: Sequence[EligibilityAnswer] | None = None,
) -> CertScreenData:
    """Everything the screen shows; ``known``: the screen's CPE facts of its last load,
    ``changed`` the activities changed since, ``eligibility`` the answers when kept (see
    ``services.facts.answers_and_lifecycles``)."""
    eligibility, renewals, lifecycles = answers_and_lifecycles(
        session, today, known, changed, eligibility
    )
    return CertScreenData(
        rows=tuple(certs.list_held(session)),
        eligibility={a.code: a for a in eligibility},
        renewals={r.code: r for r in renewals},
        choices=tuple(certs.catalog_choices(session)),
        claims=claim_summary(session, today, renewals).by_code,
        lifecycles=lifecycles,
    )


def suggested_renewal(life: Lifecycle) -> dt.date | None:
    """A starting point for the new expiry: the current one plus one cycle (the person edits
    it to what the issuer says)."""
    if life.expires_on is None or life.cycle is None:
        return None
    years = max(1, round((life.cycle.end - life.cycle.start).days / 365.25))
    return add_years(life.expires_on, years)


def held_cell(life: Lifecycle) -> str:
    """The eligibility column of a held certification: "Held since …" or what to do now."""
    if life.state in ("active", "no date"):
        return life.since_text()
    return f"{life.state_word} since {format_date(life.expires_on)}" + (
        " (estimated)" if life.expiry_estimated else ""
    )


def eligibility_cell(answer: EligibilityAnswer | None, life: Lifecycle | None = None) -> str:
    if life is not None:
        return held_cell(life)
    if answer is None:
        return "No requirement"
    if answer.error:
        return "Rule error"
    if answer.eligible:
        return "Eligible"
    return f"From {format_month(answer.eligible_on)}" if answer.eligible_on else "Not yet"


def _next_date(row: HeldRow) -> dt.date | None:
    d = row.draft
    return (d.exam_date or d.target_date) if row.status in certs.OPEN_STATUSES else None


def _status_rank(row: HeldRow) -> int:
    return list(STATUS_LANGUAGE).index(row.status) if row.status in STATUS_LANGUAGE else 99


def held_columns(screen: CertificationsScreen) -> list[ColumnSpec[HeldRow]]:
    """The columns; eligibility cells read the answers of the screen's last load."""

    def answer(row: HeldRow) -> EligibilityAnswer | None:
        return screen.data.eligibility.get(row.cert_code)

    def life(row: HeldRow) -> Lifecycle | None:
        return screen.data.lifecycles.get(row.cert_code)

    def eligible_on(row: HeldRow) -> dt.date | None:
        held = life(row)
        if held is not None:
            return held.held_since
        found = answer(row)
        return found.eligible_on if found is not None else None

    def expires(row: HeldRow) -> str:
        held = life(row)
        return held.expiry_text() if held is not None else format_date(row.draft.expires_on)

    def status_dot_of(row: HeldRow) -> str:
        held = life(row)
        if held is not None:
            return {"active": "done", "no date": "done", "in grace": "in_progress"}.get(
                held.state, "overdue"
            )
        return eligibility_status(answer(row))

    return [
        ColumnSpec(HEADERS[Column.CODE], lambda r: r.cert_code),
        ColumnSpec(HEADERS[Column.NAME], lambda r: r.name),
        ColumnSpec(
            HEADERS[Column.STATUS],
            lambda r: certs.status_word(r.status),
            _status_rank,
            icon=lambda r: status_dot(STATUS_LANGUAGE.get(r.status, "planned")),
        ),
        ColumnSpec(HEADERS[Column.NEXT], lambda r: format_date(_next_date(r)), _next_date),
        ColumnSpec(
            HEADERS[Column.EARNED],
            lambda r: format_date(r.draft.earned_on)
            + (" (estimated)" if r.draft.earned_estimated and r.draft.earned_on else ""),
            lambda r: r.draft.earned_on,
        ),
        ColumnSpec(
            HEADERS[Column.EXPIRES], expires,
            lambda r: (held.expires_on if (held := life(r)) else r.draft.expires_on),
        ),
        ColumnSpec(
            HEADERS[Column.ELIGIBILITY],
            lambda r: eligibility_cell(answer(r), life(r)),
            eligible_on,
            icon=lambda r: status_dot(status_dot_of(r)),
        ),
        ColumnSpec(HEADERS[Column.CREDENTIAL], lambda r: r.draft.credential_id or ""),
        proof_column(lambda r: r.draft.proofs),
    ]  # fmt: skip


def _search_text(row: HeldRow) -> str:
    return " ".join((row.cert_code, row.name, row.status, row.draft.credential_id or ""))


class CertificationsScreen(QWidget):
    """Held and planned certifications with eligibility, renewal state and what-if."""

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.data = CertScreenData((), {}, {}, ())
        self._known_entries: CpeFactsCache = {}  # the CPE facts of the last load
        self._loaded_at: int | None = None  # the store's generation they were loaded at
        self._parts = PartCache(store)
        self.model: RowTableModel[HeldRow] = RowTableModel(held_columns(self), _search_text, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reload_policy = ReloadWhenVisible(
            self, self.store.data_changed, self._on_data_changed, store=self.store
        )
        self.reload()

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING)
        layout.setSpacing(SPACING)
        header = QHBoxLayout()
        header.addWidget(screen_title("Certifications", self))
        header.addStretch(1)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search certifications")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMaximumWidth(260)
        # Room for the whole hint beside the search icon and the clear button ("Search
        # certificati…" otherwise).
        hint_width = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(min(hint_width + 64, 260))
        self.search.textChanged.connect(self.proxy.set_search)
        self.add_button = QPushButton(icon("add"), "Add", self)
        self.edit_button = QPushButton(icon("edit"), "Edit", self)
        self.delete_button = QPushButton(icon("delete"), "Delete", self)
        # Renewing is an action the person records (the new expiry), never assumed.
        self.renew_button = QPushButton(icon("edit"), "Record renewal…", self)
        self.renew_button.setToolTip("Enter the new expiry date the issuer gave")
        self.renew_button.clicked.connect(self._on_renew_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        for widget in (
            self.search,
            self.add_button,
            self.edit_button,
            self.renew_button,
            self.delete_button,
        ):
            header.addWidget(widget)
        layout.addLayout(header)

        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            "certificate",
            "Add the certifications you hold or want",
            "Record CISSP, CISM, CPP, CCISO or any other certification — earned, studying or "
            "just planned — to see when you become eligible and how each renewal cycle is going.",
            "Add certification",
            self,
        )
        self.empty.action_requested.connect(self._on_add_clicked)
        self.stack.addWidget(self.empty)

        self.table = make_table(self.proxy, self, Column.NAME)
        self.table.sortByColumn(Column.CODE, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

        self.detail = CertificationDetail(self)
        self.whatif = WhatIfPanel(self.store, self)
        self.side = QTabWidget(self)
        self.side.addTab(self.detail, "Eligibility && renewal")
        self.side.addTab(self.whatif, "What if…")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([680, 400])
        # Table and detail side by side when both fit, the detail under the table otherwise.
        self.reflow = Reflow(self, self.splitter, self._side_by_side_width, self._on_reflow)
        # Shown in the detail pane; hidden here so the names stay readable.
        self.table.setColumnHidden(Column.CREDENTIAL, True)
        self.table.setColumnHidden(Column.EARNED, True)
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)

    def _detail_width(self) -> int:
        return max(DETAIL_WIDTH, self.side.minimumSizeHint().width())

    def _side_by_side_width(self) -> int:
        return self.table.fitter.needed_width() + self._detail_width() + 4 * SPACING

    def _on_reflow(self, wide: bool) -> None:
        if wide:
            self.splitter.setSizes([self.table.fitter.needed_width(), self._detail_width()])
        else:
            rows = max(self.proxy.rowCount(), 3) + 1
            self.splitter.setSizes([rows * self.table.verticalHeader().defaultSectionSize(), 1])

    # --- data ----------------------------------------------------------------------------

    @records_reads
    def reload(self) -> None:
        """Read everything again and keep the selected certification selected."""
        selected = self.selected_row()
        today, known = dt.date.today(), self._known_entries
        changed = self.store.changed_activities(self._loaded_at)
        self._loaded_at = None  # until this load is through
        # Eligibility reads every job and degree: kept while no write touches what it read.
        answers = self._parts.get("eligibility", today, lambda s: eligibility_answers(s, today))
        self.data = self.store.read(lambda s: load_screen_data(s, today, known, changed, answers))
        self._loaded_at = self.store.generation
        self.model.set_rows(self.data.rows)
        has_rows = bool(self.data.rows)
        self.stack.setCurrentWidget(self.splitter if has_rows else self.empty)
        for button in (self.edit_button, self.delete_button, self.search):
            button.setEnabled(has_rows)
        with_rules = [(c, n) for c, n in self.data.choices if c in self.data.eligibility]
        self.whatif.set_choices(with_rules)
        self.select(selected.cert_code if selected else None)
        self.table.fitter.fit()
        self.reflow.refresh()

    def _on_data_changed(self) -> None:
        self.reload()

    def select(self, code: str | None) -> None:
        """Select the row of ``code`` (or the first row)."""
        target = 0
        for row in range(self.proxy.rowCount()):
            held = self.proxy.index(row, 0).data(ROW_ROLE)
            if held is not None and held.cert_code == code:
                target = row
                break
        if self.proxy.rowCount():
            self.table.selectRow(target)
        self._show_selected()

    def selected_row(self) -> HeldRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, HeldRow) else None

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        row = self.selected_row()
        code = row.cert_code if row else ""
        self.detail.show_row(
            row,
            self.data.eligibility.get(code),
            self.data.renewals.get(code),
            self.data.claims.get(code),
            self.data.lifecycles.get(code),
        )
        if row is not None:
            self.whatif.set_target(code)
        self.renew_button.setEnabled(code in self.data.lifecycles)

    # --- actions -------------------------------------------------------------------------

    def _taken(self) -> list[str]:
        return [row.cert_code for row in self.data.rows]

    def _proof_store(self) -> ProofStore:
        return ProofStore.beside(self.store.database.path)

    def _on_add_clicked(self) -> None:
        draft = HeldDialog.ask(self, self.data.choices, self._taken(), None, self._proof_store())
        if draft is None:
            return
        command = AddHeldCommand(self.store, draft)
        self.undo_stack.push(command)
        if command.error is None:
            self.select(draft.cert_code)

    def _on_edit_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        draft = HeldDialog.ask(
            self,
            self.data.choices,
            self._taken(),
            row.draft,
            self._proof_store(),
            exam_item=row.exam_item,
        )
        if draft is None or draft == row.draft:
            return
        self.undo_stack.push(EditHeldCommand(self.store, row.id, row.draft, draft))
        self.select(draft.cert_code)

    def _on_renew_clicked(self) -> None:
        row = self.selected_row()
        life = self.data.lifecycles.get(row.cert_code) if row else None
        if row is None or life is None:
            return
        dialog = RenewDialog(self, row.draft, suggested_renewal(life))
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_draft is None:
            return
        self.undo_stack.push(EditHeldCommand(self.store, row.id, row.draft, dialog.result_draft))
        self.select(row.cert_code)

    def _on_delete_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        self.undo_stack.push(DeleteHeldCommand(self.store, row.id, row.cert_code))
