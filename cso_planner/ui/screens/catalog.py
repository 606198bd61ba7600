"""The Catalog screen: every certification the app knows, by level and domain, with its exam
facts, prerequisites, maintenance rules, fees, typical next steps, sources and as-of dates; and
"Add to plan" (one undoable command) for the selected one.

The table is a :class:`RowTableModel` behind a :class:`RowFilterProxy` (search box plus level,
domain and issuer filters). Catalog text is shown as plain text only, and every rule shows its
source URLs and the date it was checked. Each rule has "Edit rule…": the user's local version
of its parameters (validated by the eligibility engine, one undoable command) replaces the
catalog's everywhere answers are computed, and the rule is then marked "edited by you".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QIcon,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextOption,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.dates import format_date
from cso_planner.money import USD, Money, format_money
from cso_planner.services import rule_overrides
from cso_planner.services.catalog_view import (
    LEVELS,
    CatalogEntry,
    Facts,
    RuleInfo,
    goal_draft,
    list_catalog,
    plan_stages,
)
from cso_planner.services.errors import PlanningError
from cso_planner.services.rule_overrides import RuleEdit, RuleOverride
from cso_planner.ui.commands import AddItemCommand
from cso_planner.ui.dialogs.form import ok_cancel
from cso_planner.ui.dialogs.rule_dialog import RuleDialog
from cso_planner.ui.icons import icon
from cso_planner.ui.reload import ReloadWhenVisible, records_reads
from cso_planner.ui.screens.rule_commands import SetRuleOverrideCommand
from cso_planner.ui.screens.table_kit import (
    ColumnSpec,
    RowFilterProxy,
    RowTableModel,
    make_table,
)
from cso_planner.ui.screens.tracking_format import in_force_text
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, format_number, status_dot
from cso_planner.ui.widgets import EmptyState, muted_color, plain_label, screen_title

PlanTargets = tuple[int | None, str, list[tuple[int, str]]]  # plan id, plan name, stages
EXPERIENCE_LABEL = "Experience (years)"  # the prerequisites fact catalog_view writes
NO_PLAN_TEXT = (
    "You have no active plan yet, so there is nothing to add this certification to. "
    "Create a plan on the Roadmap screen first, then come back and add it from here."
)
NO_STAGE_TEXT = (
    "Your plan “{plan}” has no stages yet. Add a stage (a role on your ladder) on the "
    "Roadmap screen first, then add this certification to it from here."
)
# Which detail section shows a rule of each kind (other kinds go under "Sources").
RULE_SECTIONS = {
    "experience": "prerequisites",
    "waiver_list": "prerequisites",
    "maintenance": "maintenance",
}


# --- cells ---------------------------------------------------------------------------------


def experience_years(entry: CatalogEntry) -> float | None:
    """The years of experience the catalog asks for before the exam (None: no requirement)."""
    for label, value in entry.prerequisites:
        if label == EXPERIENCE_LABEL:
            try:
                years = float(value)
            except ValueError:
                return None
            return years if math.isfinite(years) else None
    return None


def level_text(level: str) -> str:
    return level.capitalize()


def _years_text(entry: CatalogEntry) -> str:
    years = experience_years(entry)
    if years is None:
        return "—"
    return f"{format_number(years)} {'year' if years == 1 else 'years'}"


def _years_tooltip(entry: CatalogEntry) -> str:
    years = experience_years(entry)
    if years is None:
        return "No experience requirement recorded"
    return f"{_years_text(entry)} of experience before certification (see the detail pane)"


def _price_text(entry: CatalogEntry) -> str:
    if entry.exam_price_usd is None:
        return "—"
    return format_money(Money(entry.exam_price_usd, USD), home=USD)


def _plan_text(entry: CatalogEntry) -> str:
    if entry.held:
        return "Held"
    return "In plan" if entry.in_plan else ""


def _plan_tooltip(entry: CatalogEntry) -> str:
    if entry.held:
        return "You hold this certification (Certifications screen)"
    return "Already in your active plan" if entry.in_plan else ""


def _plan_dot(entry: CatalogEntry) -> QIcon | None:
    if entry.held:
        return status_dot("done")
    return status_dot("in_progress") if entry.in_plan else None


COLUMNS: tuple[ColumnSpec[CatalogEntry], ...] = (
    ColumnSpec("Code", lambda e: e.code, width=96),
    ColumnSpec("Certification", lambda e: e.name, width=260),
    ColumnSpec("Issuer", lambda e: e.issuer, width=130),
    ColumnSpec(
        "Level", lambda e: level_text(e.level), sort_key=lambda e: (e.level_rank, e.code), width=100
    ),
    ColumnSpec(
        "Experience",
        _years_text,
        sort_key=experience_years,
        numeric=True,
        width=96,
        tooltip=_years_tooltip,
    ),
    ColumnSpec(
        "Exam price",
        _price_text,
        sort_key=lambda e: e.exam_price_usd,
        numeric=True,
        width=96,
        tooltip=lambda e: "" if e.exam_price_usd is None else "Exam fee in US dollars",
    ),
    ColumnSpec(
        "Your plan",
        _plan_text,
        sort_key=lambda e: (not e.held, not e.in_plan, e.code),
        width=90,
        tooltip=_plan_tooltip,
        icon=_plan_dot,
    ),
)


class Column:
    CODE = 0
    NAME = 1
    ISSUER = 2
    LEVEL = 3
    EXPERIENCE = 4
    PRICE = 5
    PLAN = 6


# The certification's name is what a person reads in the list: rows are two lines tall so a
# long name wraps instead of being cut, and on a narrow window the columns the detail pane
# repeats are hidden (the issuer first, then experience and price: last named first)
# before a name would need a third line.
NAME_LINES = 2
DROPPED_FIRST_LAST = (Column.PRICE, Column.EXPERIENCE, Column.ISSUER)
CELL_PADDING = 10  # the item delegate's text margins, both sides, with room to spare
WORD_WRAP = int(Qt.TextFlag.TextWordWrap)


def name_width(metrics: QFontMetrics, names: Iterable[str], lines: int = NAME_LINES) -> int:
    """The narrowest column in which every name wraps into at most ``lines`` lines."""
    most = lines * metrics.lineSpacing()
    widest = 0
    for name in names:
        low = max((metrics.horizontalAdvance(word) for word in name.split()), default=0)
        high = max(low, metrics.horizontalAdvance(name))
        while low < high:  # the least width whose word-wrapped text is ``lines`` tall
            middle = (low + high) // 2
            box = metrics.boundingRect(QRect(0, 0, middle, 100_000), WORD_WRAP, name)
            if box.height() <= most:
                high = middle
            else:
                low = middle + 1
        widest = max(widest, high)
    return widest + CELL_PADDING


def load_catalog(session: Session) -> tuple[list[CatalogEntry], PlanTargets]:
    return list_catalog(session), plan_stages(session)


def catalog_age_text(session: Session, today: dt.date) -> tuple[str, bool]:
    """ "Catalog 2026.12.04, as of 4 Dec 2026" and whether it is over 12 months old."""
    from cso_planner.services.catalog_update import catalog_age

    version, day, stale = catalog_age(session, today)
    if day is None:
        return f"Catalog {version or 'unknown'}", False
    text = f"Catalog {version}, as of {format_date(day)}"
    if stale:
        text += (
            ": more than 12 months old - check the issuers' sites, or update it with "
            "Tools → Update catalog from file…"
        )
    return text, stale


# --- small widgets -------------------------------------------------------------------------


class UrlText(QTextEdit):
    """Read-only plain text (source URLs) that wraps anywhere and is exactly as tall as it needs.

    A QLabel cannot break a 200-character URL, which would widen the whole pane; this shows the
    full text, selectable and copyable, and never interprets it as HTML.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.document().setDocumentMargin(0)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Base, Qt.GlobalColor.transparent)
        self.setPalette(palette)
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit()

    def set_lines(self, lines: Sequence[str]) -> None:
        """One entry per paragraph; a wrapped entry's continuation lines are indented."""
        self.setPlainText("\n".join(lines))
        step = self.fontMetrics().horizontalAdvance("M")
        block = QTextBlockFormat()
        block.setLeftMargin(step)
        block.setTextIndent(-step)
        block.setBottomMargin(2)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block)
        self._fit()

    def lines(self) -> list[str]:
        text = self.toPlainText()
        return text.split("\n") if text else []

    def sizeHint(self) -> QSize:
        return QSize(160, self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(60, self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        document = self.document()
        document.setTextWidth(max(self.viewport().width(), 40))
        height = math.ceil(document.size().height()) + 2 * self.frameWidth()
        if height != self.height():
            self.setFixedHeight(height)


def _wrap(text: str, parent: QWidget) -> QLabel:
    """A plain-text, word-wrapped, selectable label (its height follows its width)."""
    label = plain_label(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
    label.setPalette(palette)
    return label


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def _section(title: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    layout.setSpacing(SPACING)
    return box, layout


NARROW_PANE = 380  # below this width a facts form puts each value under its label


def _facts_form(facts: Facts, parent: QWidget) -> QFormLayout:
    """``(label, value)`` pairs as a two-column form (label above value on a narrow pane)."""
    holder = QWidget(parent)
    form = QFormLayout(holder)
    form.setContentsMargins(0, 0, 0, 0)
    form.setHorizontalSpacing(SPACING * 2)
    form.setVerticalSpacing(SPACING // 2)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    for label, value in facts:
        form.addRow(_muted(plain_label(label, holder)), _wrap(value, holder))
    return form


class RuleBlock(QFrame):
    """One rule: what it is, when it was checked, its notes and every source URL, and the
    "Edit rule…" button (``edit_requested`` carries the rule key)."""

    edit_requested = Signal(str)

    def __init__(self, rule: RuleInfo, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING, SPACING, SPACING, SPACING)
        layout.setSpacing(SPACING // 2)
        edited = " — edited by you" if rule.user_edited else ""
        self.header = _bold(_wrap(f"{rule.label}{edited}", self))
        self.edit_button = QPushButton(icon("edit"), "Edit rule…", self)
        self.edit_button.setToolTip(
            "Correct this rule's parameters locally; eligibility and renewal answers then use "
            "your version (Undo takes it back)"
        )
        self.edit_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(rule.key))
        top = QHBoxLayout()
        top.setSpacing(SPACING)
        top.addWidget(self.header, 1)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        parts = [
            f"As of {format_date(rule.as_of)}",
            in_force_text(rule.effective_from, rule.effective_to, today),
            f"rule {rule.key}",
        ]
        self.meta = _muted(_wrap(" · ".join(p for p in parts if p), self))
        # No issuer page backs the rule: said before anything else, with why.
        self.unverified = _bold(_wrap(f"Unverified: {rule.unverified}", self))
        self.unverified.setVisible(bool(rule.unverified))
        self.notes = _wrap(rule.notes, self)
        self.notes.setVisible(bool(rule.notes.strip()))
        count = len(rule.sources)
        title = (
            f"Sources ({count}, the issuer's own pages first)"
            if count
            else "Sources: none recorded"
        )
        self.sources_title = _muted(_wrap(title, self))
        self.sources = UrlText(self)
        self.sources.set_lines(rule.source_lines or rule.sources)
        self.sources.setVisible(bool(rule.sources))
        layout.addLayout(top)
        for widget in (self.meta, self.unverified, self.notes, self.sources_title, self.sources):
            layout.addWidget(widget)


class CatalogDetail(QScrollArea):
    """The facts of one certification, grouped; rebuilt for each selection.

    Signals:
        edit_rule_requested(str): "Edit rule…" was clicked on the rule with this key.
    """

    edit_rule_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entry: CatalogEntry | None = None
        self.sections: dict[str, QGroupBox] = {}
        self.rule_blocks: dict[str, RuleBlock] = {}
        self.forms: list[QFormLayout] = []
        self.sources: UrlText | None = None
        self.issuer_link: UrlText | None = None
        self.placeholder: QLabel | None = None
        self.show_entry(None)

    def show_entry(self, entry: CatalogEntry | None, empty_text: str = "") -> None:
        """Fill the pane for ``entry`` (None: just ``empty_text``, if any).

        The same certification shown again (a reload after an edit) keeps its scroll position.
        """
        same = entry is not None and self.entry is not None and entry.code == self.entry.code
        scroll = self.verticalScrollBar().value() if same else 0
        self.entry = entry
        self.sections = {}
        self.rule_blocks = {}
        self.forms = []
        self.sources = None
        self.issuer_link = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, SPACING, 0)
        layout.setSpacing(SPACING * 2)
        self.placeholder = _muted(_wrap(empty_text, body))
        self.placeholder.setVisible(entry is None and bool(empty_text))
        layout.addWidget(self.placeholder)
        if entry is not None:
            self._fill(entry, body, layout)
        layout.addStretch(1)
        self._wrap_forms()
        # setWidget() would delete the previous body at once, under any signal or event it is
        # still delivering (a reload started from one of its own links, a pending resize):
        # take it out and let the event loop delete it once nothing is using it.
        previous = self.takeWidget()
        if previous is not None:
            previous.hide()
            previous.deleteLater()
        self.setWidget(body)
        self.verticalScrollBar().setValue(0)
        if scroll:  # once the new body is laid out (the range is not known before)
            bar = self.verticalScrollBar()
            QTimer.singleShot(0, body, lambda: bar.setValue(scroll))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._wrap_forms()

    def _wrap_forms(self) -> None:
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if self.width() < NARROW_PANE
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )
        for form in self.forms:
            if form.rowWrapPolicy() != policy:
                form.setRowWrapPolicy(policy)

    def _fill(self, entry: CatalogEntry, body: QWidget, layout: QVBoxLayout) -> None:
        today = dt.date.today()
        exam = list(entry.exam)
        if entry.domains:
            lines = [
                f"• {name} ({format_number(weight)}%)" if weight is not None else f"• {name}"
                for name, weight in entry.domains
            ]
            exam.append(("Domains", "\n".join(lines)))
        self._add(layout, body, "exam", "Exam", tuple(exam), "")
        self._add(
            layout,
            body,
            "prerequisites",
            "Prerequisites",
            entry.prerequisites,
            entry.prerequisites_text,
        )
        self._add(
            layout, body, "maintenance", "Maintenance", entry.maintenance, entry.maintenance_text
        )
        self._add(layout, body, "fees", "Fees", entry.fees, "")
        path: list[tuple[str, str]] = []
        if entry.typical_prior:
            path.append(("Often held before", ", ".join(entry.typical_prior)))
        if entry.typical_next:
            path.append(("Typical next steps", ", ".join(entry.typical_next)))
        self._add(layout, body, "path", "Career path", tuple(path), "")
        for rule in entry.rules:
            key = RULE_SECTIONS.get(rule.kind, "sources")
            if key not in self.sections:
                self._add(layout, body, key, key.capitalize(), (), "")
            block = RuleBlock(rule, today, self.sections[key])
            block.edit_requested.connect(self.edit_rule_requested)
            box_layout = self.sections[key].layout()
            assert box_layout is not None
            box_layout.addWidget(block)
            self.rule_blocks[rule.key] = block
        self._add_sources(entry, body, layout)

    def _add(
        self,
        layout: QVBoxLayout,
        body: QWidget,
        key: str,
        title: str,
        facts: Facts,
        text: str,
    ) -> None:
        """A section with a facts form and a paragraph; kept even when empty if rules follow."""
        has_rules = any(RULE_SECTIONS.get(r.kind, "sources") == key for r in self._rules())
        if not facts and not text.strip() and not has_rules:
            return
        box, box_layout = _section(title, body)
        if facts:
            form = _facts_form(facts, box)
            self.forms.append(form)
            holder = form.parentWidget()
            assert holder is not None
            box_layout.addWidget(holder)
        if text.strip():
            box_layout.addWidget(_wrap(text, box))
        self.sections[key] = box
        layout.addWidget(box)

    def _rules(self) -> tuple[RuleInfo, ...]:
        return self.entry.rules if self.entry is not None else ()

    def _add_sources(self, entry: CatalogEntry, body: QWidget, layout: QVBoxLayout) -> None:
        box = self.sections.get("sources")
        if box is None:
            box, _ = _section("Sources", body)
            self.sections["sources"] = box
            layout.addWidget(box)
        box_layout = box.layout()
        assert isinstance(box_layout, QVBoxLayout)
        dates = [r.as_of for r in entry.rules]
        checked = (
            f"Catalog facts researched as of {format_date(max(dates))}."
            if dates
            else "No as-of date is recorded for these facts; check the issuer's site."
        )
        box_layout.insertWidget(0, _wrap(checked, box))
        at = 1
        if entry.confidence:
            box_layout.insertWidget(at, _muted(_wrap(f"Confidence: {entry.confidence}", box)))
            at += 1
        if entry.issuer_url:
            self.issuer_link = UrlText(box)
            self.issuer_link.set_lines([f"{entry.issuer} web site: {entry.issuer_url}"])
            box_layout.insertWidget(at, self.issuer_link)
            at += 1
        if entry.sources:
            self.sources = UrlText(box)
            self.sources.set_lines(entry.source_lines or entry.sources)
            box_layout.insertWidget(at, self.sources)
        else:
            box_layout.insertWidget(at, _muted(plain_label("No sources recorded.", box)))

    def texts(self) -> list[str]:
        """Every piece of text the pane shows (for tests and accessibility checks)."""
        body = self.widget()
        if body is None:
            return []
        found = [label.text() for label in body.findChildren(QLabel) if label.isVisibleTo(body)]
        found += [edit.toPlainText() for edit in body.findChildren(UrlText)]
        found += [box.title() for box in body.findChildren(QGroupBox)]
        return found


# --- choosing a stage ----------------------------------------------------------------------


class StageChooserDialog(QDialog):
    """Which stage of the active plan gets the new item (the last one is preselected)."""

    def __init__(
        self,
        parent: QWidget | None,
        item_title: str,
        plan_name: str,
        stages: Sequence[tuple[int, str]],
        default_stage_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to plan")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.question = plain_label(f"Add “{item_title}” to which stage of “{plan_name}”?", self)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.combo = QComboBox(self)
        for stage_id, title in stages:
            self.combo.addItem(icon("stage"), title, stage_id)
        if default_stage_id is not None:
            found = self.combo.findData(default_stage_id)
            if found >= 0:
                self.combo.setCurrentIndex(found)
        layout.addWidget(self.combo)
        buttons = ok_cancel(self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to plan")
        layout.addWidget(buttons)

    def value(self) -> int | None:
        data = self.combo.currentData()
        return data if isinstance(data, int) else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        item_title: str,
        plan_name: str,
        stages: Sequence[tuple[int, str]],
        default_stage_id: int | None = None,
    ) -> int | None:
        dialog = cls(parent, item_title, plan_name, stages, default_stage_id)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


# --- the screen ----------------------------------------------------------------------------


class CatalogScreen(QWidget):
    """Browse the certification catalog and add a certification to the active plan.

    Signals:
        roadmap_requested: the user asked to go to the Roadmap (to create a plan or a stage).
    """

    roadmap_requested = Signal()

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.entries: list[CatalogEntry] = []
        self.plan: PlanTargets = (None, "", [])
        self.model: RowTableModel[CatalogEntry] = RowTableModel(
            COLUMNS, CatalogEntry.search_text, self
        )
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reload_policy = ReloadWhenVisible(
            self, self.store.data_changed, self.reload, store=self.store
        )
        self.reload()

    # --- layout --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 2, SPACING * 2, SPACING * 2, SPACING)
        layout.setSpacing(SPACING)
        header = QHBoxLayout()
        header.addWidget(screen_title("Catalog", self))
        header.addStretch(1)
        self.count_label = _muted(plain_label("", self))
        header.addWidget(self.count_label)
        self.new_button = QPushButton(icon("add"), "New certification…", self)
        self.new_button.setToolTip(
            "Add a certification the catalog does not have: it is then tracked like the others "
            "(Undo removes it again)"
        )
        self.new_button.clicked.connect(self.new_certification)
        header.addWidget(self.new_button)
        layout.addLayout(header)
        self.age_label = _muted(_wrap("", self))
        layout.addWidget(self.age_label)

        self.filters = QWidget(self)
        filters = QHBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        filters.setSpacing(SPACING)
        self.search = QLineEdit(self.filters)
        self.search.setPlaceholderText("Search code, name, issuer, domain")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(160)
        self.search.setMaximumWidth(340)
        self.level_combo = self._combo("Filter by level")
        self.area_combo = self._combo("Filter by domain (the field a certification covers)")
        self.issuer_combo = self._combo("Filter by issuer")
        filters.addWidget(self.search, 2)
        for combo in (self.level_combo, self.area_combo, self.issuer_combo):
            filters.addWidget(combo, 1)
        filters.addStretch(0)
        layout.addWidget(self.filters)

        self.stack = QStackedWidget(self)
        self.empty = EmptyState(
            "catalog",
            "The catalog is empty",
            "This database holds no certifications. The bundled catalog is loaded when the "
            "database is opened; reopen the file or restore a backup to get it back.",
            None,
            self,
        )
        self.stack.addWidget(self.empty)

        self.table = make_table(self.proxy, self, Column.NAME)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setDefaultSectionSize(
            NAME_LINES * self.table.fontMetrics().lineSpacing() + CELL_PADDING
        )
        self.table.fitter.optional = list(DROPPED_FIRST_LAST)
        self.table.sortByColumn(Column.LEVEL, Qt.SortOrder.AscendingOrder)

        self.side = QWidget(self)
        side = QVBoxLayout(self.side)
        side.setContentsMargins(SPACING, 0, 0, 0)
        side.setSpacing(SPACING)
        self.title = _bold(_wrap("", self.side), 1.3)
        self.subtitle = _muted(_wrap("", self.side))
        self.add_button = QPushButton(icon("add"), "Add to plan…", self.side)
        self.add_button.setToolTip("Add this certification as a goal in your active plan")
        self.roadmap_button = QPushButton(icon("roadmap"), "Open Roadmap", self.side)
        self.roadmap_button.setToolTip("Create a plan or add stages on the Roadmap")
        actions = QHBoxLayout()
        actions.setSpacing(SPACING)
        actions.addWidget(self.add_button)
        actions.addWidget(self.roadmap_button)
        actions.addStretch(1)
        self.hint_icon = QLabel(self.side)
        self.hint_icon.setPixmap(icon("warning").pixmap(16, 16))
        self.hint_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.hint = _wrap("", self.side)
        hint_row = QHBoxLayout()
        hint_row.setSpacing(SPACING)
        hint_row.addWidget(self.hint_icon, 0, Qt.AlignmentFlag.AlignTop)
        hint_row.addWidget(self.hint, 1)
        line = QFrame(self.side)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        self.detail = CatalogDetail(self.side)
        side.addWidget(self.title)
        side.addWidget(self.subtitle)
        side.addLayout(actions)
        side.addLayout(hint_row)
        side.addWidget(line)
        side.addWidget(self.detail, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([600, 420])
        self.table.setMinimumWidth(260)
        self.side.setMinimumWidth(280)
        # After the splitter shared a new width out: the names get their room first.
        self._room_timer = QTimer(self)
        self._room_timer.setSingleShot(True)
        self._room_timer.setInterval(0)
        self._room_timer.timeout.connect(self._give_names_room)
        self.splitter.installEventFilter(self)
        self.stack.addWidget(self.splitter)
        layout.addWidget(self.stack, 1)

        self.search.textChanged.connect(self._on_search_changed)
        for combo in (self.level_combo, self.area_combo, self.issuer_combo):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.detail.edit_rule_requested.connect(self.edit_rule)
        self.roadmap_button.clicked.connect(self.roadmap_requested)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self._room_timer.start()
        return super().eventFilter(watched, event)

    def _give_names_room(self) -> None:
        """Narrow the detail pane (down to its minimum) while the list is narrower than its
        names need in two lines beside the columns always shown; a wider list is left as the
        person dragged it."""
        sizes = self.splitter.sizes()
        if len(sizes) != 2 or not self.table.isVisible():
            return
        want = self.table.fitter.needed_width()
        total = sum(sizes)
        if sizes[0] >= want:
            return
        side = max(self.side.minimumWidth(), total - want)
        if total - side > sizes[0]:
            self.splitter.setSizes([total - side, side])

    def _combo(self, tooltip: str) -> QComboBox:
        combo = QComboBox(self.filters)
        combo.setToolTip(tooltip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setMaximumWidth(220)
        return combo

    # --- data ----------------------------------------------------------------------------

    @records_reads
    def reload(self) -> None:
        """Read the catalog and the active plan again; keep the filters and the selection."""
        code = self.selected_code()
        self.entries, self.plan = self.store.read(load_catalog)
        age, stale = self.store.read(lambda s: catalog_age_text(s, dt.date.today()))
        self.age_label.setText(age)
        age_font = QFont(self.age_label.font())
        age_font.setBold(stale)  # an old catalog says so plainly
        self.age_label.setFont(age_font)
        self._fill_combos()
        # Before the rows arrive: the model's reset refits the columns with this minimum.
        self.table.fitter.minimum_flexible = name_width(
            self.table.fontMetrics(), (e.name for e in self.entries)
        )
        self.model.set_rows(self.entries)
        self._room_timer.start()
        self.proxy.set_predicate(self._predicate())
        self.stack.setCurrentWidget(self.splitter if self.entries else self.empty)
        self.filters.setEnabled(bool(self.entries))
        self.select(code)

    def _fill_combos(self) -> None:
        levels = [lv for lv in LEVELS if any(e.level == lv for e in self.entries)]
        levels += sorted({e.level for e in self.entries} - set(LEVELS))
        areas = sorted({e.area for e in self.entries if e.area}, key=str.casefold)
        issuers = sorted({e.issuer for e in self.entries if e.issuer}, key=str.casefold)
        _refill(self.level_combo, "All levels", [(level_text(lv), lv) for lv in levels])
        _refill(self.area_combo, "All domains", [(a, a) for a in areas])
        _refill(self.issuer_combo, "All issuers", [(i, i) for i in issuers])

    def _predicate(self) -> Callable[[CatalogEntry], bool] | None:
        level = self.level_combo.currentData()
        area = self.area_combo.currentData()
        issuer = self.issuer_combo.currentData()
        if level is None and area is None and issuer is None:
            return None
        return lambda e: (
            (level is None or e.level == level)
            and (area is None or e.area == area)
            and (issuer is None or e.issuer == issuer)
        )

    def _on_search_changed(self, text: str) -> None:
        code = self.selected_code()
        self.proxy.set_search(text)
        self.select(code)

    def _on_filter_changed(self, *args: object) -> None:
        code = self.selected_code()
        self.proxy.set_predicate(self._predicate())
        self.select(code)

    def visible_codes(self) -> list[str]:
        return [e.code for e in self.proxy.visible_rows()]

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), len(self.entries)
        noun = "certification" if total == 1 else "certifications"
        text = f"{total} {noun}" if shown == total else f"Showing {shown} of {total} {noun}"
        self.count_label.setText(text)

    # --- selection -----------------------------------------------------------------------

    def select(self, code: str | None) -> None:
        """Select the row of ``code``, or the first visible row, and show it."""
        self._update_count()
        target = 0
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_of(row).code == code:
                target = row
                break
        if self.proxy.rowCount():
            self.table.selectRow(target)
            self.table.scrollTo(self.proxy.index(target, 0))
        else:
            self.table.clearSelection()
        self._show_selected()

    def selected_entry(self) -> CatalogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = self.proxy.row_of(rows[0].row())
        return entry if isinstance(entry, CatalogEntry) else None

    def selected_code(self) -> str | None:
        entry = self.selected_entry()
        return entry.code if entry else None

    def _on_selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()

    def _show_selected(self) -> None:
        entry = self.selected_entry()
        if self.detail.entry is not None and entry is self.detail.entry:
            return
        if entry is None:
            self.title.setText("No certification selected")
            filtered = bool(self.entries) and not self.proxy.rowCount()
            self.subtitle.setText(
                "No certification matches the search and filters. Clear the search or pick "
                "“All levels”, “All domains” and “All issuers”."
                if filtered
                else "Select a certification in the table."
            )
            self.detail.show_entry(None)
        else:
            mine = " (added by you)" if entry.added_by_user else ""
            self.title.setText(f"{entry.code} — {entry.name}{mine}")
            parts = [entry.issuer, f"{level_text(entry.level)} level", entry.area]
            self.subtitle.setText(" · ".join(p for p in parts if p))
            self.detail.show_entry(entry)
        self._show_plan_state(entry)

    def _show_plan_state(self, entry: CatalogEntry | None) -> None:
        plan_id, plan_name, stages = self.plan
        self.add_button.setEnabled(entry is not None and not entry.in_plan and not entry.held)
        # Nothing to add for a certification the person already holds.
        self.add_button.setVisible(entry is not None and not entry.held)
        needs_roadmap = plan_id is None or not stages
        self.roadmap_button.setVisible(entry is not None and needs_roadmap and not entry.held)
        self._say("", warning=False)
        self.add_button.setText("Add to plan…")
        if entry is None:
            return
        if entry.held:
            self._say(f"You hold {entry.code}: its renewal is on the Certifications screen.")
            return
        if plan_id is None:
            self._say("No active plan yet: create one on the Roadmap to add certifications.")
            return
        if not stages:
            self._say(f"Your plan “{plan_name}” has no stages yet: add one on the Roadmap.")
        elif entry.in_plan:
            self.add_button.setText("In your plan")
            self._say(f"{entry.code} is already in your plan “{plan_name}”.")
            return
        else:
            price = (
                f" with its {format_money(Money(entry.exam_price_usd, USD))} exam fee (estimated)"
                if entry.exam_price_usd is not None
                else ""
            )
            self._say(f"Adds “Pass {entry.code}”{price} to your plan “{plan_name}”.")
        self.add_button.setText("Add to plan…")

    def _say(self, text: str, *, warning: bool = False) -> None:
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
        self.hint_icon.setVisible(warning and bool(text))
        font = QFont(self.hint.font())
        font.setBold(warning)
        self.hint.setFont(font)

    # --- adding to the plan --------------------------------------------------------------

    def _on_add_clicked(self) -> None:
        self.add_selected_to_plan()

    def add_selected_to_plan(self) -> bool:
        """Add the selected certification to the active plan; False if nothing was added.

        Without a plan (or without stages) it explains what to do instead of writing.
        """
        entry = self.selected_entry()
        if entry is None:
            return False
        self.plan = self.store.read(plan_stages)
        plan_id, plan_name, stages = self.plan
        if plan_id is None or not stages:
            text = NO_PLAN_TEXT if plan_id is None else NO_STAGE_TEXT.format(plan=plan_name)
            self.roadmap_button.setVisible(True)
            self._say(text, warning=True)
            return False
        if entry.held:
            self._say(f"You hold {entry.code} already; nothing was added.", warning=True)
            return False
        if entry.in_plan:
            self._say(f"{entry.code} is already in your plan “{plan_name}”.", warning=True)
            return False
        draft = goal_draft(entry)
        stage_id: int | None = stages[-1][0]
        if len(stages) > 1:
            stage_id = StageChooserDialog.ask(self, draft.title, plan_name, stages, stage_id)
            if stage_id is None:
                return False
        assert stage_id is not None
        command = AddItemCommand(self.store, stage_id, draft)
        self.undo_stack.push(command)  # writes in one transaction; data_changed reloads us
        if command.error is not None:
            self._say(f"Not added: {command.error}", warning=True)
            return False
        stage = dict(stages).get(stage_id, "")
        self._say(
            f"Added “{draft.title}” to “{stage}” in your plan “{plan_name}”. Set its date and "
            "hours on the Roadmap; Undo takes it out again."
        )
        return True

    # --- a certification of the person's own ---------------------------------------------

    def new_certification(self) -> bool:
        """Catalog → New certification…: ask, check, add undoably and select it."""
        from cso_planner.services import own_certifications, profile
        from cso_planner.ui.dialogs.own_cert_dialog import OwnCertificationDialog
        from cso_planner.ui.screens.catalog_own import AddOwnCertificationCommand

        def validate(draft: own_certifications.OwnCertification) -> dict[str, str]:
            taken = {e.code for e in self.store.read(load_catalog)[0]}
            return own_certifications.validate(draft, taken)

        currency = self.store.read(profile.currency)
        draft = OwnCertificationDialog.ask(self, validate, currency)
        if draft is None:
            return False
        command = AddOwnCertificationCommand(self.store, draft)
        self.undo_stack.push(command)  # one transaction; data_changed reloads the table
        if command.error is not None:
            self._say(f"Not added: {command.error}", warning=True)
            return False
        self.reload()
        self.select(draft.code)
        self._say(
            f"Added {draft.code} to the catalog as your own certification: hold or plan it "
            "like any other. Undo removes it again."
        )
        return True

    # --- editing a rule ------------------------------------------------------------------

    def edit_rule(self, key: str) -> bool:
        """Ask for the user's version of rule ``key`` and save it undoably; False if nothing
        changed (cancelled, unchanged, or refused: the hint says why)."""
        try:
            override = self.store.read(lambda s: rule_overrides.rule_override(s, key))
        except PlanningError as exc:
            self._say(str(exc), warning=True)
            return False

        def validate(text: str) -> str | None:
            return self.store.read(lambda s: rule_overrides.validate_override(s, key, text))

        while True:
            edit = RuleDialog.ask(self, override, validate)
            if edit is None:
                return False
            if not self.store.read(
                functools.partial(rule_overrides.would_change, key=key, edit=edit)
            ):
                self._say(f"Rule {key} was not changed.")
                return False
            command = SetRuleOverrideCommand(self.store, key, edit)
            self.undo_stack.push(command)  # one transaction; data_changed reloads the pane
            if command.error is None:
                break
            self._say(f"Not saved: {command.error}", warning=True)
            override = _with_input(override, edit)
        self._say(self._saved_text(key, override.label, edit))
        return True

    def _saved_text(self, key: str, label: str, edit: RuleEdit) -> str:
        now = self.store.read(lambda s: rule_overrides.rule_override(s, key))
        rule = f"{label.lower()} rule of {now.cert_code}"
        if now.user_edited:
            return (
                f"Saved your version of the {rule}: eligibility and renewal answers now use "
                "it. Undo restores the previous rule."
            )
        if edit.params_text is None:
            return f"Back to the catalog's {rule}. Undo brings your version back."
        if now.user_notes:
            return (
                f"Saved your note on the {rule}. Your parameters are the catalog's, so the "
                "catalog's rule still applies."
            )
        return f"Your parameters are the catalog's, so the catalog's {rule} applies again."


def _with_input(override: RuleOverride, edit: RuleEdit) -> RuleOverride:
    """``override`` showing what the user typed (to ask again after a failed save)."""
    if edit.params_text is None:
        return override
    return dataclasses.replace(override, user_params=edit.params_text, user_notes=edit.user_notes)


def _refill(combo: QComboBox, all_text: str, items: Sequence[tuple[str, str]]) -> None:
    """Replace a filter's choices, keeping the current one when it still exists."""
    current = combo.currentData()
    combo.blockSignals(True)
    try:
        combo.clear()
        combo.addItem(all_text, None)
        for text, data in items:
            combo.addItem(text, data)
        found = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(found, 0))
    finally:
        combo.blockSignals(False)
