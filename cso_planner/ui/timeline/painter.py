"""Paint the timeline (Gantt) on any paint device: the widget, a QImage or a QPdfWriter page.

All positions come from :mod:`cso_planner.timeline_data`; this module only draws. Units are
logical pixels at about 96 per inch and every font is sized in pixels, so a caller with a
high-resolution device (a PDF at 1200 dpi) scales the painter once and gets the same chart.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from cso_planner.status_colors import status_color, status_label, today_color
from cso_planner.timeline_data import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    ROW_HEIGHT,
    DateScale,
    PageSlice,
    Row,
    TimelineData,
    TimelineItem,
    TimelineStage,
    Zoom,
    minor_ticks,
    row_layout,
    slice_pages,
    visible_rows,
    year_labels,
)

LEGEND_STATUSES = ("done", "in_progress", "planned", "skipped", "overdue")
_PAD = 8.0


@dataclasses.dataclass(frozen=True)
class TimelinePalette:
    """The chart's colours: text and grid from the theme, statuses from the shared language."""

    background: QColor
    text: QColor
    muted: QColor
    grid: QColor
    header: QColor
    stage_row: QColor
    dark: bool = False

    @classmethod
    def light(cls) -> TimelinePalette:
        """Print colours (the PDF): dark text on white."""
        return cls(
            background=QColor("#ffffff"),
            text=QColor("#212121"),
            muted=QColor("#616161"),
            grid=QColor("#e0e0e0"),
            header=QColor("#f5f5f5"),
            stage_row=QColor("#fafafa"),
        )

    @classmethod
    def from_qpalette(cls, palette: QPalette) -> TimelinePalette:
        """Colours for the screen, derived from the theme so light and dark both read."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128

        def mix(amount: float) -> QColor:
            return QColor(
                round(base.red() + (text.red() - base.red()) * amount),
                round(base.green() + (text.green() - base.green()) * amount),
                round(base.blue() + (text.blue() - base.blue()) * amount),
            )

        return cls(
            background=base,
            text=text,
            muted=mix(0.62),
            grid=mix(0.14),
            header=mix(0.06),
            stage_row=mix(0.035),
            dark=dark,
        )

    def status(self, status: str) -> QColor:
        return QColor(status_color(status, dark=self.dark))

    @property
    def today(self) -> QColor:
        return QColor(today_color(dark=self.dark))


def _font(base: QFont, pixels: int, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


def _elide(painter: QPainter, text: str, width: float) -> str:
    metrics = QFontMetricsF(painter.font(), painter.device())
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(width, 0.0))


def _text_width(painter: QPainter, text: str) -> float:
    return QFontMetricsF(painter.font(), painter.device()).horizontalAdvance(text)


def paint_timeline(
    painter: QPainter,
    rect: QRectF,
    data: TimelineData,
    *,
    zoom: Zoom,
    first_row: int = 0,
    row_count: int | None = None,
    date_range: tuple[dt.date, dt.date] | None = None,
    palette: TimelinePalette,
    x_offset: float = 0.0,
    fit_labels: bool = False,
) -> range:
    """Paint the chart into ``rect`` and return the rows painted.

    Args:
        rect: the area to fill; the label column and the scale header repeat inside it.
        zoom: pixels per day and which divisions the scale shows.
        first_row, row_count: the band of rows to paint (default: as many as fit).
        date_range: the days the chart area starts and ends with (default: the whole plan).
        x_offset: chart pixels scrolled past ``date_range[0]`` (the widget's horizontal scroll).
        fit_labels: set long labels smaller or on two lines instead of cutting them (print).
    """
    rows = row_layout(data)
    shown = visible_rows(len(rows), first_row, rect.height())
    if row_count is not None:
        shown = range(shown.start, min(shown.stop, shown.start + row_count))
    span = date_range or data.span()
    chart = QRectF(
        rect.left() + LABEL_WIDTH, rect.top(), max(rect.width() - LABEL_WIDTH, 0), rect.height()
    )
    scale = DateScale(span[0], zoom.px_per_day, chart.left() - x_offset)
    if date_range is None:
        # On screen a short plan still fills the view: the calendar runs on to the right edge.
        span = (span[0], max(span[1], scale.day_at(chart.right())))
    right = min(chart.right(), scale.x_end(span[1]))
    chart.setRight(max(right, chart.left()))
    window = (max(span[0], scale.day_at(chart.left())), min(span[1], scale.day_at(chart.right())))

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setClipRect(rect)
    painter.fillRect(rect, palette.background)
    body_top = rect.top() + HEADER_HEIGHT
    body_height = len(shown) * ROW_HEIGHT

    painter.save()
    painter.setClipRect(QRectF(chart.left(), rect.top(), chart.width(), rect.height()))
    _paint_row_backgrounds(painter, rect, body_top, shown, rows, palette)
    _paint_grid(painter, chart, body_top, body_height, scale, window, zoom, palette)
    for offset, index in enumerate(shown):
        row = rows[index]
        stage = data.stages[row.stage_index]
        top = body_top + offset * ROW_HEIGHT
        if row.item_index is None:
            _paint_stage_bar(painter, chart, top, stage, scale, palette)
        else:
            _paint_stage_tint(painter, top, stage, scale, palette)
            _paint_item(painter, top, stage.items[row.item_index], scale, palette)
    _paint_header(painter, chart, rect.top(), scale, window, zoom, palette)
    _paint_today(painter, chart, rect.top(), body_top + body_height, scale, data, palette)
    painter.restore()

    _paint_labels(painter, rect, body_top, shown, rows, data, palette, fit_labels)
    painter.restore()
    return shown


def _paint_row_backgrounds(
    painter: QPainter,
    rect: QRectF,
    body_top: float,
    shown: range,
    rows: list[Row],
    palette: TimelinePalette,
) -> None:
    pen = QPen(palette.grid, 1.0)
    for offset, index in enumerate(shown):
        top = body_top + offset * ROW_HEIGHT
        if rows[index].is_stage:
            painter.fillRect(QRectF(rect.left(), top, rect.width(), ROW_HEIGHT), palette.stage_row)
            painter.setPen(pen)
            painter.drawLine(QLineF(rect.left(), top, rect.right(), top))


def _paint_grid(
    painter: QPainter,
    chart: QRectF,
    body_top: float,
    body_height: float,
    scale: DateScale,
    window: tuple[dt.date, dt.date],
    zoom: Zoom,
    palette: TimelinePalette,
) -> None:
    if window[0] > window[1]:
        return
    bottom = body_top + body_height
    minor = QPen(palette.grid, 1.0, Qt.PenStyle.DotLine)
    major = QPen(palette.grid, 1.0)
    for tick in minor_ticks(window[0], window[1], zoom):
        if tick.day < window[0]:
            continue
        x = round(scale.x(tick.day)) + 0.5
        painter.setPen(major if tick.major else minor)
        painter.drawLine(QLineF(x, body_top, x, bottom))


def _paint_header(
    painter: QPainter,
    chart: QRectF,
    top: float,
    scale: DateScale,
    window: tuple[dt.date, dt.date],
    zoom: Zoom,
    palette: TimelinePalette,
) -> None:
    half = HEADER_HEIGHT / 2
    painter.fillRect(QRectF(chart.left(), top, chart.width(), HEADER_HEIGHT), palette.header)
    painter.setPen(QPen(palette.grid, 1.0))
    painter.drawLine(QLineF(chart.left(), top + half, chart.right(), top + half))
    painter.drawLine(
        QLineF(chart.left(), top + HEADER_HEIGHT - 0.5, chart.right(), top + HEADER_HEIGHT - 0.5)
    )
    if window[0] > window[1]:
        return
    base = painter.font()
    # Year line: the year in force at the left edge first, so every page and view has one.
    painter.setFont(_font(base, 12, bold=True))
    labels = year_labels(window)
    for n, (day, label) in enumerate(labels):
        x = scale.x(day) if n else chart.left()
        next_x = scale.x(labels[n + 1][0]) if n + 1 < len(labels) else chart.right()
        if n and day.month == 1 and day.day == 1:
            painter.setPen(QPen(palette.grid, 1.0))
            painter.drawLine(QLineF(round(x) + 0.5, top, round(x) + 0.5, top + half))
        width = next_x - x - _PAD
        if width < _text_width(painter, label) * 0.9:
            continue
        painter.setPen(palette.text)
        painter.drawText(
            QRectF(x + _PAD / 2, top, width, half),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            label,
        )
    # Division line: quarters or months, labelled when there is room.
    painter.setFont(_font(base, 11))
    ticks = [t for t in minor_ticks(window[0], window[1], zoom) if t.day <= window[1]]
    for n, tick in enumerate(ticks):
        x = max(scale.x(tick.day), chart.left())
        end_day = ticks[n + 1].day if n + 1 < len(ticks) else window[1]
        next_x = scale.x(end_day) if n + 1 < len(ticks) else scale.x_end(end_day)
        if tick.day >= window[0]:
            painter.setPen(QPen(palette.grid, 1.0))
            painter.drawLine(
                QLineF(round(x) + 0.5, top + half, round(x) + 0.5, top + HEADER_HEIGHT)
            )
        width = next_x - x
        label = tick.label
        if width < _text_width(painter, label) + 4 and zoom is not Zoom.YEARS:
            label = label[0]
        if width < _text_width(painter, label) + 2:
            continue
        painter.setPen(palette.muted)
        painter.drawText(
            QRectF(x, top + half, width, half), int(Qt.AlignmentFlag.AlignCenter), label
        )
    painter.setFont(base)


def _paint_today(
    painter: QPainter,
    chart: QRectF,
    top: float,
    bottom: float,
    scale: DateScale,
    data: TimelineData,
    palette: TimelinePalette,
) -> None:
    x = scale.x(data.today) + scale.px_per_day / 2
    if not chart.left() <= x <= chart.right():
        return
    painter.setPen(QPen(palette.today, 2.0))
    painter.drawLine(QLineF(x, top + HEADER_HEIGHT - 7, x, max(bottom, top + HEADER_HEIGHT)))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.today)
    marker = QPainterPath()
    y = top + HEADER_HEIGHT - 7
    marker.moveTo(x - 5, y)
    marker.lineTo(x + 5, y)
    marker.lineTo(x, y + 7)
    marker.closeSubpath()
    painter.drawPath(marker)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _paint_stage_tint(
    painter: QPainter,
    top: float,
    stage: TimelineStage,
    scale: DateScale,
    palette: TimelinePalette,
) -> None:
    """A faint band over the stage's dates behind its item rows: which bars belong where."""
    extent = stage.span
    if extent is None:
        return
    tint = QColor(palette.status(stage.status))
    tint.setAlphaF(0.07)
    left = scale.x(extent[0])
    painter.fillRect(QRectF(left, top, scale.x_end(extent[1]) - left, ROW_HEIGHT), tint)


def _paint_stage_bar(
    painter: QPainter,
    chart: QRectF,
    top: float,
    stage: TimelineStage,
    scale: DateScale,
    palette: TimelinePalette,
) -> None:
    extent = stage.span
    if extent is None:
        return
    left, right = scale.x(extent[0]), scale.x_end(extent[1])
    bar = QRectF(left, top + 5, max(right - left, 2.0), ROW_HEIGHT - 10)
    colour = palette.status(stage.status)
    fill = QColor(colour)
    fill.setAlphaF(0.22)
    painter.setPen(QPen(colour, 1.0))
    painter.setBrush(fill)
    painter.drawRoundedRect(bar, 3, 3)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # The summary stays readable while the bar is scrolled partly out of view; one that does
    # not fit in a short bar is written after its end (as Gantt charts do), not cut.
    base = painter.font()
    painter.setFont(_font(base, 11))
    text_left = max(bar.left(), chart.left()) + 6
    width = min(bar.right(), chart.right()) - text_left - 6
    after_left = bar.right() + 6
    after = chart.right() - after_left - 6
    if _text_width(painter, stage.summary) > width and after > width:
        text_left, width = after_left, after
    if width > 40:
        painter.setPen(palette.text)
        painter.drawText(
            QRectF(text_left, top, width, ROW_HEIGHT),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(painter, stage.summary, width),
        )
    painter.setFont(base)


def _paint_item(
    painter: QPainter,
    top: float,
    item: TimelineItem,
    scale: DateScale,
    palette: TimelinePalette,
) -> None:
    colour = palette.status(item.display_status)
    middle = top + ROW_HEIGHT / 2
    if item.is_milestone and item.due is not None:
        x = scale.x(item.due) + scale.px_per_day / 2
        size = 6.0
        diamond = QPainterPath()
        diamond.moveTo(x, middle - size)
        diamond.lineTo(x + size, middle)
        diamond.lineTo(x, middle + size)
        diamond.lineTo(x - size, middle)
        diamond.closeSubpath()
        painter.setPen(QPen(palette.background, 1.0))
        painter.setBrush(colour)
        painter.drawPath(diamond)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        return
    if item.start is None or item.end is None:
        return
    left, right = scale.x(item.start), scale.x_end(item.end)
    bar = QRectF(left, middle - 6, max(right - left, 3.0), 12)
    painter.setPen(Qt.PenStyle.NoPen)
    fill = QColor(colour)
    if item.status == "skipped":
        fill.setAlphaF(0.6)
    painter.setBrush(fill)
    painter.drawRoundedRect(bar, 3, 3)
    painter.setBrush(Qt.BrushStyle.NoBrush)


# Print has no tooltip to read a cut label from: a label too long for its row is set smaller
# (down to 10 px), then on two lines of its row, and cut only beyond that.
FITTED_SIZES = (12, 11, 10)


def _draw_fitted(
    painter: QPainter, rect: QRectF, text: str, base: QFont, bold: bool = False
) -> None:
    middle = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for pixels in FITTED_SIZES:
        painter.setFont(_font(base, pixels, bold=bold))
        if _text_width(painter, text) <= rect.width():
            painter.drawText(rect, middle, text)
            return
    lines = _two_lines(painter, text, rect.width())
    painter.drawText(rect, middle, "\n".join(lines))


def _two_lines(painter: QPainter, text: str, width: float) -> list[str]:
    """``text`` broken at a space into two lines that fit ``width`` (the second cut if it must)."""
    words = text.split(" ")
    first = words[0]
    rest = 1
    while rest < len(words) and _text_width(painter, f"{first} {words[rest]}") <= width:
        first = f"{first} {words[rest]}"
        rest += 1
    if _text_width(painter, first) > width:
        return [_elide(painter, text, width)]
    second = " ".join(words[rest:])
    return [first, _elide(painter, second, width)] if second else [first]


def _paint_labels(
    painter: QPainter,
    rect: QRectF,
    body_top: float,
    shown: range,
    rows: list[Row],
    data: TimelineData,
    palette: TimelinePalette,
    fit_labels: bool = False,
) -> None:
    column = QRectF(rect.left(), rect.top(), LABEL_WIDTH, rect.height())
    painter.save()
    painter.setClipRect(column)
    painter.fillRect(
        QRectF(column.left(), column.top(), LABEL_WIDTH, HEADER_HEIGHT), palette.header
    )
    base = painter.font()
    painter.setFont(_font(base, 13, bold=True))
    painter.setPen(palette.text)
    painter.drawText(
        QRectF(column.left() + _PAD, column.top(), LABEL_WIDTH - 2 * _PAD, HEADER_HEIGHT),
        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
        _elide(painter, data.plan_name, LABEL_WIDTH - 2 * _PAD),
    )
    for offset, index in enumerate(shown):
        row = rows[index]
        stage = data.stages[row.stage_index]
        top = body_top + offset * ROW_HEIGHT
        cell = QRectF(column.left(), top, LABEL_WIDTH, ROW_HEIGHT)
        if row.item_index is None:
            painter.setFont(_font(base, 12, bold=True))
            painter.setPen(palette.text)
            if fit_labels:
                _draw_fitted(painter, cell.adjusted(_PAD, 0, -_PAD, 0), stage.role, base, True)
                continue
            painter.drawText(
                cell.adjusted(_PAD, 0, -_PAD, 0),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                _elide(painter, stage.role, LABEL_WIDTH - 2 * _PAD),
            )
            continue
        item = stage.items[row.item_index]
        dot = QRectF(cell.left() + 2 * _PAD, top + ROW_HEIGHT / 2 - 4, 8, 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.status(item.display_status))
        painter.drawEllipse(dot)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setFont(_font(base, 12))
        painter.setPen(palette.muted if item.status == "skipped" else palette.text)
        text_left = dot.right() + 6
        label = QRectF(text_left, top, cell.right() - text_left - _PAD, ROW_HEIGHT)
        if fit_labels:
            _draw_fitted(painter, label, item.title, base)
            continue
        painter.drawText(
            label,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            _elide(painter, item.title, label.width()),
        )
    painter.setFont(base)
    painter.restore()
    painter.setPen(QPen(palette.grid, 1.0))
    x = column.right() - 0.5
    painter.drawLine(QLineF(x, rect.top(), x, rect.bottom()))


def paint_legend(painter: QPainter, origin: QPointF, palette: TimelinePalette) -> float:
    """The status language as a row of swatches and words; returns the width used."""
    painter.save()
    base = painter.font()
    painter.setFont(_font(base, 11))
    x = origin.x()
    for status in (*LEGEND_STATUSES, "today"):
        if status == "today":
            painter.setPen(QPen(palette.today, 2.0))
            painter.drawLine(QLineF(x + 5, origin.y(), x + 5, origin.y() + 14))
            word = "Today"
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.status(status))
            painter.drawRoundedRect(QRectF(x, origin.y() + 2, 10, 10), 2, 2)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            word = status_label(status)
        painter.setPen(palette.text)
        width = _text_width(painter, word)
        painter.drawText(
            QRectF(x + 14, origin.y(), width + 2, 14),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            word,
        )
        x += 14 + width + 16
    painter.setFont(base)
    painter.restore()
    return x - origin.x()


def paginate(data: TimelineData, page_rect: QRectF, zoom: Zoom) -> list[PageSlice]:
    """Split the chart into page-sized slices at ``zoom`` (never shrunk to fit).

    ``page_rect`` is the drawable area in the painter's logical pixels; paint each slice with
    :func:`paint_page` into the same-sized rectangle.
    """
    rows = row_layout(data)
    return slice_pages(len(rows), data.span(), page_rect.width(), page_rect.height(), zoom)


def paint_page(
    painter: QPainter,
    rect: QRectF,
    data: TimelineData,
    page: PageSlice,
    *,
    zoom: Zoom,
    palette: TimelinePalette,
    fit_labels: bool = True,
) -> range:
    """Paint one slice from :func:`paginate` into ``rect`` (a printed page: long labels are
    fitted rather than cut)."""
    return paint_timeline(
        painter,
        rect,
        data,
        zoom=zoom,
        first_row=page.first_row,
        row_count=page.row_count,
        date_range=page.date_range,
        palette=palette,
        fit_labels=fit_labels,
    )


__all__ = [
    "LEGEND_STATUSES",
    "TimelinePalette",
    "Zoom",
    "paginate",
    "paint_legend",
    "paint_page",
    "paint_timeline",
]
