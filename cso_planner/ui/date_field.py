"""The one date input of the app: type the date as it is shown (or ISO), or pick it.

A line edit rather than ``QDateEdit``: a section editor turns "2030-01-01" typed over a shown
date into 2030-12-01, and select-all-then-type into something else again. Here the text is
read as a whole by :func:`cso_planner.dates.parse_date` and the date it reads is shown under the
field ("Tuesday, 1 January 2030") before anything is saved; a calendar button (or Alt+Down /
F4) picks one with the mouse or the arrow keys, and Up/Down step a day (PgUp/PgDn a month).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cso_planner import dates, limits
from cso_planner.ui.icons import icon
from cso_planner.ui.style import status_qcolor

# The span of every stored date (cso_planner.limits, which the importer and services also
# read); a form may narrow it per field with ``set_range``.
DEFAULT_MIN = limits.DATE_MIN
DEFAULT_MAX = limits.DATE_MAX


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(qdate: QDate) -> dt.date:
    return dt.date(qdate.year(), qdate.month(), qdate.day())


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class _CalendarPopup(QFrame):
    """A calendar in a popup frame; Return or a click picks the date, Esc closes."""

    picked = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.activated.connect(self._on_picked)
        self.calendar.clicked.connect(self._on_picked)

    def _on_picked(self, qdate: QDate) -> None:
        self.picked.emit(_pydate(qdate))
        self.close()


class DateField(QWidget):
    """A date typed in the shown format or ISO, with a calendar pop-up.

    ``optional`` fields may be left empty (``value()`` is then None, e.g. an ongoing job);
    ``empty_text`` says what empty means. Invalid text is kept as typed and reported by
    :meth:`error` — a form asks it before saving and never throws the input away.

    Signals:
        date_changed: the date read from the field (or its absence) changed.
    """

    date_changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        optional: bool = False,
        empty_text: str = "",
        minimum: dt.date = DEFAULT_MIN,
        maximum: dt.date = DEFAULT_MAX,
    ) -> None:
        super().__init__(parent)
        self.optional = optional
        self.empty_text = empty_text or ("Not set" if optional else "")
        self.minimum, self.maximum = minimum, maximum
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(f"e.g. {dates.format_date(dt.date.today())}")
        self.line.setToolTip(f"Type a date like {dates.date_example()}, or press Alt+Down")
        self.line.setClearButtonEnabled(optional)
        self.line.setMinimumWidth(self.line.fontMetrics().horizontalAdvance("Wed 30 Sept 2027__"))
        self.calendar_button = QToolButton(self)
        self.calendar_button.setIcon(icon("calendar"))
        self.calendar_button.setToolTip("Pick a date from a calendar (Alt+Down)")
        self.calendar_button.setAccessibleName("Pick a date")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays on the fields
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setObjectName("dateHint")
        self._muted = self.hint.palette().color(QPalette.ColorRole.PlaceholderText)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.hint)
        self.setFocusProxy(self.line)
        self._popup: _CalendarPopup | None = None
        self._last: tuple[dt.date | None, bool] = (None, True)
        self.line.textChanged.connect(self._on_text_changed)
        self.line.editingFinished.connect(self._tidy)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.line.installEventFilter(self)
        self._on_text_changed()

    # --- value -----------------------------------------------------------------------------

    def text(self) -> str:
        return self.line.text()

    def _read(self) -> tuple[dt.date | None, str | None]:
        text = self.line.text().strip()
        if not text:
            if self.optional:
                return None, None
            return None, f"Enter a date, e.g. {dates.date_example()}."
        try:
            day = dates.parse_date(text)
        except dates.DateParseError as exc:
            return None, str(exc)
        if not self.minimum <= day <= self.maximum:
            return None, (
                f"Choose a date from {dates.format_date(self.minimum)} to "
                f"{dates.format_date(self.maximum)}."
            )
        return day, None

    def value(self) -> dt.date | None:
        """The date typed or picked; None when empty or not (yet) a date — see :meth:`error`."""
        return self._read()[0]

    def error(self) -> str | None:
        """Why the text is not an acceptable date (None when it is, or is empty and optional)."""
        return self._read()[1]

    def set_value(self, value: dt.date | None) -> None:
        self.line.setText(dates.format_date(value) if value is not None else "")

    def set_range(self, minimum: dt.date, maximum: dt.date) -> None:
        self.minimum, self.maximum = minimum, maximum
        self._on_text_changed()

    # --- feedback --------------------------------------------------------------------------

    def _on_text_changed(self) -> None:
        day, error = self._read()
        if error:
            self._show_hint(error, error=True)
        elif day is None:
            self._show_hint(self.empty_text, error=False)
        else:
            self._show_hint(dates.format_long_date(day), error=False)
        state = (day, error is None)
        if state != self._last:
            self._last = state
            self.date_changed.emit()

    def _show_hint(self, text: str, *, error: bool) -> None:
        palette = self.hint.palette()
        color = status_qcolor("overdue", palette) if error else self._muted
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.hint.setPalette(palette)
        self.hint.setText(text)
        self.hint.setWordWrap(error)

    def _tidy(self) -> None:
        """Leaving the field shows the date read in the app's format (typos stay as typed)."""
        day = self.value()
        if day is not None and self.line.text() != dates.format_date(day):
            self.set_value(day)

    # --- calendar and keys -----------------------------------------------------------------

    def open_calendar(self) -> None:
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.picked.connect(self._on_picked)
        calendar = self._popup.calendar
        calendar.setDateRange(_qdate(self.minimum), _qdate(self.maximum))
        calendar.setSelectedDate(_qdate(self.value() or dt.date.today()))
        self._popup.adjustSize()
        self._popup.move(self.line.mapToGlobal(self.line.rect().bottomLeft()))
        self._popup.show()
        calendar.setFocus()

    def _on_picked(self, day: dt.date) -> None:
        self.set_value(day)
        self.line.setFocus()

    def _step(self, days: int = 0, months: int = 0) -> None:
        day = self.value() or dt.date.today()
        moved = _add_months(day, months) + dt.timedelta(days=days)
        self.set_value(min(max(moved, self.minimum), self.maximum))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.line and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key, mods = event.key(), event.modifiers()
            alt = bool(mods & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.open_calendar()
                return True
            steps: dict[int, tuple[int, int]] = {
                Qt.Key.Key_Up.value: (1, 0),
                Qt.Key.Key_Down.value: (-1, 0),
                Qt.Key.Key_PageUp.value: (0, 1),
                Qt.Key.Key_PageDown.value: (0, -1),
            }
            if key in steps and not alt:
                if self.error() is None or not self.line.text().strip():
                    self._step(*steps[key])  # a typo is never replaced by a step
                return True
        return super().eventFilter(watched, event)
