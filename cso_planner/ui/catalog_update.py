"""Tools → Update catalog from file…: pick a catalog file, see what changes, apply or cancel.

The file is checked in full before anything is shown (``services.catalog_update``); a refused
file is explained in one message and nothing changes. The comparison (rules added, changed
with before and after, retired) is shown as plain text; "Update catalog" writes it in one
transaction, Cancel leaves everything as it was.
"""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cso_planner.db.errors import StorageError
from cso_planner.services.catalog_update import (
    CatalogUpdateError,
    UpdatePlan,
    apply_update,
    plan_update,
    read_catalog_file,
)
from cso_planner.ui.dialogs.confirm import show_error
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import plain_label


class CatalogUpdateDialog(QDialog):
    """The changes a catalog file would make; accepted means "apply them"."""

    def __init__(self, parent: QWidget | None, plan: UpdatePlan) -> None:
        super().__init__(parent)
        self.setWindowTitle("Update catalog from file")
        self.resize(820, 560)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.summary: QLabel = plain_label(plan.summary(), self)
        self.summary.setWordWrap(True)
        self.note = plain_label(
            "Your rule corrections and the certifications you added are never changed.", self
        )
        self.note.setWordWrap(True)
        self.changes = QPlainTextEdit(self)
        self.changes.setReadOnly(True)
        self.changes.setPlainText("\n".join(plan.lines()[1:]) or "No rule changes.")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Update catalog")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for widget in (self.summary, self.note, self.changes, self.buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: UpdatePlan) -> bool:
        return cls(parent, plan).exec() == QDialog.DialogCode.Accepted


class CatalogUpdateActions(QObject):
    """The Tools menu entry; ``update_from(path)`` is the whole flow after the file dialog."""

    def __init__(self, window: QWidget, store: PlannerStore) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.action = QAction("&Update catalog from file…", window)
        self.action.setStatusTip(
            "Check a catalog file, see which rules it adds, changes or retires, then apply it"
        )
        self.action.triggered.connect(self.choose_and_update)

    def choose_and_update(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(
            self.window, "Update catalog from file", "", "Catalog files (*.json)"
        )
        return bool(name) and self.update_from(pathlib.Path(name))

    def update_from(self, path: pathlib.Path) -> bool:
        """Check ``path``, show the changes, apply them if accepted; True when applied."""
        try:
            document = read_catalog_file(path)
            plan = self.store.read(lambda s: plan_update(s, document))
        except CatalogUpdateError as exc:
            show_error(self.window, "Catalog not updated", f"{exc}.".replace("..", "."))
            return False
        if not CatalogUpdateDialog.ask(self.window, plan):
            return False
        try:
            self.store.write(lambda s: apply_update(s, plan))
        except (CatalogUpdateError, StorageError) as exc:
            show_error(self.window, "Catalog not updated", str(exc))
            return False
        return True
