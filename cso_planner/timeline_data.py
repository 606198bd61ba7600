"""What the timeline (Gantt) shows, and where: plain data and pure layout maths, no Qt.

The on-screen widget and the PDF paint the same chart, so everything that decides *where*
something goes (date to x, ticks, rows, pages) lives here and is tested without a display;
the Qt painter only turns these numbers into strokes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import math
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner import limits
from cso_planner.db.models import ItemDependency, Plan, PlanItem, Stage
from cso_planner.services import profile

# Geometry in logical pixels (96 dpi-like units; the PDF scales its painter to match).
ROW_HEIGHT = 24.0
HEADER_HEIGHT = 44.0
LABEL_WIDTH = 260.0
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Zoom(enum.Enum):
    """How much of the calendar one screen shows; the value is pixels per day."""

    YEARS = 0.36
    QUARTERS = 1.2
    MONTHS = 4.0

    @property
    def px_per_day(self) -> float:
        return float(self.value)

    @property
    def label(self) -> str:
        return self.name.capitalize()

    def zoomed_in(self) -> Zoom:
        order = list(Zoom)
        return order[min(order.index(self) + 1, len(order) - 1)]

    def zoomed_out(self) -> Zoom:
        order = list(Zoom)
        return order[max(order.index(self) - 1, 0)]


# --- data ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class TimelineItem:
    """One item as a bar (or a milestone diamond when it has a due date but no study time).

    ``start``/``end`` are the bar's days; both are ``None`` when neither the item nor its
    stage has a date (the row then shows the title only).
    """

    id: int
    title: str
    kind: str
    status: str
    due: dt.date | None
    start: dt.date | None
    end: dt.date | None
    overdue: bool
    hours: float | None = None
    depends_on: tuple[int, ...] = ()

    @property
    def display_status(self) -> str:
        """The status word/colour to show: overdue wins over planned and in progress."""
        return "overdue" if self.overdue else self.status

    @property
    def is_milestone(self) -> bool:
        return self.due is not None and (self.start is None or self.start >= self.due)


@dataclasses.dataclass(frozen=True)
class TimelineStage:
    """A role on the ladder: its dates, a status summary and its items.

    ``status``, ``summary`` and ``span`` are cached: the painter asks for them on every item
    row, which would otherwise be quadratic in a stage's items (the PDF paints rows on several
    pages). Instances are immutable, so the cache never goes stale.
    """

    id: int
    role: str
    start: dt.date | None
    end: dt.date | None
    items: tuple[TimelineItem, ...]

    @property
    def done_count(self) -> int:
        return sum(1 for i in self.items if i.status == "done")

    @property
    def open_count(self) -> int:
        """Items still to do (skipped ones do not count either way)."""
        return sum(1 for i in self.items if i.status in ("planned", "in_progress"))

    @functools.cached_property
    def status(self) -> str:
        """One word for the stage in the shared status language."""
        if any(i.overdue for i in self.items):
            return "overdue"
        if self.items and self.open_count == 0:
            return "done"
        if any(i.status in ("in_progress", "done") for i in self.items):
            return "in_progress"
        return "planned"

    @functools.cached_property
    def summary(self) -> str:
        counted = [i for i in self.items if i.status != "skipped"]
        if not counted:
            return "No items"
        text = f"{self.done_count} of {len(counted)} done"
        overdue = sum(1 for i in self.items if i.overdue)
        return f"{text} · {overdue} overdue" if overdue else text

    @functools.cached_property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The stage's dates, or the extent of its items' bars when the stage has none."""
        days = [d for d in (self.start, self.end) if d is not None]
        days += [d for i in self.items for d in (i.start, i.end) if d is not None]
        if not days:
            return None
        start = self.start or min(days)
        end = self.end or max(days)
        return (start, max(start, end))


@dataclasses.dataclass(frozen=True)
class TimelineData:
    """A whole plan for the timeline, as of ``today``."""

    plan_name: str
    today: dt.date
    stages: tuple[TimelineStage, ...]
    weekly_study_hours: float = profile.DEFAULT_WEEKLY_STUDY_HOURS

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.stages)

    def rows(self) -> list[Row]:
        return row_layout(self)

    def span(self) -> tuple[dt.date, dt.date]:
        """Whole years around every dated stage, item and today (so the scale reads cleanly)."""
        days = [self.today]
        for stage in self.stages:
            extent = stage.span
            if extent:
                days += list(extent)
            days += [d for i in stage.items for d in (i.start, i.end, i.due) if d is not None]
        return (dt.date(min(days).year, 1, 1), dt.date(max(days).year, 12, 31))


# --- building from the database ------------------------------------------------------------


def study_weeks(hours: float | None, weekly_hours: float) -> float:
    """Weeks of study ``hours`` take at the weekly budget (0 without hours or budget)."""
    if not hours or hours <= 0 or weekly_hours <= 0:
        return 0.0
    return hours / weekly_hours


def item_bar(
    due: dt.date | None,
    hours: float | None,
    stage_start: dt.date | None,
    stage_end: dt.date | None,
    weekly_hours: float,
) -> tuple[dt.date | None, dt.date | None]:
    """Where an item's bar runs.

    From the later of the stage start and (due minus the study time its hours need at the
    weekly budget) to the due date; an item with no due date fills its stage. An item with a
    due date and no study hours collapses to the due date (drawn as a milestone).
    """
    if due is None:
        return (stage_start, stage_end if stage_end is not None else stage_start)
    days = math.ceil(study_weeks(hours, weekly_hours) * 7)
    # 10,000 hours at 0.1 a week is 1,900 years: never start before the first storable day.
    days = min(days, max(0, (due - limits.DATE_MIN).days))
    start = due - dt.timedelta(days=days)
    if stage_start is not None and stage_start > start:
        start = min(stage_start, due)
    return (start, due)


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today and status not in ("done", "skipped")


def build_timeline_data(session: Session, plan_id: int, today: dt.date) -> TimelineData:
    """Read one plan (stages and items in order) into frozen timeline rows.

    Raises:
        LookupError: no plan with that id.
    """
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise LookupError(f"No plan with id {plan_id}")
    weekly = profile.weekly_study_hours(session)
    stages = session.scalars(
        select(Stage)
        .where(Stage.plan_id == plan_id)
        .order_by(Stage.position, Stage.id)
        .options(selectinload(Stage.items))
    ).all()
    item_ids = [i.id for s in stages for i in s.items]
    depends: dict[int, list[int]] = {}
    if item_ids:
        for dep in session.scalars(
            select(ItemDependency).where(ItemDependency.item_id.in_(item_ids))
        ):
            depends.setdefault(dep.item_id, []).append(dep.depends_on_id)
    result = []
    for stage in stages:
        items = []
        ordered: Sequence[PlanItem] = sorted(stage.items, key=lambda i: (i.position, i.id))
        for item in ordered:
            start, end = item_bar(item.due, item.hours, stage.start, stage.end, weekly)
            items.append(
                TimelineItem(
                    id=item.id,
                    title=item.title,
                    kind=item.kind,
                    status=item.status,
                    due=item.due,
                    start=start,
                    end=end,
                    overdue=is_overdue(item.status, item.due, today),
                    hours=item.hours,
                    depends_on=tuple(sorted(depends.get(item.id, ()))),
                )
            )
        result.append(TimelineStage(stage.id, stage.role, stage.start, stage.end, tuple(items)))
    return TimelineData(plan.name, today, tuple(result), weekly)


# --- layout --------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Row:
    """One horizontal line of the chart: a stage heading or one of its items."""

    stage_index: int
    item_index: int | None  # None for the stage's own heading row

    @property
    def is_stage(self) -> bool:
        return self.item_index is None


def row_layout(data: TimelineData) -> list[Row]:
    """Stage heading, then its items, for every stage in order."""
    rows: list[Row] = []
    for s, stage in enumerate(data.stages):
        rows.append(Row(s, None))
        rows.extend(Row(s, i) for i in range(len(stage.items)))
    return rows


def visible_rows(row_count: int, first_row: int, height: float) -> range:
    """Rows that fit below the header in ``height`` starting at ``first_row``."""
    fit = max(int((height - HEADER_HEIGHT) // ROW_HEIGHT), 0)
    first = max(0, min(first_row, row_count))
    return range(first, min(row_count, first + fit))


@dataclasses.dataclass(frozen=True)
class DateScale:
    """Maps days to x within a chart area that starts at ``left`` (logical pixels)."""

    origin: dt.date
    px_per_day: float
    left: float = 0.0

    def x(self, day: dt.date) -> float:
        return self.left + (day - self.origin).days * self.px_per_day

    def x_end(self, day: dt.date) -> float:
        """The right edge of ``day`` (bars include their last day)."""
        return self.x(day) + self.px_per_day

    def day_at(self, x: float) -> dt.date:
        return self.origin + dt.timedelta(days=math.floor((x - self.left) / self.px_per_day))


def chart_width(date_range: tuple[dt.date, dt.date], zoom: Zoom) -> float:
    """Width of the chart area needed to show ``date_range`` at ``zoom``."""
    return ((date_range[1] - date_range[0]).days + 1) * zoom.px_per_day


@dataclasses.dataclass(frozen=True)
class Tick:
    """A scale division: its first day, its label, and whether it starts a year."""

    day: dt.date
    label: str
    major: bool


def _months(start: dt.date, end: dt.date, step: int) -> list[dt.date]:
    month0 = ((start.month - 1) // step) * step + 1
    day = dt.date(start.year, month0, 1)
    out = []
    while day <= end:
        out.append(day)
        month = day.month - 1 + step
        day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return out


def year_ticks(start: dt.date, end: dt.date) -> list[Tick]:
    """1 January of every year from ``start``'s year to ``end``."""
    return [Tick(dt.date(y, 1, 1), str(y), True) for y in range(start.year, end.year + 1)]


def minor_ticks(start: dt.date, end: dt.date, zoom: Zoom) -> list[Tick]:
    """Quarters at the years zoom; months at the quarters and months zooms."""
    if zoom is Zoom.YEARS:
        return [Tick(d, f"Q{(d.month - 1) // 3 + 1}", d.month == 1) for d in _months(start, end, 3)]
    names = MONTH_LONG if zoom is Zoom.MONTHS else MONTH_NAMES
    return [Tick(d, names[d.month - 1], d.month == 1) for d in _months(start, end, 1)]


def year_labels(date_range: tuple[dt.date, dt.date]) -> list[tuple[dt.date, str]]:
    """Year labels for a page or viewport: the year in force at its left edge comes first.

    That is what keeps the year scale readable on every page of a split chart, even when a
    page starts in the middle of a year.
    """
    start, end = date_range
    labels = [(start, str(start.year))]
    labels += [(t.day, t.label) for t in year_ticks(start, end) if t.day > start]
    return labels


# --- pagination ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class PageSlice:
    """One printed page of the chart: a band of rows over a band of dates."""

    first_row: int
    row_count: int
    date_range: tuple[dt.date, dt.date]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def date_chunks(
    span: tuple[dt.date, dt.date], chart_px: float, zoom: Zoom
) -> list[tuple[dt.date, dt.date]]:
    """Split ``span`` into page-wide ranges at the zoom's scale, cut on whole units.

    Years zoom cuts on whole years, quarters on quarters, months on months; at least one unit
    goes on a page, so the chart is never shrunk below its zoom.
    """
    unit_months = {Zoom.YEARS: 12, Zoom.QUARTERS: 3, Zoom.MONTHS: 1}[zoom]
    unit_px = unit_months * 30.44 * zoom.px_per_day
    units = max(1, int(chart_px // unit_px))
    start, end = span
    start = dt.date(start.year, ((start.month - 1) // unit_months) * unit_months + 1, 1)
    chunks = []
    while start <= end:
        nxt = _add_months(start, units * unit_months)
        chunks.append((start, min(end, nxt - dt.timedelta(days=1))))
        start = nxt
    return chunks


def slice_pages(
    row_count: int,
    span: tuple[dt.date, dt.date],
    page_width: float,
    page_height: float,
    zoom: Zoom,
) -> list[PageSlice]:
    """Pages for a chart: rows top to bottom, and within each band of rows, dates left to right.

    ``page_width``/``page_height`` are the drawable area in logical pixels; the label column
    and the scale header repeat on every page.
    """
    per_page = max(1, int((page_height - HEADER_HEIGHT) // ROW_HEIGHT))
    chunks = date_chunks(span, max(page_width - LABEL_WIDTH, 1.0), zoom)
    pages: list[PageSlice] = []
    for first in range(0, max(row_count, 1), per_page):
        count = min(per_page, row_count - first) if row_count else 0
        pages.extend(PageSlice(first, count, chunk) for chunk in chunks)
    return pages
