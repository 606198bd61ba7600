"""Guard against a PySide6 that over-releases ``None`` in QPainter calls (RELIABILITY fact 11).

PySide6 6.12.0 on Python 3.11 drops the refcount of ``None`` by one per
``QPainter.drawRect(QRectF)`` / ``drawLine`` call; after some thousands of calls the interpreter
aborts with "deallocating None". The timeline and the PDF draw thousands of rectangles, so the
installed binding must not do that.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

CALLS = 5_000
TOLERANCE = 100


def test_drawing_does_not_release_none(qapp: QApplication) -> None:
    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for n in range(CALLS):
            x = float(n % 150)
            painter.drawRect(QRectF(x, 10.0, 20.0, 12.0))
            painter.drawLine(QLineF(x, 0.0, x, 100.0))
            painter.drawLine(QPointF(0.0, x), QPointF(100.0, x))
        after = sys.getrefcount(None)
    finally:
        painter.end()
    assert before - after < TOLERANCE, (
        f"None lost {before - after} references over {CALLS} draw calls: this PySide6 "
        "over-releases None (6.12.0 does); pin PySide6-Essentials below 6.12"
    )
