"""Side by side when there is room, one above the other when there is not.

A table and its detail pane fit next to each other at 1440 px but not at 1024 px, where the
table would scroll sideways and cut its headers. :class:`Reflow` watches a container and turns
a splitter (or a box layout) vertical when the container is narrower than what the two parts
need side by side, and back again when it grows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QSplitter, QWidget


class Reflow(QObject):
    """Lays ``target`` out horizontally while ``container`` is at least ``needed()`` wide.

    Signals: none; ``wide`` tells which way it is laid out now.
    """

    def __init__(
        self,
        container: QWidget,
        target: QSplitter | QBoxLayout,
        needed: Callable[[], int],
        on_change: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(container)
        self.container = container
        self.target = target
        self.needed = needed
        self.on_change = on_change
        self.wide: bool | None = None
        container.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A wrapper that lost its Python side (its screen is being torn down) has no state.
        container = getattr(self, "container", None)
        if watched is container and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update()
        return False

    def refresh(self) -> None:
        """Lay out again even if the width did not change (the parts' needs did)."""
        self.wide = None
        self.update()

    def update(self) -> None:
        wide = self.container.width() >= self.needed()
        if wide == self.wide:
            return
        self.wide = wide
        if isinstance(self.target, QSplitter):
            self.target.setOrientation(
                Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
            )
        else:
            self.target.setDirection(
                QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
            )
        if self.on_change is not None:
            self.on_change(wide)
