"""The Dashboard: "where am I on the way to CSO?" as cards, refreshed after every edit.

Cards: progress ring to the target role, next actions, deadlines in the next 90 days,
eligibility summary, CPE per held certification, this year's budget and the seed's salary
band with its source. Colours come from palette roles and the status language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cso_planner.dates import format_date
from cso_planner.deadlines import Deadline
from cso_planner.money import MIXED_NOTE, Total, format_money
from cso_planner.reminders import due_soon
from cso_planner.services.budget import BudgetYear
from cso_planner.services.dashboard import (
    Dashboard,
    load_dashboard,
    load_ledger_part,
    load_plan_part,
)
from cso_planner.services.facts import CpeFactsCache
from cso_planner.ui.charts.bars import MeterBar
from cso_planner.ui.charts.ring import ProgressRing
from cso_planner.ui.content_slot import ContentSlot
from cso_planner.ui.due_soon import DueSoonBanner
from cso_planner.ui.part_cache import PartCache
from cso_planner.ui.reload import ReloadWhenVisible, records_reads
from cso_planner.ui.screens.certifications_detail import WrapLabel
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, format_number, status_qcolor
from cso_planner.ui.widgets import plain_label, screen_title

CARD_STYLE = """
QFrame#card { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }
QFrame#card QLabel { background: transparent; }
"""
KIND_WORDS = {
    "item": "Plan",
    "target": "Target",
    "exam": "Exam",
    "expiry": "Expiry",
    "cycle_end": "CPE cycle",
    "fee": "Fee",
    "endorsement": "Endorsement",
}


class Card(QFrame):
    """A titled box; ``body`` holds the content and is rebuilt on every refresh."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING * 2)
        layout.setSpacing(SPACING)
        self.title = plain_label(title, self)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.slot = ContentSlot(_body_layout, self)
        self.body = self.slot.layout_
        layout.addWidget(self.slot)

    def insert_fixed(self, widget: QWidget) -> None:
        """``widget`` between the title and the body, kept across refreshes."""
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.insertWidget(outer.indexOf(self.slot), widget)

    def clear(self) -> None:
        """A fresh, empty body (the old one goes with everything in it, see ContentSlot)."""
        self.body = self.slot.renew()

    def add_text(self, text: str, *, muted: bool = False, status: str | None = None) -> QLabel:
        label = WrapLabel(self)
        label.setText(text)
        if muted or status:
            palette = label.palette()
            color = (
                status_qcolor(status, palette)
                if status
                else palette.color(QPalette.ColorRole.PlaceholderText)
            )
            palette.setColor(QPalette.ColorRole.WindowText, color)
            label.setPalette(palette)
        self.body.addWidget(label)
        return label

    def add_line(self, status: str, text: str, detail: str = "") -> QLabel:
        """A row: a status dot, the text, and a muted detail on the right."""
        row = QHBoxLayout()
        row.setSpacing(SPACING)
        dot = QLabel("●", self)
        dot.setTextFormat(Qt.TextFormat.PlainText)
        palette = dot.palette()
        palette.setColor(QPalette.ColorRole.WindowText, status_qcolor(status, palette))
        dot.setPalette(palette)
        dot.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(dot)
        label = WrapLabel(self)
        label.setText(text)
        row.addWidget(label, 1)
        if detail:
            right = plain_label(detail, self)
            right.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            muted = right.palette()
            color = muted.color(QPalette.ColorRole.PlaceholderText)
            if status == "overdue":
                color = status_qcolor("overdue", muted)
            muted.setColor(QPalette.ColorRole.WindowText, color)
            right.setPalette(muted)
            row.addWidget(right)
        self.body.addLayout(row)
        return label

    def add_meter(
        self, label: str, value: float, maximum: float, text: str, status: str
    ) -> MeterBar:
        bar = MeterBar(self)
        bar.set_data(label, value, maximum, text, status)
        self.body.addWidget(bar)
        return bar


def _body_layout(content: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(content)
    layout.setSpacing(SPACING)
    return layout


CARD_MIN_WIDTH = 320  # narrower, a card's lines wrap a word at a time
# Which cards go in which column, for one, two and three columns (most important first).
CARD_COLUMNS: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("progress", "actions", "deadlines", "eligibility", "cpe", "budget", "salary"),),
    (("progress", "eligibility", "salary"), ("actions", "deadlines", "cpe", "budget")),
    (("progress", "salary"), ("actions", "eligibility"), ("deadlines", "cpe", "budget")),
)


def _years(value: float) -> str:
    return f"{format_number(round(value, 1))} yrs"


class DashboardScreen(QWidget):
    """The cards of the dashboard; ``data`` holds what they show.

    Signals:
        due_soon_changed(list, date): what falls due within 30 days, after each refresh.
    """

    due_soon_changed = Signal(list, object)

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.data: Dashboard | None = None
        self._known_entries: CpeFactsCache = {}  # the CPE facts of the last refresh
        self._loaded_at: int | None = None  # the store's generation they were read at
        self._parts = PartCache(store)
        self.due_soon_deadlines: list[Deadline] = []
        self.due_soon_today = dt.date.today()
        self.setStyleSheet(CARD_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING)
        outer.setSpacing(SPACING)
        outer.addWidget(screen_title("Dashboard", self))
        self.subtitle = plain_label("", self)
        outer.addWidget(self.subtitle)
        self.due_banner = DueSoonBanner(self)  # what falls due within 30 days
        outer.addWidget(self.due_banner)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING * 2)
        self.progress_card = Card("Progress", body)
        self.actions_card = Card("Next actions", body)
        self.deadlines_card = Card("Deadlines in the next 90 days", body)
        self.eligibility_card = Card("Eligibility", body)
        self.cpe_card = Card("CPE per certification", body)
        self.budget_card = Card("Budget this year", body)
        self.salary_card = Card("Salary band for your experience", body)
        for card in self.cards():
            card.setMinimumWidth(CARD_MIN_WIDTH)
        self.grid = grid
        self.stacks: list[QVBoxLayout] = []
        for col in range(len(CARD_COLUMNS)):
            stack = QVBoxLayout()
            stack.setSpacing(SPACING * 2)
            stack.addStretch(1)  # the cards go above it: columns are top-aligned
            grid.addLayout(stack, 0, col)
            self.stacks.append(stack)
        self.columns = 0
        self.ring = self._ring_row(self.progress_card)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll
        scroll.viewport().installEventFilter(self)
        self.arrange(3)
        outer.addWidget(scroll, 1)
        self.reload_policy = ReloadWhenVisible(
            self, self.store.data_changed, self._on_data_changed, store=self.store
        )
        self.refresh()

    @staticmethod
    def _ring_row(card: Card) -> ProgressRing:
        """The progress ring, centred between the card's title and body for the screen's life.

        Taking one ring out of the rebuilt body and putting it back on every refresh
        (``setParent(None)``, an orphan row layout) crashed PySide 6.11 under the garbage
        collector within a few hundred refreshes (SIGSEGV in ``releaseWrapper``)."""
        holder = QWidget(card)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        ring = ProgressRing(holder)
        row.addStretch(1)
        row.addWidget(ring)
        row.addStretch(1)
        card.insert_fixed(holder)
        return ring

    def cards(self) -> list[Card]:
        """Every card, most important first (the order of a single column)."""
        return [
            self.progress_card,
            self.actions_card,
            self.deadlines_card,
            self.eligibility_card,
            self.cpe_card,
            self.budget_card,
            self.salary_card,
        ]

    def arrange(self, columns: int) -> None:
        """Lay the cards out in ``columns`` top-aligned columns (3, 2 or 1).

        The three column layouts live as long as the screen; cards move between them (no
        layout is taken out of the grid and deleted, see ui.content_slot for why)."""
        columns = max(1, min(columns, len(CARD_COLUMNS)))
        if columns == self.columns:
            return
        self.columns = columns
        for stack in self.stacks:
            for card in self.cards():
                stack.removeWidget(card)
        for col, stack in enumerate(self.stacks):
            names = CARD_COLUMNS[columns - 1][col] if col < columns else ()
            for place, name in enumerate(names):
                stack.insertWidget(place, getattr(self, f"{name}_card"))
            self.grid.setColumnStretch(col, 1 if col < columns else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            width = self.scroll_area.viewport().width()
            self.arrange((width + SPACING * 2) // (CARD_MIN_WIDTH + SPACING * 2))
        return super().eventFilter(watched, event)

    def _on_data_changed(self) -> None:
        self.refresh()

    @records_reads
    def refresh(self, today: dt.date | None = None) -> None:
        """Read the dashboard again and redraw the cards whose figures changed.

        A card is filled again only when what it shows differs from the last refresh (or the
        day did): one CPE edit redraws the CPE card, not seven cards of labels and meters
        (their layout and painting were a third of the edit's time at 10,000 CPE).
        """
        day = today or dt.date.today()
        previous = self.data
        known = self._known_entries
        changed = self.store.changed_activities(self._loaded_at)
        self._loaded_at = None  # until this refresh is through
        # The ledger and plan parts read 20,000 jobs and 5,000 items at 10x: kept while no
        # write touches them, so a CPE edit reads the log's changed rows and little else.
        ledger = self._parts.get("ledger", day, lambda s: load_ledger_part(s, day))
        plan_part = self._parts.get("plan", day, lambda s: load_plan_part(s, day))
        self.data = self.store.read(
            lambda s: load_dashboard(s, day, known, changed, ledger=ledger, plan=plan_part)
        )
        self._loaded_at = self.store.generation
        data = self.data
        plan = data.progress.plan_name
        self.subtitle.setText(
            f"Active plan: {plan} · as of {format_date(day)}"
            if plan
            else f"No plan yet — build one on the Roadmap screen · as of {format_date(day)}"
        )
        self.due_soon_deadlines = due_soon(data.deadlines, day)
        self.due_soon_today = day
        self.due_banner.show_deadlines(self.due_soon_deadlines, day)
        self.due_soon_changed.emit(self.due_soon_deadlines, day)
        for fill, fields in (
            (self._fill_progress, ("progress",)),
            (self._fill_actions, ("next_actions",)),
            (self._fill_deadlines, ("deadlines",)),
            (self._fill_eligibility, ("eligibility",)),
            (self._fill_cpe, ("cpe", "unsubmitted")),
            (self._fill_budget, ("budget", "currency")),
            (self._fill_salary, ("salary", "progress")),
        ):
            if (
                previous is None
                or previous.today != data.today
                or any(getattr(previous, f) != getattr(data, f) for f in fields)
            ):
                fill(data)

    def _fill_progress(self, data: Dashboard) -> None:
        card, p = self.progress_card, data.progress
        card.title.setText(f"Progress to {p.target_role}")
        card.clear()  # the ring sits above the body, made once (see _ring_row)
        share = p.share_done
        caption = (
            f"stage {p.stage_index + 1} of {p.stage_count}"
            if p.stage_index is not None
            else "no stages"
        )
        self.ring.set_value(
            share, f"{round(share * 100)}%", caption, "done" if share >= 1 else "in_progress"
        )
        if p.stage_index is not None:
            card.add_text(f"Stage reached: {p.stage_role}")
            card.add_text(f"{p.items_done} of {p.items_total} plan items done", muted=True)
        else:
            card.add_text(
                "Add stages and items on the Roadmap to measure your progress.", muted=True
            )
        required = p.required_years
        card.add_meter(
            "Security experience",
            p.security_years,
            required,
            f"{_years(p.security_years)} of {format_number(required)}+",
            "done" if p.security_years >= required else "in_progress",
        )
        card.add_meter(
            "Security management",
            p.management_years,
            required,
            f"{_years(p.management_years)} of {format_number(required)}+",
            "done" if p.management_years >= required else "in_progress",
        )
        card.add_text("The CSO role calls for 10+ years of security management.", muted=True)

    def _fill_actions(self, data: Dashboard) -> None:
        card = self.actions_card
        card.clear()
        if not data.next_actions:
            card.add_text(
                "Nothing open. Add items to your roadmap to see what to do next.", muted=True
            )
            return
        for action in data.next_actions:
            status = "overdue" if action.overdue else action.status
            due = format_date(action.due) if action.due else "no date"
            card.add_line(
                status,
                f"{action.title}\n{action.stage_role}",
                ("overdue " if action.overdue else "") + due,
            )

    def _fill_deadlines(self, data: Dashboard) -> None:
        card = self.deadlines_card
        card.clear()
        if not data.deadlines:
            card.add_text("No deadlines in the next 90 days.", muted=True)
            return
        for deadline in data.deadlines:
            days = (deadline.date - data.today).days
            status = "overdue" if days <= 14 else "in_progress" if days <= 45 else "planned"
            # One line per certification and day (the list is merged); its parts explained.
            explained = "\n".join(
                f"{KIND_WORDS.get(part.kind, part.kind)}: {part.description}".rstrip(": ")
                for part in deadline.each()
            )
            card.add_line(status, f"{deadline.title}\n{explained}", format_date(deadline.date))

    def _fill_eligibility(self, data: Dashboard) -> None:
        card = self.eligibility_card
        card.clear()
        if not data.eligibility:
            card.add_text("Add certifications to see when you become eligible.", muted=True)
            return
        for line in data.eligibility:
            card.add_line(line.status, line.text())

    def _fill_cpe(self, data: Dashboard) -> None:
        card = self.cpe_card
        card.clear()
        for line in data.unsubmitted:
            card.add_text(line)
        if not data.cpe:
            if not data.unsubmitted:
                card.add_text(
                    "Earn a certification (and log CPE) to follow its renewal cycle here.",
                    muted=True,
                )
            return
        for cpe in data.cpe:
            ends = f" · cycle ends {format_date(cpe.cycle_end)}" if cpe.cycle_end else ""
            card.add_meter(
                f"{cpe.code}{ends}",
                cpe.earned,
                cpe.required,
                f"{format_number(cpe.earned)} / {format_number(cpe.required)}",
                cpe.status,
            )
            if cpe.status == "met":
                note = "Cycle requirement met"
            elif cpe.cycle_end:
                note = f"{format_number(round(cpe.per_month, 1))} CPE a month needed"
                if cpe.status == "short":
                    note += " — on course to fall short"
            else:
                note = cpe.note
            card.add_text(
                note, status="short" if cpe.status == "short" else None, muted=cpe.status != "short"
            )

    def _fill_budget(self, data: Dashboard) -> None:
        card, year = self.budget_card, data.budget
        card.title.setText(f"Budget {year.year}")
        card.clear()
        if not year.lines:
            card.add_text(
                "No costs this year. Exam fees, courses and plan costs appear here.", muted=True
            )
            return
        for label, value, status in budget_card_rows(year):
            text = format_money(value, home=data.currency)
            if status is None:
                card.add_text(f"{text} in total")
            elif year.total.mixed:
                card.add_text(f"{label}: {text}")
            else:
                currency = next((p.currency for p in year.total.parts if p.amount), data.currency)
                card.add_meter(
                    label,
                    value.amount_in(currency),
                    year.total.amount_in(currency),
                    text,
                    status,
                )
        if not year.estimated.is_zero:
            card.add_text(
                "Estimated figures are catalog fees in US dollars until you confirm them on "
                "the Budget screen.",
                muted=True,
            )
        if year.total.mixed:
            card.add_text(f"Several currencies: {MIXED_NOTE}.", muted=True)

    def _fill_salary(self, data: Dashboard) -> None:
        card, band = self.salary_card, data.salary
        card.clear()
        figure = card.add_text(band.figure)
        font = QFont(figure.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        figure.setFont(font)
        card.add_text(
            f"Band for {band.label} of experience (you: {_years(data.progress.security_years)})"
        )
        card.add_text(f"Source: {band.source} · as of {band.as_of}", muted=True)


def budget_card_rows(year: BudgetYear) -> list[tuple[str, Total, str | None]]:
    """The budget card's figures, in order: (label, amount, status; None for the total)."""
    return [
        ("Total", year.total, None),
        ("Spent", year.spent, "done"),
        ("Planned", year.planned, "planned"),
        ("Estimated", year.estimated, "skipped"),
        ("Paid by your employer", year.employer_paid, "in_progress"),
    ]
