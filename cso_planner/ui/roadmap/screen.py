"""The Roadmap screen: plan switcher, search, the stage/item tree with pace, and the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cso_planner.db.models import ITEM_STATUSES
from cso_planner.services import plans
from cso_planner.services.roadmap_view import ItemRow, RoadmapData, StageRow, load_roadmap
from cso_planner.ui.column_fit import fit_columns
from cso_planner.ui.icons import icon
from cso_planner.ui.reload import ReadWatch, records_reads
from cso_planner.ui.roadmap.controller import RoadmapController
from cso_planner.ui.roadmap.models import (
    ID_ROLE,
    ROW_ROLE,
    Column,
    PlanListModel,
    RoadmapProxyModel,
    RoadmapTreeModel,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING, format_hours, status_dot, status_text
from cso_planner.ui.widgets import EmptyState, plain_label, screen_title

_COLUMN_WIDTHS = {
    Column.TITLE: 270,
    Column.STATUS: 115,
    Column.DUE: 185,
    Column.HOURS: 70,
    Column.PACE: 165,
    Column.COST: 95,
    Column.KIND: 150,
    Column.DEPENDS: 160,
}


class RoadmapScreen(QWidget):
    """Signals:
    reloaded: the screen finished showing fresh data (after start-up or a commit).
    undoable_done: an edit that removed something was saved; the text says what (the window
        shows it with an Undo button).
    """

    reloaded = Signal()
    undoable_done = Signal(str)

    def __init__(
        self, store: PlannerStore, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        # What reload reads: the main window reloads this screen (and its title) only after
        # writes that touched it.
        self.read_watch = ReadWatch(store)
        self.today = dt.date.today()
        self.controller = RoadmapController(store, undo_stack, self)
        self._timeline: Any = None
        self._timeline_dirty = True
        self._expand_when_shown = False

        self.tree_model = RoadmapTreeModel(self)
        self.proxy = RoadmapProxyModel(self)
        self.proxy.setSourceModel(self.tree_model)
        self.plan_model = PlanListModel(self)

        self._build_actions()
        self._build_ui()
        self._wire()

    # --- construction ----------------------------------------------------------------------

    def _action(
        self,
        text: str,
        icon_name: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(icon(icon_name), text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        c = self.controller
        self.new_plan_action = self._action("&New plan…", "add", c.new_plan)
        self.duplicate_plan_action = self._action("&Duplicate plan…", "duplicate", c.duplicate_plan)
        self.rename_plan_action = self._action("&Rename plan…", "rename", c.rename_plan)
        self.delete_plan_action = self._action("De&lete plan…", "delete", c.delete_plan)
        self.add_stage_action = self._action("Add &stage…", "stage", c.add_stage, "Ctrl+Shift+N")
        self.add_item_action = self._action("&New item…", "add", c.add_item, "Ctrl+N")
        self.edit_action = self._action("&Edit…", "edit", c.edit_selected, "F2")
        self.delete_action = self._action(
            "&Delete", "delete", c.delete_selected, QKeySequence.StandardKey.Delete
        )
        self.move_up_action = self._action("Move &up", "up", lambda: c.move_selected(-1), "Alt+Up")
        self.move_down_action = self._action(
            "Move do&wn", "down", lambda: c.move_selected(1), "Alt+Down"
        )
        # Status changes: in the toolbar's "Mark as" button, the Edit menu and the context menu.
        self.status_menu = QMenu("Mark &as", self)
        self.status_menu.setIcon(status_dot("done"))
        self.status_group = QActionGroup(self)
        self.status_actions: dict[str, QAction] = {}
        for status in ITEM_STATUSES:
            action = QAction(status_dot(status), status_text(status), self)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, s=status: self.mark_selected(s))
            self.status_group.addAction(action)
            self.status_menu.addAction(action)
            self.status_actions[status] = action
        self.status_actions["done"].setText("&Done")
        self.status_actions["done"].setShortcut(QKeySequence("Ctrl+D"))
        self.status_actions["in_progress"].setShortcut(QKeySequence("Ctrl+Shift+D"))

    def _tool_button(self, action: QAction, text: str | None = None) -> QToolButton:
        button = QToolButton(self)
        if text:
            action.setIconText(text)  # the short label the tool button shows
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def _build_ui(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING * 3, SPACING * 3, SPACING * 3, SPACING * 2)
        layout.setSpacing(SPACING * 2)

        header = QHBoxLayout()
        header.setSpacing(SPACING)
        header.addWidget(screen_title("Roadmap", self))
        header.addSpacing(SPACING * 2)
        self.plan_combo = QComboBox(self)
        self.plan_combo.setModel(self.plan_model)
        self.plan_combo.setMinimumWidth(260)
        self.plan_combo.setPlaceholderText("No plan yet")
        self.plan_combo.setToolTip("The active plan (switch to compare what-if plans)")
        header.addWidget(self.plan_combo)
        plan_button = QToolButton(self)
        plan_button.setIcon(icon("plan"))
        plan_button.setText("Plan ▾")
        plan_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        plan_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        plan_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        plan_menu = QMenu(plan_button)
        for action in (
            self.new_plan_action,
            self.duplicate_plan_action,
            self.rename_plan_action,
            self.delete_plan_action,
        ):
            plan_menu.addAction(action)
        plan_button.setMenu(plan_menu)
        self.plan_menu = plan_menu  # the window adds "New plan from a template…"
        header.addWidget(plan_button)
        header.addStretch(1)
        self.budget_label = plain_label("", self)
        header.addWidget(self.budget_label)
        layout.addLayout(header)

        toolbar = QHBoxLayout()
        toolbar.setSpacing(SPACING // 2)
        toolbar.addWidget(self._tool_button(self.add_stage_action, "Add stage"))
        toolbar.addWidget(self._tool_button(self.add_item_action, "Add item"))
        toolbar.addWidget(self._tool_button(self.edit_action, "Edit"))
        self.status_button = QToolButton(self)
        self.status_button.setText("Mark as ▾")
        self.status_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.status_button.setIcon(status_dot("done"))
        self.status_button.setToolTip("Change the selected item's status (Ctrl+D: done)")
        self.status_button.setMenu(self.status_menu)
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.status_button.setAutoRaise(True)
        toolbar.addWidget(self.status_button)
        toolbar.addWidget(self._tool_button(self.delete_action, "Delete"))
        toolbar.addWidget(self._tool_button(self.move_up_action, "Up"))
        toolbar.addWidget(self._tool_button(self.move_down_action, "Down"))
        toolbar.addStretch(1)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText("Search stages and items  (Ctrl+F)")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search_edit.setMinimumWidth(280)
        toolbar.addWidget(self.search_edit)
        layout.addLayout(toolbar)

        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setAllColumnsShowFocus(True)
        header_view = self.tree.header()
        header_view.setSectionsClickable(True)
        header_view.setSortIndicatorShown(True)
        header_view.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        for column, width in _COLUMN_WIDTHS.items():
            self.tree.setColumnWidth(column, width)
        # Columns fit their content; the titles take the rest (and alone may be elided). When
        # narrow, Kind (the row's icon says it) and then "Needs first" make room.
        self.fitter = fit_columns(
            self.tree, Column.TITLE, minimum_flexible=220, optional=(Column.DEPENDS, Column.KIND)
        )

        self.empty = EmptyState(
            "roadmap",
            "Add your first stage",
            "",
            "Add your first stage",
            self,
        )
        self.plan_stack = QStackedWidget(self)
        self.plan_stack.addWidget(self.tree)
        self.plan_stack.addWidget(self.empty)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.plan_stack, icon("roadmap"), "Plan")
        self.timeline_holder = QWidget(self)
        QVBoxLayout(self.timeline_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.timeline_holder, icon("timeline"), "Timeline")
        layout.addWidget(self.tabs, 1)

    def _wire(self) -> None:
        self.search_edit.textChanged.connect(self._on_search_changed)
        self.tree.doubleClicked.connect(self._on_double_clicked)
        self.tree.activated.connect(self._on_double_clicked)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
        self.tree.header().sectionClicked.connect(self._on_header_clicked)
        self.tree.selectionModel().selectionChanged.connect(self._update_actions)
        self.plan_combo.activated.connect(self._on_plan_activated)
        self.empty.action_requested.connect(self._on_empty_action)
        self.tabs.currentChanged.connect(self._on_tab_changed)

    def showEvent(self, event: Any) -> None:
        if self._expand_when_shown:
            self._expand_when_shown = False
            self.tree.expandAll()
        super().showEvent(event)

    # --- data ------------------------------------------------------------------------------

    def roadmap(self) -> RoadmapData:
        return self.tree_model.roadmap()

    @records_reads
    def reload(self) -> None:
        """Re-read the active plan and show it, keeping the selection and search."""
        selected = self._selected_key()
        self.today = dt.date.today()

        def read(session: Any) -> tuple[list[plans.PlanSummary], RoadmapData]:
            plan_list = plans.list_plans(session)
            active = plans.active_plan_id(session)
            return plan_list, load_roadmap(session, active, self.today)

        plan_list, data = self.store.read(read)
        self.plan_model.set_plans(plan_list)
        self.plan_combo.setCurrentIndex(self.plan_model.row_of(data.plan_id))
        self.tree_model.set_roadmap(data)
        if self.isVisible():
            self.tree.expandAll()
        else:  # behind another screen (the title needs the plan): expanded when shown
            self._expand_when_shown = True
        self.fitter.fit()
        if selected is not None:
            self.select(*selected)
        self.budget_label.setText(f"Study budget: {format_hours(data.weekly_study_hours)} a week")
        self._update_empty_state(data)
        self._update_actions()
        self._timeline_dirty = True
        if self.tabs.currentWidget() is self.timeline_holder:
            self._refresh_timeline()
        self.reloaded.emit()

    def _update_empty_state(self, data: RoadmapData) -> None:
        if data.plan_id is None:
            self.empty.set_texts(
                "Create your first plan",
                "A plan is your route to CSO: stages (the roles on the way up) with dated "
                "certifications, courses, experience and skills. Make several to compare "
                "what-if routes.",
                "Create your first plan",
            )
            self.plan_stack.setCurrentWidget(self.empty)
        elif not data.stages:
            self.empty.set_texts(
                "Add your first stage",
                "Stages are the roles on your way up, e.g. Security Analyst → Security "
                "Manager → Director of Security → CSO. Add one with its dates, then add the "
                "certifications, courses and experience it needs.",
                "Add your first stage",
            )
            self.plan_stack.setCurrentWidget(self.empty)
        else:
            self.plan_stack.setCurrentWidget(self.tree)

    def _update_actions(self) -> None:
        has_plan = self.roadmap().plan_id is not None
        selected = self.selected_row()
        for action in (
            self.duplicate_plan_action,
            self.rename_plan_action,
            self.delete_plan_action,
            self.add_stage_action,
        ):
            action.setEnabled(has_plan)
        self.add_stage_action.setEnabled(True)
        self.add_item_action.setEnabled(has_plan)
        for action in (
            self.edit_action,
            self.delete_action,
            self.move_up_action,
            self.move_down_action,
        ):
            action.setEnabled(selected is not None)
        item = selected if isinstance(selected, ItemRow) else None
        self.status_menu.setEnabled(item is not None)
        self.status_button.setEnabled(item is not None)
        for status, action in self.status_actions.items():
            action.setEnabled(item is not None)
            action.setChecked(item is not None and item.status == status)

    def mark_selected(self, status: str) -> None:
        """Give the selected item ``status`` (one undoable edit); stages have no status."""
        selected = self.selected_row()
        if isinstance(selected, ItemRow) and selected.status != status:
            self.controller.set_status(selected, status)

    # --- selection -------------------------------------------------------------------------

    def selected_row(self) -> StageRow | ItemRow | None:
        indexes = self.tree.selectionModel().selectedRows(0)
        if not indexes:
            return None
        row = indexes[0].data(ROW_ROLE)
        return row if isinstance(row, StageRow | ItemRow) else None

    def _selected_key(self) -> tuple[str, int] | None:
        indexes = self.tree.selectionModel().selectedRows(0)
        return indexes[0].data(ID_ROLE) if indexes else None

    def select(self, kind: str, row_id: int | None) -> None:
        """Select (and scroll to) a stage or item by id, if it is shown."""
        if row_id is None:
            return
        source = self.tree_model.index_of(kind, row_id)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            return
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.plan_stack)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- slots -----------------------------------------------------------------------------

    def _on_search_changed(self, text: str) -> None:
        selected = self._selected_key()
        with self.fitter.same_strings():
            self.proxy.set_search(text)
        self._show_all_rows(selected)

    def _show_all_rows(self, selected: tuple[str, int] | None) -> None:
        """After the proxy was reset: stages open, the selection back if it is still shown."""
        self.tree.expandAll()
        if selected is not None:
            self.select(*selected)

    def _on_header_clicked(self, section: int) -> None:
        """Click cycles ascending → descending → plan order."""
        if self.proxy.sortColumn() != section:
            column, order = section, Qt.SortOrder.AscendingOrder
        elif self.proxy.sortOrder() == Qt.SortOrder.AscendingOrder:
            column, order = section, Qt.SortOrder.DescendingOrder
        else:
            column, order = -1, Qt.SortOrder.AscendingOrder
        selected = self._selected_key()
        with self.fitter.same_strings():
            self.proxy.sort(column, order)
        self.tree.header().setSortIndicator(column, order)
        self._show_all_rows(selected)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.controller.edit_selected()

    def _on_plan_activated(self, row: int) -> None:
        plans_ = self.plan_model.plans()
        if 0 <= row < len(plans_):
            self.controller.switch_plan(plans_[row].id, plans_[row].name)
        self.plan_combo.setCurrentIndex(self.plan_model.row_of(self.roadmap().plan_id))

    def _on_empty_action(self) -> None:
        if self.roadmap().plan_id is None:
            self.controller.new_plan()
        else:
            self.controller.add_stage()

    def _on_context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        selected = self.selected_row()
        menu.addAction(self.add_item_action)
        menu.addAction(self.add_stage_action)
        if selected is not None:
            menu.addSeparator()
            menu.addAction(self.edit_action)
            if isinstance(selected, ItemRow):
                menu.addMenu(self.status_menu)
            menu.addAction(self.move_up_action)
            menu.addAction(self.move_down_action)
            menu.addSeparator()
            menu.addAction(self.delete_action)
        return menu

    # --- timeline --------------------------------------------------------------------------

    def _on_tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.timeline_holder and self._timeline_dirty:
            self._refresh_timeline()

    def _ensure_timeline(self) -> Any:
        """Build the timeline on first use (keeps start-up fast); a notice if it is missing."""
        if self._timeline is not None:
            return self._timeline
        layout = self.timeline_holder.layout()
        assert layout is not None
        try:
            from cso_planner.ui.timeline.widget import (  # type: ignore[import-not-found,unused-ignore]
                TimelineWidget,
            )
        except ImportError:
            self._timeline = EmptyState(
                "timeline",
                "Timeline not available",
                "This build has no timeline view yet. Your stages and items are all in the "
                "Plan tab.",
                None,
                self.timeline_holder,
            )
        else:
            self._timeline = TimelineWidget(self.timeline_holder)
        layout.addWidget(self._timeline)
        return self._timeline

    @records_reads
    def _refresh_timeline(self) -> None:
        widget = self._ensure_timeline()
        self._timeline_dirty = False
        if isinstance(widget, EmptyState):
            return
        from cso_planner.timeline_data import (  # type: ignore[import-not-found,unused-ignore]
            build_timeline_data,
        )

        plan_id = self.roadmap().plan_id
        if plan_id is None:
            return
        data = self.store.read(lambda s: build_timeline_data(s, plan_id, self.today))
        widget.set_data(data)

    def timeline_widget(self) -> Any:
        return self._ensure_timeline()
