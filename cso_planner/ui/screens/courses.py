"""The Courses screen: what you study, where, how far along, what it costs and earns.

Links open in the system browser only when the user clicks "Open link" (never on a click in
the table), and only ``http``/``https`` ones. Finishing a course that carries CPE credits
offers to log them as a CPE activity, through the CPE form so the user picks where they count.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.db.proofs import ProofStore
from cso_planner.money import own_money
from cso_planner.services import courses as service
from cso_planner.services import cpe as cpe_service
from cso_planner.services import profile
from cso_planner.services.courses import CourseDraft, CourseRow
from cso_planner.ui.dialogs.confirm import confirm
from cso_planner.ui.icons import icon
from cso_planner.ui.proof_list import proof_column
from cso_planner.ui.screens.course_dialog import CourseDialog
from cso_planner.ui.screens.cpe_dialog import CpeDialog
from cso_planner.ui.screens.ledger_commands import AddRowCommand, DeleteRowsCommand, EditRowCommand
from cso_planner.ui.screens.ledger_screen import LedgerScreen
from cso_planner.ui.screens.table_kit import ColumnSpec
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import status_dot, status_text


class Column(enum.IntEnum):
    TITLE = 0
    PROVIDER = 1
    PROGRESS = 2
    HOURS = 3
    COMPLETED = 4
    CPE = 5
    COST = 6
    PLAN_ITEM = 7
    PROOFS = 8


def _number(value: float) -> str:
    return QLocale().toString(float(value), "f", 0 if value == int(value) else 1)


def course_status(draft: CourseDraft) -> str:
    if draft.completed:
        return "done"
    return "in_progress" if draft.progress > 0 else "planned"


def columns(currency: str) -> list[ColumnSpec[CourseRow]]:
    return [
        ColumnSpec("Title", lambda r: r.draft.title, width=260,
                   icon=lambda r: status_dot(course_status(r.draft)),
                   tooltip=lambda r: f"{r.draft.title}\n{status_text(course_status(r.draft))}"),
        ColumnSpec("Provider", lambda r: r.draft.provider, width=140),
        ColumnSpec("Progress", lambda r: f"{_number(r.draft.progress)} %",
                   lambda r: r.draft.progress, True, 80),
        ColumnSpec("Hours", lambda r: _number(r.draft.hours) if r.draft.hours else "",
                   lambda r: r.draft.hours, True, 70),
        ColumnSpec("Completed", lambda r: format_date(r.draft.completed_on),
                   lambda r: r.draft.completed_on, True, 100),
        ColumnSpec("CPE", lambda r: _number(r.draft.cpe_credits) if r.draft.cpe_credits else "",
                   lambda r: r.draft.cpe_credits, True, 60),
        ColumnSpec("Cost", lambda r: own_money(r.draft.cost, currency) if r.draft.cost else "",
                   lambda r: r.draft.cost, True, 90,
                   tooltip=lambda r: "Employer pays" if r.draft.employer_paid else ""),
        ColumnSpec("Plan item", lambda r: r.plan_item_title, width=180),
        proof_column(lambda r: r.draft.proofs),
    ]  # fmt: skip


def search_text(row: CourseRow) -> str:
    d = row.draft
    return " ".join(
        [
            d.title,
            d.provider,
            d.url or "",
            d.notes,
            row.plan_item_title,
            *(p.name for p in d.proofs),
        ]
    )


def open_url(url: str) -> bool:
    """Hand a web address to the system browser (replaced in tests)."""
    return QDesktopServices.openUrl(QUrl(url))


def ask_log_cpe(parent: QWidget | None, draft: CourseDraft) -> bool:
    """Ask whether to log a finished course's CPE credits (replaced in tests)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Log CPE")
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"You finished “{draft.title}”. Log its {_number(draft.cpe_credits)} CPE credits "
        "as a CPE activity?"
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


class CoursesScreen(LedgerScreen):
    """The course list; reloads on ``store.data_changed``."""

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        self.currency = store.read(profile.currency)
        super().__init__(
            store,
            undo_stack,
            parent,
            title="Courses",
            columns=columns(self.currency),
            search_text=search_text,
            empty=(
                "course",
                "Your courses",
                "Track the courses you take on the way (Cybrary, LinkedIn Learning, SANS…): "
                "progress, hours, cost and the CPE credits they earn, linked to your plan.",
                "Add your first course",
            ),
            add_text="Add course…",
            search_hint="Search title, provider, plan item…",
        )
        self.open_button = QPushButton("Open link", self)
        self.open_button.setToolTip("Open the course's web page in your browser")
        self.log_button = QPushButton(icon("cpe"), "Log CPE…", self)
        self.log_button.setToolTip("Log this finished course's CPE credits as a CPE activity")
        position = self.header_row.indexOf(self.add_button)
        self.header_row.insertWidget(position, self.log_button)
        self.header_row.insertWidget(position, self.open_button)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.log_button.clicked.connect(self._on_log_clicked)
        self.table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
        self.reload()

    def load_rows(self, session: Session) -> Sequence[CourseRow]:
        return service.list_courses(session)

    def _on_selection_changed(self, *args: object) -> None:
        super()._on_selection_changed()
        if not hasattr(self, "open_button"):
            return
        rows = self.selected_rows()
        row = rows[0] if len(rows) == 1 else None
        self.open_button.setEnabled(row is not None and service.is_web_url(row.draft.url or ""))
        self.log_button.setEnabled(
            row is not None and service.cpe_draft_for(row.draft, ()) is not None
        )

    # --- actions ---------------------------------------------------------------------------

    def _proof_store(self) -> ProofStore:
        return ProofStore.beside(self.store.database.path)

    def _items(self) -> list[tuple[int, str]]:
        return self.store.read(service.plan_item_choices)

    def add(self) -> None:
        items = self._items()
        command = self.ask_until_saved(
            lambda d: CourseDialog.ask(self.window(), "Add course", items, d, self._proof_store()),
            lambda d: AddRowCommand(
                self.store, f"Add course “{d.title}”", service.add_course, service.delete_course, d
            ),
        )
        if isinstance(command, AddRowCommand):
            self.select_ids([command.new_id])
            self._offer_cpe(None, command.draft)

    def edit(self, row: CourseRow) -> None:
        items = self._items()
        old = row.draft

        def command_for(draft: CourseDraft) -> EditRowCommand[CourseDraft] | None:
            if draft == old:
                return None
            text = f"Edit course “{draft.title}”"
            return EditRowCommand(self.store, text, service.update_course, row.id, old, draft)

        command = self.ask_until_saved(
            lambda d: CourseDialog.ask(self.window(), "Edit course", items, d, self._proof_store()),
            command_for,
            old,
        )
        if isinstance(command, EditRowCommand):
            self._offer_cpe(old, command.new)

    def delete(self, rows: Sequence[CourseRow]) -> None:
        what = f"the course “{rows[0].draft.title}”" if len(rows) == 1 else f"{len(rows)} courses"
        if confirm(
            self.window(), "Delete course", f"Delete {what}?\n\nYou can undo this.", "Delete"
        ):
            self.push(
                DeleteRowsCommand(
                    self.store,
                    f"Delete {what}",
                    service.add_course,
                    service.delete_course,
                    [r.id for r in rows],
                )
            )

    def _offer_cpe(self, old: CourseDraft | None, new: CourseDraft) -> None:
        """Just finished with credits to claim: offer to log them."""
        if old is not None and old.completed:
            return
        if service.cpe_draft_for(new, ()) is not None and ask_log_cpe(self.window(), new):
            self.log_cpe(new)

    def log_cpe(self, course: CourseDraft) -> None:
        """Open the CPE form pre-filled from a finished course, and log what it returns."""
        held = self.store.read(cpe_service.held_codes)
        draft = service.cpe_draft_for(course, tuple(held))
        if draft is None:
            return
        self.ask_until_saved(
            lambda d: CpeDialog.ask(self.window(), "Log CPE activity", held, d),
            lambda d: AddRowCommand(
                self.store,
                f"Log CPE “{d.activity}”",
                cpe_service.add_activity,
                cpe_service.delete_activity,
                d,
            ),
            draft,
        )

    def _on_open_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and service.is_web_url(rows[0].draft.url or ""):
            open_url(rows[0].draft.url.strip())

    def _on_log_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.log_cpe(rows[0].draft)
