"""SVG icons from ``resources/icons`` through one cached loader.

Icons are drawn with ``stroke="currentColor"``; the loader paints them in the palette's text
colour so they read in light and dark themes. A missing name fails loudly.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from cso_planner.paths import resource_dir

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SIZES = (16, 20, 24, 32, 48, 64, 96, 128)


def icon_names() -> list[str]:
    """Every icon shipped with the app (file stems)."""
    folder = resource_dir() / "icons"
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".svg"))


def svg_bytes(name: str) -> bytes:
    """The SVG source of icon ``name``.

    Raises:
        KeyError: the name is not a valid icon name.
        FileNotFoundError: no icon file has that name.
    """
    if not _NAME.match(name):
        raise KeyError(f"not an icon name: {name!r}")
    path = resource_dir() / "icons" / f"{name}.svg"
    if not path.is_file():
        raise FileNotFoundError(f"no icon named {name!r} in {path.parent}")
    return path.read_bytes()


def _text_color() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()


def icon(name: str, color: str | None = None) -> QIcon:
    """The icon ``name``, painted in ``color`` (default: the palette's text colour)."""
    return _render(name, color or _text_color())


@functools.cache
def _render(name: str, color: str) -> QIcon:
    data = svg_bytes(name).replace(b"currentColor", color.encode("ascii"))
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid():
        raise ValueError(f"icon {name!r} is not a valid SVG")
    result = QIcon()
    for size in _SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    """The application's own (full-colour) icon."""
    return icon("app")
