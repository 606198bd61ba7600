"""Qt models of the roadmap: the stage/item tree, its sort/filter proxy, and the plan list."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont

from cso_planner.dates import format_date
from cso_planner.db.models import ITEM_KIND_LABELS
from cso_planner.money import own_money
from cso_planner.services.plans import PlanSummary
from cso_planner.services.roadmap_view import ItemRow, RoadmapData, StageRow
from cso_planner.ui.icons import icon
from cso_planner.ui.style import (
    format_hours,
    plain_tooltip,
    status_dot,
    status_qcolor,
    status_text,
)

Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StageRow or ItemRow behind a row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a comparable value for sorting
ID_ROLE = Qt.ItemDataRole.UserRole + 3  # ("stage" | "item", id)

KIND_LABELS = ITEM_KIND_LABELS
KIND_ICONS = {
    "certification": "certificate",
    "course": "course",
    "experience": "briefcase",
    "education": "education",
    "skill": "skill",
}


class Column(enum.IntEnum):
    TITLE = 0
    STATUS = 1
    DUE = 2
    HOURS = 3
    PACE = 4
    COST = 5
    KIND = 6
    DEPENDS = 7


HEADERS = {
    Column.TITLE: "Stage / item",
    Column.STATUS: "Status",
    Column.DUE: "Due",
    Column.HOURS: "Study",
    Column.PACE: "Pace",
    Column.COST: "Cost",
    Column.KIND: "Kind",
    Column.DEPENDS: "Needs first",
}
_RIGHT = {Column.COST, Column.HOURS}


_COLUMN_COUNT = len(Column)
_COLUMNS = tuple(Column)


class _StageItemTree(QAbstractItemModel):
    """``index``/``parent``/``rowCount`` of a two-level tree of stages and their items.

    Internal id 0 marks a stage row; n marks an item of stage row n-1. Subclasses say how many
    stages and items there are. Bounds are checked here rather than with ``hasIndex()``: Qt
    calls ``index()`` thousands of times, and each extra call into the binding counts.
    """

    def _stage_count(self) -> int:
        raise NotImplementedError

    def _item_count(self, stage: int) -> int:
        raise NotImplementedError

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < self._stage_count() else QModelIndex()
        stage = parent.row()
        if parent.internalId() != 0 or parent.column() != 0 or row >= self._item_count(stage):
            return QModelIndex()
        return self.createIndex(row, column, stage + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid():
            return QModelIndex()
        internal = child.internalId()
        if internal == 0:
            return QModelIndex()
        return self.createIndex(internal - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return self._stage_count()
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return self._item_count(parent.row())


class RoadmapTreeModel(_StageItemTree):
    """Stages as top-level rows, their items as children (internal id 0 = stage, n = stage n-1)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data = RoadmapData(None, "", (), "USD", 0.0)
        self._texts: dict[int, tuple[str, ...]] = {}
        self._formatted: dict[tuple[str, Any], str] = {}

    # --- loading ---------------------------------------------------------------------------

    def set_roadmap(self, data: RoadmapData) -> None:
        self.beginResetModel()
        self._data = data
        self._texts = {}
        self._formatted = {}
        self.endResetModel()

    def roadmap(self) -> RoadmapData:
        return self._data

    def _stage_count(self) -> int:
        return len(self._data.stages)

    def _item_count(self, stage: int) -> int:
        return len(self._data.stages[stage].items)

    # --- structure -------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def row_at(self, index: Index) -> StageRow | ItemRow | None:
        if not index.isValid():
            return None
        internal = index.internalId()
        if internal == 0:
            return self._data.stages[index.row()]
        return self._data.stages[internal - 1].items[index.row()]

    def index_of(self, kind: str, row_id: int) -> QModelIndex:
        for s_row, stage in enumerate(self._data.stages):
            if kind == "stage" and stage.id == row_id:
                return self.index(s_row, 0)
            for i_row, item in enumerate(stage.items):
                if kind == "item" and item.id == row_id:
                    return self.index(i_row, 0, self.index(s_row, 0))
        return QModelIndex()

    # --- data ------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index)
        if row is None:
            return None
        return self.row_data(row, _COLUMNS[index.column()], role)

    def row_data(self, row: StageRow | ItemRow, column: Column, role: int) -> Any:
        """``data()`` of ``row`` in ``column`` (the proxy asks here without building indexes)."""
        if role == ROW_ROLE:
            return row
        if role == ID_ROLE:
            return ("stage" if isinstance(row, StageRow) else "item", row.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _RIGHT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if isinstance(row, StageRow):
            return self._stage_data(row, column, role)
        return self._item_data(row, column, role)

    def texts(self, row: StageRow | ItemRow) -> tuple[str, ...]:
        """The row's shown text in every column, worked out once per load.

        Painting and searching both read these; formatting dates and money through QLocale
        for every cell of every row on each key press was most of a search's time.
        """
        texts = self._texts.get(id(row))
        if texts is None:
            if isinstance(row, StageRow):
                texts = tuple(self._stage_text(row, column) for column in Column)
            else:
                texts = tuple(self._item_text(row, column) for column in Column)
            self._texts[id(row)] = texts  # the rows live as long as the data: ids are stable
        return texts

    def _date(self, value: dt.date | None) -> str:
        """``format_date(value)``, formatted once per value and load (dates repeat a lot)."""
        key = ("date", value)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = format_date(value)
        return text

    def _money(self, value: float | None) -> str:
        key = ("money", value)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = own_money(value, self._data.currency)
        return text

    def _stage_text(self, stage: StageRow, column: Column) -> str:
        match column:
            case Column.TITLE:
                return stage.role
            case Column.KIND:
                return f"Stage {stage.position + 1}"
            case Column.STATUS:
                done = sum(1 for i in stage.items if i.status == "done")
                return f"{done} of {len(stage.items)} done" if stage.items else "Empty"
            case Column.DUE:
                if stage.start or stage.end:
                    return f"{self._date(stage.start)} – {self._date(stage.end)}"
                return "No dates"
            case Column.COST:
                cost = stage.total_cost
                return self._money(cost) if cost else ""
            case Column.HOURS:
                hours = stage.pace.planned_hours
                return format_hours(hours) if hours else ""
            case Column.PACE:
                return stage.pace.short()
        return ""

    def _item_text(self, item: ItemRow, column: Column) -> str:
        match column:
            case Column.TITLE:
                return item.title
            case Column.KIND:
                label = KIND_LABELS.get(item.kind, item.kind)
                return f"{label} · {item.ref_code}" if item.ref_code else label
            case Column.STATUS:
                return status_text(item.status, item.overdue)
            case Column.DUE:
                return self._date(item.due)
            case Column.COST:
                return self._money(item.cost)
            case Column.HOURS:
                return format_hours(item.hours)
            case Column.DEPENDS:
                titles = self._data.titles
                return ", ".join(titles.get(i, "?") for i in item.depends_on)
        return ""

    def _stage_data(self, stage: StageRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(stage)[column]
        if role == SORT_ROLE:
            match column:
                case Column.TITLE:
                    return stage.role
                case Column.KIND:
                    return stage.position
                case Column.STATUS:
                    return sum(1 for i in stage.items if i.status == "done")
                case Column.DUE:
                    return (stage.end or stage.start).isoformat() if stage.start else ""
                case Column.COST:
                    return stage.total_cost
                case Column.HOURS:
                    return stage.pace.planned_hours
                case Column.PACE:
                    return stage.pace.short()
                case Column.DEPENDS:
                    return ""
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.TITLE:
                return icon("stage")
            if column == Column.PACE and stage.pace.fits is False:
                return icon("warning", status_qcolor("overdue").name())
        if role == Qt.ItemDataRole.FontRole and column == Column.TITLE:
            font = QFont()
            font.setBold(True)
            return font
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == Column.PACE
            and stage.pace.fits is False
        ):
            return status_qcolor("overdue")
        if role == Qt.ItemDataRole.ToolTipRole and column in (Column.PACE, Column.HOURS):
            return plain_tooltip(
                f"{stage.pace.summary()}\nWeekly study budget: "
                f"{format_hours(self._data.weekly_study_hours)} (Edit ▸ Preferences)"
            )
        return None

    def sort_value(self, row: StageRow | ItemRow, column: Column) -> Any:
        """What ``column`` sorts ``row`` by (the ``SORT_ROLE`` value)."""
        if isinstance(row, StageRow):
            return self._stage_data(row, column, SORT_ROLE)
        return self._item_data(row, column, SORT_ROLE)

    def _item_data(self, item: ItemRow, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(item)[column]
        if role == SORT_ROLE:
            match column:
                case Column.DUE:
                    return item.due.isoformat() if item.due else ""
                case Column.COST:
                    return item.cost or 0.0
                case Column.HOURS:
                    return item.hours or 0.0
                case Column.PACE:
                    return ""
            return self.texts(item)[column]
        if role == Qt.ItemDataRole.DecorationRole:
            if column == Column.TITLE:
                return icon(KIND_ICONS.get(item.kind, "skill"))
            if column == Column.STATUS:
                return status_dot("overdue" if item.overdue else item.status)
            if column == Column.COST and item.employer_paid:
                return icon("briefcase")
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.STATUS and item.overdue:
            return status_qcolor("overdue")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.TITLE and item.notes:
                return plain_tooltip(item.notes)
            if column == Column.COST and item.employer_paid:
                return "Paid by your employer"
        return None


HAYSTACK_CHUNK = 500  # search texts worked out per idle step


class RoadmapProxyModel(_StageItemTree):
    """The tree as shown: searched across all columns, items sorted within their stage.

    A stage is shown when it or one of its items contains the search text (a matching stage
    keeps all its items); stages stay in plan order whatever column is sorted. The shown rows
    are worked out in one pass over the plan, in Python, on each key press or sort, and the
    view is reset: Qt's recursive ``QSortFilterProxyModel`` asked the Python model for
    ``parent()`` close to a million times per key at 5,000 items (934 ms), growing with the
    square of the plan.

    Internal ids as in :class:`RoadmapTreeModel`: 0 for a stage row, n for an item of shown
    stage n-1.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._source: RoadmapTreeModel | None = None
        self._needle = ""
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # Shown rows: (source stage row, [source item rows]) in display order.
        self._shown: list[tuple[int, list[int]]] = []
        self._shown_at: dict[tuple[int, int], tuple[int, int]] = {}
        self._haystack: dict[tuple[int, int], str] = {}
        # The rows' search texts are worked out in idle chunks after a load, as the ledger
        # tables do: the first key of a search at 5,000 items built them all (about 60 ms).
        self._hay_todo: list[tuple[int, int]] = []
        self._hay_timer = QTimer(self)
        self._hay_timer.setSingleShot(True)
        self._hay_timer.setInterval(0)
        self._hay_timer.timeout.connect(self._build_some_texts)

    def _forget_texts(self) -> None:
        """The plan changed: its search texts are worked out again, while idle."""
        self._haystack = {}
        stages = self._source.roadmap().stages if self._source is not None else ()
        self._hay_todo = [
            (stage_row, item) for stage_row, stage in enumerate(stages)
            for item in range(-1, len(stage.items))
        ]  # fmt: skip
        self._hay_todo.reverse()  # taken from the end: in plan order
        if self._hay_todo:
            self._hay_timer.start()
        else:
            self._hay_timer.stop()

    def _build_some_texts(self) -> None:
        todo = self._hay_todo
        for _ in range(min(HAYSTACK_CHUNK, len(todo))):
            self._text_of(*todo.pop())
        if todo:
            self._hay_timer.start()

    # --- source ----------------------------------------------------------------------------

    def setSourceModel(self, model: RoadmapTreeModel) -> None:
        self.beginResetModel()
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        for signal in (model.layoutChanged, model.dataChanged, model.rowsInserted,
                       model.rowsRemoved):  # fmt: skip
            signal.connect(self._on_source_changed)
        self._forget_texts()
        self._rebuild()
        self.endResetModel()

    def sourceModel(self) -> RoadmapTreeModel | None:
        return self._source

    def _stage_count(self) -> int:
        return len(self._shown)

    def _item_count(self, stage: int) -> int:
        return len(self._shown[stage][1])

    def _on_source_reset(self) -> None:
        self._forget_texts()
        self._rebuild()
        self.endResetModel()

    def _on_source_changed(self, *args: object) -> None:
        self.beginResetModel()
        self._forget_texts()
        self._rebuild()
        self.endResetModel()

    # --- search and sort -------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        """Show the rows containing ``text`` in any column (case-insensitive)."""
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        self.beginResetModel()
        self._needle = needle
        self._rebuild()
        self.endResetModel()

    def search_text(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort items within each stage by ``column`` (-1: plan order)."""
        self.beginResetModel()
        self._sort_column, self._sort_order = column, order
        self._rebuild()
        self.endResetModel()

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    def _text_of(self, stage: int, item: int) -> str:
        """A row's cells joined and case-folded, read once per load (item -1: the stage)."""
        text = self._haystack.get((stage, item))
        if text is None:
            assert self._source is not None
            stage_row = self._source.roadmap().stages[stage]
            row = stage_row if item < 0 else stage_row.items[item]
            text = "\n".join(self._source.texts(row)).casefold()
            self._haystack[(stage, item)] = text
        return text

    def _rebuild(self) -> None:
        """Work out the shown rows: one pass over the plan, then a sort within each stage."""
        shown: list[tuple[int, list[int]]] = []
        source = self._source
        stages = source.roadmap().stages if source is not None else ()
        needle = self._needle
        for stage_row, stage in enumerate(stages):
            rows = range(len(stage.items))
            if needle and needle not in self._text_of(stage_row, -1):
                items = [r for r in rows if needle in self._text_of(stage_row, r)]
                if not items:
                    continue
            else:
                items = list(rows)
            shown.append((stage_row, self._sorted(stage_row, items)))
        self._shown = shown
        self._shown_at = {
            (stage_row, item_row): (shown_stage, shown_item)
            for shown_stage, (stage_row, items) in enumerate(shown)
            for shown_item, item_row in enumerate(items)
        }

    def _sorted(self, stage_row: int, items: list[int]) -> list[int]:
        column = self._sort_column
        if column < 0 or self._source is None:
            return items
        source = self._source
        rows = source.roadmap().stages[stage_row].items

        def key(item_row: int) -> Any:
            value = source.sort_value(rows[item_row], Column(column))
            if isinstance(value, str):
                return (1, value.casefold())
            return (0, value) if value is not None else (1, "")

        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(items, key=key, reverse=descending)

    # --- mapping ---------------------------------------------------------------------------

    def mapToSource(self, index: Index) -> QModelIndex:
        if not index.isValid() or self._source is None:
            return QModelIndex()
        internal = index.internalId()
        if internal == 0:
            return self._source.index(self._shown[index.row()][0], index.column())
        stage_row, items = self._shown[internal - 1]
        parent = self._source.index(stage_row, 0)
        return self._source.index(items[index.row()], index.column(), parent)

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        parent = source.parent()
        if not parent.isValid():
            for shown_stage, (stage_row, _items) in enumerate(self._shown):
                if stage_row == source.row():
                    return self.createIndex(shown_stage, source.column(), 0)
            return QModelIndex()
        place = self._shown_at.get((parent.row(), source.row()))
        if place is None:
            return QModelIndex()
        return self.createIndex(place[1], source.column(), place[0] + 1)

    # --- structure -------------------------------------------------------------------------

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return _COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self._source is None:
            return None
        return self._source.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        source = self._source
        if source is None or not index.isValid():
            return None
        internal = index.internalId()
        stages = source.roadmap().stages
        if internal == 0:
            row: StageRow | ItemRow = stages[self._shown[index.row()][0]]
        else:
            stage_row, items = self._shown[internal - 1]
            row = stages[stage_row].items[items[index.row()]]
        return source.row_data(row, _COLUMNS[index.column()], role)


class PlanListModel(QAbstractListModel):
    """The plans for the plan switcher."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._plans: list[PlanSummary] = []

    def set_plans(self, plans: list[PlanSummary]) -> None:
        self.beginResetModel()
        self._plans = list(plans)
        self.endResetModel()

    def plans(self) -> list[PlanSummary]:
        return list(self._plans)

    def row_of(self, plan_id: int | None) -> int:
        return next((r for r, p in enumerate(self._plans) if p.id == plan_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._plans)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._plans):
            return None
        plan = self._plans[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return plan.name
        if role == ROW_ROLE:
            return plan
        if role == ID_ROLE:
            return plan.id
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("plan")
        return None
