"""The timeline painter and widget: every zoom with 500 items, pages for the PDF, a PDF page."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections import Counter

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QPdfWriter, QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cso_planner.status_colors import LIGHT, TODAY_LIGHT
from cso_planner.timeline_data import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    DateScale,
    TimelineData,
    TimelineItem,
    TimelineStage,
    Zoom,
    is_overdue,
    item_bar,
    year_labels,
)
from cso_planner.ui.timeline.painter import (
    TimelinePalette,
    paginate,
    paint_page,
    paint_timeline,
)
from cso_planner.ui.timeline.widget import TimelineWidget

OUT = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
TODAY = dt.date(2024, 3, 1)
STATUSES = ("done", "in_progress", "planned", "skipped", "planned")
ROLES = (
    "Security Analyst",
    "Security Engineer",
    "Security Manager",
    "Director of Security",
    "Chief Information Security Officer (CISO)",
    "Chief Security Officer (CSO)",
)


def make_data(items: int, stages: int = 10, today: dt.date = TODAY) -> TimelineData:
    """``items`` items over ``stages`` half-year stages, every status on the first screen."""
    per_stage = max(items // stages, 1)
    result = []
    for s in range(stages):
        start = dt.date(2024, 1, 1) + dt.timedelta(days=s * 182)
        end = start + dt.timedelta(days=181)
        rows = []
        for j in range(per_stage):
            status = STATUSES[j % len(STATUSES)]
            due = start + dt.timedelta(days=10 + (j % 20) * 5)
            hours = None if j % 7 == 6 else 30.0
            bar = item_bar(due, hours, start, end, 6.0)
            rows.append(
                TimelineItem(
                    s * 1000 + j,
                    f"Item {j} of stage {s}: study and pass the exam",
                    ("certification", "course", "skill")[j % 3],
                    status,
                    due,
                    bar[0],
                    bar[1],
                    is_overdue(status, due, today),
                    hours,
                )
            )
        result.append(TimelineStage(s, ROLES[s % len(ROLES)], start, end, tuple(rows)))
    return TimelineData("Road to CSO 2034", today, tuple(result))


def render(
    data: TimelineData, zoom: Zoom, size: tuple[int, int] = (1400, 900), **kwargs: object
) -> tuple[QImage, range]:
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        shown = paint_timeline(
            painter,
            QRectF(0, 0, size[0], size[1]),
            data,
            zoom=zoom,
            palette=TimelinePalette.light(),
            **kwargs,  # type: ignore[arg-type]
        )
    finally:
        painter.end()
    return image, shown


def colour_counts(image: QImage, step: int = 1) -> Counter[str]:
    counts: Counter[str] = Counter()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            counts[image.pixelColor(x, y).name()] += 1
    return counts


@pytest.mark.parametrize("zoom", list(Zoom))
def test_every_zoom_paints_every_status_and_today(qapp: QApplication, zoom: Zoom) -> None:
    data = make_data(500)
    assert data.item_count == 500
    image, shown = render(data, zoom)
    # Only the rows that fit are painted, however long the plan.
    assert len(shown) == int((900 - HEADER_HEIGHT) // 24) < 40
    counts = colour_counts(image)
    for status in ("done", "in_progress", "planned", "skipped", "overdue"):
        assert counts[LIGHT[status]] > 20, (zoom, status)
    # The today line is a vertical run of the today colour at today's x.
    scale = DateScale(data.span()[0], zoom.px_per_day, LABEL_WIDTH)
    x = round(scale.x(TODAY) + zoom.px_per_day / 2)
    column = [
        image.pixelColor(cx, y).name()
        for y in range(int(HEADER_HEIGHT), 900)
        for cx in (x - 1, x, x + 1)
    ]
    assert column.count(TODAY_LIGHT) > 600
    OUT.mkdir(exist_ok=True)
    assert image.save(str(OUT / f"timeline-paint-{zoom.name.lower()}.png"))


def test_scrolled_view_paints_later_rows_and_dates(qapp: QApplication) -> None:
    data = make_data(500)
    image, shown = render(data, Zoom.MONTHS, first_row=480, x_offset=4.0 * 2000)
    assert shown == range(480, 510)
    assert colour_counts(image, 2)[LIGHT["planned"]] > 5


def test_pagination_repeats_the_year_scale_on_every_page(qapp: QApplication) -> None:
    data = make_data(500)
    page = QRectF(0, 0, 1000, 700)
    pages = paginate(data, page, Zoom.QUARTERS)
    assert len(pages) > 4
    assert len({p.first_row for p in pages}) > 1 and len({p.date_range for p in pages}) > 1
    assert sum(p.row_count for p in pages if p.date_range == pages[0].date_range) == len(
        data.rows()
    )
    for n, slice_ in enumerate(pages):
        assert year_labels(slice_.date_range)[0][0] == slice_.date_range[0]
        image = QImage(1000, 700, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            shown = paint_page(
                painter, page, data, slice_, zoom=Zoom.QUARTERS, palette=TimelinePalette.light()
            )
        finally:
            painter.end()
        assert len(shown) == slice_.row_count
        # The year label at the page's left edge: dark text pixels in the header's first cell.
        header = [
            image.pixelColor(x, y).lightness()
            for y in range(2, int(HEADER_HEIGHT / 2) - 2)
            for x in range(int(LABEL_WIDTH) + 2, int(LABEL_WIDTH) + 40)
        ]
        assert min(header) < 100, f"no year label on page {n}"
        if n in (0, 1):
            OUT.mkdir(exist_ok=True)
            image.save(str(OUT / f"timeline-page-{n + 1}.png"))


def test_pdf_pages_with_qpdfwriter(qapp: QApplication, tmp_path: pathlib.Path) -> None:
    data = make_data(120, stages=6)
    path = tmp_path / "timeline.pdf"
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle("Timeline")
    painter = QPainter(writer)
    try:
        factor = writer.resolution() / 96
        painter.scale(factor, factor)
        page_px = writer.pageLayout().paintRectPixels(writer.resolution())
        rect = QRectF(0, 0, page_px.width() / factor, page_px.height() / factor)
        pages = paginate(data, rect, Zoom.QUARTERS)
        for n, slice_ in enumerate(pages):
            if n:
                writer.newPage()
            paint_page(
                painter, rect, data, slice_, zoom=Zoom.QUARTERS, palette=TimelinePalette.light()
            )
    finally:
        painter.end()
    reader = PdfReader(str(path))
    assert len(reader.pages) == len(pages) > 1
    # pypdf separates words with tabs; compare on single spaces.
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Road to CSO 2034" in first and "2024" in first
    assert "Security Analyst" in first
    # Every page keeps a year on its scale.
    for page in reader.pages:
        assert any(str(y) in page.extract_text() for y in range(2024, 2030))


def _shot(widget: TimelineWidget, name: str) -> None:
    OUT.mkdir(exist_ok=True)
    QApplication.processEvents()
    assert widget.grab().save(str(OUT / f"{name}.png"))


def test_widget_zooms_scrolls_and_shows_500_items(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1200, 720)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.is_empty()
    widget.set_data(make_data(500))
    assert not widget.is_empty()
    assert widget.zoom() is Zoom.QUARTERS
    _shot(widget, "timeline-quarters")

    with qtbot.waitSignal(widget.zoom_changed) as blocker:
        widget.zoom_out_button.click()
    assert blocker.args == ["years"] and widget.zoom() is Zoom.YEARS
    assert not widget.zoom_out_button.isEnabled()
    _shot(widget, "timeline-years")

    widget.zoom_combo.setCurrentIndex(2)
    assert widget.zoom() is Zoom.MONTHS and not widget.zoom_in_button.isEnabled()
    _shot(widget, "timeline-months")

    canvas = widget.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert widget.zoom() is Zoom.QUARTERS
    qtbot.keyClick(canvas, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert widget.zoom() is Zoom.MONTHS

    wheel = QWheelEvent(
        QPointF(400, 300),
        QPointF(canvas.viewport().mapToGlobal(QPoint(400, 300))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas.viewport(), wheel)
    assert widget.zoom() is Zoom.QUARTERS

    # 510 rows scroll by rows; the last screen is reachable and paints.
    bar = canvas.verticalScrollBar()
    assert bar.maximum() == 510 - canvas.visible_row_count()
    bar.setValue(bar.maximum())
    widget.scroll_to_today()
    _shot(widget, "timeline-scrolled")
    assert "Item" in canvas.tooltip_at(QPointF(300, HEADER_HEIGHT + 30))


def test_widget_dark_theme_and_empty_state(qtbot: QtBot) -> None:
    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.resize(1000, 560)
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#17181a"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.Button, "#2d2e31"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
    ):
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(TimelineData("Empty plan", TODAY, ()))
    assert widget.is_empty() and not widget.zoom_combo.isEnabled()
    _shot(widget, "timeline-empty")
    widget.set_data(make_data(60, stages=6))
    _shot(widget, "timeline-dark")
    image = widget.canvas.viewport().grab().toImage()
    # Text and grid come from the dark palette: the chart background is dark.
    assert image.pixelColor(image.width() - 5, image.height() - 5).lightness() < 80
