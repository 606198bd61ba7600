"""Help: the keyboard shortcuts (read from the window's real actions, so the list stays true)
and a short bundled page on how the planner works (offline)."""

from __future__ import annotations

import dataclasses

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cso_planner.paths import resource_dir
from cso_planner.ui.widgets import plain_label


@dataclasses.dataclass(frozen=True)
class Shortcut:
    where: str  # the menu path, e.g. "File"
    action: str  # the action's text without its "&" mnemonic and "…"
    keys: str  # as the platform writes them, several joined with " or "


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(action: QAction) -> str:
    sequences = [s for s in action.shortcuts() if not s.isEmpty()]
    return " or ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences)


def shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every action with a shortcut, in menu order: what the menus really do."""
    found: list[Shortcut] = []
    seen: set[int] = set()

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{path} → {_clean(action.text())}")
                continue
            keys = _keys(action)
            if keys and id(action) not in seen:
                seen.add(id(action))
                found.append(Shortcut(path, _clean(action.text()), keys))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _clean(top.text()))
    return found


class ShortcutsDialog(QDialog):
    """A plain-text table of the shortcuts."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "Menu"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, shortcut in enumerate(rows):
            for column, text in enumerate((shortcut.action, shortcut.keys, shortcut.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label("Every shortcut of the menus; the screens also take Tab and arrows.", self)
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)


def how_it_works_text() -> str:
    """The bundled page (Markdown), shipped inside the package."""
    return (resource_dir() / "help" / "how-it-works.md").read_text("utf-8")


class HowItWorksDialog(QDialog):
    """The bundled "How the planner works" page; no link leaves the app."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("How the planner works")
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(how_it_works_text())  # our own text, never user text
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)
