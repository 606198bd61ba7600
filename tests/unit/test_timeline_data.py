"""Timeline data and layout maths: bars, overdue, ticks, scales, rows and pages (no Qt)."""

from __future__ import annotations

import datetime as dt
import itertools

from cso_planner.db.opening import Database
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.timeline_data import (
    HEADER_HEIGHT,
    LABEL_WIDTH,
    ROW_HEIGHT,
    DateScale,
    TimelineData,
    TimelineItem,
    TimelineStage,
    Zoom,
    build_timeline_data,
    date_chunks,
    is_overdue,
    item_bar,
    minor_ticks,
    row_layout,
    slice_pages,
    visible_rows,
    year_labels,
    year_ticks,
)

D = dt.date


def test_bar_runs_from_study_start_to_due() -> None:
    # 60 h at 6 h/week = 10 weeks = 70 days before the due date.
    assert item_bar(D(2027, 6, 1), 60, D(2026, 1, 1), D(2027, 12, 31), 6) == (
        D(2027, 3, 23),
        D(2027, 6, 1),
    )


def test_bar_starts_no_earlier_than_its_stage() -> None:
    assert item_bar(D(2026, 2, 1), 300, D(2026, 1, 1), D(2026, 12, 31), 6) == (
        D(2026, 1, 1),
        D(2026, 2, 1),
    )


def test_bar_without_due_fills_the_stage_and_without_hours_is_a_milestone() -> None:
    assert item_bar(None, 40, D(2026, 1, 1), D(2026, 12, 31), 6) == (
        D(2026, 1, 1),
        D(2026, 12, 31),
    )
    start, end = item_bar(D(2026, 5, 1), None, D(2026, 1, 1), D(2026, 12, 31), 6)
    item = TimelineItem(1, "Milestone", "experience", "planned", D(2026, 5, 1), start, end, False)
    assert item.is_milestone


def test_overdue_only_for_open_items_past_due() -> None:
    today = D(2026, 5, 1)
    assert is_overdue("planned", D(2026, 4, 30), today)
    assert is_overdue("in_progress", D(2026, 4, 30), today)
    assert not is_overdue("done", D(2026, 4, 30), today)
    assert not is_overdue("skipped", D(2026, 4, 30), today)
    assert not is_overdue("planned", today, today)
    assert not is_overdue("planned", None, today)


def test_build_from_database(db: Database) -> None:
    with db.session_factory.begin() as s:
        p = plans.create_plan(s, "Road to CSO")
        a = plans.add_stage(s, p, StageDraft("Security Analyst", D(2025, 1, 1), D(2026, 12, 31)))
        plans.add_stage(s, p, StageDraft("Security Manager", None, None))
        sec = plans.add_item(s, a, ItemDraft("Security+", status="done", due=D(2025, 3, 1)))
        cissp = plans.add_item(
            s, a, ItemDraft("CISSP", ref_code="CISSP", hours=120, due=D(2026, 3, 1))
        )
        plans.add_dependency(s, cissp, sec)
    with db.session_factory() as s:
        data = build_timeline_data(s, p, D(2026, 5, 1))
    assert data.plan_name == "Road to CSO"
    assert [st.role for st in data.stages] == ["Security Analyst", "Security Manager"]
    first = data.stages[0]
    assert [i.title for i in first.items] == ["Security+", "CISSP"]
    assert first.items[1].overdue and first.items[1].display_status == "overdue"
    assert first.items[1].depends_on == (sec,)
    # 120 h at the default 6 h/week = 20 weeks before the due date.
    assert first.items[1].start == D(2026, 3, 1) - dt.timedelta(days=140)
    assert first.status == "overdue" and first.summary == "1 of 2 done · 1 overdue"
    assert data.stages[1].span is None and data.stages[1].summary == "No items"
    assert data.span() == (D(2025, 1, 1), D(2026, 12, 31))
    assert len(data.rows()) == 4


def _data(stages: int, items: int) -> TimelineData:
    result = []
    for s in range(stages):
        start = D(2026 + s, 1, 1)
        result.append(
            TimelineStage(
                s,
                f"Stage {s}",
                start,
                D(2026 + s, 12, 31),
                tuple(
                    TimelineItem(
                        s * 1000 + i, f"Item {i}", "skill", "planned", None, start, start, False
                    )
                    for i in range(items)
                ),
            )
        )
    return TimelineData("Plan", D(2026, 6, 1), tuple(result))


def test_rows_are_stage_heading_then_items() -> None:
    rows = row_layout(_data(2, 3))
    assert len(rows) == 8
    assert [r.is_stage for r in rows] == [True, False, False, False, True, False, False, False]
    assert rows[5].stage_index == 1 and rows[5].item_index == 0


def test_stage_status_summary() -> None:
    def stage(*statuses: str) -> TimelineStage:
        items = tuple(
            TimelineItem(n, "x", "skill", st, None, None, None, False)
            for n, st in enumerate(statuses)
        )
        return TimelineStage(1, "S", None, None, items)

    assert stage("done", "skipped").status == "done"
    assert stage("done", "planned").status == "in_progress"
    assert stage("planned").status == "planned"


def test_visible_rows_paint_only_what_fits() -> None:
    height = HEADER_HEIGHT + 10 * ROW_HEIGHT + 5
    assert visible_rows(500, 0, height) == range(0, 10)
    assert visible_rows(500, 495, height) == range(495, 500)
    assert visible_rows(3, 0, height) == range(0, 3)


def test_scale_maps_days_both_ways() -> None:
    scale = DateScale(D(2026, 1, 1), 2.0, LABEL_WIDTH)
    assert scale.x(D(2026, 1, 11)) == LABEL_WIDTH + 20
    assert scale.x_end(D(2026, 1, 11)) == LABEL_WIDTH + 22
    assert scale.day_at(scale.x(D(2027, 3, 5)) + 1) == D(2027, 3, 5)


def test_ticks_for_each_zoom() -> None:
    span = (D(2026, 1, 1), D(2027, 12, 31))
    assert [t.label for t in year_ticks(*span)] == ["2026", "2027"]
    quarters = minor_ticks(*span, Zoom.YEARS)
    assert [t.label for t in quarters[:5]] == ["Q1", "Q2", "Q3", "Q4", "Q1"]
    assert quarters[4].major and not quarters[1].major
    months = minor_ticks(*span, Zoom.QUARTERS)
    assert len(months) == 24 and months[0].label == "Jan"
    assert minor_ticks(*span, Zoom.MONTHS)[2].label == "March"


def test_year_label_repeats_at_a_page_that_starts_mid_year() -> None:
    labels = year_labels((D(2028, 7, 1), D(2030, 6, 30)))
    assert labels == [(D(2028, 7, 1), "2028"), (D(2029, 1, 1), "2029"), (D(2030, 1, 1), "2030")]


def test_zoom_steps_stop_at_the_ends() -> None:
    assert Zoom.YEARS.zoomed_out() is Zoom.YEARS
    assert Zoom.YEARS.zoomed_in() is Zoom.QUARTERS
    assert Zoom.MONTHS.zoomed_in() is Zoom.MONTHS
    assert Zoom.YEARS.px_per_day < Zoom.QUARTERS.px_per_day < Zoom.MONTHS.px_per_day


def test_date_chunks_cover_the_span_on_whole_units() -> None:
    span = (D(2026, 1, 1), D(2040, 12, 31))
    for zoom in Zoom:
        chunks = date_chunks(span, 700.0, zoom)
        assert chunks[0][0] == span[0] and chunks[-1][1] == span[1]
        for (_a, end), (start, _b) in itertools.pairwise(chunks):
            assert start == end + dt.timedelta(days=1)
            assert start.day == 1
        # Never shrunk: each chunk fits the width at the zoom's own scale (one unit at least).
        for start, end in chunks[:-1]:
            assert ((end - start).days + 1) * zoom.px_per_day <= 700 or start.month == end.month


def test_pages_split_by_rows_and_by_dates() -> None:
    data = _data(10, 50)  # 510 rows over 10 years
    pages = slice_pages(len(data.rows()), data.span(), 1000, 700, Zoom.YEARS)
    per_page = int((700 - HEADER_HEIGHT) // ROW_HEIGHT)
    bands = sorted({p.first_row for p in pages})
    assert bands == list(range(0, 510, per_page))
    assert len({p.date_range for p in pages}) > 1
    assert sum(p.row_count for p in pages if p.date_range == pages[0].date_range) == 510
