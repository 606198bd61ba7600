"""The pane beside the certifications table: eligibility and renewal state of one certification,
each with the rule's source and as-of date one click away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cso_planner.dates import format_date, format_month
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.lifecycle import Lifecycle
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.money import Money, format_money
from cso_planner.services.certifications import HeldRow, status_word
from cso_planner.services.claims import ClaimTotal
from cso_planner.ui.charts.bars import MeterBar
from cso_planner.ui.style import SPACING, format_number
from cso_planner.ui.widgets import plain_label

SAFE_SCHEMES = ("http", "https")


class SourceDialog(QDialog):
    """The sources of a rule as plain text; a URL opens only when the user asks for it."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        sources: Sequence[str],
        as_of: str,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Researched on {as_of}. {note}".strip(), self))
        self.list = QListWidget(self)
        self.list.addItems(list(sources))  # QListWidget items are plain text
        self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.open_button = buttons.addButton(
            "Open in browser", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self._on_open_clicked)
        self.open_button.setEnabled(bool(sources))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_open_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        url = QUrl(item.text().strip())
        if url.isValid() and url.scheme() in SAFE_SCHEMES:
            QDesktopServices.openUrl(url)


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QVBoxLayout]:
    box = QGroupBox(title, parent)
    # Never taller than the content: extra height goes to the stretch at the bottom.
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    layout = QVBoxLayout(box)
    layout.setSpacing(SPACING // 2)
    return box, layout


class WrapLabel(QLabel):
    """A plain-text, word-wrapped label whose height hint follows its real width.

    QLabel's own hint guesses a width, so in a scroll area a wrapped label asks for lines it
    does not need and the pane shows gaps; this one asks for what it needs at its width.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._last_width = -1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() > 0:
            hint.setHeight(self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._last_width:
            self._last_width = event.size().width()
            self.updateGeometry()


def _wrapping(parent: QWidget) -> QLabel:
    label = WrapLabel(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return label


class CertificationDetail(QScrollArea):
    """Shows one certification: its status, eligibility answer and renewal forecast."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setSpacing(SPACING)
        self.title = plain_label("", body)
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = _wrapping(body)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        self.eligibility_box, elig = _group("Eligibility", body)
        self.elig_summary = _wrapping(body)
        bold = QFont(self.font())
        bold.setBold(True)
        self.elig_summary.setFont(bold)
        self.elig_years = _wrapping(body)
        self.elig_missing = _wrapping(body)
        self.elig_rule = _wrapping(body)
        self.elig_source = QPushButton("Source…", body)
        self.elig_source.setToolTip("Where this rule comes from and when it was checked")
        self.elig_source.clicked.connect(self._on_elig_source_clicked)
        for widget in (self.elig_summary, self.elig_years, self.elig_missing, self.elig_rule):
            elig.addWidget(widget)
        elig.addLayout(_left(self.elig_source))
        layout.addWidget(self.eligibility_box)

        self.renewal_box, ren = _group("Renewal", body)
        self.cycle = _wrapping(body)
        self.cpe_bar = MeterBar(body)
        self.pace = _wrapping(body)
        self.submitted = _wrapping(body)
        self.fee = _wrapping(body)
        self.endorsement = _wrapping(body)
        self.warnings = _wrapping(body)
        self.renewal_source = QPushButton("Source…", body)
        self.renewal_source.clicked.connect(self._on_renewal_source_clicked)
        ren.addWidget(self.cycle)
        ren.addWidget(self.cpe_bar)
        for widget in (self.pace, self.submitted, self.fee, self.endorsement, self.warnings):
            ren.addWidget(widget)
        ren.addLayout(_left(self.renewal_source))
        layout.addWidget(self.renewal_box)

        self.notes_box, notes = _group("Notes", body)
        self.notes = _wrapping(body)
        notes.addWidget(self.notes)
        layout.addWidget(self.notes_box)
        layout.addStretch(1)
        self.setWidget(body)
        self._eligibility: EligibilityAnswer | None = None
        self._renewal: RenewalAnswer | None = None
        self.show_row(None, None, None)

    def show_row(
        self,
        row: HeldRow | None,
        eligibility: EligibilityAnswer | None,
        renewal: RenewalAnswer | None,
        claims: ClaimTotal | None = None,
        life: Lifecycle | None = None,
    ) -> None:
        """Fill the pane for ``row`` (None: a hint to pick a certification); ``claims``: its
        credits earned vs submitted to the issuer this cycle; a held one (``life``) reads its
        lifecycle instead of an eligibility."""
        self._eligibility, self._renewal = eligibility, renewal
        if row is None:
            self.title.setText("Pick a certification")
            self.subtitle.setText(
                "Select a row to see when you are eligible, what is missing, and, once earned, "
                "how its CPE cycle is going."
            )
            for box in (self.eligibility_box, self.renewal_box, self.notes_box):
                box.hide()
            return
        self.title.setText(f"{row.cert_code} — {row.name}")
        parts = [row.issuer, row.level, status_word(row.status)]
        if row.draft.credential_id:
            parts.append(f"credential {row.draft.credential_id}")
        self.subtitle.setText(" · ".join(p for p in parts if p))
        if life is not None:
            self._fill_held(life)
        else:
            self._fill_eligibility(eligibility)
        self._fill_renewal(renewal)
        self.submitted.setText(submitted_sentence(claims) if claims else "")
        self.submitted.setVisible(claims is not None)
        self.notes.setText(row.draft.notes)
        self.notes_box.setVisible(bool(row.draft.notes.strip()))
        body = self.widget()
        layout = body.layout() if body is not None else None
        if layout is not None:
            layout.invalidate()
            layout.activate()

    def _fill_held(self, life: Lifecycle) -> None:
        """A held certification: "Held since …; expires …" or what to do now, no eligibility."""
        self.eligibility_box.show()
        self.elig_summary.setText(life.headline())
        for label in (self.elig_years, self.elig_missing, self.elig_rule):
            label.setText("")
            label.hide()
        self.elig_source.hide()

    def _fill_eligibility(self, answer: EligibilityAnswer | None) -> None:
        self.eligibility_box.show()
        labels = (self.elig_summary, self.elig_years, self.elig_missing, self.elig_rule)
        if answer is None:
            self.elig_summary.setText("No experience requirement is recorded for this one.")
            for label in labels[1:]:
                label.setText("")
                label.hide()
            self.elig_source.hide()
            return
        for label in labels[1:]:
            label.show()
        self.elig_source.show()
        self.elig_summary.setText(eligibility_sentence(answer))
        have = format_number(round(answer.qualifying_years, 1))
        years = f"{have} of {format_number(answer.required_years)} years counted"
        if answer.waiver_years:
            years += f"; {format_number(answer.waiver_years)} waived ({', '.join(answer.waiver)})"
        if answer.management_years is not None:
            years += f"; {format_number(round(answer.management_years, 1))} in management"
        self.elig_years.setText(years)
        missing = [f"• {line}" for line in answer.missing] + [f"• {c}" for c in answer.caveats]
        self.elig_missing.setText("\n".join(missing))
        self.elig_missing.setVisible(bool(missing))
        edited = " (your correction)" if answer.user_edited else ""
        self.elig_rule.setText(f"Rule {answer.rule_key}{edited}, as of {format_date(answer.as_of)}")

    def _fill_renewal(self, answer: RenewalAnswer | None) -> None:
        self.renewal_box.setVisible(answer is not None)
        if answer is None:
            return
        if answer.cycle_start and answer.cycle_end:
            self.cycle.setText(
                f"Cycle {format_date(answer.cycle_start)} – {format_date(answer.cycle_end)} "
                f"({answer.cycle_basis})"
            )
        else:
            self.cycle.setText(answer.status.capitalize())
        state = renewal_state(answer)
        self.cpe_bar.set_data(
            "CPE this cycle",
            answer.cpe_earned,
            answer.cpe_required,
            f"{format_number(answer.cpe_earned)} of {format_number(answer.cpe_required)}",
            state,
        )
        self.pace.setText(
            f"Pace needed: {format_number(round(answer.credits_per_month, 1))} CPE a month"
            if answer.cpe_remaining > 0
            else "Cycle requirement met"
        )
        self.fee.setText(fee_sentence(answer))
        self.endorsement.setVisible(answer.endorsement_deadline is not None)
        self.endorsement.setText(f"Endorse by {format_date(answer.endorsement_deadline)}")
        self.warnings.setText("\n".join(f"• {w}" for w in answer.warnings))
        self.warnings.setVisible(bool(answer.warnings))

    def _on_elig_source_clicked(self) -> None:
        if self._eligibility is not None:
            a = self._eligibility
            self.open_sources(
                f"{a.code} experience rule",
                a.sources or (a.source,),
                a.as_of,
                a.user_edited,
                a.unverified,
            )

    def _on_renewal_source_clicked(self) -> None:
        if self._renewal is not None:
            r = self._renewal
            self.open_sources(
                f"{r.code} maintenance rule",
                r.sources or (r.source,),
                r.as_of,
                r.user_edited,
                r.unverified,
            )

    def open_sources(
        self,
        title: str,
        sources: Sequence[str],
        as_of: dt.date | str,
        edited: bool,
        unverified: str = "",
    ) -> None:
        notes = ["You corrected this rule locally." if edited else ""]
        notes.append(f"Unverified: {unverified}" if unverified else "")
        note = " ".join(n for n in notes if n)
        day = format_date(as_of) if isinstance(as_of, dt.date) else str(as_of)
        SourceDialog(self, title, [s for s in sources if s], day, note).exec()


def submitted_sentence(total: ClaimTotal) -> str:
    """``Submitted to ISC2: 30 of 42 credits this cycle (12 not yet; 20 accepted)``."""
    period = "this cycle" if total.start is not None else "logged so far"
    text = (
        f"Submitted to {total.issuer}: {format_number(round(total.submitted, 2))} of "
        f"{format_number(round(total.earned, 2))} credits {period}"
    )
    details = []
    if total.unsubmitted > 0:
        details.append(f"{format_number(round(total.unsubmitted, 2))} not yet")
    if total.accepted > 0:
        details.append(f"{format_number(round(total.accepted, 2))} accepted")
    return text + (f" ({'; '.join(details)})" if details else "")


def _left(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def eligibility_sentence(answer: EligibilityAnswer) -> str:
    """ "Eligible since 14 Jul 2022" / "Eligible from Jun 2029" / "Not reachable yet"."""
    if answer.error:
        return f"This rule cannot be used: {answer.error}"
    if answer.eligible:
        return (
            f"Eligible since {format_date(answer.eligible_on)}"
            if answer.eligible_on
            else "Eligible"
        )
    if answer.eligible_on is not None:
        return f"Eligible from {format_month(answer.eligible_on)}"
    return "Not yet: out of reach with the history recorded so far"


def eligibility_status(answer: EligibilityAnswer | None) -> str:
    if answer is None or answer.error:
        return "planned"
    if answer.eligible:
        return "done"
    return "in_progress" if answer.eligible_on else "planned"


def fee_sentence(answer: RenewalAnswer) -> str:
    """The next maintenance fee; one fee per member (ISC2) is shown once, with one credential."""
    if answer.fee_covered_by:
        return f"Maintenance fee: one fee a year per member, shown with {answer.fee_covered_by}"
    if answer.next_fee_date:
        amount = (
            f" ({format_money(Money(answer.next_fee_usd, answer.next_fee_currency))})"
            if answer.next_fee_usd
            else ""
        )
        covers = (
            f" — one fee for {', '.join(answer.fee_covers)}" if len(answer.fee_covers) > 1 else ""
        )
        return f"Next fee: {format_date(answer.next_fee_date)}{amount}{covers}"
    if answer.state in ("suspended", "expired"):
        return "No fee: the credential lapsed"
    return "No maintenance fee recorded"


def renewal_state(answer: RenewalAnswer) -> str:
    if answer.cycle_end is None:
        return "planned"
    if answer.cpe_remaining <= 0:
        return "met"
    return "short" if answer.shortfall else "on_track"
