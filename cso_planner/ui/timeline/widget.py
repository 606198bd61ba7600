"""The Timeline tab: the plan as a Gantt chart with zoom, scrolling and an empty state.

The canvas paints only the rows and days in view (through :func:`paint_timeline`), so a plan
with hundreds of items scrolls as smoothly as a short one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QHelpEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cso_planner.dates import format_date
from cso_planner.status_colors import status_label
from cso_planner.timeline_data import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    ROW_HEIGHT,
    DateScale,
    Row,
    TimelineData,
    Zoom,
    chart_width,
    row_layout,
)
from cso_planner.ui.style import SPACING, format_hours, plain_tooltip
from cso_planner.ui.timeline.painter import TimelinePalette, paint_legend, paint_timeline
from cso_planner.ui.widgets import EmptyState


class TimelineCanvas(QAbstractScrollArea):
    """The scrolling chart. Vertical scrolling moves by rows, horizontal by pixels.

    Signals:
        zoom_requested: Ctrl+wheel asked for one step in (+1) or out (-1).
    """

    zoom_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TimelineData | None = None
        self._rows: list[Row] = []
        self._zoom = Zoom.QUARTERS
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        self.horizontalScrollBar().setSingleStep(24)
        self.verticalScrollBar().setSingleStep(1)
        self.horizontalScrollBar().valueChanged.connect(self.viewport().update)
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)

    # --- state ---------------------------------------------------------------------------

    def set_data(self, data: TimelineData) -> None:
        first = self._data is None or self._data.plan_name != data.plan_name
        self._data = data
        self._rows = row_layout(data)
        self._update_ranges()
        if first:
            self.scroll_to(data.today - dt.timedelta(days=90))
            self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def set_zoom(self, zoom: Zoom) -> None:
        if zoom is self._zoom:
            return
        # Keep today in view when it is on screen, else whatever sits in the middle.
        anchor = self.today_if_visible() or self.center_day()
        self._zoom = zoom
        self._update_ranges()
        if anchor is not None:
            self.scroll_to(anchor, centre=True)
        self.viewport().update()

    def zoom(self) -> Zoom:
        return self._zoom

    def _scale(self) -> DateScale | None:
        if self._data is None:
            return None
        return DateScale(self._data.span()[0], self._zoom.px_per_day, 0.0)

    def _chart_view_width(self) -> float:
        return max(self.viewport().width() - LABEL_WIDTH, 0.0)

    def visible_row_count(self) -> int:
        return max(int((self.viewport().height() - HEADER_HEIGHT) // ROW_HEIGHT), 1)

    def _update_ranges(self) -> None:
        if self._data is None:
            return
        total = chart_width(self._data.span(), self._zoom)
        hbar = self.horizontalScrollBar()
        hbar.setRange(0, max(int(total - self._chart_view_width()), 0))
        hbar.setPageStep(max(int(self._chart_view_width()), 1))
        vbar = self.verticalScrollBar()
        vbar.setRange(0, max(len(self._rows) - self.visible_row_count(), 0))
        vbar.setPageStep(self.visible_row_count())

    def center_day(self) -> dt.date | None:
        scale = self._scale()
        if scale is None:
            return None
        return scale.day_at(self.horizontalScrollBar().value() + self._chart_view_width() / 2)

    def today_if_visible(self) -> dt.date | None:
        scale = self._scale()
        if scale is None or self._data is None:
            return None
        left = self.horizontalScrollBar().value()
        x = scale.x(self._data.today)
        return self._data.today if left <= x <= left + self._chart_view_width() else None

    def scroll_to(self, day: dt.date, *, centre: bool = False) -> None:
        scale = self._scale()
        if scale is None:
            return
        x = scale.x(day) - (self._chart_view_width() / 2 if centre else 0.0)
        self.horizontalScrollBar().setValue(int(x))

    # --- Qt overrides --------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(900, 480)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_ranges()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._data is None:
            return
        painter = QPainter(self.viewport())
        try:
            paint_timeline(
                painter,
                QRectF(self.viewport().rect()),
                self._data,
                zoom=self._zoom,
                first_row=self.verticalScrollBar().value(),
                palette=TimelinePalette.from_qpalette(self.palette()),
                x_offset=float(self.horizontalScrollBar().value()),
            )
        finally:
            painter.end()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = event.angleDelta().y()
            if delta:
                self.zoom_requested.emit(1 if delta > 0 else -1)
            event.accept()
            return
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - event.angleDelta().y())
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(QPointF(event.pos()))
            if text:
                QToolTip.showText(event.globalPos(), plain_tooltip(text), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """What the row under ``pos`` is: title, status, dates, hours."""
        if self._data is None or pos.y() < HEADER_HEIGHT:
            return ""
        index = self.verticalScrollBar().value() + int((pos.y() - HEADER_HEIGHT) // ROW_HEIGHT)
        if not 0 <= index < len(self._rows):
            return ""
        row = self._rows[index]
        stage = self._data.stages[row.stage_index]
        if row.item_index is None:
            dates = " – ".join(format_date(d) for d in (stage.start, stage.end) if d)
            return "\n".join(p for p in (stage.role, dates, stage.summary) if p)
        item = stage.items[row.item_index]
        lines = [item.title, status_label(item.display_status)]
        if item.due:
            lines.append(f"Due {format_date(item.due)}")
        if item.hours:
            lines.append(f"{format_hours(item.hours)} of study")
        return "\n".join(lines)


class _Legend(QWidget):
    """The status language, painted with the same swatches as the chart."""

    def sizeHint(self) -> QSize:
        return QSize(520, 18)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            paint_legend(painter, QPointF(0, 2), TimelinePalette.from_qpalette(self.palette()))
        finally:
            painter.end()


class TimelineWidget(QWidget):
    """The Timeline tab: toolbar (zoom, today, legend) over the scrolling chart.

    Signals:
        zoom_changed: the zoom changed (its name: "years", "quarters" or "months").
    """

    zoom_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: TimelineData | None = None
        self.canvas = TimelineCanvas(self)
        self.empty = EmptyState(
            "timeline",
            "Nothing on the timeline yet",
            "The timeline draws your plan's stages and items across the years. Add a stage "
            "with dates on the Plan tab, or run the first-run wizard to get a dated plan.",
            None,
            self,
        )
        self.zoom_combo = QComboBox(self)
        for zoom in Zoom:
            self.zoom_combo.addItem(zoom.label, zoom)
        self.zoom_combo.setToolTip("How much of the calendar one screen shows (Ctrl+wheel)")
        self.zoom_out_button = QToolButton(self)
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_in_button = QToolButton(self)
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl+=)")
        self.today_button = QToolButton(self)
        self.today_button.setText("Today")
        self.today_button.setToolTip("Scroll to today")

        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(SPACING, 0, SPACING, 0)
        toolbar.setSpacing(SPACING)
        toolbar.addWidget(QLabel("Zoom", self))
        toolbar.addWidget(self.zoom_combo)
        toolbar.addWidget(self.zoom_out_button)
        toolbar.addWidget(self.zoom_in_button)
        toolbar.addWidget(self.today_button)
        toolbar.addSpacing(SPACING * 2)
        toolbar.addWidget(_Legend(self), 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.canvas)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACING, 0, 0)
        layout.setSpacing(SPACING)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)

        self.zoom_combo.setCurrentIndex(list(Zoom).index(self.canvas.zoom()))
        self.zoom_combo.currentIndexChanged.connect(self._on_combo)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.today_button.clicked.connect(self.scroll_to_today)
        self.canvas.zoom_requested.connect(self._on_zoom_step)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence(QKeySequence.StandardKey.ZoomIn), self.zoom_in),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence(QKeySequence.StandardKey.ZoomOut), self.zoom_out),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self._show_page()

    # --- public API ----------------------------------------------------------------------

    def set_data(self, data: TimelineData) -> None:
        """Show a plan (keeps zoom and, for the same plan, the scroll position)."""
        self._data = data
        self.canvas.set_data(data)
        self._show_page()

    def data(self) -> TimelineData | None:
        return self._data

    def zoom(self) -> Zoom:
        return self.canvas.zoom()

    def set_zoom(self, zoom: Zoom) -> None:
        if zoom is self.canvas.zoom():
            return
        self.canvas.set_zoom(zoom)
        self.zoom_combo.blockSignals(True)
        self.zoom_combo.setCurrentIndex(list(Zoom).index(zoom))
        self.zoom_combo.blockSignals(False)
        self._update_buttons()
        self.zoom_changed.emit(zoom.name.lower())

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom().zoomed_in())

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom().zoomed_out())

    def scroll_to_today(self) -> None:
        if self._data is not None:
            self.canvas.scroll_to(self._data.today, centre=True)

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    # --- slots ---------------------------------------------------------------------------

    def _show_page(self) -> None:
        empty = self._data is None or not self._data.stages
        self.stack.setCurrentWidget(self.empty if empty else self.canvas)
        for widget in (self.zoom_combo, self.zoom_in_button, self.zoom_out_button):
            widget.setEnabled(not empty)
        self.today_button.setEnabled(not empty)
        if not empty:
            self._update_buttons()

    def _update_buttons(self) -> None:
        zoom = self.zoom()
        self.zoom_in_button.setEnabled(zoom is not zoom.zoomed_in())
        self.zoom_out_button.setEnabled(zoom is not zoom.zoomed_out())

    def _on_combo(self, index: int) -> None:
        self.set_zoom(list(Zoom)[index])

    def _on_zoom_step(self, step: int) -> None:
        if step > 0:
            self.zoom_in()
        else:
            self.zoom_out()
