"""The frame shared by the Experience, CPE and Courses screens.

A title with Add/Edit/Delete, a search box, the table (model + filtering proxy) or an empty
state that says what the screen is for, and a reload on ``store.data_changed``. Subclasses
give the columns, load the rows and open their dialogs; edits go through undo commands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.flow_layout import FlowLayout
from cso_planner.ui.icons import icon
from cso_planner.ui.reflow import Reflow
from cso_planner.ui.reload import ReloadWhenVisible, records_reads
from cso_planner.ui.screens.table_kit import (
    ColumnSpec,
    FittedTableView,
    RowFilterProxy,
    RowTableModel,
    make_table,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import EmptyState, screen_title

D = TypeVar("D")


class LedgerScreen(QWidget):
    """Base of the table screens; subclasses implement the ``load_rows`` … ``delete`` hooks."""

    def __init__(
        self,
        store: PlannerStore,
        undo_stack: QUndoStack,
        parent: QWidget | None,
        *,
        title: str,
        columns: Sequence[ColumnSpec[Any]],
        search_text: Callable[[Any], str],
        empty: tuple[str, str, str, str],
        add_text: str,
        search_hint: str,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack

        self.model: RowTableModel[Any] = RowTableModel(columns, search_text, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.title_label = screen_title(title, self)
        self.add_button = QPushButton(icon("add"), add_text, self)
        self.edit_button = QPushButton(icon("edit"), "Edit…", self)
        self.delete_button = QPushButton(icon("delete"), "Delete", self)
        self.header_row = QHBoxLayout()
        self.header_row.setSpacing(SPACING)
        self.header_row.addWidget(self.title_label)
        self.header_row.addStretch(1)
        self.header_row.addWidget(self.add_button)
        self.header_row.addWidget(self.edit_button)
        self.header_row.addWidget(self.delete_button)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(search_hint)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(260)  # the placeholder says what it searches: show it
        self.search_edit.setMaximumWidth(360)
        # The filter bar wraps onto a second line rather than overlapping when narrow.
        self.filter_bar = QWidget(self)
        self.filter_row = FlowLayout(self.filter_bar)
        self.filter_row.add_widget(self.search_edit)

        self.table: FittedTableView = make_table(self.proxy, self)
        icon_name, empty_title, empty_text, empty_action = empty
        self.empty_state = EmptyState(icon_name, empty_title, empty_text, empty_action, self)
        self.content = QWidget(self)
        self.content_layout = QHBoxLayout(self.content)
        self.content_layout.setContentsMargins(0, 0, 0, 0)
        self.content_layout.setSpacing(SPACING * 2)
        self.table_column = QVBoxLayout()
        self.table_column.setSpacing(SPACING)
        self.table_column.addWidget(self.filter_bar)
        self.table_column.addWidget(self.table, 1)
        self.content_layout.addLayout(self.table_column, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.content)
        # A panel beside the table (Experience's totals) goes under it when both do not fit.
        self.reflow = Reflow(self.content, self.content_layout, self.side_by_side_width)

        self.main_layout = QVBoxLayout(self)
        self.main_layout.setContentsMargins(SPACING * 3, SPACING * 2, SPACING * 3, SPACING * 2)
        self.main_layout.setSpacing(SPACING * 2)
        self.main_layout.addLayout(self.header_row)
        self.main_layout.addWidget(self.stack, 1)

        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.empty_state.action_requested.connect(self._on_add_clicked)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.proxy.modelReset.connect(self._on_selection_changed)
        delete_key = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._on_delete_clicked)
        self.reload_policy = ReloadWhenVisible(
            self, self.store.data_changed, self.reload, store=self.store
        )

    # --- hooks -----------------------------------------------------------------------------

    def load_rows(self, session: Session) -> Sequence[Any]:
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def edit(self, row: Any) -> None:
        raise NotImplementedError

    def delete(self, rows: Sequence[Any]) -> None:
        raise NotImplementedError

    def after_reload(self) -> None:
        """Refresh panels beside the table (totals, banners); the rows are loaded."""

    def side_by_side_width(self) -> int:
        """Width the table (columns fitted) and the panels beside it need next to each other."""
        width = self.table.fitter.needed_width()
        for index in range(self.content_layout.count()):
            item = self.content_layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if widget is not None and not widget.isHidden():
                # The layout gives a panel its size hint (at least its minimum width), not its
                # minimum size hint: counting the smaller one left the table 16 px short at
                # 1280 px, scrolling sideways.
                natural = max(widget.sizeHint().width(), widget.minimumSizeHint().width())
                natural = min(max(natural, widget.minimumWidth()), widget.maximumWidth())
                width += natural + self.content_layout.spacing()
        return width

    # --- shared behaviour ------------------------------------------------------------------

    @records_reads
    def reload(self) -> None:
        selected = [id_of(r) for r in self.selected_rows()]
        if not self.model.set_rows(self.store.read(self.load_rows)):
            # Applied to the rows it touched: the filter ran again, the selection and the
            # scroll position stayed, and the columns keep their measured widths.
            self.after_reload()
            self._on_selection_changed()
            return
        self.proxy.refilter()
        self.stack.setCurrentWidget(self.content if self.model.rowCount() else self.empty_state)
        self.select_ids(selected)
        self.after_reload()
        self._on_selection_changed()
        self.table.fitter.fit()
        self.reflow.refresh()

    def push(self, command: StoreCommand) -> bool:
        """Run ``command`` on the undo stack; False when it failed (nothing was saved)."""
        self.undo_stack.push(command)
        return command.error is None

    def ask_until_saved(
        self,
        ask: Callable[[D | None], D | None],
        command_for: Callable[[D], StoreCommand | None],
        draft: D | None = None,
    ) -> StoreCommand | None:
        """Ask with a dialog and push the command; if saving failed, ask again with the input."""
        while True:
            draft = ask(draft)
            if draft is None:
                return None
            command = command_for(draft)
            if command is None or self.push(command):
                return command

    def selected_rows(self) -> list[Any]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.proxy.row_of(r) for r in sorted(rows)]

    def select_ids(self, ids: Sequence[int | None]) -> None:
        """Select the rows with these ids (after a reload or an add) and show the first."""
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return
        selection = self.table.selectionModel()
        selection.clearSelection()
        first: QModelIndex | None = None
        for source_row, row in enumerate(self.model.rows()):
            if id_of(row) not in wanted:
                continue
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
            if index.isValid():
                flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
                selection.select(index, flags)
                if first is None:
                    first = index
        if first is not None:
            self.table.scrollTo(first)

    def _on_add_clicked(self) -> None:
        self.add()

    def _on_edit_clicked(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.edit(rows[0])

    def _on_delete_clicked(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.delete(rows)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.edit(self.proxy.row_of(index.row()))

    def _on_selection_changed(self, *args: object) -> None:
        has = self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)


def id_of(row: Any) -> int | None:
    value = getattr(row, "id", None)
    return value if isinstance(value, int) else None
