"""A small page-flow layout: headings, paragraphs and tables that continue across pages.

Layout happens first and records each page's drawing as a list of operations; painting happens
afterwards, when the page count is known, so every page can say "Page 3 of 9".
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPaintDevice, QPainter, QPen

from cso_planner.report.text import line_height, wrap_lines
from cso_planner.status_colors import status_color, status_label

Op = Callable[[QPainter], None]

INK = QColor("#1f2328")
MUTED = QColor("#5f6b7a")
RULE = QColor("#d0d7de")
HEADER_FILL = QColor("#eef2f6")
ACCENT = QColor("#1565c0")
EPSILON = 0.5  # device units: what "fits" allows for rounding in the sums of line heights


@dataclasses.dataclass(frozen=True)
class Column:
    """A table column; widths come from the content (see :func:`column_widths`), ``weight``
    shares out the room left over once every column shows its longest line."""

    title: str
    weight: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    status: bool = False  # draw the cell as a coloured status chip


# A number, an amount, a date part or a percentage: never broken across lines.
_NUMBER = re.compile(r"[^\w\s]{0,3}\d[\d.,:/%\u2009\u202f-]*[^\w\s]{0,3}")
KEEP = "\u00a0"  # a space that never breaks ("15 Jan 2027" stays on one line); drawn as " "
SHORT_CELL = 14  # a cell this short ("16 Feb 2027", "In progress") stays on one line
LONG_WORD_MM = 30.0  # longer words (links) may break anywhere, numbers never


class _Advances:
    """``horizontalAdvance`` with each distinct text measured once: a long table repeats
    dates, statuses, providers and credits on most rows (113,855 calls for the 1x plan's
    61 pages, a third of the time it took to paint)."""

    def __init__(self, metrics: QFontMetricsF) -> None:
        self._metrics = metrics
        self._known: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._known.get(text)
        if width is None:
            width = self._known[text] = self._metrics.horizontalAdvance(text)
        return width


def _unbreakable_width(text: str, advance: _Advances, long_word: float) -> float:
    """The widest piece of ``text`` that must stay on one line."""
    if len(text) <= SHORT_CELL:
        return advance(text)
    widest = 0.0
    for token in re.split(r"[ \t\n]+", text):
        width = advance(token)
        if not _NUMBER.fullmatch(token):
            width = min(width, long_word)
        widest = max(widest, width)
    return widest


def column_widths(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    fonts: Fonts,
    device: QPaintDevice,
    available: float,
    pad: float,
    chip: float,
) -> list[float]:
    """Widths that never break a word or a number: each column gets at least its widest
    unbreakable piece (header included), then the room left goes where lines are longest."""
    body = _Advances(QFontMetricsF(fonts.body, device))
    bold = _Advances(QFontMetricsF(fonts.bold, device))
    long_word = LONG_WORD_MM * device.logicalDpiY() / 25.4
    least: list[float] = []
    most: list[float] = []
    for index, column in enumerate(columns):
        extra = 2 * pad + (chip if column.status else 0.0)
        cells = [row[index] for row in rows]
        if column.status:
            cells = [status_label(c) for c in cells]
        distinct = list(dict.fromkeys(cells))  # each text's widths once, however many rows
        low = max(
            [_unbreakable_width(column.title, bold, long_word)]
            + [
                body(c) if column.status else _unbreakable_width(c, body, long_word)
                for c in distinct
            ]
        )
        high = max(
            [bold(column.title)]
            + [max((body(p) for p in c.split("\n")), default=0.0) for c in distinct]
        )
        least.append(low + extra)
        most.append(max(high, low) + extra)
    if sum(most) <= available:
        spare = available - sum(most)
        total = sum(c.weight for c in columns) or 1.0
        return [m + spare * c.weight / total for m, c in zip(most, columns, strict=True)]
    if sum(least) <= available:
        spare = available - sum(least)
        wants = [m - low for m, low in zip(most, least, strict=True)]
        total = sum(wants) or 1.0
        return [low + spare * w / total for low, w in zip(least, wants, strict=True)]
    # Not even the unbreakable pieces fit: squeeze the text columns, never the numbers.
    scale = available / sum(least)
    return [low * scale for low in least]


@dataclasses.dataclass
class Fonts:
    body: QFont
    small: QFont
    bold: QFont
    h1: QFont
    h2: QFont
    title: QFont


def make_fonts(family: str | None = None) -> Fonts:
    def font(size: float, *, bold: bool = False) -> QFont:
        f = QFont(family) if family else QFont()
        f.setPointSizeF(size)
        f.setBold(bold)
        # No ligatures: "fi" must stay two letters so the PDF's text can be searched and copied.
        for feature in ("liga", "clig", "dlig"):
            f.setFeature(QFont.Tag(feature), 0)
        return f

    return Fonts(
        body=font(9.5),
        small=font(8),
        bold=font(9.5, bold=True),
        h1=font(16, bold=True),
        h2=font(12, bold=True),
        title=font(26, bold=True),
    )


class PageFlow:
    """Lays content out top to bottom inside ``content`` and starts new pages as needed."""

    def __init__(self, device: QPaintDevice, content: QRectF, fonts: Fonts) -> None:
        self.device = device
        self.content = content
        self.fonts = fonts
        self.pages: list[list[Op]] = [[]]
        self.y = content.top()
        self.mm = device.logicalDpiY() / 25.4
        # Headings laid out since the last content (text, level, keep): if what follows them
        # starts a new page, they move to it with it, so a heading never ends a page.
        self._headings: list[tuple[str, int, float]] = []
        self._heading_ops = 0  # the page's op count before the first of them
        self._heading_top = 0.0  # where the first of them starts
        self._in_heading = False

    # -- page handling -------------------------------------------------------------------
    @property
    def remaining(self) -> float:
        return self.content.bottom() - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.content.top()
        self._headings = []

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` fits below. Headings laid out just before, with
        nothing after them yet, move to the new page with what follows them."""
        if height <= self.remaining or self.y <= self.content.top():
            return
        moved = self._headings
        if moved and self._heading_top > self.content.top():
            del self.pages[-1][self._heading_ops :]
            self.new_page()
            for text, level, keep in moved:
                self.heading(text, level, keep_with_next=keep)
            return  # what follows starts below them, on this page or split across the next
        self.new_page()

    def add(self, op: Op) -> None:
        if not self._in_heading:
            self._headings = []  # content follows the headings: they are kept with it
        self.pages[-1].append(op)

    def space(self, millimetres: float) -> None:
        self.y += millimetres * self.mm

    # -- text ----------------------------------------------------------------------------
    def text_block(
        self, text: str, font: QFont, color: QColor = INK, *, keep_with_next: float = 0.0
    ) -> None:
        lines = wrap_lines(text, font, self.content.width(), self.device)
        step = line_height(font, self.device)
        ascent = QFontMetricsF(font, self.device).ascent()
        self.ensure(step * min(len(lines), 2) + keep_with_next)
        for line in lines:
            self.ensure(step)
            x, y = self.content.left(), self.y + ascent
            self.add(_text_op(QPointF(x, y), line, font, color))
            self.y += step

    def heading(self, text: str, level: int = 1, *, keep_with_next: float = 0.0) -> None:
        """A heading that never ends a page: it stays with ``keep_with_next`` device units of
        what follows (say, :meth:`table_lead` of its table), or a few lines by default."""
        font = self.fonts.h1 if level == 1 else self.fonts.h2
        lines = wrap_lines(text, font, self.content.width(), self.device)
        step = line_height(font, self.device)
        after = (3.5 if level == 1 else 1) * self.mm  # the rule under a level-1 heading
        keep = (keep_with_next or (36 if level == 1 else 28) * self.mm) + after
        if self.y > self.content.top():  # no gap above a heading that starts a page
            self.space(4 if level == 1 else 3)
        self.ensure(step * len(lines) + keep)  # may move the headings just above with it
        if not self._headings:
            self._heading_ops, self._heading_top = len(self.pages[-1]), self.y
        ascent = QFontMetricsF(font, self.device).ascent()
        color = INK if level == 1 else ACCENT
        self._in_heading = True
        try:
            for line in lines:
                self.add(_text_op(QPointF(self.content.left(), self.y + ascent), line, font, color))
                self.y += step
            if level == 1:
                y = self.y + 1 * self.mm
                left, right = self.content.left(), self.content.right()
                self.add(lambda p: _hline(p, left, right, y, ACCENT, 0.6 * self.mm))
        finally:
            self._in_heading = False
        self.y += after
        self._headings.append((text, level, keep_with_next))

    def paragraph(self, text: str, *, muted: bool = False) -> None:
        self.text_block(text, self.fonts.body, MUTED if muted else INK)
        self.space(2)

    # -- tables --------------------------------------------------------------------------
    def table_lead(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        measure: Sequence[Sequence[str]] | None = None,
    ) -> float:
        """The height :meth:`table` needs on the page it starts on: header and first row."""
        pad, chip = 1.5 * self.mm, 4 * self.mm
        widths = column_widths(
            columns, measure or rows, self.fonts, self.device, self.content.width(), pad, chip
        )
        bold_step = line_height(self.fonts.bold, self.device)
        step = line_height(self.fonts.body, self.device)
        header = max(
            len(wrap_lines(c.title, self.fonts.bold, w - 2 * pad, self.device))
            for c, w in zip(columns, widths, strict=True)
        )
        first = 1
        if rows:
            first = max(
                1 if c.status else len(wrap_lines(t, self.fonts.body, w - 2 * pad, self.device))
                for t, c, w in zip(rows[0], columns, widths, strict=True)
            )
        return header * bold_step + 2 * pad + min(first, 3) * step + 2 * pad

    def table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        measure: Sequence[Sequence[str]] | None = None,
    ) -> None:
        """A table whose header repeats on every page it continues onto; long cells wrap (at
        spaces, never inside a word or number) and a row taller than a page is split between
        pages. ``measure`` sizes the columns from more rows (tables that should line up)."""
        pad = 1.5 * self.mm
        chip = 4 * self.mm
        widths = column_widths(
            columns, measure or rows, self.fonts, self.device, self.content.width(), pad, chip
        )
        lefts = [self.content.left() + sum(widths[:i]) for i in range(len(widths))]
        body, bold = self.fonts.body, self.fonts.bold
        step = line_height(body, self.device)
        header_lines = [
            wrap_lines(c.title, bold, w - 2 * pad, self.device)
            for c, w in zip(columns, widths, strict=True)
        ]
        header_h = max(len(lines) for lines in header_lines) * line_height(bold, self.device)
        header_h += 2 * pad

        def draw_header() -> None:
            top = self.y
            for col, left, width, lines in zip(columns, lefts, widths, header_lines, strict=True):
                self.add(
                    _cell_op(
                        QRectF(left, top, width, header_h),
                        lines,
                        bold,
                        INK,
                        col,
                        pad,
                        fill=HEADER_FILL,
                        status=False,
                    )
                )
            self.y += header_h

        def wrap(row: Sequence[str]) -> list[list[str]]:
            return [
                wrap_lines(text, body, width - 2 * pad, self.device)
                if not col.status
                else [status_label(text)]
                for text, col, width in zip(row, columns, widths, strict=True)
            ]

        # The header with the first row (up to three of its lines), as the rows below need.
        first = max((len(lines) for lines in wrap(rows[0])), default=1) if rows else 1
        self.ensure(header_h + min(max(first, 1), 3) * step + 2 * pad + EPSILON)
        draw_header()
        for row in rows:
            wrapped = wrap(row)
            start = 0
            total_lines = max(len(lines) for lines in wrapped) or 1
            while start < total_lines:
                fits = int((self.remaining - 2 * pad) // step)
                if fits < 1 or (start == 0 and fits < min(total_lines, 3)):
                    self.new_page()
                    draw_header()
                    continue
                take = min(fits, total_lines - start)
                height = take * step + 2 * pad
                top = self.y
                for text, col, left, width, lines in zip(
                    row, columns, lefts, widths, wrapped, strict=True
                ):
                    part = lines[start : start + take]
                    self.add(
                        _cell_op(
                            QRectF(left, top, width, height),
                            part,
                            body,
                            INK,
                            col,
                            pad,
                            fill=None,
                            status=col.status and start == 0,
                            raw=text,
                        )
                    )
                self.y += height
                start += take
        self.space(3)


def _text_op(point: QPointF, text: str, font: QFont, color: QColor) -> Op:
    def op(painter: QPainter) -> None:
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(point, text)  # a plain string: markup stays literal characters

    return op


def _hline(painter: QPainter, left: float, right: float, y: float, color: QColor, w: float) -> None:
    painter.setPen(QPen(color, w))
    painter.drawLine(QPointF(left, y), QPointF(right, y))


def _cell_op(
    rect: QRectF,
    lines: list[str],
    font: QFont,
    color: QColor,
    column: Column,
    pad: float,
    *,
    fill: QColor | None,
    status: bool,
    raw: str = "",
) -> Op:
    def op(painter: QPainter) -> None:
        if fill is not None:
            painter.fillRect(rect, fill)
        painter.setPen(QPen(RULE, max(pad / 6, 1.0)))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        step = metrics.lineSpacing()
        x = rect.left() + pad
        if status:
            chip = QColor(status_color(raw))
            size = metrics.ascent() * 0.8
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip)
            painter.drawEllipse(QRectF(x, rect.top() + pad + (step - size) / 2, size, size))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            x += size + pad
        painter.setPen(color)
        for index, kept in enumerate(lines):
            line = kept.replace(KEEP, " ")
            baseline = rect.top() + pad + index * step + metrics.ascent()
            if column.align & Qt.AlignmentFlag.AlignRight:
                width = metrics.horizontalAdvance(line)
                painter.drawText(QPointF(rect.right() - pad - width, baseline), line)
            else:
                painter.drawText(QPointF(x, baseline), line)

    return op
