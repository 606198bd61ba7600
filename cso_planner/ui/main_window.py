"""The one window: sidebar of screens, the screen in the middle, menus and a status bar."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import (
    QByteArray,
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
    QWidget,
)

from cso_planner import APP_NAME
from cso_planner.services import profile
from cso_planner.ui import commands
from cso_planner.ui.dialogs.about import show_about
from cso_planner.ui.dialogs.preferences import PAGE_SIZES, Preferences, PreferencesDialog
from cso_planner.ui.icons import app_icon, icon
from cso_planner.ui.placeholder import PlaceholderScreen
from cso_planner.ui.roadmap.screen import RoadmapScreen
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import app_stylesheet
from cso_planner.ui.widgets import plain_label

SETTINGS_ORG = "cso-planner"
SETTINGS_APP = "cso-planner"
NO_WIZARD_ENV = "CSO_PLANNER_NO_WIZARD"

# key, sidebar label, icon, (placeholder heading, text) — None for screens built here.
SCREENS: tuple[tuple[str, str, str, tuple[str, str] | None], ...] = (
    (
        "dashboard",
        "Dashboard",
        "dashboard",
        (
            "Your way to CSO at a glance",
            "Coming next: progress toward your target role, next actions, deadlines in the "
            "next 90 days, when you become eligible for each certification, CPE status and "
            "this year's budget, as cards.",
        ),
    ),
    ("roadmap", "Roadmap", "roadmap", None),
    (
        "certifications",
        "Certifications",
        "certificate",
        (
            "Certifications you hold",
            "Coming next: each certification with its credential ID, earned and expiry dates, "
            "CPE cycle, annual fee and endorsement deadline (CISSP: 9 months after the exam).",
        ),
    ),
    (
        "experience",
        "Experience",
        "briefcase",
        (
            "Your experience ledger",
            "Coming next: every job with employer, title, dates, hours per week and the exam "
            "domains it covered, so the planner can tell when you become eligible for CISSP, "
            "CISM, CPP or CCISO.",
        ),
    ),
    (
        "cpe",
        "CPE",
        "cpe",
        (
            "CPE log and renewals",
            "Coming next: log continuing-education credits, apply them to your "
            "certifications, and see for each cycle what is earned, what is required and the "
            "pace you need.",
        ),
    ),
    (
        "courses",
        "Courses",
        "course",
        (
            "Courses",
            "Coming next: courses with provider, link, hours, progress and CPE earned, linked "
            "to the goals on your roadmap.",
        ),
    ),
    (
        "catalog",
        "Catalog",
        "catalog",
        (
            "Certification catalog",
            "Coming next: the 24 certifications on the ladder (CISSP, CISM, CPP, CCISO…) with "
            "exam facts, experience rules and their sources, which you can correct locally.",
        ),
    ),
)


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
        self.undo_stack = QUndoStack(self)

        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.setStyleSheet(app_stylesheet())
        self.setMinimumSize(QSize(760, 520))

        self._build_screens()
        self._build_status_bar()
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
        self.sidebar.setFixedWidth(184)
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(central)
        self.screens: dict[str, QWidget] = {}
        self.screen_keys: list[str] = []
        for key, label, icon_name, placeholder in SCREENS:
            item = QStandardItem(icon(icon_name), label)
            item.setData(key, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.sidebar_model.appendRow(item)
            screen: QWidget
            if placeholder is None:
                self.roadmap = RoadmapScreen(self.store, self.undo_stack, self.stack)
                screen = self.roadmap
            else:
                screen = PlaceholderScreen(label, icon_name, *placeholder, parent=self.stack)
            screen.setObjectName(f"screen_{key}")
            self.stack.addWidget(screen)
            self.screens[key] = screen
            self.screen_keys.append(key)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.path_label = plain_label(str(self.store.database.path), self)
        self.path_label.setToolTip("The database file this window edits")
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.path_label, 1)
        self.saved_label = plain_label("Saved", self)
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

        file_menu = menu_bar.addMenu("&File")
        for action in (
            r.new_plan_action,
            r.duplicate_plan_action,
            r.rename_plan_action,
            r.delete_plan_action,
        ):
            file_menu.addAction(action)
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
        edit_menu.addSeparator()
        self.find_action = self._menu_action("&Find…", self._on_find, "Ctrl+F", "search")
        edit_menu.addAction(self.find_action)
        edit_menu.addSeparator()
        self.preferences_action = self._menu_action(
            "&Preferences…", self._on_preferences, "Ctrl+,", "preferences"
        )
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        edit_menu.addAction(self.preferences_action)

        view_menu = menu_bar.addMenu("&View")
        self.screen_actions: list[QAction] = []
        for number, (key, label, icon_name, _) in enumerate(SCREENS, start=1):
            action = self._menu_action(
                label, lambda _=False, k=key: self.show_screen(k), f"Ctrl+{number}", icon_name
            )
            view_menu.addAction(action)
            self.screen_actions.append(action)

        help_menu = menu_bar.addMenu("&Help")
        self.about_action = self._menu_action(
            f"&About {APP_NAME}", lambda: show_about(self), None, "about"
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(self.about_action)

    def _wire(self) -> None:
        self.sidebar.selectionModel().currentChanged.connect(self._on_sidebar_changed)
        self.store.data_changed.connect(self._on_data_changed)
        self.store.save_failed.connect(self._on_save_failed)

    # --- screens ---------------------------------------------------------------------------

    def show_screen(self, key: str) -> None:
        row = self.screen_keys.index(key)
        self.sidebar.selectionModel().setCurrentIndex(
            self.sidebar_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def current_screen(self) -> str:
        return self.screen_keys[self.stack.currentIndex()]

    def _on_sidebar_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.stack.setCurrentIndex(current.row())

    # --- data ------------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.is_loaded:
            # Window first, data right after: the first paint does not wait for the database.
            QTimer.singleShot(0, self._load)

    def _load(self) -> None:
        if self.is_loaded:
            return
        self.reload()
        self.is_loaded = True
        self.loaded.emit()
        if self._run_wizard and self.store.read(profile.is_empty):
            QTimer.singleShot(0, self._offer_wizard)

    def load_now(self) -> None:
        """Load synchronously (tests and callers that need data before the event loop)."""
        self._load()

    def reload(self) -> None:
        self.roadmap.reload()
        name = self.roadmap.roadmap().plan_name
        self.setWindowTitle(f"{APP_NAME} — {name}" if name else APP_NAME)

    def _on_data_changed(self) -> None:
        self.reload()
        self.saved_label.setText(f"Saved {QTime.currentTime().toString('HH:mm')}")
        self.saved_label.setToolTip("Every change is saved to the database as you make it")

    def _on_save_failed(self, message: str) -> None:
        self.saved_label.setText("Not saved")
        self.statusBar().showMessage(message, 15000)
        from cso_planner.ui.dialogs.confirm import show_error

        QTimer.singleShot(0, lambda: show_error(self, "Not saved", message))

    def _offer_wizard(self) -> None:
        try:
            from cso_planner.ui.wizard import (  # type: ignore[import-not-found,unused-ignore]
                run_first_run_wizard,
            )
        except ImportError:
            return
        if run_first_run_wizard(self, self.store.database.session_factory):
            self.undo_stack.clear()
            self.reload()

    # --- menu slots ------------------------------------------------------------------------

    def _on_find(self) -> None:
        self.show_screen("roadmap")
        self.roadmap.focus_search()

    def current_preferences(self) -> Preferences:
        page = str(self.settings.value("pdf/page_size", "A4"))
        return Preferences(
            weekly_study_hours=self.store.read(profile.weekly_study_hours),
            page_size=page if page in PAGE_SIZES else "A4",
        )

    def _on_preferences(self) -> None:
        current = self.current_preferences()
        chosen = PreferencesDialog.ask(self, current)
        if chosen is None:
            return
        self.settings.setValue("pdf/page_size", chosen.page_size)
        if chosen.weekly_study_hours != current.weekly_study_hours:
            self.undo_stack.push(
                commands.SetWeeklyHoursCommand(self.store, chosen.weekly_study_hours)
            )

    # --- settings --------------------------------------------------------------------------

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and geometry:
            self.restoreGeometry(QByteArray(geometry))
        else:
            self.resize(1200, 760)
        last = str(self.settings.value("window/screen", "roadmap"))
        self.show_screen(last if last in self.screen_keys else "roadmap")

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/screen", self.current_screen())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
        if event.isAccepted():
            self.store.database.dispose()
