"""A progress ring: a track circle and an arc for the share done, with text in the middle."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from cso_planner.ui.style import status_qcolor


class ProgressRing(QWidget):
    """Draws ``value`` (0..1) as an arc; the centre shows a big and a small line of text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self._text = "0%"
        self._caption = ""
        self._status = "in_progress"
        self.setMinimumSize(140, 140)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(150, 150)

    def set_value(self, value: float, text: str, caption: str = "", status: str = "") -> None:
        """Show ``value`` (clamped to 0..1); ``status`` picks the arc colour."""
        self._value = max(0.0, min(1.0, value))
        self._text = text
        self._caption = caption
        self._status = status or ("done" if self._value >= 1 else "in_progress")
        self.setAccessibleName(f"{text} {caption}".strip())
        self.update()

    def value(self) -> float:
        return self._value

    def text(self) -> str:
        return self._text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        side = min(self.width(), self.height())
        thickness = max(8.0, side / 11)
        rect = QRectF(
            (self.width() - side) / 2 + thickness / 2,
            (self.height() - side) / 2 + thickness / 2,
            side - thickness,
            side - thickness,
        )
        track = QPen(palette.color(QPalette.ColorRole.Mid), thickness)
        track.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(track)
        painter.drawEllipse(rect)
        if self._value > 0:
            arc = QPen(status_qcolor(self._status, palette), thickness)
            arc.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(arc)
            painter.drawArc(rect, 90 * 16, -round(self._value * 360 * 16))
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.9)
        big.setBold(True)
        painter.setFont(big)
        inner = rect.adjusted(thickness, thickness, -thickness, -thickness)
        top = QRectF(inner.left(), inner.top(), inner.width(), inner.height() * 0.6)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, self._text
        )
        if self._caption:
            small = QFont(self.font())
            small.setPointSizeF(small.pointSizeF() * 0.9)
            painter.setFont(small)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            bottom = QRectF(inner.left(), top.bottom(), inner.width(), inner.height() * 0.4)
            painter.drawText(
                bottom,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                self._caption,
            )
        painter.end()
