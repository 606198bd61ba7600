"""Bar charts drawn with QPainter: a labelled horizontal meter and grouped vertical bars.

Text uses the palette's text roles and bars the status colours, so both read in light and dark
themes. Labels are drawn with ``drawText`` (never interpreted as rich text).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from cso_planner.ui.style import SPACING, status_qcolor


class MeterBar(QWidget):
    """One row: a label on the left, a value text on the right, a bar under them.

    The bar fills ``value / maximum`` (clamped) in the colour of ``status``; a ``marker`` in
    0..1 draws a thin line (for example the share of the cycle already gone).
    """

    BAR_HEIGHT = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = ""
        self.value_text = ""
        self.value = 0.0
        self.maximum = 1.0
        self.status = "in_progress"
        self.marker: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_data(
        self,
        label: str,
        value: float,
        maximum: float,
        value_text: str,
        status: str,
        marker: float | None = None,
    ) -> None:
        self.label, self.value, self.maximum = label, value, maximum
        self.value_text, self.status, self.marker = value_text, status, marker
        self.setAccessibleName(f"{label}: {value_text}")
        self.setToolTip(f"{label}: {value_text}")
        self.updateGeometry()
        self.update()

    @property
    def fraction(self) -> float:
        if self.maximum <= 0:
            return 1.0 if self.value > 0 else 0.0
        return max(0.0, min(1.0, self.value / self.maximum))

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        return QSize(240, metrics.height() + 4 + self.BAR_HEIGHT + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        text_h = metrics.height()
        width = self.width()
        value_w = metrics.horizontalAdvance(self.value_text)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        label = metrics.elidedText(
            self.label, Qt.TextElideMode.ElideRight, width - value_w - SPACING
        )
        painter.drawText(QRectF(0, 0, width, text_h), Qt.AlignmentFlag.AlignLeft, label)
        painter.drawText(QRectF(0, 0, width, text_h), Qt.AlignmentFlag.AlignRight, self.value_text)
        bar = QRectF(0, text_h + 4, width, self.BAR_HEIGHT)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(bar, 4, 4)
        if self.fraction > 0:
            painter.setBrush(status_qcolor(self.status, palette))
            filled = QRectF(
                bar.left(), bar.top(), max(bar.height(), bar.width() * self.fraction), bar.height()
            )
            painter.drawRoundedRect(filled, 4, 4)
        if self.marker is not None and 0 <= self.marker <= 1:
            painter.setBrush(palette.color(QPalette.ColorRole.WindowText))
            x = bar.left() + bar.width() * self.marker
            painter.drawRect(QRectF(x - 1, bar.top() - 3, 2, bar.height() + 6))
        painter.end()


@dataclasses.dataclass(frozen=True)
class Series:
    """One series of a grouped bar chart, coloured by a status of the status language."""

    name: str
    status: str
    values: tuple[float, ...]


class BarChart(QWidget):
    """Grouped vertical bars: one group per category, one bar per series, a legend on top."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.format_value: Callable[[float], str] = lambda v: f"{v:,.0f}"
        self.highlight: str | None = None
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        format_value: Callable[[float], str] | None = None,
        highlight: str | None = None,
    ) -> None:
        self.categories = tuple(categories)
        self.series = tuple(series)
        if format_value is not None:
            self.format_value = format_value
        self.highlight = highlight
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 240)

    def maximum(self) -> float:
        return max((v for s in self.series for v in s.values), default=0.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetrics(self.font())
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        line_h = metrics.height()
        # Legend.
        x = 0.0
        for series in self.series:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(status_qcolor(series.status, palette))
            painter.drawRoundedRect(QRectF(x, (line_h - 10) / 2, 10, 10), 2, 2)
            painter.setPen(text)
            painter.drawText(
                QRectF(x + 14, 0, 400, line_h), Qt.AlignmentFlag.AlignLeft, series.name
            )
            x += 14 + metrics.horizontalAdvance(series.name) + 2 * SPACING
        top = line_h + SPACING
        top_value = self.maximum()
        axis_label = self.format_value(top_value) if top_value > 0 else ""
        left = metrics.horizontalAdvance(axis_label) + SPACING if axis_label else 0
        bottom = self.height() - line_h - 4
        plot_h = max(1.0, bottom - top - line_h)
        # Axis and top grid line.
        grid = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(grid)
        painter.drawLine(int(left), int(bottom), self.width(), int(bottom))
        if axis_label:
            y_top = bottom - plot_h
            painter.drawLine(int(left), int(y_top), self.width(), int(y_top))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y_top - line_h / 2, left - 4, line_h),
                Qt.AlignmentFlag.AlignRight,
                axis_label,
            )
        groups = len(self.categories)
        if not groups or not self.series:
            painter.end()
            return
        group_w = (self.width() - left) / groups
        bar_w = max(2.0, min(28.0, group_w * 0.7 / len(self.series)))
        for g, category in enumerate(self.categories):
            gx = left + g * group_w
            start = gx + (group_w - bar_w * len(self.series)) / 2
            for s, series in enumerate(self.series):
                value = series.values[g] if g < len(series.values) else 0.0
                if value <= 0 or top_value <= 0:
                    continue
                h = plot_h * value / top_value
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(status_qcolor(series.status, palette))
                painter.drawRect(QRectF(start + s * bar_w, bottom - h, bar_w - 1, h))
            label_font = painter.font()
            label_font.setBold(category == self.highlight)
            painter.setFont(label_font)
            painter.setPen(text if category == self.highlight else muted)
            label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, int(group_w))
            painter.drawText(
                QRectF(gx, bottom + 2, group_w, line_h), Qt.AlignmentFlag.AlignHCenter, label
            )
        painter.end()
