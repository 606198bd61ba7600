"""The personal roadmap PDF: cover, timeline, stages, certifications, CPE, budget, resources.

``paint_report`` draws on any ``QPagedPaintDevice`` (a QPdfWriter for the file, a QPrinter for
print preview and printing). ``write_roadmap_pdf`` writes the file through the exports' atomic
writer, so a failed or cancelled export leaves any previous file intact and a symbolic link at
the path is replaced, not written through.
"""

from __future__ import annotations

import datetime as dt
import functools
import pathlib
from collections.abc import Callable, Iterator

from PySide6.QtCore import QBuffer, QIODevice, QLocale, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from cso_planner import __version__
from cso_planner.dates import format_date, format_month
from cso_planner.db.models import ITEM_KIND_LABELS
from cso_planner.exports.atomic import write_atomically
from cso_planner.gc_pause import paused_gc
from cso_planner.money import MIXED_NOTE, USD, Money, format_money, own_money
from cso_planner.report.flow import (
    ACCENT,
    INK,
    KEEP,
    MUTED,
    Column,
    Fonts,
    Op,
    PageFlow,
    make_fonts,
)
from cso_planner.report.text import line_height
from cso_planner.services.budget import YEAR_HEADERS, year_cells
from cso_planner.services.report_data import HeldRow, PlannedRow, ReportData
from cso_planner.status_colors import LIGHT, status_label
from cso_planner.timeline_data import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    ROW_HEIGHT,
    PageSlice,
    Row,
    TimelineData,
    Zoom,
    chart_width,
    date_chunks,
    row_layout,
    visible_rows,
)
from cso_planner.ui.timeline.painter import TimelinePalette, paginate, paint_legend, paint_page

Progress = Callable[[int], bool]  # percent -> False to cancel
MARGIN_MM = 16.0
RIGHT = Qt.AlignmentFlag.AlignRight
TIMELINE_DPI = 96.0  # the timeline painter draws in logical pixels at about 96 per inch
TIMELINE_SCALE = 0.85  # the printed chart's size against the screen's
TIMELINE_PALETTE = TimelinePalette.light()
LEGEND_HEIGHT = 14.0  # paint_legend's height in timeline pixels
NOTE_LIMIT = 160  # characters of a note shown in a table; the whole note is in the appendix


class ExportCancelled(Exception):
    """The user cancelled the export; the previous file (if any) is untouched."""


def locale_page_size(locale: QLocale | None = None) -> QPageSize.PageSizeId:
    """Letter in the US and Canada (and wherever the locale measures in US units), A4
    elsewhere."""
    locale = locale or QLocale()
    if locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem:
        return QPageSize.PageSizeId.Letter
    if locale.territory() in (QLocale.Country.UnitedStates, QLocale.Country.Canada):
        return QPageSize.PageSizeId.Letter
    return QPageSize.PageSizeId.A4


def page_size_from_name(name: str | None) -> QPageSize.PageSizeId:
    if name is None:
        return locale_page_size()
    return {"A4": QPageSize.PageSizeId.A4, "LETTER": QPageSize.PageSizeId.Letter}[name.upper()]


def _day(day: dt.date | None) -> str:
    """A date for a table cell: never broken across two lines."""
    return format_date(day).replace(" ", KEEP)


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _layout(flow: PageFlow, data: ReportData, progress: Progress | None) -> None:
    _cover(flow, data)
    steps = max(len(data.stages) + 5, 1)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and not progress(int(80 * done / steps)):
            raise ExportCancelled("export cancelled")

    _timeline(flow, data)
    appendix: list[tuple[str, str]] = []  # (where, full note) for notes cut in the tables
    columns = [
        Column("Item", 3.0),
        Column("Kind", 2.0),
        Column("Status", 1.6, status=True),
        Column("Due", 1.45),
        Column("Cost", 1.1, RIGHT),
        Column("Hours", 1.15, RIGHT),
        Column("Notes", 3.35),
    ]
    stage_rows = [
        [
            [
                item.title,
                ITEM_KIND_LABELS.get(item.kind, item.kind),
                item.status,
                _day(item.due),
                own_money(item.cost, data.currency),
                _hours(item.hours),
                _table_note(item.notes, f"{stage.role}: {item.title}", appendix),
            ]
            for item in stage.items
        ]
        for stage in data.stages
    ]
    every_row = [row for rows in stage_rows for row in rows]  # one set of widths: columns align
    sub_heading = line_height(flow.fonts.h2, flow.device) + 4 * flow.mm

    def lead(rows: list[list[str]]) -> float:  # a heading stays with its table's first row
        return flow.table_lead(columns, rows, measure=every_row) if rows else 0.0

    first_lead = lead(stage_rows[0]) + sub_heading if stage_rows else 0.0
    flow.heading("Roadmap by stage", keep_with_next=first_lead)
    if not data.stages:
        flow.paragraph("This plan has no stages yet. Add stages on the Roadmap screen.", muted=True)
    for number, (stage, rows) in enumerate(zip(data.stages, stage_rows, strict=True), start=1):
        span = " – ".join(x for x in (format_date(stage.start), format_date(stage.end)) if x)
        flow.heading(
            f"Stage {number}: {stage.role}" + (f"  ({span})" if span else ""),
            level=2,
            keep_with_next=lead(rows),
        )
        if stage.items:
            flow.table(columns, rows, measure=every_row)
        else:
            flow.paragraph("No items in this stage yet.", muted=True)
        tick()

    flow.heading("Certifications")
    flow.heading("Held", level=2)
    if data.held:
        flow.table(
            [
                Column("Certification", 2.8),
                Column("Credential ID", 2.1),
                Column("Held since", 1.45),
                Column("Expires", 1.45),
                Column("CPE this cycle", 1.5, RIGHT),
                Column("Next fee", 1.9),
            ],
            [
                [
                    f"{h.code} — {h.name}",
                    h.credential_id,
                    _held_since(h),
                    h.expiry_text or _day(h.expires_on),
                    h.cpe_text,
                    f"with {h.fee_covered_by}"
                    if h.fee_covered_by
                    else _next_fee(
                        h.next_fee_usd, h.next_fee_date, data.currency, h.next_fee_currency
                    ),
                ]
                for h in data.held
            ],
        )
        # Past its expiry: what to do now (the lifecycle's sentence), one line per credential.
        for h in data.held:
            if h.state not in ("active", "no date") and h.headline:
                flow.paragraph(f"{h.code}: {h.headline}", muted=True)
    else:
        flow.paragraph("No earned certifications recorded yet.", muted=True)
    tick()
    flow.heading("Planned", level=2)
    if data.planned:
        flow.table(
            [
                Column("Certification", 2.6),
                Column("Status", 1.2),
                Column("Eligibility", 1.8),
                Column("What is missing", 3.2),
                Column("Rule source", 2.6),
            ],
            [
                [
                    f"{p.code} — {p.name}",
                    status_label(p.status),
                    _eligibility_text(p),
                    p.missing_text,
                    p.source
                    + (f" (as of {_day(p.as_of)})" if p.as_of else "")
                    + (" — unverified, see below" if p.unverified else ""),
                ]
                for p in data.planned
            ],
        )
    else:
        flow.paragraph("No planned certifications recorded yet.", muted=True)
    if data.unverified:
        flow.heading("Rules no issuer page backs", level=2)
        for where, why in data.unverified:
            flow.paragraph(f"{where} — unverified: {why}")
    tick()

    flow.heading("CPE by certification and cycle")
    if data.cpe:
        flow.table(
            [
                Column("Certification", 1.5),
                Column("Cycle", 2.6),
                Column("Earned", 1.2, RIGHT),
                Column("Required", 1.3, RIGHT),
                Column("Needed / month", 1.5, RIGHT),
                Column("Status", 1.4, status=True),
            ],
            [
                [
                    c.code,
                    c.cycle_text,
                    f"{c.earned:g}",
                    f"{c.required:g}",
                    f"{c.per_month:.1f}",
                    "short" if c.short else "met" if c.earned >= c.required else "on_track",
                ]
                for c in data.cpe
            ],
        )
        flow.paragraph(
            "Status: green = met, blue = on track, red = on track to fall short.", muted=True
        )
    else:
        flow.paragraph("No CPE cycles: add an earned certification to track its CPE.", muted=True)
    tick()

    _budget(flow, data)
    tick()

    flow.heading("Learning resources")
    if data.resources:
        flow.table(
            [
                Column("Course", 3.2),
                Column("Provider", 1.6),
                Column("Progress", 1.0, RIGHT),
                Column("Hours", 0.9, RIGHT),
                Column("Link", 3.0),
            ],
            [
                [r.title, r.provider, f"{r.progress:g}%", _hours(r.hours), r.url]
                for r in data.resources
            ],
        )
    else:
        flow.paragraph(
            "No courses recorded yet. Cybrary and LinkedIn Learning courses, Security Magazine "
            "and CSO Online are good places to start.",
            muted=True,
        )
    tick()
    _notes_appendix(flow, appendix)


def _table_note(note: str, where: str, appendix: list[tuple[str, str]]) -> str:
    """The note as a table shows it: a long one is cut at a word, its full text goes to the
    notes appendix (numbered) and the cell says where to find it."""
    text = " ".join(note.split())
    if len(text) <= NOTE_LIMIT:
        return note
    appendix.append((where, note))
    cut = text[:NOTE_LIMIT].rsplit(" ", 1)[0].rstrip(",;:.")
    return f"{cut} … (full text: note {len(appendix)})"


def _notes_appendix(flow: PageFlow, appendix: list[tuple[str, str]]) -> None:
    if not appendix:
        return
    flow.heading("Notes")
    for number, (where, note) in enumerate(appendix, start=1):
        flow.heading(f"Note {number} — {where}", level=2)
        flow.paragraph(note)


def _held_since(row: HeldRow) -> str:
    """The certification date, labelled when the app estimated it (the lifecycle's text)."""
    if row.since_text.startswith("Held since "):
        return row.since_text.removeprefix("Held since ")
    return _day(row.earned_on)


def _next_fee(amount: float | None, day: dt.date | None, home: str, currency: str = USD) -> str:
    if day is None:
        return ""
    if amount is None:
        return _day(day)
    return f"{format_money(Money(amount, currency), home=home)} on {_day(day)}"


def _budget(flow: PageFlow, data: ReportData) -> None:
    flow.heading("Budget per year")
    if data.budget.is_empty:
        flow.paragraph("No costs recorded in this plan.", muted=True)
        return
    flow.table(
        [
            Column(YEAR_HEADERS[0], 0.7),
            # Totals hold a part per currency ("€2,425.49 + US$135.00"): the widest column.
            *(Column(title, 2.4 if title == "Total" else 1.6, RIGHT) for title in YEAR_HEADERS[1:]),
        ],
        year_cells(data.budget),
    )
    note = (
        "Spent: what you recorded or confirmed, up to today. Planned: your own figures still "
        "to come. Estimated: catalog fees in US dollars, until you confirm or edit them on the "
        "Budget screen."
    )
    if data.budget.mixed:
        note += f" Totals hold several currencies: {MIXED_NOTE}."
    flow.paragraph(note, muted=True)


def _eligibility_text(row: PlannedRow) -> str:
    if not row.has_rule:
        return "no experience requirement"
    if row.eligible:
        return "eligible " + (f"since {format_date(row.eligible_on)}" if row.eligible_on else "now")
    if row.eligible_on is not None:
        return f"from {format_date(row.eligible_on)}"
    return "not reachable with the logged experience"


def _cover(flow: PageFlow, data: ReportData) -> None:
    fonts = flow.fonts
    flow.space(28)
    flow.text_block("Roadmap to " + data.target_role, fonts.title, INK)
    flow.space(4)
    if data.person_name:
        flow.text_block(data.person_name, fonts.h1, ACCENT)
    flow.space(6)
    facts = [
        ("Plan", data.plan_name or "(no active plan)"),
        (
            "Target",
            data.target_role + (f" by {format_date(data.target_date)}" if data.target_date else ""),
        ),
        ("Generated", format_date(data.generated_on)),
    ]
    for label, value in facts:
        flow.text_block(f"{label}: {value}", fonts.body, INK)
    flow.space(8)
    flow.heading("Summary", level=2)
    flow.paragraph(data.summary or "Nothing recorded yet.")
    flow.space(6)
    flow.heading("How to read this roadmap", level=2)
    flow.paragraph(
        "Each item carries one status, in the same words and colours as the app: "
        + ", ".join(status_label(s) for s in LIGHT)
        + ". Eligibility dates come from the experience you logged and each issuer's published "
        "rule; the rule's source and research date are printed next to each answer."
    )


def _print_zoom(timeline: TimelineData, chart_px: float) -> Zoom:
    """Months on the scale when the whole plan fits in two page widths, whole years otherwise.

    Either way the chart keeps the on-screen sizes (never shrunk to fit); a long plan at month
    detail would need a page per three quarters, so years keep the chart to a few page widths.
    """
    if len(date_chunks(timeline.span(), chart_px, Zoom.QUARTERS)) <= 2:
        return Zoom.QUARTERS
    return Zoom.YEARS


def _timeline(flow: PageFlow, data: ReportData) -> None:
    """The Gantt of stages and items, painted by the on-screen timeline painter.

    The chart keeps the screen's sizes in 96-dpi pixels (text stays readable) and is split into
    as many pages as it needs: bands of rows top to bottom, and within each band the years left
    to right. Every page repeats the label column and the year scale; the pages of one band
    start the chart at the same height, so they line up side by side.
    """
    timeline = data.timeline
    if timeline is None or not timeline.stages:
        return  # "Roadmap by stage" says the plan has no stages yet
    # Device units per painter pixel: a little under the screen's size, so a page holds more
    # years and rows while the labels stay at 8 pt.
    factor = flow.device.logicalDpiY() / TIMELINE_DPI * TIMELINE_SCALE
    content = flow.content
    flow.new_page()
    flow.heading("Timeline")
    flow.text_block(
        f"Bars run from the start of study (at {timeline.weekly_study_hours:g} study hours a "
        "week) to the due date; diamonds mark dated items without study hours. The chart "
        "continues left to right across the years, then down the rows; every page repeats "
        "the year scale, and pages with nothing planned in their years are left out.",
        flow.fonts.small,
        MUTED,
    )
    flow.space(1.5)
    legend = _scaled_op(QPointF(content.left(), flow.y), factor, _paint_legend, flow.fonts.body)
    flow.add(legend)
    flow.y += LEGEND_HEIGHT * factor + 3 * flow.mm
    first_top = flow.y
    # Later bands of rows only carry a one-line caption above the chart.
    later_top = content.top() + line_height(flow.fonts.small, flow.device) + 2.5 * flow.mm
    width = content.width() / factor
    zoom = _print_zoom(timeline, width - LABEL_WIDTH)
    rows = row_layout(timeline)
    slices = _slices(
        timeline,
        rows,
        zoom,
        width,
        (content.bottom() - first_top) / factor,
        (content.bottom() - later_top) / factor,
    )
    caption = line_height(flow.fonts.small, flow.device) + 1.5 * flow.mm
    for number, page in enumerate(slices):
        rect = QRectF(
            0,
            0,
            min(width, LABEL_WIDTH + chart_width(page.date_range, zoom)),
            HEADER_HEIGHT + page.row_count * ROW_HEIGHT,
        )
        height = rect.height() * factor
        if number:
            # Strips of later years go under the previous one while the page has room, so a
            # short plan does not print a mostly empty page per three years.
            flow.space(3)
            flow.ensure(caption + height)
            flow.text_block(_continued(timeline, rows, page), flow.fonts.small, MUTED)
            flow.space(1)
        chart = functools.partial(_paint_slice, rect=rect, data=timeline, page=page, zoom=zoom)
        flow.add(_scaled_op(QPointF(content.left(), flow.y), factor, chart, flow.fonts.body))
        flow.y += height
    flow.space(4)


def _slices(
    timeline: TimelineData,
    rows: list[Row],
    zoom: Zoom,
    width: float,
    first_height: float,
    later_height: float,
) -> list[PageSlice]:
    """The chart's pages, all in timeline pixels.

    The first band of rows fits under the heading, later bands fill whole pages; the date
    ranges are :func:`paginate`'s. A page whose rows have no bar, diamond or stage in its
    dates is left out, but every band keeps at least one page so each row is printed.
    """
    first = paginate(timeline, QRectF(0, 0, width, first_height), zoom)
    chunks = [p.date_range for p in first if p.first_row == 0]
    bands = [range(0, first[0].row_count)]
    while bands[-1].stop < len(rows):
        start = bands[-1].stop
        band = visible_rows(len(rows), start, later_height)
        bands.append(band if len(band) else range(start, start + 1))
    extents = [_row_extent(timeline, row) for row in rows]
    pages: list[PageSlice] = []
    for band in bands:
        shown = [
            PageSlice(band.start, len(band), chunk)
            for chunk in chunks
            if any(_overlaps(extents[index], chunk) for index in band)
        ]
        pages += shown or [PageSlice(band.start, len(band), chunks[0])]
    return pages


def _row_extent(timeline: TimelineData, row: Row) -> tuple[dt.date, dt.date] | None:
    """The days a row draws something on: its stage bar, item bar or milestone diamond."""
    stage = timeline.stages[row.stage_index]
    if row.item_index is None:
        return stage.span
    item = stage.items[row.item_index]
    if item.is_milestone and item.due is not None:
        return (item.due, item.due)
    if item.start is None or item.end is None:
        return None
    return (item.start, item.end)


def _overlaps(extent: tuple[dt.date, dt.date] | None, days: tuple[dt.date, dt.date]) -> bool:
    return extent is not None and extent[0] <= days[1] and days[0] <= extent[1]


def _continued(timeline: TimelineData, rows: list[Row], page: PageSlice) -> str:
    """The caption of a continuation page: which dates and which stages it shows."""
    start, end = page.date_range
    text = f"Timeline (continued): {format_month(start)} – {format_month(end)}"
    if page.row_count:
        first = timeline.stages[rows[page.first_row].stage_index].role
        last = timeline.stages[rows[page.first_row + page.row_count - 1].stage_index].role
        text += f" · {first}" + (f" to {last}" if last != first else "")
    return text


def _paint_legend(painter: QPainter) -> None:
    paint_legend(painter, QPointF(0, 0), TIMELINE_PALETTE)


def _paint_slice(
    painter: QPainter, *, rect: QRectF, data: TimelineData, page: PageSlice, zoom: Zoom
) -> None:
    paint_page(painter, rect, data, page, zoom=zoom, palette=TIMELINE_PALETTE)


def _scaled_op(
    origin: QPointF,
    factor: float,
    paint: Callable[[QPainter], object],
    font: QFont | None = None,
) -> Op:
    """An op that paints in the timeline painter's 96-dpi pixels from ``origin`` (device units).

    The painter state is restored afterwards, so the running header and footer are unaffected.
    """

    def op(painter: QPainter) -> None:
        painter.save()
        try:
            painter.translate(origin)
            painter.scale(factor, factor)
            if font is not None:
                painter.setFont(font)  # the report's family, ligatures off: searchable text
            paint(painter)
        finally:
            painter.restore()

    return op


def _paint_pages(
    painter: QPainter, device: QPagedPaintDevice, flow: PageFlow, data: ReportData
) -> None:
    total = len(flow.pages)
    fonts = flow.fonts
    content = flow.content
    metrics = QFontMetricsF(fonts.small, device)
    for index, ops in enumerate(flow.pages):
        if index:
            device.newPage()
        for op in ops:
            op(painter)
        if index == 0:
            continue  # the cover carries no running header
        painter.setFont(fonts.small)
        painter.setPen(MUTED)
        top = content.top() - 5 * flow.mm
        left_text = "CSO Planner — roadmap" + (
            f" of {data.person_name}" if data.person_name else ""
        )
        painter.drawText(QPointF(content.left(), top), left_text)
        right_text = data.plan_name
        painter.drawText(
            QPointF(content.right() - metrics.horizontalAdvance(right_text), top), right_text
        )
        painter.setPen(QPen(QColor("#d0d7de"), 0.3 * flow.mm))
        painter.drawLine(
            QPointF(content.left(), top + 2 * flow.mm), QPointF(content.right(), top + 2 * flow.mm)
        )
        painter.setPen(MUTED)
        footer = f"Page {index + 1} of {total}"
        bottom = content.bottom() + 8 * flow.mm
        # Centred on the page, measured with the painter's own metrics (what it draws with).
        painted = painter.fontMetrics().horizontalAdvance(footer)
        page_centre = device.width() / 2 if device.width() > 0 else content.center().x()
        painter.drawText(QPointF(page_centre - painted / 2, bottom), footer)
        stamp = f"Generated {format_date(data.generated_on)} · cso-planner {__version__}"
        painter.drawText(QPointF(content.left(), bottom), stamp)


def paint_report(
    device: QPagedPaintDevice,
    data: ReportData,
    *,
    progress: Progress | None = None,
    fonts: Fonts | None = None,
) -> int:
    """Lay out and paint the whole report on ``device``; returns the number of pages."""
    layout = device.pageLayout()
    dpi = device.logicalDpiY()
    rect = layout.paintRect(QPageLayout.Unit.Millimeter)
    scale = dpi / 25.4
    content = QRectF(0, 0, rect.width() * scale, rect.height() * scale)
    # Room for the running header and footer inside the printable area.
    content.adjust(0, 9 * scale, 0, -12 * scale)
    flow = PageFlow(device, content, fonts or make_fonts())
    with paused_gc():  # tens of thousands of small drawing operations: see gc_pause
        _layout(flow, data, progress)
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("could not start painting the report")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            _paint_pages(painter, device, flow, data)
        finally:
            painter.end()
    if progress is not None:
        progress(100)
    return len(flow.pages)


def configure_page(device: QPagedPaintDevice, size: QPageSize.PageSizeId) -> None:
    margins = QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)
    device.setPageLayout(
        QPageLayout(
            QPageSize(size), QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter
        )
    )


def write_roadmap_pdf(
    data: ReportData,
    path: pathlib.Path,
    *,
    page_size: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the roadmap PDF to ``path`` atomically; returns the page count.

    Raises:
        ExportCancelled: ``progress`` returned False; ``path`` is untouched.
        OSError: the file could not be written; ``path`` is untouched.
    """
    # Painted into memory, then written by the exports' one atomic writer: a symbolic link at
    # ``path`` is replaced, never written through (QSaveFile follows it), and a failed or
    # cancelled export leaves ``path`` as it was. The writer makes its temporary file before it
    # asks for the bytes, so a folder that cannot be written fails before any painting.
    pages = 0

    def content() -> Iterator[bytes]:
        nonlocal pages
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        try:
            writer = QPdfWriter(buffer)
            writer.setResolution(300)
            writer.setCreator(f"CSO Planner {__version__}")
            writer.setTitle(f"Roadmap to {data.target_role}")
            writer.setAuthor(data.person_name)
            configure_page(writer, page_size_from_name(page_size))
            pages = paint_report(writer, data, progress=progress)
            del writer  # flush the PDF trailer into the buffer
            yield bytes(buffer.data().data())
        finally:
            buffer.close()

    write_atomically(path, content())
    return pages
