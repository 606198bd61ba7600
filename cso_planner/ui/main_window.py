"""The one window: sidebar of screens, the screen in the middle, menus and a status bar."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QSettings,
    QSize,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListView,
    QMainWindow,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cso_planner import APP_NAME
from cso_planner.db.bounds import bounded_values_notice
from cso_planner.gc_pause import settle_heap
from cso_planner.paths import display_path
from cso_planner.services import profile
from cso_planner.ui import commands
from cso_planner.ui.catalog_update import CatalogUpdateActions
from cso_planner.ui.dialogs.about import show_about
from cso_planner.ui.dialogs.preferences import PAGE_SIZES, Preferences, PreferencesDialog
from cso_planner.ui.file_actions import FileActions, page_size_setting
from cso_planner.ui.file_menu import FileMenu
from cso_planner.ui.icons import app_icon, icon
from cso_planner.ui.maintenance_actions import MaintenanceActions
from cso_planner.ui.roadmap.screen import RoadmapScreen
from cso_planner.ui.start_window import (
    GEOMETRY_KEY,
    SCREENS,
    SETTINGS_APP,
    SETTINGS_ORG,
    SIDEBAR_WIDTH,
    restore_geometry,
)
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import app_stylesheet, plain_tooltip
from cso_planner.ui.widgets import plain_label

NO_WIZARD_ENV = "CSO_PLANNER_NO_WIZARD"
NOTICE_MS = 10000  # how long a status-bar notice (and its Undo button) stays
LOAD_FALLBACK_MS = 500  # load anyway if the window has not painted by then
# SCREENS (key, sidebar label, icon) live with the start window, which draws the same sidebar;
# each screen here is built the first time it is shown (see LazyScreen).


def build_screen(key: str, store: PlannerStore, undo_stack: QUndoStack) -> QWidget:
    """The screen for ``key``; imports stay here so start-up loads only what it shows."""
    if key == "dashboard":
        from cso_planner.ui.screens.dashboard import DashboardScreen

        return DashboardScreen(store, undo_stack)
    if key == "certifications":
        from cso_planner.ui.screens.certifications import CertificationsScreen

        return CertificationsScreen(store, undo_stack)
    if key == "experience":
        from cso_planner.ui.screens.experience import ExperienceScreen

        return ExperienceScreen(store, undo_stack)
    if key == "cpe":
        from cso_planner.ui.screens.cpe import CpeScreen

        return CpeScreen(store, undo_stack)
    if key == "courses":
        from cso_planner.ui.screens.courses import CoursesScreen

        return CoursesScreen(store, undo_stack)
    if key == "budget":
        from cso_planner.ui.screens.budget import BudgetScreen

        return BudgetScreen(store, undo_stack)
    if key == "catalog":
        from cso_planner.ui.screens.catalog import CatalogScreen

        return CatalogScreen(store, undo_stack)
    raise KeyError(key)


class LazyScreen(QWidget):
    """A slot in the stack that builds its screen the first time it is needed.

    Building every screen up front would read the whole database before the first paint.
    """

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory = factory
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.built: QWidget | None = None

    def ensure(self) -> QWidget:
        if self.built is None:
            self.built = self._factory()
            self.built.setParent(self)
            self._layout.addWidget(self.built)
        return self.built


class MainWindow(QMainWindow):
    """Signals:
    loaded: the first data load after showing finished.
    """

    loaded = Signal()

    def __init__(
        self,
        store: PlannerStore,
        *,
        run_wizard: bool | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings or QSettings(SETTINGS_ORG, SETTINGS_APP)
        if run_wizard is None:
            run_wizard = os.environ.get(NO_WIZARD_ENV, "") not in ("1", "true", "yes")
        self._run_wizard = run_wizard
        self.is_loaded = False
        self._load_pending = False
        self._closed = False
        self.undo_stack = QUndoStack(self)
        self._undo_index, self._undo_message = -1, ""  # the edit the status bar offers to undo

        self._set_title("")
        self.setWindowIcon(app_icon())
        self.setStyleSheet(app_stylesheet())
        self.setMinimumSize(QSize(760, 520))

        self._build_screens()
        self._build_status_bar()
        self.file_actions = FileActions(
            self, self.store, self.undo_stack, self.settings, self.notify
        )
        self.maintenance = MaintenanceActions(self, self.store, self.undo_stack, self.notify)
        self.catalog_update = CatalogUpdateActions(self, self.store)
        self.file_menu = FileMenu(self, self.store, self.settings, self.notify)
        self._build_menus()
        self._wire()
        self._restore_settings()

    # --- construction ----------------------------------------------------------------------

    def _build_screens(self) -> None:
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)

        self.sidebar_model = QStandardItemModel(self)
        self.sidebar = QListView(central)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(central)
        self.screens: dict[str, QWidget] = {}
        self.screen_keys: list[str] = []
        for key, label, icon_name in SCREENS:
            item = QStandardItem(icon(icon_name), label)
            item.setData(key, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.sidebar_model.appendRow(item)
            screen: QWidget
            if key == "roadmap":
                # Built at once: the menus hold its actions.
                self.roadmap = RoadmapScreen(self.store, self.undo_stack, self.stack)
                screen = self.roadmap
            else:
                screen = LazyScreen(functools.partial(self._build_screen, key), self.stack)
            screen.setObjectName(f"screen_{key}")
            self.stack.addWidget(screen)
            self.screens[key] = screen
            self.screen_keys.append(key)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.path_label = plain_label(display_path(self.store.database.path), self)
        self.path_label.setToolTip(
            plain_tooltip(f"The database file this window edits:\n{self.store.database.path}")
        )
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.path_label, 1)
        self.saved_label = plain_label("Saved", self)
        # "Deleted the stage …" with a way back, for edits that remove something.
        self.undo_button = QToolButton(self)
        self.undo_button.setText("Undo")
        self.undo_button.setAutoRaise(True)
        self.undo_button.hide()
        self.undo_button.clicked.connect(self._on_undo_clicked)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self.undo_button.hide)
        bar.addPermanentWidget(self.undo_button)
        from cso_planner.ui.due_soon import DueSoonStatus

        self.due_soon_label = DueSoonStatus(self)  # filled at load: what is due within 30 days
        self.due_soon_label.hide()
        bar.addPermanentWidget(self.due_soon_label)
        bar.addPermanentWidget(self.saved_label)

    def _menu_action(
        self, text: str, slot: Any, shortcut: Any = None, icon_name: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        r = self.roadmap
        menu_bar = self.menuBar()
        self.template_action = self._menu_action(
            "New plan from a &template…", self._on_new_from_template, None, "plan"
        )
        self.template_action.setStatusTip(
            "Answer a few questions and get a dated plan to CSO or CISO for any track"
        )
        r.plan_menu.insertAction(r.duplicate_plan_action, self.template_action)

        file_menu = menu_bar.addMenu("&File")
        self.file_menu.add_to(file_menu)
        file_menu.addSeparator()
        for action in (
            r.new_plan_action,
            self.template_action,
            r.duplicate_plan_action,
            r.rename_plan_action,
            r.delete_plan_action,
        ):
            file_menu.addAction(action)
        file_menu.addSeparator()
        f = self.file_actions
        for action in (f.export_pdf_action, f.print_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        for action in (
            f.export_ics_action,
            f.export_csv_action,
            f.export_audit_action,
            f.export_json_action,
        ):
            file_menu.addAction(action)
        file_menu.addAction(f.import_json_action)
        file_menu.addSeparator()
        self.quit_action = self._menu_action("&Quit", self.close, "Ctrl+Q", "quit")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu("&Edit")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.undo_action.setIcon(icon("undo"))
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(icon("redo"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        self.new_item_action = r.add_item_action
        for action in (
            r.add_item_action,
            r.add_stage_action,
            r.edit_action,
            r.delete_action,
            r.move_up_action,
            r.move_down_action,
        ):
            edit_menu.addAction(action)
        edit_menu.addMenu(r.status_menu)
        edit_menu.addSeparator()
        self.find_action = self._menu_action("&Find…", self._on_find, "Ctrl+F", "search")
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.profile_action = self._menu_action(
            "Profile and &education…", self._on_profile, None, "education"
        )
        edit_menu.addAction(self.profile_action)
        self.preferences_action = self._menu_action(
            "&Preferences…", self._on_preferences, "Ctrl+,", "preferences"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.preferences_action)

        view_menu = menu_bar.addMenu("&View")
        self.screen_actions: list[QAction] = []
        for number, (key, label, icon_name) in enumerate(SCREENS, start=1):
            action = self._menu_action(
                label, lambda _=False, k=key: self.show_screen(k), f"Ctrl+{number}", icon_name
            )
            view_menu.addAction(action)
            self.screen_actions.append(action)

        tools_menu = menu_bar.addMenu("&Tools")
        tools_menu.addAction(self.template_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.maintenance.check_action)
        tools_menu.addAction(self.maintenance.restore_action)
        tools_menu.addSeparator()
        tools_menu.addAction(self.catalog_update.action)

        help_menu = menu_bar.addMenu("&Help")
        self.shortcuts_action = self._menu_action(
            "&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents
        )
        if self.shortcuts_action.shortcut().isEmpty():  # no platform Help key: F1 anyway
            self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.how_action = self._menu_action("&How the planner works", self.show_how_it_works)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.how_action)
        help_menu.addSeparator()
        self.about_action = self._menu_action(
            f"&About {APP_NAME}", lambda: show_about(self), None, "about"
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.open_log_action = self._menu_action("Open &log folder", self._on_open_log)
        self.open_log_action.setToolTip("The folder of the app's log, for a bug report")
        help_menu.addAction(self.open_log_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

    def _wire(self) -> None:
        self.sidebar.selectionModel().currentChanged.connect(self._on_sidebar_changed)
        self.store.data_changed.connect(self._on_data_changed)
        self.store.save_failed.connect(self._on_save_failed)
        self.store.outside_change.connect(self._on_outside_change)
        self.roadmap.undoable_done.connect(self.notify_undoable)
        self.undo_stack.indexChanged.connect(self._on_undo_index_changed)

    # --- screens ---------------------------------------------------------------------------

    def show_screen(self, key: str) -> None:
        row = self.screen_keys.index(key)
        self.sidebar.selectionModel().setCurrentIndex(
            self.sidebar_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def current_screen(self) -> str:
        return self.screen_keys[self.stack.currentIndex()]

    def _build_screen(self, key: str) -> QWidget:
        screen = build_screen(key, self.store, self.undo_stack)
        requested = getattr(screen, "roadmap_requested", None)
        if requested is not None:  # "create a plan first" buttons lead to the Roadmap
            requested.connect(lambda: self.show_screen("roadmap"))
        due_soon = getattr(screen, "due_soon_changed", None)
        if due_soon is not None:  # the Dashboard's refresh keeps the status line current
            due_soon.connect(self.due_soon_label.show_deadlines)
        return screen

    def screen_widget(self, key: str) -> QWidget:
        """The screen for ``key``, built now if it was not shown yet."""
        slot = self.screens[key]
        return slot.ensure() if isinstance(slot, LazyScreen) else slot

    def _on_sidebar_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            slot = self.stack.widget(current.row())
            building = isinstance(slot, LazyScreen) and self.is_loaded and slot.built is None
            if isinstance(slot, LazyScreen) and self.is_loaded:
                slot.ensure()
            self.stack.setCurrentIndex(current.row())  # shown, so loaded
            if building:
                settle_heap()

    def notify(self, message: str) -> None:
        """A passing message in the status bar (exports written, backups made...)."""
        self.statusBar().showMessage(message, 10000)

    def notify_undoable(self, message: str) -> None:
        """Say what an edit removed, with an Undo button beside it for as long as it shows."""
        self.statusBar().showMessage(message, NOTICE_MS)
        self._undo_index, self._undo_message = self.undo_stack.index(), message
        self.undo_button.setToolTip(self.undo_stack.undoText())
        self.undo_button.show()
        self._undo_timer.start(NOTICE_MS)

    def _on_undo_clicked(self) -> None:
        # Only the edit the message is about: anything done since keeps its own undo.
        if self.undo_stack.index() == self._undo_index:
            self.undo_stack.undo()
            self.statusBar().showMessage(f"Undone: {self._undo_message}", 5000)
        self.undo_button.hide()

    # --- data ------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.is_loaded and not self._load_pending:
            # Window first, data right after its first paint. A zero timer set here fired
            # before the window system's first expose, so the window stayed blank for the
            # whole first load (seconds on a large file); the paint watch below starts the
            # load once the frame is on screen, and the fallback in case it is never painted
            # (minimised, covered).
            self._load_pending = True
            central = self.centralWidget()
            if central is not None:
                central.installEventFilter(self)
            QTimer.singleShot(LOAD_FALLBACK_MS, self._load)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.centralWidget():
            watched.removeEventFilter(self)  # type: ignore[union-attr]
            QTimer.singleShot(0, self._load)  # after this paint has been drawn
        return super().eventFilter(watched, event)

    def _load(self) -> None:
        if self.is_loaded:
            return
        self.reload()
        self.is_loaded = True
        current = self.stack.currentWidget()
        if isinstance(current, LazyScreen):
            current.ensure()
        self.maintenance.timer.start()
        if self.store.database.recovered_from_crash:
            self.notify(
                "CSO Planner did not close cleanly last time; your database was checked and "
                "is intact."
            )
        if self.store.database.values_bounded:
            self.notify(bounded_values_notice(self.store.database.values_bounded))
        self.loaded.emit()
        settle_heap()  # what start-up loaded stays: no full collection walks it again
        QTimer.singleShot(0, self._show_due_soon)  # after the first screen is on view
        if self._run_wizard and self.store.read(profile.is_empty):
            QTimer.singleShot(0, self._offer_wizard)

    def _show_due_soon(self) -> None:
        """At start, the status line of what is due within 30 days (from the Dashboard when it
        is already built, so the deadlines are not read twice)."""
        slot = self.screens["dashboard"]
        built = slot.built if isinstance(slot, LazyScreen) else slot
        self.due_soon_label.show_from(built, self.store)

    def load_now(self) -> None:
        """Load synchronously (tests and callers that need data before the event loop)."""
        self._load()

    def reload(self) -> None:
        self.roadmap.reload()
        self._set_title(self.roadmap.roadmap().plan_name)

    def _set_title(self, plan_name: str) -> None:
        """The plan and the file, e.g. "Priya to CSO — plan.sqlite3"; Qt adds the app's name."""
        path = self.store.database.path
        self.setWindowFilePath(str(path))
        self.setWindowTitle(f"{plan_name} — {path.name}" if plan_name else path.name)

    def _on_data_changed(self) -> None:
        if self.roadmap.read_watch.touched():  # not after writes the Roadmap does not read
            self.reload()
        self.saved_label.setText(f"Saved {QTime.currentTime().toString('HH:mm')}")
        self.saved_label.setToolTip("Every change is saved to the database as you make it")

    def _on_undo_index_changed(self, index: int) -> None:
        if index != self._undo_index:
            self.undo_button.hide()  # the notice is about an edit that is no longer the last

    def _on_outside_change(self) -> None:
        # After the refused command has returned (this may run inside QUndoStack.undo()).
        QTimer.singleShot(0, self._reload_after_outside_change)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.check_outside_change()

    def check_outside_change(self) -> bool:
        """Coming back to the window: show another program's changes to the file at once
        (rather than at the next save, which would be refused). True when it reloaded."""
        if not self.is_loaded or not self.store.database.change_watch.changed():
            return False
        self.undo_stack.clear()  # its steps named rows the other program replaced
        self.store.data_changed.emit()
        self.notify("Another program changed this file; the window now shows its current data.")
        return True

    def _reload_after_outside_change(self) -> None:
        """Another program changed the file: show its data; the undo steps named old rows."""
        self.undo_stack.clear()
        self.store.data_changed.emit()
        self.saved_label.setText("Not saved")
        self.saved_label.setToolTip("The file was changed by another program; reloaded")

    def _on_save_failed(self, message: str) -> None:
        self.saved_label.setText("Not saved")
        self.statusBar().showMessage(message, 15000)
        from cso_planner.ui.dialogs.confirm import show_error

        QTimer.singleShot(0, lambda: show_error(self, "Not saved", message))

    def _offer_wizard(self) -> None:
        if not self.isVisible():
            return  # closed before the offer came up (e.g. quit right after showing)
        from cso_planner.ui.wizard import run_first_run_wizard

        outcome = run_first_run_wizard(
            self, self.store.database.session_factory, page_size=page_size_setting(self.settings)
        )
        if outcome is not None:
            self.settings.setValue("pdf/page_size", outcome.page_size)
            self.undo_stack.clear()
            self.store.data_changed.emit()  # every screen reloads the new plan

    def _on_new_from_template(self) -> None:
        """The wizard again, on any file: a new dated plan for any track (undoable)."""
        if self.store.read(profile.is_empty):
            self._offer_wizard()
            return
        from cso_planner.services import plans
        from cso_planner.ui.wizard import run_first_run_wizard

        previous = self.store.read(plans.active_plan_id)
        outcome = run_first_run_wizard(
            self,
            self.store.database.session_factory,
            from_template=True,
            page_size=page_size_setting(self.settings),
        )
        if outcome is None:
            return
        self.settings.setValue("pdf/page_size", outcome.page_size)
        name = next(
            (p.name for p in self.store.read(plans.list_plans) if p.id == outcome.plan_id), ""
        )
        self.undo_stack.push(commands.AdoptPlanCommand(self.store, outcome.plan_id, name, previous))
        self.show_screen("roadmap")
        self.notify(f"Created the plan “{name}” from a template (Ctrl+Z removes it).")

    # --- menu slots ------------------------------------------------------------------------

    def show_shortcuts(self) -> None:
        from cso_planner.ui.dialogs.help import ShortcutsDialog

        ShortcutsDialog(self).exec()

    def show_how_it_works(self) -> None:
        from cso_planner.ui.dialogs.help import HowItWorksDialog

        HowItWorksDialog(self).exec()

    def _on_open_log(self) -> None:
        from cso_planner.ui.error_reports import open_log_folder

        if not open_log_folder():
            from cso_planner.logs import log_dir

            self.notify(f"The log folder is {log_dir()}")

    def _on_find(self) -> None:
        self.show_screen("roadmap")
        self.roadmap.focus_search()

    def current_preferences(self) -> Preferences:
        page = page_size_setting(self.settings)
        from cso_planner.reminders import reminder_days

        return Preferences(
            weekly_study_hours=self.store.read(profile.weekly_study_hours),
            page_size=page if page in PAGE_SIZES else "A4",
            reminder_days=self.store.read(reminder_days),
        )

    def _on_profile(self) -> None:
        # Imported here: the dialog module is not needed to show the window.
        from cso_planner.ui.profile_commands import edit_profile

        edit_profile(self, self.store, self.undo_stack)

    def _on_preferences(self) -> None:
        current = self.current_preferences()
        chosen = PreferencesDialog.ask(self, current)
        if chosen is None:
            return
        self.settings.setValue("pdf/page_size", chosen.page_size)
        if chosen.reminder_days != current.reminder_days:
            from cso_planner.db.errors import StorageError
            from cso_planner.reminders import save_reminder_days

            try:
                self.store.write(lambda s: save_reminder_days(s, chosen.reminder_days))
            except StorageError as exc:
                self.store.save_failed.emit(str(exc))
        if chosen.weekly_study_hours != current.weekly_study_hours:
            self.undo_stack.push(
                commands.SetWeeklyHoursCommand(self.store, chosen.weekly_study_hours)
            )

    # --- settings --------------------------------------------------------------------------

    def _screen_key(self) -> str:
        """Where the last screen of *this* file is kept: a file never opens on the screen
        last used with another one, and a brand-new file opens on the Dashboard."""
        digest = hashlib.sha256(str(self.store.database.path).encode("utf-8")).hexdigest()
        return f"files/{digest[:16]}/screen"

    def _restore_settings(self) -> None:
        restore_geometry(self, self.settings)
        last = str(self.settings.value(self._screen_key(), "dashboard"))
        self.show_screen(last if last in self.screen_keys else "dashboard")

    def save_settings(self) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.setValue(self._screen_key(), self.current_screen())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
        if event.isAccepted() and not self._closed:
            self._closed = True
            self.maintenance.timer.stop()
            from cso_planner.db.autobackup import close_cleanly
            from cso_planner.db.errors import BackupFailedError

            try:
                # A verified backup when the data changed since the last one, then close.
                close_cleanly(self.store.database)
            except BackupFailedError as exc:
                print(f"cso-planner: automatic backup failed: {exc}", file=sys.stderr)
                from cso_planner.ui.dialogs import confirm

                # Your data is saved; only its backup is missing: say so before the app goes.
                confirm.show_error(
                    self,
                    "Automatic backup not written",
                    f"Your changes are saved in {display_path(self.store.database.path)}, "
                    f"but the automatic backup could not be written: {exc}.",
                )
