"""The proof files of one row in its dialog: add (file dialog or drag and drop), open, remove.

The list edits the dialog's draft; the row's save (an undoable command) links or unlinks them.
A file is checked and its content stored when it is added (see ``services.attachments``); a
refused file (too large, not a PDF, PNG, JPEG or text file) is named in one message and nothing
changes. Opening writes a private temporary copy and hands it to the system viewer.
"""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cso_planner.db.proofs import ProofRejected, ProofStore
from cso_planner.services.attachments import (
    Proof,
    proof_from_file,
    remove_temp_copies,
    size_text,
    temp_copy,
)
from cso_planner.ui.icons import icon
from cso_planner.ui.screens.table_kit import ColumnSpec

R = TypeVar("R")

FILE_FILTER = "Proof files (*.pdf *.png *.jpg *.jpeg *.txt);;All files (*)"


def choose_proof_files(parent: QWidget | None) -> list[str]:
    """Ask for files to attach (replaced in tests)."""
    from PySide6.QtWidgets import QFileDialog

    from cso_planner.ui.file_actions import remember_folder, start_folder

    names, _ = QFileDialog.getOpenFileNames(
        parent, "Attach proof files", str(start_folder()), FILE_FILTER
    )
    if names:
        remember_folder(pathlib.Path(names[0]))
    return list(names)


def open_with_viewer(path: pathlib.Path) -> bool:
    """Hand a file to the system viewer (replaced in tests)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def show_refusal(parent: QWidget | None, text: str) -> None:
    """Say why a file was not attached (replaced in tests)."""
    from cso_planner.ui.dialogs.confirm import show_error

    show_error(parent, "Attach proof", text)


_cleanup_hooked = False


def _hook_cleanup() -> None:
    global _cleanup_hooked
    app = QApplication.instance()
    if not _cleanup_hooked and app is not None:
        app.aboutToQuit.connect(remove_temp_copies)
        _cleanup_hooked = True


class _DropList(QListWidget):
    files_dropped = Signal(list)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        paths = [u.toLocalFile() for u in urls if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            super().dropEvent(event)


class ProofList(QWidget):
    """The proofs of a draft: a list (drop files on it) with Attach…, Open and Remove."""

    changed = Signal()

    def __init__(self, store: ProofStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._proofs: list[Proof] = []
        self.list = _DropList(self)
        self.list.setMaximumHeight(90)
        self.list.setToolTip("Drop PDF, PNG, JPEG or text files here")
        self.add_button = QPushButton(icon("attach"), "Attach…", self)
        self.open_button = QPushButton("Open", self)
        self.remove_button = QPushButton(icon("delete"), "Remove", self)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.files_dropped.connect(self.add_files)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self._refill()

    def proofs(self) -> tuple[Proof, ...]:
        return tuple(self._proofs)

    def set_proofs(self, proofs: Sequence[Proof]) -> None:
        self._proofs = list(proofs)
        self._refill()

    def _refill(self) -> None:
        self.list.clear()
        for proof in self._proofs:
            item = QListWidgetItem(icon("attach"), f"{proof.name}  ({size_text(proof.size)})")
            item.setToolTip(f"{proof.media_type}, added {proof.added_on.isoformat()}")
            self.list.addItem(item)
        if self._proofs:
            self.list.setCurrentRow(len(self._proofs) - 1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = 0 <= self.list.currentRow() < len(self._proofs)
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add_files(self, paths: Sequence[str]) -> list[Proof]:
        """Check, store and list each file; a refused one is named and skipped."""
        added: list[Proof] = []
        problems: list[str] = []
        known = {p.sha256 for p in self._proofs}
        for name in paths:
            try:
                proof = proof_from_file(self.store, pathlib.Path(name), dt.date.today())
            except ProofRejected as exc:
                problems.append(str(exc))
                continue
            if proof.sha256 in known:
                problems.append(f"{pathlib.Path(name).name} is already attached.")
                continue
            known.add(proof.sha256)
            added.append(proof)
        if added:
            self._proofs.extend(added)
            self._refill()
            self.changed.emit()
        if problems:
            show_refusal(self.window(), "\n".join(problems))
        return added

    def _on_add_clicked(self) -> None:
        paths = choose_proof_files(self.window())
        if paths:
            self.add_files(paths)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._proofs):
            del self._proofs[row]
            self._refill()
            self.changed.emit()

    def open_selected(self) -> pathlib.Path | None:
        """Open the chosen proof with the system viewer, from a private temporary copy."""
        row = self.list.currentRow()
        if not 0 <= row < len(self._proofs):
            return None
        try:
            path = temp_copy(self.store, self._proofs[row])
        except (OSError, FileNotFoundError) as exc:
            show_refusal(self.window(), f"Could not open {self._proofs[row].name}: {exc}.")
            return None
        _hook_cleanup()
        open_with_viewer(path)
        return path


def proof_column(proofs_of: Callable[[R], Sequence[Proof]]) -> ColumnSpec[R]:
    """The paperclip column: how many proof files a row has (their names as the tooltip)."""
    return ColumnSpec(
        "Files",
        lambda r: str(len(proofs_of(r))) if proofs_of(r) else "",
        lambda r: len(proofs_of(r)),
        True,
        60,
        tooltip=lambda r: "\n".join(p.name for p in proofs_of(r)) or "No proof file attached",
        icon=lambda r: icon("attach") if proofs_of(r) else None,
        optional=True,  # a narrow window drops it first; the dialog still lists the files
    )
