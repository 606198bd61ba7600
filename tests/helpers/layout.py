"""Geometry checks a person would make by eye: nothing overlaps, no header text is cut.

:func:`layout_problems` walks every visible widget under a root and reports, in words:
- two visible sibling widgets whose rectangles overlap;
- a horizontal header section narrower than its text (Qt would elide it: "Cer…");
- a label or button narrower than its own text (clipped);
- a horizontal scroll bar on a table, tree or scroll area (content that does not fit);
- an empty line edit (or editable combo box) narrower than its placeholder hint.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QToolButton,
    QWidget,
)


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = f" “{widget.text()[:40]}”"
    name = widget.objectName()
    return f"{type(widget).__name__}{'#' + name if name else ''}{text}"


def _path(widget: QWidget, root: QWidget) -> str:
    parts = []
    node: QWidget | None = widget
    while node is not None and node is not root:
        parts.append(type(node).__name__ + (f"#{node.objectName()}" if node.objectName() else ""))
        node = node.parentWidget()
    return " < ".join(parts[:4])


def overlapping_siblings(root: QWidget) -> list[str]:
    problems = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisibleTo(root) and parent is not root:
            continue
        kids = [
            c
            for c in parent.children()
            if isinstance(c, QWidget) and not c.isWindow() and c.isVisibleTo(root)
        ]
        for a, b in itertools.combinations(kids, 2):
            overlap: QRect = a.geometry().intersected(b.geometry())
            if overlap.width() > 1 and overlap.height() > 1:
                problems.append(
                    f"overlap {overlap.width()}x{overlap.height()}: {_name(a)} and {_name(b)} "
                    f"in {_path(parent, root) or type(root).__name__}"
                )
    return problems


def elided_headers(root: QWidget) -> list[str]:
    problems = []
    for header in root.findChildren(QHeaderView):
        if header.orientation() != Qt.Orientation.Horizontal or not header.isVisibleTo(root):
            continue
        model = header.model()
        if model is None:
            continue
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = model.headerData(section, Qt.Orientation.Horizontal)
            if not text:
                continue
            size, hint = header.sectionSize(section), header.sectionSizeHint(section)
            if size < hint:
                problems.append(f"header “{text}” is {size} px wide, its text needs {hint}")
    return problems


def clipped_texts(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text()):
            continue
        if isinstance(widget, QAbstractButton) and not widget.text():
            continue
        need = widget.minimumSizeHint().width()
        if 0 < widget.width() < need:
            problems.append(f"{_name(widget)} is {widget.width()} px wide, needs {need}")
    return problems


def horizontal_scroll_bars(root: QWidget) -> list[str]:
    return [
        f"{_path(view, root)} scrolls sideways"
        for view in root.findChildren(QAbstractScrollArea)
        if view.isVisibleTo(root) and view.horizontalScrollBar().isVisibleTo(root)
    ]


def layout_problems(root: QWidget) -> list[str]:
    """Everything above, for ``root`` as it is laid out now."""
    return [
        *overlapping_siblings(root),
        *elided_headers(root),
        *clipped_texts(root),
        *horizontal_scroll_bars(root),
        *clipped_placeholders(root),
    ]


def dark_palette() -> QPalette:
    """A dark theme like the desktops' (what the app must read well in)."""
    dark = QPalette()
    for role, color in {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f", QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Mid: "#444444",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
    }.items():  # fmt: skip
        dark.setColor(role, QColor(color))
    return dark


def clipped_placeholders(root: QWidget) -> list[str]:
    """An empty line edit (or editable combo box) too narrow for its hint: "as the acti…"."""
    problems = []
    for edit in root.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if not hint or edit.text() or not edit.isVisibleTo(root):
            continue
        need = edit.fontMetrics().horizontalAdvance(hint)
        room = edit.contentsRect().width() - edit.textMargins().left() - edit.textMargins().right()
        # QLineEdit's own horizontal margin (2 px each side) and its frame.
        frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
        room -= 4 + 2 * frame if edit.hasFrame() else 4
        # A search icon or clear button sits inside the edit, beside the text (its icon's
        # width plus a quarter of it as a gap, as QLineEdit lays them out).
        for button in edit.findChildren(QToolButton):
            if button.parentWidget() is edit and button.isVisibleTo(edit):
                room -= button.width() + button.width() // 5
        if 0 < room < need:
            owner = edit.parentWidget() if isinstance(edit.parentWidget(), QComboBox) else edit
            problems.append(f"{_name(owner)} hint “{hint}” needs {need} px, has {room}")
    return problems
