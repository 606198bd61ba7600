"""Content rebuilt on every refresh, replaced as one widget instead of taken apart.

The Dashboard's cards used to empty their layouts item by item (``takeAt`` on rows of labels,
then ``deleteLater`` on each label and nested layout). Under PySide6 6.11 that left the
binding's record of a label pointing at a freed Python wrapper once the cyclic garbage
collector ran at the wrong moment, and the process died with SIGSEGV in
``Shiboken::BindingManager::releaseWrapper`` when Qt deleted the label (cores caught in the
accepted-documents run and in a refresh stress run; the Dashboard alone reproduced it).
Replacing the whole content widget is the path Qt and PySide take for every closed window:
the old widget is hidden, taken out of the layout and deleted by the event loop with all its
children, and no layout item is ever handed to Python.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

LayoutT = TypeVar("LayoutT", bound=QLayout)


class ContentSlot(QWidget, Generic[LayoutT]):
    """Holds one content widget; :meth:`renew` swaps in a fresh one and returns its layout."""

    def __init__(
        self,
        make_layout: Callable[[QWidget], LayoutT],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_layout = make_layout
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)
        self.content = QWidget(self)
        self.layout_ = self._fresh_layout(self.content)
        self._outer.addWidget(self.content)

    def _fresh_layout(self, content: QWidget) -> LayoutT:
        layout = self._make_layout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        return layout

    def renew(self) -> LayoutT:
        """A new, empty content widget in place of the old one (deleted once the event loop
        is back, so a signal it is delivering finishes first); returns the new layout."""
        old = self.content
        self._outer.removeWidget(old)
        old.hide()
        old.deleteLater()
        self.content = QWidget(self)
        self.layout_ = self._fresh_layout(self.content)
        self._outer.addWidget(self.content)
        return self.layout_
