"""What-if: "if I add this job / earn this certification / finish this degree, when am I
eligible for X?" — answered by the engine on a copy of the facts; nothing is saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import EDUCATION_LEVELS, ExamDomain
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.inputs import Degree, ExperienceSpan, Facts
from cso_planner.eligibility.rules import RuleVersion
from cso_planner.eligibility.whatif import Scenario, earned, what_if
from cso_planner.services.facts import load_facts, load_rules
from cso_planner.ui.date_field import DateField
from cso_planner.ui.dialogs.form import on_any_edit
from cso_planner.ui.screens.certifications_detail import eligibility_sentence
from cso_planner.ui.store import PlannerStore
from cso_planner.ui.style import SPACING
from cso_planner.ui.widgets import plain_label

KINDS = (("job", "Add a job"), ("cert", "Earn a certification"), ("degree", "Finish a degree"))


@dataclasses.dataclass(frozen=True)
class WhatIfInputs:
    facts: Facts
    rules: list[RuleVersion]
    domains: dict[str, tuple[str, ...]]


def _inputs(session: Session) -> WhatIfInputs:
    domains: dict[str, list[str]] = {}
    for code, name in session.execute(
        select(ExamDomain.cert_code, ExamDomain.name).order_by(ExamDomain.position)
    ):
        domains.setdefault(code, []).append(name)
    return WhatIfInputs(
        load_facts(session, cpe=False),
        load_rules(session),
        {k: tuple(v) for k, v in domains.items()},
    )


class WhatIfPanel(QWidget):
    """The what-if form and its answer.

    Signals:
        computed(str): an answer was computed (its text).
    """

    computed = Signal(str)

    def __init__(self, store: PlannerStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.last_answer: EligibilityAnswer | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING)
        intro = plain_label(
            "Try a change without saving it: when would you be eligible for a certification?",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.target = QComboBox(self)
        self.kind = QComboBox(self)
        for key, text in KINDS:
            self.kind.addItem(text, key)
        form.addRow("Eligible for", self.target)
        form.addRow("If I", self.kind)
        layout.addLayout(form)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._job_page())
        self.pages.addWidget(self._cert_page())
        self.pages.addWidget(self._degree_page())
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        layout.addWidget(self.pages)
        self.compute_button = QPushButton("When would I be eligible?", self)
        self.compute_button.clicked.connect(self._on_compute_clicked)
        layout.addWidget(self.compute_button)
        self.result_box = QGroupBox("Answer (nothing saved)", self)
        result = QVBoxLayout(self.result_box)
        self.today_label = plain_label("", self.result_box)
        self.result_label = plain_label("", self.result_box)
        self.detail_label = plain_label("", self.result_box)
        for label in (self.today_label, self.result_label, self.detail_label):
            label.setWordWrap(True)
            result.addWidget(label)
        bold = self.result_label.font()
        bold.setBold(True)
        self.result_label.setFont(bold)
        self.result_box.hide()
        layout.addWidget(self.result_box)
        layout.addStretch(1)
        # An answer belongs to its question: change the question and the old answer goes.
        for part in (self.target, self.kind, self.pages):
            on_any_edit(part, self._on_question_changed)

    def _on_question_changed(self) -> None:
        if self.result_box.isHidden():
            return
        self.result_box.hide()
        self.last_answer = None
        self.compute_button.setFocus()

    def _job_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.job_start = DateField(page, optional=True)
        self.job_start.set_value(dt.date.today())
        self.job_end = DateField(page, optional=True, empty_text="Ongoing")
        self.job_hours = QDoubleSpinBox(page)
        self.job_hours.setRange(1, 80)
        self.job_hours.setValue(40)
        self.job_hours.setSuffix(" h/week")
        self.job_management = QCheckBox("A management role", page)
        self.job_management.setChecked(True)
        self.job_domains = QCheckBox("Covers every exam domain of that certification", page)
        self.job_domains.setChecked(True)
        form.addRow("Start", self.job_start)
        form.addRow("End (empty: ongoing)", self.job_end)
        form.addRow("Hours", self.job_hours)
        form.addRow("", self.job_management)
        form.addRow("", self.job_domains)
        return page

    def _cert_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.cert_code = QComboBox(page)
        self.cert_date = DateField(page, optional=True)
        today = dt.date.today()
        self.cert_date.set_value(today.replace(year=today.year + 1, day=min(today.day, 28)))
        form.addRow("Certification", self.cert_code)
        form.addRow("Earned", self.cert_date)
        return page

    def _degree_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.degree_level = QComboBox(page)
        for level in EDUCATION_LEVELS:
            self.degree_level.addItem(
                f"{level.capitalize()}'s degree".replace("Doctorate's", "Doctorate"), level
            )
        self.degree_level.setCurrentIndex(EDUCATION_LEVELS.index("master"))
        self.degree_it = QCheckBox("In security, IT or computer science", page)
        self.degree_it.setChecked(True)
        self.degree_date = DateField(page, optional=True)
        today = dt.date.today()
        self.degree_date.set_value(today.replace(year=today.year + 2, day=min(today.day, 28)))
        form.addRow("Degree", self.degree_level)
        form.addRow("", self.degree_it)
        form.addRow("Completed", self.degree_date)
        return page

    def set_choices(self, codes: Sequence[tuple[str, str]], target: str | None = None) -> None:
        """Certifications to ask about (those with an experience rule) and to add as earned."""
        for combo in (self.target, self.cert_code):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for code, name in codes:
                combo.addItem(f"{code} — {name}", code)
            wanted = target if combo is self.target and target else current
            index = combo.findData(wanted)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def set_target(self, code: str) -> None:
        index = self.target.findData(code)
        if index >= 0:
            self.target.setCurrentIndex(index)

    def scenario(self, domains: dict[str, tuple[str, ...]]) -> Scenario:
        """The hypothetical change the form describes."""
        kind = self.kind.currentData()
        target = str(self.target.currentData() or "")
        if kind == "job":
            start = self.job_start.value() or dt.date.today()
            tags = (
                {target: frozenset(domains.get(target, ()))} if self.job_domains.isChecked() else {}
            )
            job = ExperienceSpan(
                start=start,
                end=self.job_end.value(),
                hours_per_week=self.job_hours.value(),
                paid=True,
                management=self.job_management.isChecked(),
                domains=tags,
            )
            return Scenario(jobs=(job,))
        if kind == "cert":
            code = str(self.cert_code.currentData() or "")
            return Scenario(
                certifications=(earned(code, self.cert_date.value() or dt.date.today()),)
            )
        degree = Degree(
            level=str(self.degree_level.currentData()),
            field="what-if",
            it_related=self.degree_it.isChecked(),
            completed_on=self.degree_date.value() or dt.date.today(),
        )
        return Scenario(degrees=(degree,))

    def _on_compute_clicked(self) -> None:
        self.compute()

    def compute(self, today: dt.date | None = None) -> EligibilityAnswer | None:
        """Answer the question on a copy of the facts (a read-only session; nothing saved)."""
        today = today or dt.date.today()
        target = str(self.target.currentData() or "")
        inputs = self.store.read(_inputs)
        scenario = self.scenario(inputs.domains)
        before = _pick(what_if(inputs.facts, inputs.rules, today, Scenario()), target)
        after = _pick(what_if(inputs.facts, inputs.rules, today, scenario), target)
        self.last_answer = after
        self.result_box.show()
        if after is None:
            self.today_label.setText("")
            self.result_label.setText(f"{target} has no experience rule to check.")
            self.detail_label.setText("")
        else:
            now = eligibility_sentence(before) if before else "unknown"
            self.today_label.setText(f"Today: {target} — {now[0].lower()}{now[1:]}")
            sentence = eligibility_sentence(after)
            self.result_label.setText(
                f"With this change: {target} — {sentence[0].lower()}{sentence[1:]}"
            )
            missing = "\n".join(f"• {line}" for line in after.missing)
            self.detail_label.setText(f"Still missing today:\n{missing}" if missing else "")
        self.computed.emit(self.result_label.text())
        return after


def _pick(answers: Sequence[EligibilityAnswer], code: str) -> EligibilityAnswer | None:
    return next((a for a in answers if a.code == code), None)
