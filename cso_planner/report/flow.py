"""A small page-flow layout: headings, paragraphs and tables that continue across pages.

Layout happens first and records each page's drawing as a list of operations; painting happens
afterwards, when the page count is known, so every page can say "Page 3 of 9".
"""

from __future__ import annotations

import dataclasses
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


@dataclasses.dataclass(frozen=True)
class Column:
    title: str
    weight: float
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    status: bool = False  # draw the cell as a coloured status chip


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

    # -- page handling -------------------------------------------------------------------
    @property
    def remaining(self) -> float:
        return self.content.bottom() - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.content.top()

    def ensure(self, height: float) -> None:
        if height > self.remaining and self.y > self.content.top():
            self.new_page()

    def add(self, op: Op) -> None:
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

    def heading(self, text: str, level: int = 1) -> None:
        font = self.fonts.h1 if level == 1 else self.fonts.h2
        self.space(4 if level == 1 else 3)
        self.text_block(text, font, INK if level == 1 else ACCENT, keep_with_next=30 * self.mm)
        if level == 1:
            y = self.y + 1 * self.mm
            left, right = self.content.left(), self.content.right()
            self.add(lambda p: _hline(p, left, right, y, ACCENT, 0.6 * self.mm))
            self.y += 2.5 * self.mm
        else:
            self.y += 1 * self.mm

    def paragraph(self, text: str, *, muted: bool = False) -> None:
        self.text_block(text, self.fonts.body, MUTED if muted else INK)
        self.space(2)

    # -- tables --------------------------------------------------------------------------
    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str]]) -> None:
        """A table whose header repeats on every page it continues onto; long cells wrap and
        a row taller than a page is split between pages."""
        total = sum(c.weight for c in columns)
        pad = 1.5 * self.mm
        widths = [self.content.width() * c.weight / total for c in columns]
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

        self.ensure(header_h + step + 2 * pad)
        draw_header()
        for row in rows:
            wrapped = [
                wrap_lines(
                    text, body, width - 2 * pad - (4 * self.mm if col.status else 0), self.device
                )
                if not col.status
                else [status_label(text)]
                for text, col, width in zip(row, columns, widths, strict=True)
            ]
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
        for index, line in enumerate(lines):
            baseline = rect.top() + pad + index * step + metrics.ascent()
            if column.align & Qt.AlignmentFlag.AlignRight:
                width = metrics.horizontalAdvance(line)
                painter.drawText(QPointF(rect.right() - pad - width, baseline), line)
            else:
                painter.drawText(QPointF(x, baseline), line)

    return op
