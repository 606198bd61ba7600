"""A fast row table for the ledger screens: one model over frozen rows, one filtering proxy.

Sorting and filtering 10,000 rows must take well under 50 ms, and a Python ``lessThan`` or
``data()`` call per comparison is far too slow for that. So the model sorts its own list with
Python's ``sorted`` (one key per row) and the proxy only filters, from a set of accepted rows
computed in one pass; the proxy forwards ``sort`` to the model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from itertools import compress
from operator import is_not
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cso_planner.ui.column_fit import ColumnFitter, fit_columns
from cso_planner.ui.style import plain_tooltip

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

# Search texts worked out per idle turn of the event loop after a load (a few milliseconds).
SEARCH_TEXT_CHUNK = 2000

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the frozen row object behind a table row
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # the comparable value the model sorts by

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclasses.dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """How one column shows and sorts a row.

    ``sort_key`` defaults to the case-folded text; ``numeric`` right-aligns (numbers, money).
    """

    title: str
    text: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    numeric: bool = False
    width: int = 120
    tooltip: Callable[[R], str] | None = None
    icon: Callable[[R], QIcon | None] | None = None
    color: Callable[[R], QColor | None] | None = None
    flexible: bool = False  # takes the width left over (see make_table)
    optional: bool = False  # hidden while the others would not fit (see column_fit)


def _none_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of one frozen type shown through :class:`ColumnSpec` columns."""

    def __init__(
        self,
        columns: Sequence[ColumnSpec[R]],
        search_text: Callable[[R], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._search_text = search_text
        self._rows: list[R] = []
        # id(row) -> its case-folded search text: worked out in idle chunks after a load, so
        # the first key of a search over 100,000 rows does not build them all (2.4 s).
        self._haystack: dict[int, str] = {}
        self._hay_complete = True
        self._hay_cursor = 0
        self._hay_timer = QTimer(self)
        self._hay_timer.setSingleShot(True)
        self._hay_timer.setInterval(0)
        self._hay_timer.timeout.connect(self._build_some_search_texts)
        self._haystack_list: list[str] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # While set_rows announces a change in place: id(old row) -> the row replacing it (the
        # proxy follows the persistent indexes through it). Empty during a sort.
        self.replaced: dict[int, R] = {}

    # --- Qt overrides ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            spec = self.columns[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return spec.title
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return RIGHT if spec.numeric else LEFT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        spec = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if spec.numeric else LEFT
        if role == SORT_ROLE:
            return self._key(spec)(row)[1]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = spec.tooltip(row) if spec.tooltip else spec.text(row)
            return plain_tooltip(text) if text else None
        if role == Qt.ItemDataRole.DecorationRole and spec.icon is not None:
            return spec.icon(row)
        if role == Qt.ItemDataRole.ForegroundRole and spec.color is not None:
            return spec.color(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        if self._sort == (column, order):
            # Already in this order (set_rows keeps it): Qt asks twice per header click, and
            # a re-sort of 10,000 rows costs tens of milliseconds.
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._rows[i.row()], i.column()) for i in old]
        self._sort_rows()
        if old:
            where = {id(r): n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(old, [self.index(where[id(r)], c) for r, c in kept])
        self.layoutChanged.emit()

    # --- rows ------------------------------------------------------------------------------

    def _key(self, spec: ColumnSpec[R]) -> Callable[[R], tuple[bool, Any]]:
        if spec.sort_key is not None:
            key = spec.sort_key
            return lambda row: _none_last(key(row))
        text = spec.text
        return lambda row: (False, text(row).casefold())

    def _sort_rows(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        descending = order == Qt.SortOrder.DescendingOrder
        self._rows.sort(key=self._key(self.columns[column]), reverse=descending)
        self._haystack_list = None
        self._hay_cursor = 0  # the rows not yet searched are anywhere in the new order

    def set_rows(self, rows: Sequence[R]) -> bool:
        """Show ``rows``; True when the model was reset, False when the change was applied to
        the rows it touched.

        Rows with an ``id`` (every ledger row) replace the shown ones in place: rows equal to
        a shown one keep the object (and its search text), the rest are announced as one
        layout change with the views' persistent indexes moved, so the selection, the current
        row and the scroll position stay, and nothing is measured again. Otherwise (no ids,
        or the table was or becomes empty) the model is reset.
        """
        new = list(rows)
        in_place = self._in_place(new)
        if in_place is not None:
            self._apply_in_place(new, in_place)
            return False
        if self._sort is not None:
            column, order = self._sort
            new.sort(
                key=self._key(self.columns[column]), reverse=order == Qt.SortOrder.DescendingOrder
            )
        if self._apply(new):
            return False
        self.beginResetModel()
        self._rows = new
        self._haystack = {}
        self._haystack_list = None
        self._restart_search_texts()
        self.endResetModel()
        return True

    def _in_place(self, new: list[R]) -> list[int] | None:
        """The positions where ``new`` holds another object than the shown rows, when every
        such object has the id and the sort key of the row it replaces (one edited activity
        among 100,000: the order cannot change); else None.

        Found with C-level passes (``map``/``compress``), no Python call per row: sorting
        100,000 rows again and mapping them by id cost more than the edit's own reads.
        """
        old = self._rows
        if not old or len(new) != len(old):
            return None
        changed = list(compress(range(len(new)), map(is_not, new, old)))
        key = self._key(self.columns[self._sort[0]]) if self._sort is not None else None
        for n in changed:
            before, row = old[n], new[n]
            row_id = getattr(row, "id", None)
            if not isinstance(row_id, int) or row_id != getattr(before, "id", None):
                return None
            if key is not None and key(row) != key(before):
                return None
        return changed

    def _apply_in_place(self, new: list[R], changed: list[int]) -> None:
        """Replace the rows at ``changed`` (see :meth:`_in_place`): each stays where it was."""
        old = self._rows
        replaced = {id(old[n]): new[n] for n in changed if old[n] != new[n]}
        if not replaced:
            return  # equal rows read again: nothing to show
        self.replaced = replaced
        self.layoutAboutToBeChanged.emit()
        rows = list(old)
        hay, hay_list = self._haystack, self._haystack_list
        for n in changed:
            before, row = rows[n], new[n]
            if id(before) not in replaced:
                continue
            rows[n] = row
            had = hay.pop(id(before), None)
            if had is not None or hay_list is not None:
                text = self._search_text(row).casefold()
                hay[id(row)] = text
                if hay_list is not None:
                    hay_list[n] = text
        self._rows = rows
        # The persistent indexes are positions, and no row moved: nothing to remap.
        self.layoutChanged.emit()
        self.replaced = {}

    def _apply(self, new: list[R]) -> bool:
        """Replace the rows with ``new`` (sorted) without a reset; False when it cannot."""
        old = self._rows
        if not old or not new:
            return False
        shown: dict[int, R] = {}
        for row in old:
            key = getattr(row, "id", None)
            if not isinstance(key, int) or key in shown:
                return False
            shown[key] = row
        final: list[R] = []
        keys: set[int] = set()
        replaced: dict[int, R] = {}  # id(old object) -> its new version
        for row in new:
            key = getattr(row, "id", None)
            if not isinstance(key, int) or key in keys:
                return False
            keys.add(key)
            before = shown.get(key)
            if before is not None and (before is row or before == row):
                final.append(before)
            else:
                final.append(row)
                if before is not None:
                    replaced[id(before)] = row
        if len(final) == len(old) and all(a is b for a, b in zip(final, old, strict=True)):
            return True  # nothing changed
        self.replaced = replaced
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(old[i.row()], i.column()) for i in persistent]
        self._rows = final
        hay = self._haystack
        self._haystack = {id(r): t for r in final if (t := hay.get(id(r))) is not None}
        self._haystack_list = None
        self._restart_search_texts()
        where = {id(r): n for n, r in enumerate(final)}
        moved = []
        for row, column in kept:
            n = where.get(id(replaced.get(id(row), row)), -1)
            moved.append(self.index(n, column) if n >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        self.replaced = {}
        return True

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def haystack(self) -> dict[int, str]:
        """``id(row)`` → its lower-cased search text (the rest of them worked out now if the
        idle build has not finished)."""
        if not self._hay_complete:
            self._build_search_texts(len(self._rows))
        return self._haystack

    def _restart_search_texts(self) -> None:
        self._hay_complete = not self._rows
        self._hay_cursor = 0
        if self._hay_complete:
            self._hay_timer.stop()
        else:
            self._hay_timer.start()

    def _build_some_search_texts(self) -> None:
        if not self._hay_complete:
            self._build_search_texts(SEARCH_TEXT_CHUNK)
        if not self._hay_complete:
            self._hay_timer.start()
        else:
            self.haystack_list()  # and in the rows' order, as the first search reads them

    def _build_search_texts(self, count: int) -> None:
        rows, hay, text = self._rows, self._haystack, self._search_text
        end = min(self._hay_cursor + count, len(rows))
        for row in rows[self._hay_cursor : end]:
            key = id(row)
            if key not in hay:
                hay[key] = text(row).casefold()
        self._hay_cursor = end
        if end >= len(rows):
            self._hay_complete = True
            self._hay_timer.stop()

    def haystack_list(self) -> list[str]:
        """The search texts in the rows' current order (``haystack_list()[n]`` is row n's)."""
        if self._haystack_list is None:
            hay = self.haystack()
            self._haystack_list = [hay[id(r)] for r in self._rows]
        return self._haystack_list

    def row_list(self) -> list[R]:
        """The rows in their current order, not copied: read it, do not change it."""
        return self._rows


class RowFilterProxy(QAbstractProxyModel):
    """Filters by a search text and an optional predicate; sorting is done by the model.

    A flat list of the accepted source rows, worked out in Python in one pass: Qt's
    ``QSortFilterProxyModel`` called a Python ``filterAcceptsRow`` for each of 100,000 rows
    on every key press (and remapped them block by block). When the search text only grows
    (the next key of a word) and the predicate is the same, only the rows shown are searched
    again. A change is announced as a layout change with the persistent indexes moved, so the
    selection and current row survive a search or a sort, as with Qt's proxy.

    Signals:
        filtered: the accepted rows were recomputed (once per search or predicate change).
    """

    filtered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._predicate: Callable[[Any], bool] | None = None
        # The shown rows answer ``_searched`` and the predicate (False: look at every row).
        self._filtered = False
        self._kept_accepted: set[int] | None = None  # ids shown, kept across a model sort
        self._rows: list[int] = []  # proxy row -> source row
        self._identity = True  # every source row shown, in order
        self._place: dict[int, int] | None = None  # source row -> proxy row (made when asked)
        self._searched = ""  # the search the accepted rows answer (for narrowing)
        self._source_count = 0  # the model's rows before a layout change

    def source(self) -> RowTableModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    # --- source ----------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self.beginResetModel()
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        model.layoutAboutToBeChanged.connect(self._on_source_layout_about)
        model.layoutChanged.connect(self._on_source_layout)
        model.dataChanged.connect(self._on_source_data)
        self._filtered = False
        self._remap(self._compute())
        self.endResetModel()

    def _on_source_reset(self) -> None:
        self._filtered = False  # new row objects: nothing known about them
        self._remap(self._compute())
        self.endResetModel()

    def _on_source_layout_about(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._source_count = len(self.source().row_list())
        self._kept = [(self._source_row(i.row()), i.column()) for i in self.persistentIndexList()]
        self._kept_rows = [self.source().row_at(r) if r >= 0 else None for r, _ in self._kept]
        rows = self.source().row_list()
        self._kept_accepted = {id(rows[n]) for n in self._rows} if self._filtered else None

    def _on_source_layout(self) -> None:
        # The model re-sorted its list (the same rows, in a new order), or replaced some rows
        # in place (``replaced`` non-empty, or rows added or removed): then filter again.
        model = self.source()
        replaced = model.replaced
        if replaced or len(model.row_list()) != self._source_count:
            self._filtered = False
            self._remap(self._compute())
        else:
            self._remap(self._compute(reuse=True))
        old = self.persistentIndexList()
        rows = model.row_list()
        where: dict[int, int] | None = None  # made only when a kept row moved
        new = []
        for (source_row, column), row in zip(self._kept, self._kept_rows, strict=True):
            if row is not None:
                row = replaced.get(id(row), row)
                if not (0 <= source_row < len(rows) and rows[source_row] is row):
                    if where is None:
                        where = {id(r): n for n, r in enumerate(rows)}
                    source_row = where.get(id(row), -1)
            else:
                source_row = -1
            new.append(self._proxy_index(source_row, column))
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _on_source_data(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        if self.rowCount() and self.columnCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- filtering -------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def set_search(self, text: str) -> None:
        self._search = text.strip().casefold()
        self.refilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self._filtered = False  # a new predicate: every row is looked at again
        self.refilter()

    def _compute(self, reuse: bool = False) -> list[int]:
        """The accepted source rows, in the model's order.

        ``reuse``: the model only re-sorted the same rows, so the accepted set still holds.
        Otherwise the rows shown are searched again when the search only grew (each word of
        the old search is then part of a word of the new one), else every row. Each word is
        one pass over row numbers and their search texts, with no Python call per row.
        """
        if self.sourceModel() is None:
            return []
        model = self.source()
        rows = model.row_list()
        if reuse:
            accepted = self._kept_accepted
            if accepted is None:
                return list(range(len(rows)))
            return [n for n, r in enumerate(rows) if id(r) in accepted]
        if not (self._search or self._predicate is not None):
            self._filtered, self._searched = False, ""
            return list(range(len(rows)))
        candidates: list[int] | range
        if self._filtered and self._search.startswith(self._searched):
            candidates = self._rows  # already passed the predicate and the shorter search
        elif self._predicate is not None:
            predicate = self._predicate
            candidates = [n for n, r in enumerate(rows) if predicate(r)]
        else:
            candidates = range(len(rows))
        if self._search:
            hays = model.haystack_list()
            for word in self._search.split():
                candidates = [n for n in candidates if word in hays[n]]
        shown = list(candidates)
        self._filtered, self._searched = True, self._search
        return shown

    def refilter(self) -> None:
        """Recompute the accepted rows in one pass, then move the views' persistent indexes."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self._source_row(i.row()), i.column()) for i in old]
        self._remap(self._compute())
        self.changePersistentIndexList(old, [self._proxy_index(r, c) for r, c in kept])
        self.layoutChanged.emit()
        self.filtered.emit()

    def _remap(self, rows: list[int]) -> None:
        self._rows = rows
        self._identity = len(rows) == self.source().rowCount() if self.sourceModel() else True
        self._place = None

    def _source_row(self, proxy_row: int) -> int:
        return self._rows[proxy_row] if 0 <= proxy_row < len(self._rows) else -1

    def _proxy_index(self, source_row: int, column: int) -> QModelIndex:
        if source_row < 0:
            return QModelIndex()
        if self._identity:
            row = source_row
        else:
            if self._place is None:
                self._place = {source: n for n, source in enumerate(self._rows)}
            row = self._place.get(source_row, -1)
        return self.index(row, column) if row >= 0 else QModelIndex()

    def visible_rows(self) -> list[Any]:
        """The rows the filter lets through, in the model's order (no per-row Qt calls)."""
        rows = self.source().row_list()
        return list(rows) if self._identity else list(map(rows.__getitem__, self._rows))

    def row_of(self, proxy_row: int) -> Any:
        return self.source().row_at(self._rows[proxy_row])

    # --- the proxy model -------------------------------------------------------------------

    def mapToSource(self, index: Index) -> QModelIndex:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return QModelIndex()
        return self.sourceModel().index(self._rows[index.row()], index.column())

    def mapFromSource(self, source: Index) -> QModelIndex:
        if not source.isValid():
            return QModelIndex()
        return self._proxy_index(source.row(), source.column())

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._rows):
            return QModelIndex()
        if column < 0 or self.sourceModel() is None or column >= len(self.source().columns):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        # The model's columns are fixed: read its list rather than call into Qt and back.
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else len(self.source().columns)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        model = self.sourceModel()
        return model.data(model.index(self._rows[index.row()], index.column()), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        model = self.sourceModel()
        if model is None:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1 if role == Qt.ItemDataRole.DisplayRole else None
        return model.headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class FittedTableView(QTableView):
    """A table whose columns fit their content (:mod:`cso_planner.ui.column_fit`)."""

    fitter: ColumnFitter


def make_table(
    proxy: RowFilterProxy, parent: QWidget | None = None, flexible: int | None = None
) -> FittedTableView:
    """A sortable, row-selecting table with fixed row heights (nothing sized per row).

    Columns fit their header and content; ``flexible`` (default: the widest text column of
    the specs) takes the remaining width and is the only one whose cells may be elided.
    """
    view = FittedTableView(parent)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    model = proxy.source()
    for column, spec in enumerate(model.columns):
        view.setColumnWidth(column, spec.width)
    if flexible is None:
        flexible = next((c for c, spec in enumerate(model.columns) if spec.flexible), None)
    if flexible is None:
        text_columns = [c for c, spec in enumerate(model.columns) if not spec.numeric]
        flexible = max(text_columns or [0], key=lambda c: model.columns[c].width)
    optional = [c for c, spec in enumerate(model.columns) if spec.optional]
    view.fitter = fit_columns(view, flexible, optional=optional)
    return view
