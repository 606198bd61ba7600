"""Plain-text measuring and wrapping on a paint device (never rich text: user text is literal)."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetricsF, QPaintDevice, QTextLayout, QTextOption


def wrap_lines(text: str, font: QFont, width: float, device: QPaintDevice) -> list[str]:
    """Break ``text`` into lines that fit ``width`` device units (explicit newlines kept)."""
    lines: list[str] = []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.split("\n"):
        if not paragraph:
            lines.append("")
            continue
        layout = QTextLayout(paragraph, font, device)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            line.setPosition(QPointF(0, 0))
            start, length = line.textStart(), line.textLength()
            lines.append(paragraph[start : start + length].rstrip())
        layout.endLayout()
    return lines


def line_height(font: QFont, device: QPaintDevice) -> float:
    return QFontMetricsF(font, device).lineSpacing()


def elide(text: str, font: QFont, width: float, device: QPaintDevice) -> str:
    from PySide6.QtCore import Qt

    return QFontMetricsF(font, device).elidedText(text, Qt.TextElideMode.ElideRight, width)
