"""Edit one catalog rule locally: the catalog's parameters beside the user's, with a note.

The catalog version is read-only; the user's version is JSON in a monospace editor, checked
with the eligibility engine (through ``validate``) before the dialog closes. An unusable edit
keeps the dialog open with the message under the editor and the user's text as typed, the
cursor on the reported line and column. "Revert to catalog rule" drops the user's version.
Everything is plain text: catalog and user text are never read as HTML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cso_planner.dates import format_date
from cso_planner.services.rule_overrides import RuleEdit, RuleOverride
from cso_planner.ui.dialogs.form import add_field
from cso_planner.ui.screens.tracking_format import in_force_text
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import FieldError, muted_color, plain_label

__all__ = ["RuleDialog", "RuleEdit"]

Validate = Callable[[str], str | None]
_POSITION = re.compile(r"line (\d+), column (\d+)")
MIN_WIDTH = 720
IDENTICAL_HINT = (
    "Parameters identical to the catalog's are not kept as your rule, so catalog updates "
    "keep applying. Undo (Ctrl+Z) takes back a save or a revert."
)


def _muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, muted_color(palette))
    label.setPalette(palette)
    return label


def _read_only(text: str, parent: QWidget, lines: int) -> QPlainTextEdit:
    """Selectable plain text that wraps anywhere (long URLs), at most ``lines`` tall."""
    edit = QPlainTextEdit(parent)
    edit.setReadOnly(True)
    edit.setPlainText(text)
    edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    # Whole lines only: the viewport ends where the next line would start.
    margin = edit.document().documentMargin()
    height = edit.fontMetrics().lineSpacing() * lines + margin + 2 * edit.frameWidth()
    edit.setFixedHeight(round(height))
    return edit


def _code_editor(text: str, parent: QWidget, read_only: bool) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    edit.setTabChangesFocus(True)
    edit.setReadOnly(read_only)
    edit.setPlainText(text)
    edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 12)
    edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return edit


def _column(parent: QWidget, right: int, left: int) -> QVBoxLayout:
    column = QVBoxLayout(parent)
    column.setContentsMargins(left, 0, right, 0)
    column.setSpacing(2)
    return column


class RuleDialog(QDialog):
    """The edit form for one rule; ``result_edit`` is what the user chose (after accept)."""

    def __init__(self, parent: QWidget | None, override: RuleOverride, validate: Validate) -> None:
        super().__init__(parent)
        self.override = override
        self.validate = validate
        self.result_edit: RuleEdit | None = None
        self.setWindowTitle(f"Edit rule — {override.cert_code}")
        # Only the width is fixed; the height follows the content (see _fit_height).
        self.setMinimumWidth(MIN_WIDTH)
        self.resize(960, 720)
        layout = self._layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)

        self.heading = plain_label(f"{override.cert_code}: {override.label}", self)
        font = QFont(self.heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        parts = [
            f"rule {override.key}",
            f"as of {format_date(override.as_of)}",
            in_force_text(override.effective_from, override.effective_to, dt.date.today()),
        ]
        self.meta = _muted(plain_label(" · ".join(p for p in parts if p), self))
        self.meta.setWordWrap(True)
        if override.user_edited:
            when = f" on {format_date(override.edited_on)}" if override.edited_on else ""
            status = (
                f"You edited this rule{when}: CSO Planner uses your parameters (right), "
                "not the catalog's (left)."
            )
        else:
            status = (
                "CSO Planner uses the catalog's parameters. Change them on the right to use "
                "your own; the catalog's stay on the left for comparison."
            )
        self.status = plain_label(status, self)
        self.status.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addWidget(self.status)

        info = QFormLayout()
        info.setSpacing(SPACING)
        info.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        count = len(override.sources)
        self.sources = _read_only("\n".join(override.sources) or "None recorded", self, 3)
        info.addRow(f"Sources ({count})" if count else "Sources", self.sources)
        self.catalog_notes = _read_only(override.catalog_notes or "None", self, 3)
        info.addRow("Catalog notes", self.catalog_notes)
        self.unverified = _read_only(override.unverified, self, 2)
        if override.unverified:
            info.addRow("Unverified", self.unverified)
        else:
            self.unverified.hide()
        layout.addLayout(info)

        # The two versions side by side, each as tall as the dialog allows.
        self.splitter = QSplitter(self)
        self.splitter.setChildrenCollapsible(False)
        left = QWidget(self.splitter)
        left_column = _column(left, SPACING // 2, 0)
        self.catalog_params = _code_editor(override.catalog_params, left, read_only=True)
        self.catalog_params_label = plain_label("Catalog parameters (read-only)", left)
        self.catalog_params_label.setBuddy(self.catalog_params)
        left_column.addWidget(self.catalog_params_label)
        left_column.addWidget(self.catalog_params, 1)
        right = QWidget(self.splitter)
        right_column = _column(right, 0, SPACING // 2)
        self.params_edit = _code_editor(override.params_text, right, read_only=False)
        self.params_label = plain_label("Your parameters (JSON)", right)
        self.params_label.setBuddy(self.params_edit)
        self.params_error = FieldError(right)
        right_column.addWidget(self.params_label)
        right_column.addWidget(self.params_edit, 1)
        right_column.addWidget(self.params_error)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self._columns = ((left, left_column), (right, right_column))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)

        notes = QFormLayout()
        notes.setSpacing(SPACING)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("Why you changed it, and where you read it")
        self.notes_edit.setPlainText(override.user_notes)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 3 + 16)
        self.notes_error = add_field(notes, "Your note", self.notes_edit)
        layout.addLayout(notes)
        self.hint = _muted(plain_label(IDENTICAL_HINT, self))
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save my rule")
        self.revert_button = QPushButton("Revert to catalog rule", self)
        self.buttons.addButton(self.revert_button, QDialogButtonBox.ButtonRole.ResetRole)
        has_own = override.user_edited or bool(override.user_notes.strip())
        self.revert_button.setEnabled(has_own)
        self.revert_button.setToolTip(
            "Drop your parameters and note: CSO Planner uses the catalog's rule again"
            if has_own
            else "This rule is the catalog's already"
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.revert_button.clicked.connect(self._on_revert)
        layout.addWidget(self.buttons)
        for label in self.findChildren(QLabel):  # the form's own row labels too
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.params_edit.setFocus()

    def _fit_height(self) -> None:
        """Keep the minimum height at what the content needs at the current width.

        Qt sizes a window's minimum without height-for-width: wrapped labels (the heading,
        the hint, the error under the editor) then take their lines from the editors, and a
        larger font drew the error over the editor. So the minimum is set from the layout's
        height for this width, and grows when the error appears.
        """
        # A QSplitter passes on only its columns' plain minimum, so each column's
        # height for its width (the wrapped error) is made its minimum first.
        for column, column_layout in self._columns:
            if column.width() > 0:
                column.setMinimumHeight(column_layout.totalHeightForWidth(column.width()))
        self.splitter.updateGeometry()  # drops the layout's cached minimum of the splitter
        layout = self._layout
        layout.activate()
        needed = max(layout.totalMinimumSize().height(), layout.totalHeightForWidth(self.width()))
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit_height()

    def edit(self) -> RuleEdit:
        """The form as it stands: the user's parameters and note."""
        return RuleEdit(self.params_edit.toPlainText(), self.notes_edit.toPlainText().strip())

    def _on_save(self) -> None:
        edit = self.edit()
        assert edit.params_text is not None
        problem = self.validate(edit.params_text)
        self.params_error.show_message(problem)
        self._fit_height()
        if problem is not None:
            self._point_at(problem)
            return
        self.result_edit = edit
        self.accept()

    def _on_revert(self) -> None:
        self.result_edit = RuleEdit(None, "")
        self.accept()

    def _point_at(self, problem: str) -> None:
        """Focus the editor, with the cursor where a JSON error was reported (if it was)."""
        self.params_edit.setFocus()
        found = _POSITION.search(problem)
        if found is None:
            return
        line, column = int(found.group(1)), int(found.group(2))
        block = self.params_edit.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right,
            QTextCursor.MoveMode.MoveAnchor,
            min(column - 1, max(block.length() - 1, 0)),
        )
        self.params_edit.setTextCursor(cursor)
        self.params_edit.ensureCursorVisible()

    @classmethod
    def ask(
        cls, parent: QWidget | None, override: RuleOverride, validate: Validate
    ) -> RuleEdit | None:
        dialog = cls(parent, override, validate)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.result_edit if accepted else None
