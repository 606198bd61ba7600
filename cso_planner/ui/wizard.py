"""The first-run wizard: a few answers in, a dated plan to CSO or CISO out.

Nothing is written until Finish; then the profile, degrees, earned certifications and the plan
are created in one transaction (:func:`cso_planner.services.plan_template.generate_plan`). If
that fails the wizard stays open with the message, so no answer is lost.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
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

from cso_planner.catalog import load_bundled_catalog
from cso_planner.db.models import EDUCATION_LEVELS, Certification
from cso_planner.money import format_money
from cso_planner.services.plan_template import (
    TRACK_EXPLANATIONS,
    TRACK_TITLES,
    TRACKS,
    EarnedCertification,
    EducationAnswer,
    PlanTemplate,
    WizardAnswers,
    generate_plan,
    preview_plan,
    short_role,
    validate_answers,
)
from cso_planner.ui.style import SPACING, format_date
from cso_planner.ui.widgets import FieldError, plain_label

LEVEL_LABELS = {
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}
CERT_LEVEL_ORDER = {"entry": 0, "intermediate": 1, "advanced": 2, "executive": 3}
TARGET_TEXT = {
    "CSO": "Chief Security Officer — owns converged physical and digital security; a CISO may "
    "report to the CSO.",
    "CISO": "Chief Information Security Officer — owns information security and cyber risk.",
}


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
            "  1.  your name, current role and when your security career started\n"
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
        self.skip_button = QPushButton("Skip — start empty", self)
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
        self.name_edit.textChanged.connect(self._on_changed)

    def _on_changed(self) -> None:
        self.name_error.show_message(self.error())
        self.completeChanged.emit()

    def error(self) -> str | None:
        name = self.name_edit.text().strip()
        if not name:
            return None if not self.name_edit.isModified() else "Enter your name."
        if len(name) > 200:
            return "Keep the name under 200 characters."
        return None

    def isComplete(self) -> bool:
        name = self.name_edit.text().strip()
        return bool(name) and len(name) <= 200


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
        self.add_button = QPushButton("Add degree", self)
        self.remove_button = QPushButton("Remove", self)
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

    def _on_remove(self) -> None:
        index = self.list_view.currentIndex()
        if index.isValid():
            self.model.removeRow(index.row())

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
        self.group.buttonToggled.connect(lambda *_: self.completeChanged.emit())

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
    """The plan the answers make, before anything is written."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Your plan")
        self.setSubTitle("This is the roadmap Finish creates. You can edit all of it later.")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.error = FieldError(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        self.template: PlanTemplate | None = None
        self.setFinalPage(True)

    def initializePage(self) -> None:
        self.error.show_message(None)
        try:
            self.template = self._wizard.preview()
        except Exception as exc:
            self.template = None
            self.text.setPlainText("")
            self.error.show_message(f"The plan could not be drafted: {exc}")
        else:
            self.text.setPlainText(summary_text(self.template, self._wizard.currency))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.template is not None


def summary_text(template: PlanTemplate, currency: str = "USD") -> str:
    """The plan as a few readable lines (plain text: user strings are shown literally)."""
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
            if item.kind == "certification":
                lines.append(f"    • {item.title} by {format_date(item.due)}")
        others = sum(1 for i in stage.items if i.kind != "certification")
        if others:
            noun = "item" if others == 1 else "items"
            lines.append(f"    + {others} more {noun}: courses, skills, milestones")
    if template.warnings:
        lines += ["", *template.warnings]
    return "\n".join(lines)


class FirstRunWizard(QWizard):
    """Asks the first-run questions and, on Finish, writes the plan in one transaction."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_factory = session_factory
        self.today = today or dt.date.today()
        self.skipped = False
        self.created_plan_id: int | None = None
        self.currency = "USD"
        self.ladder_roles = [short_role(r.role) for r in load_bundled_catalog().roles]
        with session_factory() as session:
            certs = session.scalars(select(Certification)).all()
            self.catalog_rows = [
                (c.code, c.name)
                for c in sorted(certs, key=lambda c: (CERT_LEVEL_ORDER.get(c.level, 9), c.code))
            ]
        self.setWindowTitle("Set up CSO Planner")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(640, 520)
        self.welcome_page = WelcomePage(self)
        self.you_page = YouPage(self)
        self.education_page = EducationPage(self)
        self.target_page = TargetPage(self)
        self.track_page = TrackPage(self)
        self.certifications_page = CertificationsPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.welcome_page,
            self.you_page,
            self.education_page,
            self.target_page,
            self.track_page,
            self.certifications_page,
            self.summary_page,
        ):
            self.addPage(page)

    def answers(self) -> WizardAnswers:
        return WizardAnswers(
            name=self.you_page.name_edit.text().strip(),
            current_role=self.you_page.role_combo.currentText(),
            career_start_year=self.you_page.start_spin.value(),
            target_year=self.target_page.year_spin.value(),
            target_role=self.target_page.target_role(),
            track=self.track_page.track(),
            education=tuple(self.education_page.model.degrees()),
            earned=tuple(self.certifications_page.model.earned()),
            weekly_study_hours=self.you_page.hours_spin.value(),
        )

    def validation_errors(self) -> dict[str, str]:
        return validate_answers(self.answers(), self.today, [c for c, _n in self.catalog_rows])

    def preview(self) -> PlanTemplate:
        with self.session_factory() as session:
            return preview_plan(session, self.answers(), self.today)

    def skip(self) -> None:
        """Close without writing anything (the user starts with an empty roadmap)."""
        self.skipped = True
        self.reject()

    def accept(self) -> None:
        """Write everything in one transaction; on failure stay open with the message."""
        try:
            with self.session_factory.begin() as session:
                result = generate_plan(session, self.answers(), self.today)
        except Exception as exc:
            self.summary_page.error.show_message(f"Nothing was saved: {exc}")
            return
        self.created_plan_id = result.plan_id
        super().accept()


def run_first_run_wizard(parent: QWidget | None, session_factory: sessionmaker[Session]) -> bool:
    """Show the wizard modally; True when a plan was created, False when skipped or cancelled."""
    wizard = FirstRunWizard(session_factory, parent)
    try:
        wizard.exec()
        return wizard.created_plan_id is not None
    finally:
        wizard.deleteLater()
