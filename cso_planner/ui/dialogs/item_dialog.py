"""Add or edit a roadmap item: kind, title, certification, stage, dates, money, hours, notes and
what it needs first. Errors appear under their field; the input stays until it is right."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cso_planner.db.models import ITEM_KINDS, ITEM_STATUSES
from cso_planner.services.drafts import ItemDraft
from cso_planner.services.validation import validate_item
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import (
    accept_or_focus,
    add_field,
    finish_form,
    number_text,
    parse_number,
)
from cso_planner.ui.icons import icon
from cso_planner.ui.roadmap.models import KIND_ICONS, KIND_LABELS
from cso_planner.ui.style import SPACING, status_dot, status_text

Index = QModelIndex | QPersistentModelIndex
DependencyCheck = Callable[[tuple[int, ...]], str | None]


@dataclasses.dataclass(frozen=True)
class ItemResult:
    """What the dialog returns: the stage the item belongs in, and its values."""

    stage_id: int
    draft: ItemDraft


class CheckListModel(QAbstractListModel):
    """Items that can be ticked (the "needs first" list)."""

    def __init__(self, rows: Sequence[tuple[int, str]], checked: Sequence[int], parent: Any = None):
        super().__init__(parent)
        self._rows = list(rows)
        self._checked = set(checked)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row_id, label = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = row_id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return row_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        row_id = self._rows[index.row()][0]
        state = Qt.CheckState(value) if isinstance(value, int) else value
        if state == Qt.CheckState.Checked:
            self._checked.add(row_id)
        else:
            self._checked.discard(row_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def checked_ids(self) -> tuple[int, ...]:
        return tuple(row_id for row_id, _ in self._rows if row_id in self._checked)

    def set_checked(self, row_id: int, checked: bool) -> None:
        for row, (rid, _) in enumerate(self._rows):
            if rid == row_id:
                value = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
                self.setData(self.index(row), value, Qt.ItemDataRole.CheckStateRole)


class ItemDialog(QDialog):
    """The add/edit form for one item.

    Args:
        stages: ``(id, role)`` of the plan's stages, for the Stage field.
        certifications: ``(code, name)`` from the catalog.
        candidates: ``(id, label)`` of other items it may depend on.
        check_dependencies: returns a message when the ticked items would make a cycle.
    """

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        *,
        stages: Sequence[tuple[int, str]],
        stage_id: int,
        certifications: Sequence[tuple[str, str]] = (),
        candidates: Sequence[tuple[int, str]] = (),
        draft: ItemDraft | None = None,
        check_dependencies: DependencyCheck | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._check_dependencies = check_dependencies
        self._auto_title = ""
        draft = draft or ItemDraft(title="")

        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

        self.stage_combo = QComboBox(self)
        for sid, role in stages:
            self.stage_combo.addItem(icon("stage"), role, sid)
        self.stage_combo.setCurrentIndex(max(self.stage_combo.findData(stage_id), 0))
        self.stage_error = add_field(form, "Stage", self.stage_combo)

        self.kind_combo = QComboBox(self)
        for kind in ITEM_KINDS:
            self.kind_combo.addItem(icon(KIND_ICONS[kind]), KIND_LABELS[kind], kind)
        self.kind_error = add_field(form, "Kind", self.kind_combo)

        self.cert_combo = QComboBox(self)
        self.cert_combo.addItem("(none)", None)
        for code, name in certifications:
            self.cert_combo.addItem(f"{code} — {name}", code)
        self.cert_error = add_field(form, "Certification", self.cert_combo)

        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText("e.g. Pass the CISSP exam")
        self.title_error = add_field(form, "Title", self.title_edit)

        self.status_combo = QComboBox(self)
        for status in ITEM_STATUSES:
            self.status_combo.addItem(status_dot(status), status_text(status), status)
        self.status_error = add_field(form, "Status", self.status_combo)

        self.due_edit = DateField(self, optional=True, empty_text="No due date")
        self.due_error = add_field(form, "Due date", self.due_edit)

        money = QWidget(self)
        money_row = QHBoxLayout(money)
        money_row.setContentsMargins(0, 0, 0, 0)
        self.cost_edit = QLineEdit(money)
        self.cost_edit.setPlaceholderText("e.g. 749")
        self.cost_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.employer_check = QCheckBox("Employer pays", money)
        money_row.addWidget(self.cost_edit, 1)
        money_row.addWidget(self.employer_check)
        self.cost_error = add_field(form, "Cost", money)

        self.hours_edit = QLineEdit(self)
        self.hours_edit.setPlaceholderText("e.g. 120")
        self.hours_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hours_error = add_field(form, "Study hours", self.hours_edit)

        deps = QWidget(self)
        deps_column = QVBoxLayout(deps)
        deps_column.setContentsMargins(0, 0, 0, 0)
        deps_column.setSpacing(4)
        self.deps_filter = QLineEdit(deps)
        self.deps_filter.setPlaceholderText("Filter items…")
        self.deps_filter.setClearButtonEnabled(True)
        self.deps_model = CheckListModel(candidates, draft.depends_on or (), self)
        self.deps_proxy = QSortFilterProxyModel(self)
        self.deps_proxy.setSourceModel(self.deps_model)
        self.deps_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.deps_view = QListView(deps)
        self.deps_view.setModel(self.deps_proxy)
        self.deps_view.setMaximumHeight(120)
        self.deps_filter.textChanged.connect(self.deps_proxy.setFilterFixedString)
        deps_column.addWidget(self.deps_filter)
        deps_column.addWidget(self.deps_view)
        if not candidates:
            self.deps_filter.setPlaceholderText("No other items in this plan yet")
            self.deps_filter.setEnabled(False)
            self.deps_view.hide()
        self.deps_error = add_field(form, "Needs first", deps)

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText("Exam voucher, study plan, links…")
        self.notes_edit.setMaximumHeight(90)
        self.notes_error = add_field(form, "Notes", self.notes_edit)

        self.buttons = finish_form(self, form, self._on_accepted)

        self._load(draft)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.cert_combo.currentIndexChanged.connect(self._on_cert_changed)
        self._on_kind_changed()
        self.title_edit.setFocus()

    def _load(self, draft: ItemDraft) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(draft.kind), 0))
        self.cert_combo.setCurrentIndex(max(self.cert_combo.findData(draft.ref_code), 0))
        self.title_edit.setText(draft.title)
        self.status_combo.setCurrentIndex(max(self.status_combo.findData(draft.status), 0))
        self.due_edit.set_value(draft.due)
        self.cost_edit.setText(number_text(draft.cost))
        self.employer_check.setChecked(draft.employer_paid)
        self.hours_edit.setText(number_text(draft.hours))
        self.notes_edit.setPlainText(draft.notes)

    def _on_kind_changed(self) -> None:
        self.cert_combo.setEnabled(self.kind_combo.currentData() == "certification")

    def _on_cert_changed(self) -> None:
        code = self.cert_combo.currentData()
        current = self.title_edit.text().strip()
        if code and (not current or current == self._auto_title):
            self._auto_title = f"Pass {code}"
            self.title_edit.setText(self._auto_title)

    # --- result ----------------------------------------------------------------------------

    def _parsed(self) -> tuple[ItemDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        cost = hours = None
        try:
            cost = parse_number(self.cost_edit.text())
        except ValueError:
            errors["cost"] = "Enter the cost as a number, e.g. 749."
        try:
            hours = parse_number(self.hours_edit.text())
        except ValueError:
            errors["hours"] = "Enter the study hours as a number, e.g. 120."
        kind = str(self.kind_combo.currentData())
        draft = ItemDraft(
            title=self.title_edit.text().strip(),
            kind=kind,
            ref_code=self.cert_combo.currentData() if kind == "certification" else None,
            due=self.due_edit.value(),
            status=str(self.status_combo.currentData()),
            cost=cost,
            hours=hours,
            employer_paid=self.employer_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
            depends_on=self.deps_model.checked_ids(),
        )
        for field, message in validate_item(draft).items():
            errors.setdefault(field, message)
        if "depends_on" not in errors and self._check_dependencies is not None:
            cycle = self._check_dependencies(draft.depends_on or ())
            if cycle:
                errors["depends_on"] = cycle
        return draft, errors

    def errors(self) -> dict[str, str]:
        """Validate now and show every message under its field."""
        _, errors = self._parsed()
        self.title_error.show_message(errors.get("title"))
        self.kind_error.show_message(errors.get("kind"))
        self.status_error.show_message(errors.get("status"))
        self.cost_error.show_message(errors.get("cost"))
        self.hours_error.show_message(errors.get("hours"))
        self.deps_error.show_message(errors.get("depends_on"))
        return errors

    def result_value(self) -> ItemResult:
        draft, _ = self._parsed()
        return ItemResult(stage_id=int(self.stage_combo.currentData()), draft=draft)

    def _on_accepted(self) -> None:
        focus = {
            "title": self.title_edit,
            "cost": self.cost_edit,
            "hours": self.hours_edit,
            "depends_on": self.deps_view,
        }
        accept_or_focus(self, self.errors(), focus)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, **kwargs: Any) -> ItemResult | None:
        dialog = cls(parent, title, **kwargs)
        return dialog.result_value() if dialog.exec() == QDialog.DialogCode.Accepted else None
