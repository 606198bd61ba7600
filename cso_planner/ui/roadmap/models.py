"""Qt models of the roadmap: the stage/item tree, its sort/filter proxy, and the plan list."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from cso_planner.money import own_money
from cso_planner.services.plans import PlanSummary
from cso_planner.services.roadmap_view import ItemRow, RoadmapData, StageRow
from cso_planner.ui.icons import icon
from cso_planner.ui.style import (
    format_date,
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

KIND_LABELS = {
    "certification": "Certification",
    "course": "Course",
    "experience": "Experience",
    "education": "Education",
    "skill": "Skill",
}
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
    Column.PACE: "Pace (study budget)",
    Column.COST: "Cost",
    Column.KIND: "Kind",
    Column.DEPENDS: "Needs first",
}
_RIGHT = {Column.COST, Column.HOURS}


_COLUMN_COUNT = len(Column)


class RoadmapTreeModel(QAbstractItemModel):
    """Stages as top-level rows, their items as children (internal id 0 = stage, n = stage n-1)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._data = RoadmapData(None, "", (), "USD", 0.0)

    # --- loading ---------------------------------------------------------------------------

    def set_roadmap(self, data: RoadmapData) -> None:
        self.beginResetModel()
        self._data = data
        self.endResetModel()

    def roadmap(self) -> RoadmapData:
        return self._data

    # --- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        # Bounds checked here rather than with hasIndex(): Qt calls index() thousands of times
        # while sorting or filtering, and each extra call into the binding counts.
        if row < 0 or not 0 <= column < _COLUMN_COUNT:
            return QModelIndex()
        stages = self._data.stages
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(stages) else QModelIndex()
        stage = parent.row()
        if parent.internalId() != 0 or parent.column() != 0 or row >= len(stages[stage].items):
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
            return len(self._data.stages)
        if parent.internalId() != 0 or parent.column() != 0:
            return 0
        return len(self._data.stages[parent.row()].items)

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
        column = Column(index.column())
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

    def _stage_data(self, stage: StageRow, column: Column, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            sort = role == SORT_ROLE
            match column:
                case Column.TITLE:
                    return stage.role
                case Column.KIND:
                    return f"Stage {stage.position + 1}" if not sort else stage.position
                case Column.STATUS:
                    done = sum(1 for i in stage.items if i.status == "done")
                    if sort:
                        return done
                    return f"{done} of {len(stage.items)} done" if stage.items else "Empty"
                case Column.DUE:
                    if sort:
                        return (stage.end or stage.start).isoformat() if stage.start else ""
                    if stage.start or stage.end:
                        return f"{format_date(stage.start)} – {format_date(stage.end)}"
                    return "No dates"
                case Column.COST:
                    cost = stage.total_cost
                    if sort:
                        return cost
                    return own_money(cost, self._data.currency) if cost else ""
                case Column.HOURS:
                    hours = stage.pace.planned_hours
                    return hours if sort else (format_hours(hours) if hours else "")
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

    def _item_data(self, item: ItemRow, column: Column, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            sort = role == SORT_ROLE
            match column:
                case Column.TITLE:
                    return item.title
                case Column.KIND:
                    label = KIND_LABELS.get(item.kind, item.kind)
                    return f"{label} · {item.ref_code}" if item.ref_code else label
                case Column.STATUS:
                    return status_text(item.status, item.overdue)
                case Column.DUE:
                    if sort:
                        return item.due.isoformat() if item.due else ""
                    return format_date(item.due)
                case Column.COST:
                    if sort:
                        return item.cost or 0.0
                    return own_money(item.cost, self._data.currency)
                case Column.HOURS:
                    return (item.hours or 0.0) if sort else format_hours(item.hours)
                case Column.DEPENDS:
                    titles = self._data.titles
                    return ", ".join(titles.get(i, "?") for i in item.depends_on)
                case Column.PACE:
                    return ""
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


class RoadmapProxyModel(QSortFilterProxyModel):
    """Search across all columns, keep a stage's items when the stage matches; stages stay in
    plan order whatever column is sorted (only items within a stage are sorted)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setAutoAcceptChildRows(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        for signal in (model.modelReset, model.layoutChanged, model.dataChanged):
            signal.connect(self._forget_haystack)
        model.rowsInserted.connect(self._forget_haystack)
        model.rowsRemoved.connect(self._forget_haystack)

    def _forget_haystack(self, *args: object) -> None:
        self._haystack: dict[tuple[int, int], str] = {}

    def set_search(self, text: str) -> None:
        """Show the rows containing ``text`` in any column (case-insensitive)."""
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def search_text(self) -> str:
        return getattr(self, "_needle", "")

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        """The row's cells, joined and case-folded once per load, contain the search text.

        Qt's own test reads every column of every row through Python on each key press.
        """
        needle = self.search_text()
        if not needle:
            return True
        haystack = getattr(self, "_haystack", None)
        if haystack is None:
            haystack = self._haystack = {}
        where = (source_parent.row() if source_parent.isValid() else -1, source_row)
        text = haystack.get(where)
        if text is None:
            model = self.sourceModel()
            text = "\n".join(
                str(model.index(source_row, column, source_parent).data() or "")
                for column in range(model.columnCount(source_parent))
            ).casefold()
            haystack[where] = text
        return needle in text

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Cache only for the length of this sort: Qt re-sorts on its own after data changes.
        self._keys: dict[tuple[int, int, int], Any] | None = {}
        try:
            super().sort(column, order)
        finally:
            self._keys = None

    def _key(self, index: Index) -> Any:
        """The item's sort value, read once per sort: comparing asks for each item ~log n
        times, and every read is a call from Qt into the Python model."""
        keys = getattr(self, "_keys", None)
        if keys is None:
            return index.data(SORT_ROLE)
        where = (index.parent().row(), index.row(), index.column())
        if where not in keys:
            value = index.data(SORT_ROLE)
            keys[where] = value.casefold() if isinstance(value, str) else value
        return keys[where]

    def lessThan(self, left: Index, right: Index) -> bool:
        if not left.parent().isValid():
            ascending = left.row() < right.row()
            return ascending if self.sortOrder() == Qt.SortOrder.AscendingOrder else not ascending
        a, b = self._key(left), self._key(right)
        if type(a) is not type(b):
            return str(a) < str(b)
        if isinstance(a, str):
            return bool(a.casefold() < str(b).casefold())
        return bool(a < b)


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
