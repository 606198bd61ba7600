"""Columns sized to their content, one flexible column taking what is left.

Fixed pixel widths cut headers ("Cer…", "Yo…") at one font and waste room at another. A
:class:`ColumnFitter` gives every column the width its header and its visible cells need, and
gives the rest of the view to one *flexible* column (a title, an activity, a name), which is
also the only column whose cells may be elided when the window is narrow. Header text is never
cut: the flexible column keeps at least its header's width.

Columns named ``optional`` (say, a Kind column that repeats the row's icon) are hidden, last
named first, while the others would not fit, and shown again when the view grows.

It refits when the model is reset (new data) and spreads again when the view is resized; a
person may still drag a column wider until the next refit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView

# Rows measured per refit: a screenful and more, cheap at 10,000 rows (each measured cell is
# several Python data() calls).
MEASURED_ROWS = 80


def _header(view: QAbstractItemView) -> QHeaderView:
    if isinstance(view, QTreeView):
        return view.header()
    assert isinstance(view, QTableView)
    return view.horizontalHeader()


class ColumnFitter(QObject):
    """Keeps ``view``'s columns fitted; ``flexible`` is the column that absorbs the rest."""

    def __init__(
        self,
        view: QAbstractItemView,
        flexible: int,
        minimum_flexible: int = 0,
        optional: Sequence[int] = (),
    ) -> None:
        super().__init__(view)
        self.view = view
        self.flexible = flexible
        self.minimum_flexible = minimum_flexible
        self.optional = list(optional)
        self.dropped: set[int] = set()
        # True: room beyond every column's natural width is shared by all of them (a table of
        # figures), not given to the flexible column alone.
        self.spread_evenly = False
        self.natural: dict[int, int] = {}
        self._pending = False  # a fit was skipped while hidden: the widths are of old data
        header = _header(view)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(MEASURED_ROWS)
        if isinstance(view, QTableView):  # sizeHintForColumn reads the *vertical* header's
            view.verticalHeader().setResizeContentsPrecision(MEASURED_ROWS)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self._watch(view.model())

    def _watch(self, model: QAbstractItemModel | None) -> None:
        if model is None:
            return
        # New data only: a sort or a search shows the same strings (and refitting on every
        # key press of a search over 10,000 rows would cost more than the search).
        model.modelReset.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        self._timer.start()

    @contextmanager
    def same_strings(self) -> Iterator[None]:
        """A reset of the model in this block shows the same strings (a search or a sort
        through a proxy that resets): no refit for it. The Roadmap's search measured 80 rows
        of every column on each key press, two thirds of the key's time at 5,000 items."""
        pending = self._timer.isActive()
        try:
            yield
        finally:
            if not pending:
                self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if getattr(self, "view", None) is None:
            return False  # torn down with its view
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            self.spread()
        elif event.type() in (QEvent.Type.Show, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.schedule()
        return False

    def fit(self) -> None:
        """Measure every column's natural width, then spread the view's width.

        A hidden view that was measured before is measured again when it is shown (its Show
        event schedules a fit): a screen reloaded behind another one would measure for nothing.
        """
        self._timer.stop()  # measured now: a refit already queued would only repeat it
        if self.natural and not self.view.isVisible():
            self._pending = True
            return
        self._measure()

    def _measure(self) -> None:
        self._pending = False
        header = _header(self.view)
        model = self.view.model()
        if model is None:
            return
        self.natural = {}
        for column in self.dropped:  # a hidden section reports no size hint: measure it shown
            header.setSectionHidden(column, False)
        for column in range(header.count()):
            if header.isSectionHidden(column) and column not in self.dropped:
                continue
            content = self.view.sizeHintForColumn(column)
            self.natural[column] = max(header.sectionSizeHint(column), content, 0)
        self.spread()

    def header_width(self, column: int) -> int:
        return _header(self.view).sectionSizeHint(column)

    def spread(self) -> None:
        """Natural widths for the fixed columns; what is left (never less than its header)
        for the flexible one, optional columns dropped while it would get less than
        ``minimum_flexible``."""
        if not self.natural:
            return
        header = _header(self.view)
        available = self.view.viewport().width()
        # Header hints can grow after the measurement (the style or font polished later):
        # a column is never narrower than its header text.
        for column in list(self.natural):
            self.natural[column] = max(self.natural[column], header.sectionSizeHint(column))
        least = max(self.header_width(self.flexible), self.minimum_flexible)
        total = least + sum(w for c, w in self.natural.items() if c != self.flexible)
        self.dropped = set()
        for column in reversed(self.optional):
            if total <= available:
                break
            if column in self.natural:
                self.dropped.add(column)
                total -= self.natural[column]
        for column in self.optional:
            header.setSectionHidden(column, column in self.dropped)
        shown = {c: w for c, w in self.natural.items() if c not in self.dropped}
        spare = available - sum(shown.values())
        if self.spread_evenly and spare > 0 and shown:
            share, rest = divmod(spare, len(shown))
            for n, (column, width) in enumerate(shown.items()):
                header.resizeSection(column, width + share + (1 if n < rest else 0))
            return
        fixed = 0
        for column, width in shown.items():
            if column != self.flexible:
                header.resizeSection(column, width)
                fixed += width
        if self.flexible in shown:
            # What is left, even below ``minimum_flexible`` (that minimum drops the optional
            # columns first): a wider section would scroll the view sideways. Never narrower
            # than its header.
            header.resizeSection(
                self.flexible, max(self.header_width(self.flexible), available - fixed)
            )

    def needed_width(self) -> int:
        """The width at which nothing but the flexible column's cells would be cut."""
        if not self.natural or self._pending:
            self._measure()
        flexible = max(self.header_width(self.flexible), self.minimum_flexible)
        others = sum(
            w for c, w in self.natural.items() if c != self.flexible and c not in self.optional
        )
        frame = self.view.width() - self.view.viewport().width()
        return others + flexible + max(frame, 0)


def fit_columns(
    view: QAbstractItemView,
    flexible: int,
    minimum_flexible: int = 0,
    optional: Sequence[int] = (),
) -> ColumnFitter:
    """Size ``view``'s columns to their content; ``flexible`` takes the remaining width."""
    fitter = ColumnFitter(view, flexible, minimum_flexible, optional)
    view.setProperty("columnFitter", True)
    return fitter
