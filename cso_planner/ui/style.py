"""The look of the app in one place: status colours, spacing, formats and the stylesheet.

Colours come from :mod:`cso_planner.status_colors` (shared with the PDF); text uses palette
roles so light and dark themes both read. Dates go through ``QLocale``; money through
:func:`cso_planner.money.format_money` (the one formatter of the app, the PDF and the CLI).
"""

from __future__ import annotations

import datetime as dt
import functools
import html

from PySide6.QtCore import QDate, QLocale, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from cso_planner.status_colors import status_color, status_label

SPACING = 8  # the 8 px grid


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the window background is dark (a dark system theme)."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_qcolor(status: str, palette: QPalette | None = None) -> QColor:
    return QColor(status_color(status, dark=is_dark(palette)))


def status_dot(status: str, palette: QPalette | None = None) -> QIcon:
    """A small filled circle in the status colour (the status language's swatch)."""
    return _dot(status_qcolor(status, palette).name())


@functools.cache
def _dot(color: str) -> QIcon:
    result = QIcon()
    for size in (12, 16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        inset = size * 0.2
        painter.drawEllipse(QRectF(inset, inset, size - 2 * inset, size - 2 * inset))
        painter.end()
        result.addPixmap(pixmap)
    return result


def status_text(status: str, overdue: bool = False) -> str:
    return status_label("overdue" if overdue else status)


def date_format() -> str:
    """The locale's short date format with a four-digit year (``d/M/yy`` is ambiguous)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"  # no real locale set (LANG=C): ISO is the unambiguous choice
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), date_format())


def format_number(value: float) -> str:
    decimals = 0 if value == int(value) else 1
    return QLocale().toString(float(value), "f", decimals)


def format_hours(value: float | None) -> str:
    return "" if value is None else f"{format_number(value)} h"


def plain_tooltip(text: str) -> str:
    """A tooltip showing user text literally (tooltips otherwise guess rich text)."""
    escaped = html.escape(text).replace("\n", "<br>")
    return f"<qt>{escaped}</qt>"


def app_stylesheet() -> str:
    """Small stylesheet on top of the platform style; colours only through palette roles."""
    return f"""
    QListView#sidebar {{
        background: palette(base);
        border: none;
        border-right: 1px solid palette(mid);
        padding: {SPACING}px 0px;
        outline: 0;
    }}
    QListView#sidebar::item {{
        padding: {SPACING}px {SPACING * 2}px;
        margin: 2px {SPACING}px;
        border-radius: 6px;
    }}
    QListView#sidebar::item:selected {{
        background: palette(highlight);
        color: palette(highlighted-text);
    }}
    QLabel#screenTitle {{ font-size: 18pt; font-weight: 600; }}
    QLabel#emptyTitle {{ font-size: 15pt; font-weight: 600; }}
    """
