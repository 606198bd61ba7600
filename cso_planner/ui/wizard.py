"""The first-run wizard: a few answers in, a dated plan to CSO or CISO out.

Nothing is written until Finish; then the profile, degrees, earned certifications and the plan
are created in one transaction (:func:`cso_planner.services.plan_template.generate_plan`). If
that fails the wizard stays open with the message, so no answer is lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from cso_planner import limits
from cso_planner.catalog import load_bundled_catalog
from cso_planner.dates import format_date
from cso_planner.db.models import (
    EDUCATION_LEVELS,
    Certification,
    Education,
    HeldCertification,
    Profile,
)
from cso_planner.money import format_money
from cso_planner.services.plan_template import (
    TRACK_EXPLANATIONS,
    TRACK_TITLES,
    TRACKS,
    EarnedCertification,
    EducationAnswer,
    PlanTemplate,
    WizardAnswers,
    build_template,
    generate_plan,
    short_role,
    template_inputs,
    validate_answers,
)
from cso_planner.services.profile import COMMON_CURRENCIES
from cso_planner.services.template_pace import (
    first_fitting_year,
    over_pace,
    weekly_hours_that_fit,
)
from cso_planner.ui.dialogs.confirm import confirm
from cso_planner.ui.style import SPACING, status_qcolor
from cso_planner.ui.widgets import FieldError, plain_label

LEVEL_LABELS = {
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}
CERT_LEVEL_ORDER = {"entry": 0, "intermediate": 1, "advanced": 2, "executive": 3}
# What the target suggests when the person has not picked a track themselves.
TRACK_FOR_TARGET = {"CSO": "corporate", "CISO": "technical"}
PAGE_SIZES = ("A4", "Letter")
TARGET_TEXT = {
    "CSO": "Chief Security Officer — owns converged physical and digital security; a CISO may "
    "report to the CSO.",
    "CISO": "Chief Information Security Officer — owns information security and cyber risk.",
}


def locale_currency(locale: QLocale | None = None) -> str:
    """The ISO code of the locale's currency ("USD" when the locale names none)."""
    code = (locale or QLocale()).currencySymbol(QLocale.CurrencySymbolFormat.CurrencyIsoCode)
    return code if len(code) == 3 and code.isalpha() else "USD"


def locale_page_name(locale: QLocale | None = None) -> str:
    """Letter for the US and Canada (and US measurement), A4 elsewhere."""
    from PySide6.QtGui import QPageSize

    from cso_planner.report.pdf import locale_page_size

    letter = locale_page_size(locale) == QPageSize.PageSizeId.Letter
    return "Letter" if letter else "A4"


def _button(text: str, parent: QWidget) -> QPushButton:
    """A page button that Return never presses: Return is Next/Finish, the default button."""
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    button.setDefault(False)
    return button


def _page_text(text: str, parent: QWidget) -> QLabel:
    label = plain_label(text, parent)
    label.setWordWrap(True)
    return label


class WelcomePage(QWizardPage):
    """What the app does, and a way out for people who want an empty plan."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Welcome to CSO Planner")
        self.setSubTitle("Plan your way from where you are to Chief Security Officer.")
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING * 2)
        layout.addWidget(
            _page_text(
                "A few questions about where you are and where you want to be, and CSO Planner "
                "drafts a dated roadmap: the roles on the way, the certifications to earn and "
                "when you become eligible for each, courses, skills and what it all costs.\n\n"
                "Everything stays in one file on this computer. You can change every date and "
                "item afterwards.",
                self,
            )
        )
        steps = _page_text(
            "You will be asked:\n"
            "  1.  your name, current role, when your security career started, your study time,\n"
            "       currency and paper size\n"
            "  2.  your degrees\n"
            "  3.  the target: CSO or CISO, and the year\n"
            "  4.  a track: technical, corporate/physical security or executive\n"
            "  5.  the certifications you already hold\n"
            "Then you see the plan before anything is saved. It takes about two minutes.",
            self,
        )
        layout.addWidget(steps)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.skip_button = _button("Skip — start empty", self)
        self.skip_button.setToolTip("Close the wizard and start with an empty roadmap")
        self.skip_button.clicked.connect(wizard.skip)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        layout.addLayout(row)


class YouPage(QWizardPage):
    """Name, current role, career start and the weekly study budget."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("About you")
        self.setSubTitle("Where you are today.")
        this_year = wizard.today.year
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText("Your name, as it should appear on the PDF")
        self.name_error = FieldError(self)
        self.role_combo = QComboBox(self)
        for role in wizard.ladder_roles:
            self.role_combo.addItem(role)
        self.role_combo.setCurrentIndex(min(1, self.role_combo.count() - 1))
        self.start_spin = QSpinBox(self)
        self.start_spin.setRange(this_year - 50, this_year)
        self.start_spin.setValue(this_year - 2)
        self.start_spin.setToolTip("Experience counts from here for CISSP, CISM, CPP and CCISO")
        self.hours_spin = QDoubleSpinBox(self)
        self.hours_spin.setRange(1, 60)
        self.hours_spin.setDecimals(0)
        self.hours_spin.setValue(6)
        self.hours_spin.setSuffix(" h a week")
        self.currency_combo = QComboBox(self)
        self.currency_combo.setEditable(True)
        self.currency_combo.addItems(list(dict.fromkeys([wizard.currency, *COMMON_CURRENCIES])))
        self.currency_combo.setCurrentText(wizard.currency)
        self.currency_combo.setToolTip("Three-letter code (ISO 4217) for every cost in the app")
        self.currency_error = FieldError(self)
        self.page_combo = QComboBox(self)
        self.page_combo.addItems(list(PAGE_SIZES))
        self.page_combo.setCurrentText(wizard.page_size)
        self.page_combo.setToolTip("Paper for the roadmap PDF and printing (Edit → Preferences)")
        form = QFormLayout(self)
        form.setSpacing(SPACING)
        form.addRow("Name", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("Current role", self.role_combo)
        form.addRow("Security career started in", self.start_spin)
        form.addRow("Time for study", self.hours_spin)
        form.addRow(
            "",
            _page_text(
                "Study time sets how long each exam takes to prepare and whether a stage fits.",
                self,
            ),
        )
        form.addRow("Costs in", self.currency_combo)
        form.addRow("", self.currency_error)
        form.addRow("PDF page size", self.page_combo)
        self.name_edit.textChanged.connect(self._on_changed)
        self.currency_combo.editTextChanged.connect(self._on_changed)

    def currency(self) -> str:
        return self.currency_combo.currentText().strip().upper()

    def _currency_error(self) -> str | None:
        code = self.currency()
        if len(code) == 3 and code.isalpha():
            return None
        return "Enter a three-letter currency code such as USD, EUR or GBP."

    def _on_changed(self) -> None:
        self.name_error.show_message(self.error())
        self.currency_error.show_message(self._currency_error())
        self.completeChanged.emit()

    def error(self) -> str | None:
        name = self.name_edit.text().strip()
        if not name:
            return None if not self.name_edit.isModified() else "Enter your name."
        if len(name) > limits.MAX_NAME:
            return f"Keep the name under {limits.MAX_NAME} characters."
        return None

    def isComplete(self) -> bool:
        name = self.name_edit.text().strip()
        return bool(name) and len(name) <= limits.MAX_NAME and self._currency_error() is None


class EducationModel(QStandardItemModel):
    """The degrees added so far (one line each); the answers are kept beside the text."""

    def degrees(self) -> list[EducationAnswer]:
        return [self.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.rowCount())]

    def add(self, degree: EducationAnswer) -> None:
        parts = [LEVEL_LABELS[degree.level]]
        if degree.field:
            parts.append(f"in {degree.field}")
        if degree.it_related:
            parts.append("(IT-related)")
        if degree.completed_year:
            parts.append(f"— {degree.completed_year}")
        item = QStandardItem(" ".join(parts))
        item.setEditable(False)
        item.setData(degree, Qt.ItemDataRole.UserRole)
        self.appendRow(item)


class EducationPage(QWizardPage):
    """Degrees: several may be added; none is fine too."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Education")
        self.setSubTitle(
            "Degrees can shorten the experience a certification asks for. Add each one, or go "
            "on if you have none."
        )
        this_year = wizard.today.year
        self.level_combo = QComboBox(self)
        for level in EDUCATION_LEVELS:
            self.level_combo.addItem(LEVEL_LABELS[level], level)
        self.level_combo.setCurrentIndex(EDUCATION_LEVELS.index("bachelor"))
        self.field_edit = QLineEdit(self)
        self.field_edit.setPlaceholderText("e.g. Computer Science, Criminal Justice")
        self.it_check = QCheckBox("IT-related (computer science, IT, cybersecurity)", self)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1950, this_year + 10)
        self.year_spin.setValue(this_year - 3)
        self.field_error = FieldError(self)
        self.add_button = _button("Add degree", self)
        self.remove_button = _button("Remove", self)
        self.remove_button.setEnabled(False)
        self.model = EducationModel(self)
        self.list_view = QListView(self)
        self.list_view.setModel(self.model)
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

        form = QFormLayout()
        form.setSpacing(SPACING)
        form.addRow("Level", self.level_combo)
        form.addRow("Field", self.field_edit)
        form.addRow("", self.field_error)
        form.addRow("", self.it_check)
        form.addRow("Completed (or expected) in", self.year_spin)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addSpacing(SPACING)
        layout.addWidget(plain_label("Your degrees", self))
        layout.addWidget(self.list_view, 1)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self._on_remove)
        self.list_view.selectionModel().selectionChanged.connect(self._update_remove)
        self.model.rowsRemoved.connect(self._update_remove)

    def add_current(self) -> bool:
        """Add the degree in the form to the list; False (with a message) if it is invalid."""
        field = self.field_edit.text().strip()
        if len(field) > 200:
            self.field_error.show_message("Keep the field under 200 characters.")
            return False
        self.field_error.show_message(None)
        self.model.add(
            EducationAnswer(
                level=str(self.level_combo.currentData()),
                field=field,
                it_related=self.it_check.isChecked(),
                completed_year=self.year_spin.value(),
            )
        )
        self.field_edit.clear()
        self.it_check.setChecked(False)
        return True

    def _update_remove(self, *_args: Any) -> None:
        self.remove_button.setEnabled(self.list_view.selectionModel().hasSelection())

    def _on_remove(self) -> None:
        rows = self.list_view.selectionModel().selectedRows()
        if rows:
            self.model.removeRow(rows[0].row())

    def validatePage(self) -> bool:
        # A degree typed but not added is kept rather than silently dropped.
        if self.field_edit.text().strip():
            return self.add_current()
        return True


class TargetPage(QWizardPage):
    """CSO or CISO, and by when."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Your target")
        self.setSubTitle("The role you are aiming for, and the year you want to be there.")
        this_year = wizard.today.year
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        self.role_buttons: dict[str, QRadioButton] = {}
        for role in ("CSO", "CISO"):
            button = QRadioButton(role, self)
            self.group.addButton(button)
            self.role_buttons[role] = button
            layout.addWidget(button)
            hint = _page_text(TARGET_TEXT[role], self)
            hint.setContentsMargins(SPACING * 3, 0, 0, SPACING)
            layout.addWidget(hint)
        self.role_buttons["CSO"].setChecked(True)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(this_year + 1, this_year + 40)
        self.year_spin.setValue(this_year + 10)
        self.year_note = _page_text("", self)
        form = QFormLayout()
        form.addRow("Target year", self.year_spin)
        layout.addSpacing(SPACING)
        layout.addLayout(form)
        layout.addWidget(self.year_note)
        layout.addStretch(1)
        self.year_spin.valueChanged.connect(self._update_note)
        self.group.buttonToggled.connect(self._update_note)

    def initializePage(self) -> None:
        self._update_note()

    def target_role(self) -> str:
        return "CISO" if self.role_buttons["CISO"].isChecked() else "CSO"

    def _update_note(self, *_args: Any) -> None:
        years = self.year_spin.value() - self._wizard.you_page.start_spin.value()
        self.year_note.setText(
            f"That is {years} years after your security career started. The role ladder "
            "suggests 10 or more years, much of it in security management, before a "
            f"{self.target_role()} role."
        )


class TrackPage(QWizardPage):
    """Technical, corporate/physical or executive: which certifications the plan follows."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Your track")
        self.setSubTitle("Which road to the top suits you? The plan's certifications follow it.")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        for track in TRACKS:
            button = QRadioButton(TRACK_TITLES[track], self)
            self.group.addButton(button)
            self.buttons[track] = button
            layout.addWidget(button)
            hint = _page_text(TRACK_EXPLANATIONS[track], self)
            hint.setContentsMargins(SPACING * 3, 0, 0, SPACING)
            layout.addWidget(hint)
        self.buttons["technical"].setChecked(True)
        layout.addStretch(1)
        self.chosen = False  # True once the person picked a track themselves
        self._wizard = wizard
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())
        self.group.buttonClicked.connect(self._on_clicked)

    def _on_clicked(self, *_args: Any) -> None:
        self.chosen = True

    def initializePage(self) -> None:
        if not self.chosen:  # CSO suggests the corporate track, CISO the technical one
            self.buttons[TRACK_FOR_TARGET[self._wizard.target_page.target_role()]].setChecked(True)

    def track(self) -> str:
        return next((t for t, b in self.buttons.items() if b.isChecked()), "")

    def isComplete(self) -> bool:
        return bool(self.track())


class EarnedModel(QAbstractTableModel):
    """Catalog certifications: check the ones already earned and give the year."""

    CERT, YEAR = 0, 1

    def __init__(self, rows: list[tuple[str, str]], default_year: int, max_year: int) -> None:
        super().__init__()
        self._rows = rows
        self._checked: dict[str, bool] = {}
        self._years: dict[str, int] = {}
        self._default_year = default_year
        self._max_year = max_year

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Certification", "Year earned")[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        code = self._rows[index.row()][0]
        if index.column() == self.CERT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if self._checked.get(code):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        code, name = self._rows[index.row()]
        checked = self._checked.get(code, False)
        if index.column() == self.CERT:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{code} — {name}"
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole) and checked:
            return self._years.get(code, self._default_year)
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 2
    ) -> bool:
        if not index.isValid():
            return False
        code = self._rows[index.row()][0]
        if index.column() == self.CERT and role == Qt.ItemDataRole.CheckStateRole:
            state = value.value if isinstance(value, Qt.CheckState) else int(value)
            self._checked[code] = state == Qt.CheckState.Checked.value
            self.dataChanged.emit(
                self.index(index.row(), self.CERT), self.index(index.row(), self.YEAR)
            )
            return True
        if index.column() == self.YEAR and role == Qt.ItemDataRole.EditRole:
            try:
                year = int(value)
            except (TypeError, ValueError):
                return False
            if not 1980 <= year <= self._max_year:
                return False
            self._years[code] = year
            self.dataChanged.emit(index, index)
            return True
        return False

    def set_earned(self, code: str, year: int) -> None:
        """Check ``code`` and set its year (what a user does with two clicks)."""
        row = next(r for r, (c, _name) in enumerate(self._rows) if c == code)
        self.setData(
            self.index(row, self.CERT), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
        )
        self.setData(self.index(row, self.YEAR), year, Qt.ItemDataRole.EditRole)

    def earned(self) -> list[EarnedCertification]:
        return [
            EarnedCertification(code, self._years.get(code, self._default_year))
            for code, _name in self._rows
            if self._checked.get(code)
        ]


class CertificationsPage(QWizardPage):
    """Certifications already earned, with the year."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Certifications you hold")
        self.setSubTitle(
            "Tick the ones you have earned and set the year (double-click it). The plan skips "
            "them, and some shorten the experience other certifications ask for."
        )
        self.model = EarnedModel(wizard.catalog_rows, wizard.today.year - 1, wizard.today.year)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)


class SummaryPage(QWizardPage):
    """The plan the answers make, every item of it, before anything is written; a warning
    (with a later target year that fits) when a stage holds more study than its dates allow."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Your plan")
        self.setSubTitle("This is the roadmap Finish creates. You can edit all of it later.")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.pace_warning = plain_label("", self)
        self.pace_warning.setWordWrap(True)
        self.pace_warning.setObjectName("paceWarning")
        palette = self.pace_warning.palette()
        palette.setColor(palette.ColorRole.WindowText, status_qcolor("overdue", palette))
        self.pace_warning.setPalette(palette)
        self.later_button = _button("", self)
        self.later_button.clicked.connect(self._use_later_year)
        self.hours_button = _button("", self)
        self.hours_button.clicked.connect(self._use_more_hours)
        offers = QVBoxLayout()
        offers.addWidget(self.later_button)
        offers.addWidget(self.hours_button)
        offers.addStretch(1)
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.pace_warning, 1)
        warning_row.addLayout(offers)
        self.error = FieldError(self)
        layout = QVBoxLayout(self)
        layout.addLayout(warning_row)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        self.template: PlanTemplate | None = None
        self.later_year: int | None = None
        self.fitting_hours: int | None = None
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.error.show_message(None)
        try:
            self.template = self._wizard.preview()
        except Exception as exc:
            self.template = None
            self.text.setPlainText("")
            self._show_pace("", None, None)
            self.error.show_message(f"The plan could not be drafted: {exc}")
        else:
            self.text.setPlainText(summary_text(self.template, self._wizard.you_page.currency()))
            self._check_pace(self.template)
        self.completeChanged.emit()

    def _check_pace(self, template: PlanTemplate) -> None:
        answers = self._wizard.answers()
        problems = over_pace(template, answers.weekly_study_hours)
        if not problems:
            self._show_pace("", None, None)
            return
        lines = [
            f"{stage.role} ({format_date(stage.start)} – {format_date(stage.end)}) holds "
            f"{pace.planned_hours:,.0f} study hours: at {answers.weekly_study_hours:g} h a week "
            f"that takes {pace.weeks_needed} weeks, and the stage has "
            f"{pace.weeks_available or 0:.0f}."
            for stage, pace in problems
        ]
        later = first_fitting_year(answers, self._wizard.build, self._wizard.today.year + 40)
        hours = weekly_hours_that_fit(template)
        if hours is not None and not 0 < hours <= self._wizard.you_page.hours_spin.maximum():
            hours = None
        offers = []
        if later is not None:
            offers.append(f"with {later} as the target year")
        if hours is not None:
            offers.append(f"at {hours} h of study a week")
        if offers:
            lines.append(f"Every stage fits {' or '.join(offers)}.")
        else:
            lines.append("Fewer items, or more time for study, would make it fit.")
        self._show_pace("This plan does not fit your study time. " + " ".join(lines), later, hours)

    def _show_pace(self, text: str, later: int | None, hours: int | None) -> None:
        self.later_year, self.fitting_hours = later, hours
        self.pace_warning.setText(text)
        self.pace_warning.setVisible(bool(text))
        self.later_button.setText(f"Use {later}" if later else "")
        self.later_button.setVisible(later is not None)
        self.hours_button.setText(f"Use {hours} h a week" if hours else "")
        self.hours_button.setVisible(hours is not None)

    def _use_later_year(self) -> None:
        if self.later_year is not None:
            self._wizard.target_page.year_spin.setValue(self.later_year)
            self.initializePage()

    def _use_more_hours(self) -> None:
        if self.fitting_hours is not None:
            self._wizard.you_page.hours_spin.setValue(self.fitting_hours)
            self.initializePage()

    def isComplete(self) -> bool:
        return self.template is not None


KIND_WORDS = {
    "certification": "exam",
    "course": "course",
    "experience": "milestone",
    "education": "education",
    "skill": "skill",
}


def summary_text(template: PlanTemplate, currency: str = "USD") -> str:
    """The whole plan, one line per item (plain text: user strings are shown literally)."""
    lines = [
        template.name,
        f"Target: {template.target_role} from {format_date(template.target_date)}",
        f"{len(template.stages)} stages · {len(template.items)} items · "
        f"about {template.total_hours:,.0f} study hours · exam fees about "
        f"{format_money(template.exam_fees, home=currency)} (catalog, estimated)",
        "",
    ]
    for stage in template.stages:
        lines.append(f"{stage.role}   {format_date(stage.start)} – {format_date(stage.end)}")
        for item in stage.items:
            when = f" — {format_date(item.due)}" if item.due else ""
            hours = f", {item.hours:,.0f} h" if item.hours else ""
            lines.append(
                f"    • {item.title}{when} ({KIND_WORDS.get(item.kind, item.kind)}{hours})"
            )
        lines.append("")
    if template.warnings:
        lines += template.warnings
    return "\n".join(lines).rstrip() + "\n"


def _stored_answers(session: Session) -> tuple[Profile | None, list[EducationAnswer], list[str]]:
    """The profile, its degrees and the earned certifications already in the file."""
    person = session.scalar(select(Profile).order_by(Profile.id).limit(1))
    degrees = [
        EducationAnswer(
            e.level, e.field or "", e.it_related, e.completed_on.year if e.completed_on else None
        )
        for e in session.scalars(select(Education).order_by(Education.id))
        if e.level in EDUCATION_LEVELS
    ]
    earned = [
        h.cert_code
        for h in session.scalars(select(HeldCertification))
        if h.status == "earned" and h.earned_on is not None
    ]
    return person, degrees, earned


class FirstRunWizard(QWizard):
    """Asks the first-run questions and, on Finish, writes the plan in one transaction.

    With ``from_template=True`` (Tools → New plan from a template…, any file) it asks only
    about the target and the track, takes the profile, degrees and certifications from the
    file, and writes the plan alone.

    Return is Next/Finish on every page; Esc (or Cancel, or closing) asks before throwing the
    answers away.
    """

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
        from_template: bool = False,
        page_size: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self.today = today or dt.date.today()
        self.from_template = from_template
        self.skipped = False
        self.ask_before_discarding = True
        self.created_plan_id: int | None = None
        self.currency = locale_currency()
        self.page_size = page_size if page_size in PAGE_SIZES else locale_page_name()
        self.ladder_roles = [short_role(r.role) for r in load_bundled_catalog().roles]
        self._inputs: dict[str, Any] | None = None
        self._stored_degrees: list[EducationAnswer] = []
        self._stored_earned: list[EarnedCertification] = []
        with session_factory() as session:
            certs = session.scalars(select(Certification)).all()
            self.catalog_rows = [
                (c.code, c.name)
                for c in sorted(certs, key=lambda c: (CERT_LEVEL_ORDER.get(c.level, 9), c.code))
            ]
            person, degrees, earned_codes = _stored_answers(session)
            held = {
                h.cert_code: h
                for h in session.scalars(select(HeldCertification))
                if h.cert_code in earned_codes
            }
            self._stored_degrees = degrees
            self._stored_earned = [
                EarnedCertification(code, min(h.earned_on.year, self.today.year))
                for code, h in held.items()
                if h.earned_on is not None
            ]
            if person is not None and person.currency:
                self.currency = person.currency
        self.setWindowTitle("New plan from a template" if from_template else "Set up CSO Planner")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 560)
        self.welcome_page = WelcomePage(self)
        self.you_page = YouPage(self)
        self.education_page = EducationPage(self)
        self.target_page = TargetPage(self)
        self.track_page = TrackPage(self)
        self.certifications_page = CertificationsPage(self)
        self.summary_page = SummaryPage(self)
        pages: list[QWizardPage] = [
            self.welcome_page,
            self.you_page,
            self.education_page,
            self.target_page,
            self.track_page,
            self.certifications_page,
            self.summary_page,
        ]
        if from_template:
            pages = [self.you_page, self.target_page, self.track_page, self.summary_page]
            for hidden in (self.welcome_page, self.education_page, self.certifications_page):
                hidden.hide()
            if person is not None:
                self._fill_from(person)
        for page in pages:
            self.addPage(page)

    def _fill_from(self, person: Profile) -> None:
        you = self.you_page
        you.name_edit.setText(person.name)
        if person.current_role:
            you.role_combo.setCurrentText(short_role(person.current_role))
            if you.role_combo.currentText() != short_role(person.current_role):
                you.role_combo.addItem(person.current_role)
                you.role_combo.setCurrentText(person.current_role)
        if person.career_start_year:
            you.start_spin.setValue(person.career_start_year)
        if person.weekly_study_hours:
            you.hours_spin.setValue(person.weekly_study_hours)
        if person.target_role in ("CSO", "CISO"):
            self.target_page.role_buttons[person.target_role].setChecked(True)

    def answers(self) -> WizardAnswers:
        if self.from_template:
            education = tuple(self._stored_degrees)
            earned = tuple(self._stored_earned)
        else:
            education = tuple(self.education_page.model.degrees())
            earned = tuple(self.certifications_page.model.earned())
        return WizardAnswers(
            name=self.you_page.name_edit.text().strip(),
            current_role=self.you_page.role_combo.currentText(),
            career_start_year=self.you_page.start_spin.value(),
            target_year=self.target_page.year_spin.value(),
            target_role=self.target_page.target_role(),
            track=self.track_page.track(),
            education=education,
            earned=earned,
            weekly_study_hours=self.you_page.hours_spin.value(),
            currency=self.you_page.currency(),
        )

    def validation_errors(self) -> dict[str, str]:
        return validate_answers(self.answers(), self.today, [c for c, _n in self.catalog_rows])

    def build(self, answers: WizardAnswers) -> PlanTemplate:
        """The plan ``answers`` make (the database is read once per wizard)."""
        if self._inputs is None:
            with self.session_factory() as session:
                self._inputs = template_inputs(session)
        return build_template(answers, self.today, **self._inputs)

    def preview(self) -> PlanTemplate:
        return self.build(self.answers())

    def skip(self) -> None:
        """Close without writing anything (the user starts with an empty roadmap)."""
        self.skipped = True
        self.reject()

    def has_answers(self) -> bool:
        """True once the person went past the first page (there is something to lose)."""
        start = self.you_page if self.from_template else self.welcome_page
        return self.currentPage() is not start or self.from_template

    def ask_discard(self) -> bool:
        """Esc, Cancel or closing: True when the answers may be thrown away."""
        return confirm(
            self,
            "Discard your answers?",
            "Close the wizard and throw away the answers you gave? Nothing has been saved.",
            "Discard",
        )

    def reject(self) -> None:
        asks = self.ask_before_discarding and not self.skipped and self.has_answers()
        if asks and not self.ask_discard():
            return
        super().reject()

    def accept(self) -> None:
        """Write everything in one transaction; on failure stay open with the message."""
        try:
            with self.session_factory.begin() as session:
                result = generate_plan(
                    session, self.answers(), self.today, plan_only=self.from_template
                )
        except Exception as exc:
            self.summary_page.error.show_message(f"Nothing was saved: {exc}")
            return
        self.created_plan_id = result.plan_id
        self.page_size = self.you_page.page_combo.currentText()
        super().accept()


@dataclasses.dataclass(frozen=True)
class WizardOutcome:
    """What the wizard wrote: the new plan's id, and the page size chosen for the PDF."""

    plan_id: int
    page_size: str


def run_first_run_wizard(
    parent: QWidget | None,
    session_factory: sessionmaker[Session],
    *,
    from_template: bool = False,
    page_size: str | None = None,
) -> WizardOutcome | None:
    """Show the wizard modally; the outcome when a plan was written, None when skipped or
    cancelled."""
    wizard = FirstRunWizard(
        session_factory, parent, from_template=from_template, page_size=page_size
    )
    try:
        wizard.exec()
        if wizard.created_plan_id is None:
            return None
        return WizardOutcome(wizard.created_plan_id, wizard.page_size)
    finally:
        wizard.deleteLater()
