"""Edit the profile and degrees after the first-run wizard: name, roles, career start, target,
track, study budget, currency, and the degrees that shorten certification experience.

Errors appear under their field and the input stays until it is right. The degrees are a small
table (a Qt model) with Add / Edit / Remove; one degree is edited in :class:`DegreeDialog`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cso_planner.catalog import load_bundled_catalog
from cso_planner.dates import format_date
from cso_planner.db.models import EDUCATION_LEVELS
from cso_planner.services.plan_template import TARGET_ROLES, TRACK_TITLES, TRACKS, short_role
from cso_planner.services.profile import (
    COMMON_CURRENCIES,
    EducationDraft,
    ProfileDraft,
    degree_date_span,
    target_date_span,
    validate_education,
    validate_education_list,
    validate_profile,
)
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import (
    accept_or_focus,
    add_field,
    finish_form,
    number_text,
    ok_cancel,
    parse_number,
)
from cso_planner.ui.icons import icon
from cso_planner.ui.style import SPACING, plain_tooltip
from cso_planner.ui.widgets import FieldError, plain_label
from cso_planner.ui.wizard import LEVEL_LABELS

Index = QModelIndex | QPersistentModelIndex
DRAFT_ROLE = Qt.ItemDataRole.UserRole + 1  # the EducationDraft of a row


def _completer(words: Sequence[str], parent: QWidget) -> QCompleter:
    completer = QCompleter(QStringListModel(list(words), parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return completer


def ladder_roles() -> list[str]:
    """The catalog's role ladder, short names (what the wizard offers as the current role)."""
    try:
        return [short_role(r.role) for r in load_bundled_catalog().roles]
    except Exception:  # a damaged install still lets the person type their role
        return []


class EducationModel(QAbstractTableModel):
    """The degrees being edited, one row each (read-only cells; edited through the buttons)."""

    LEVEL, FIELD, IT, COMPLETED = range(4)
    HEADERS = ("Degree", "Field", "IT-related", "Completed")

    def __init__(self, rows: Sequence[EducationDraft] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        degree = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(degree, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(degree, index.column())
            return plain_tooltip(text) if text else None
        if role == DRAFT_ROLE:
            return degree
        return None

    def _text(self, degree: EducationDraft, column: int) -> str:
        if column == self.LEVEL:
            return LEVEL_LABELS.get(degree.level, degree.level)
        if column == self.FIELD:
            return degree.field
        if column == self.IT:
            return "Yes" if degree.it_related else "No"
        if column == self.COMPLETED:
            return format_date(degree.completed_on) if degree.completed_on else "—"
        return ""

    def rows(self) -> list[EducationDraft]:
        return list(self._rows)

    def add(self, degree: EducationDraft) -> int:
        """Append a degree; returns its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(degree)
        self.endInsertRows()
        return row

    def replace(self, row: int, degree: EducationDraft) -> None:
        self._rows[row] = degree
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()


class DegreeDialog(QDialog):
    """One degree: level, field, IT-related and when it was (or will be) completed."""

    def __init__(
        self, parent: QWidget | None, title: str, draft: EducationDraft | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.level_combo = QComboBox(self)
        for level in EDUCATION_LEVELS:
            self.level_combo.addItem(LEVEL_LABELS[level], level)
        self.level_error = add_field(form, "Level", self.level_combo)
        self.field_edit = QLineEdit(self)
        self.field_edit.setPlaceholderText("e.g. Computer Science, Criminal Justice")
        self.field_error = add_field(form, "Field", self.field_edit)
        self.it_check = QCheckBox("IT-related (computer science, IT, cybersecurity)", self)
        self.it_check.setToolTip("An IT-related degree waives some CISSP and CISM experience")
        add_field(form, "", self.it_check)
        self.completed_edit = DateField(self, optional=True, empty_text="Not known")
        self.completed_edit.set_range(*degree_date_span())
        self.completed_edit.setToolTip(
            "A degree counts for waivers from this date; for one in progress give the expected date"
        )
        self.completed_error = add_field(form, "Completed (or expected)", self.completed_edit)
        self.buttons = finish_form(self, form, self._on_accepted)
        draft = draft or EducationDraft(level="bachelor")
        index = self.level_combo.findData(draft.level)
        if index < 0:  # a level this version does not know: shown as it is, refused on OK
            self.level_combo.addItem(draft.level, draft.level)
            index = self.level_combo.count() - 1
        self.level_combo.setCurrentIndex(index)
        self.field_edit.setText(draft.field)
        self.it_check.setChecked(draft.it_related)
        self.completed_edit.set_value(draft.completed_on)
        self.field_edit.setFocus()

    def value(self) -> EducationDraft:
        return EducationDraft(
            level=str(self.level_combo.currentData()),
            field=self.field_edit.text().strip(),
            it_related=self.it_check.isChecked(),
            completed_on=self.completed_edit.value(),
        )

    def errors(self) -> dict[str, str]:
        errors = validate_education(self.value())
        self.level_error.show_message(errors.get("level"))
        self.field_error.show_message(errors.get("field"))
        self.completed_error.show_message(errors.get("completed_on"))
        return errors

    def _on_accepted(self) -> None:
        focus = {
            "level": self.level_combo,
            "field": self.field_edit,
            "completed_on": self.completed_edit,
        }
        accept_or_focus(self, self.errors(), focus)

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str, draft: EducationDraft | None = None
    ) -> EducationDraft | None:
        dialog = cls(parent, title, draft)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ProfileDialog(QDialog):
    """The profile form with the degrees table; ``ask`` returns both, or None when cancelled."""

    def __init__(
        self,
        parent: QWidget | None,
        profile: ProfileDraft,
        education: Sequence[EducationDraft] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Profile and education")
        self.setMinimumWidth(620)
        self._initial = profile
        roles = ladder_roles()

        form = QFormLayout()
        form.setSpacing(SPACING)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Your name, as it should appear on the PDF")
        self.name_error = add_field(form, "Name", self.name_edit)
        self.role_edit = QLineEdit(self)
        self.role_edit.setPlaceholderText("e.g. Security Analyst")
        self.role_edit.setCompleter(_completer(roles, self))
        self.role_error = add_field(form, "Current role", self.role_edit)
        self.start_edit = QLineEdit(self)
        self.start_edit.setPlaceholderText("e.g. 2015")
        self.start_edit.setMaxLength(6)
        self.start_edit.setMaximumWidth(120)
        self.start_edit.setToolTip("Experience counts from here for CISSP, CISM, CPP and CCISO")
        self.start_error = add_field(form, "Security career started in", self.start_edit)
        self.target_role_edit = QLineEdit(self)
        self.target_role_edit.setPlaceholderText("CSO or CISO")
        self.target_role_edit.setCompleter(_completer([*TARGET_ROLES, *reversed(roles)], self))
        self.target_role_error = add_field(form, "Target role", self.target_role_edit)
        self.target_date_edit = DateField(self, optional=True, empty_text="No target date")
        self.target_date_edit.set_range(*target_date_span())
        self.target_date_error = add_field(form, "Target date", self.target_date_edit)
        self.track_combo = QComboBox(self)
        for track in TRACKS:
            self.track_combo.addItem(TRACK_TITLES[track], track)
        self.track_error = add_field(form, "Track", self.track_combo)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.hours_edit.setPlaceholderText("6")
        self.hours_edit.setMaximumWidth(120)
        self.hours_edit.setToolTip("How long each exam takes to prepare, and what fits in a stage")
        self.hours_error = add_field(form, "Study hours per week", self.hours_edit)
        self.currency_edit = QLineEdit(self)
        self.currency_edit.setPlaceholderText("USD")
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setMaximumWidth(120)
        self.currency_edit.setCompleter(_completer(COMMON_CURRENCIES, self))
        self.currency_edit.setToolTip("Three-letter code (ISO 4217) for every cost in the app")
        self.currency_error = add_field(form, "Currency", self.currency_edit)

        self.education_box = QGroupBox("Education", self)
        hint = plain_label(
            "Degrees can shorten the experience a certification asks for: an IT-related "
            "bachelor's waives a year for CISSP, and CPP asks fewer years with a degree.",
            self.education_box,
        )
        hint.setWordWrap(True)
        self.education_model = EducationModel(education, self)
        self.education_view = QTableView(self.education_box)
        self.education_view.setModel(self.education_model)
        self.education_view.verticalHeader().hide()
        self.education_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.education_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.education_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.education_view.setWordWrap(False)  # long fields elide; the tooltip has it all
        # The table takes the room left (at least a few rows), not its large default size
        # hint: that hint would squeeze the fields when their error messages appear.
        self.education_view.setMinimumHeight(120)
        self.education_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        header = self.education_view.horizontalHeader()
        header.setSectionResizeMode(EducationModel.LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EducationModel.FIELD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EducationModel.IT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(
            EducationModel.COMPLETED, QHeaderView.ResizeMode.ResizeToContents
        )
        self.add_button = QPushButton(icon("add"), "Add…", self.education_box)
        self.add_button.setToolTip("Add a degree")
        self.edit_button = QPushButton("Edit…", self.education_box)
        self.edit_button.setToolTip("Edit the selected degree")
        self.remove_button = QPushButton("Remove", self.education_box)
        self.remove_button.setToolTip("Remove the selected degree")
        self.education_error = FieldError(self.education_box)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        table_row = QHBoxLayout()
        table_row.addWidget(self.education_view, 1)
        table_row.addLayout(buttons)
        box_layout = QVBoxLayout(self.education_box)
        box_layout.setSpacing(SPACING)
        box_layout.addWidget(hint)
        box_layout.addLayout(table_row)
        box_layout.addWidget(self.education_error)

        self.buttons = ok_cancel(self, self._on_accepted)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        layout.addLayout(form)
        layout.addWidget(self.education_box, 1)
        layout.addWidget(self.buttons)

        self.add_button.clicked.connect(self.add_degree)
        self.edit_button.clicked.connect(self.edit_degree)
        self.remove_button.clicked.connect(self.remove_degree)
        self.education_view.doubleClicked.connect(lambda _index: self.edit_degree())
        self.education_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.education_model.rowsRemoved.connect(self._update_buttons)
        self._load(profile)
        self._update_buttons()
        self.name_edit.setFocus()

    # --- profile fields ---------------------------------------------------------------------

    def _load(self, draft: ProfileDraft) -> None:
        self.name_edit.setText(draft.name)
        self.role_edit.setText(draft.current_role)
        start = draft.career_start_year
        self.start_edit.setText("" if start is None else str(start))
        self.target_role_edit.setText(draft.target_role)
        self.target_date_edit.set_value(draft.target_date)
        index = self.track_combo.findData(draft.track)
        if index < 0:  # an unknown track (from an import): shown as it is, refused on OK
            self.track_combo.addItem(draft.track, draft.track)
            index = self.track_combo.count() - 1
        self.track_combo.setCurrentIndex(index)
        self.hours_edit.setText(number_text(draft.weekly_study_hours))
        self.currency_edit.setText(draft.currency)

    def _parsed(self) -> tuple[ProfileDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        hours = self._initial.weekly_study_hours
        try:
            parsed = parse_number(self.hours_edit.text())
        except ValueError:
            errors["weekly_study_hours"] = "Enter the study hours per week as a number, e.g. 6."
        else:
            if parsed is None:
                errors["weekly_study_hours"] = "Enter the study hours per week (0 if none)."
            else:
                hours = parsed
        start: int | None = self._initial.career_start_year
        start_text = self.start_edit.text().strip()
        if not start_text:
            start = None
        elif start_text.isdigit() and len(start_text) == 4:
            start = int(start_text)
        else:
            errors["career_start_year"] = "Enter a four-digit year such as 2015, or leave it empty."
        draft = dataclasses.replace(
            self._initial,
            name=self.name_edit.text().strip(),
            current_role=self.role_edit.text().strip(),
            career_start_year=start,
            target_role=self.target_role_edit.text().strip(),
            target_date=self.target_date_edit.value(),
            track=str(self.track_combo.currentData()),
            weekly_study_hours=hours,
            currency=self.currency_edit.text().strip().upper(),
        )
        for field, message in validate_profile(draft).items():
            errors.setdefault(field, message)
        for field, message in validate_education_list(self.education_model.rows()).items():
            errors.setdefault(field, message)
        return draft, errors

    def errors(self) -> dict[str, str]:
        """Validate now and show every message under its field."""
        _, errors = self._parsed()
        self.name_error.show_message(errors.get("name"))
        self.role_error.show_message(errors.get("current_role"))
        self.start_error.show_message(errors.get("career_start_year"))
        self.target_role_error.show_message(errors.get("target_role"))
        self.target_date_error.show_message(errors.get("target_date"))
        self.track_error.show_message(errors.get("track"))
        self.hours_error.show_message(errors.get("weekly_study_hours"))
        self.currency_error.show_message(errors.get("currency"))
        degree_errors = [m for f, m in errors.items() if f.startswith("education.")]
        self.education_error.show_message("\n".join(degree_errors) or None)
        self._fit_height()
        return errors

    def _fit_height(self) -> None:
        """Grow to fit the messages just shown (wrapped text is not in the minimum size)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)

    def value(self) -> tuple[ProfileDraft, list[EducationDraft]]:
        return self._parsed()[0], self.education_model.rows()

    def _on_accepted(self) -> None:
        errors = self.errors()
        focus: dict[str, QWidget] = {
            "name": self.name_edit,
            "current_role": self.role_edit,
            "career_start_year": self.start_edit,
            "target_role": self.target_role_edit,
            "target_date": self.target_date_edit,
            "track": self.track_combo,
            "weekly_study_hours": self.hours_edit,
            "currency": self.currency_edit,
        }
        if any(f.startswith("education.") for f in errors):
            errors = {**errors, "education": ""}
            focus["education"] = self.education_view
        accept_or_focus(self, errors, focus)

    # --- degrees ----------------------------------------------------------------------------

    def selected_row(self) -> int | None:
        rows = self.education_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        self.education_view.selectRow(row)
        self.education_view.scrollTo(self.education_model.index(row, 0))

    def _update_buttons(self, *_args: Any) -> None:
        selected = self.selected_row() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def add_degree(self) -> bool:
        degree = DegreeDialog.ask(self, "Add degree")
        if degree is None:
            return False
        self.select_row(self.education_model.add(degree))
        self._recheck_degrees()
        return True

    def edit_degree(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        degree = DegreeDialog.ask(self, "Edit degree", self.education_model.rows()[row])
        if degree is None:
            return False
        self.education_model.replace(row, degree)
        self._recheck_degrees()
        return True

    def remove_degree(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        self.education_model.remove(row)
        if self.education_model.rowCount():
            self.select_row(min(row, self.education_model.rowCount() - 1))
        self._recheck_degrees()
        return True

    def _recheck_degrees(self) -> None:
        """Clear (or refresh) a degree message shown by an earlier OK."""
        if self.education_error.isVisibleTo(self):
            messages = validate_education_list(self.education_model.rows()).values()
            self.education_error.show_message("\n".join(messages) or None)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        profile: ProfileDraft,
        education: Sequence[EducationDraft] = (),
    ) -> tuple[ProfileDraft, list[EducationDraft]] | None:
        dialog = cls(parent, profile, education)
        try:
            return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
