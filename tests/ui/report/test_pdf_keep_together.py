"""Roadmap PDF pages read from the real file: a heading never ends a page (it stays with its
first item), and the timeline prints every label whole."""

from __future__ import annotations

import datetime as dt
import pathlib

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from cso_planner.db.opening import open_database
from cso_planner.report.pdf import write_roadmap_pdf
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.report_data import gather_report

D = dt.date
HEADING_SIZE = 11.0  # points: body text is 9.6, headings 12 and more


@pytest.fixture(autouse=True)
def _gui(qapp: QGuiApplication) -> None:
    del qapp


def _pieces(page: object) -> list[tuple[float, float, str]]:
    """(y from the bottom, font size, text) of every text piece of ``page``."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        words = " ".join(text.split())
        if words:
            found.append((cm[5] + tm[5] * cm[3], size * tm[3] * cm[3], words))

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def orphans(path: pathlib.Path) -> list[str]:
    """Headings with nothing of their own below them on their page ("Stage …" headings: less
    than their table's header and first row)."""
    problems = []
    for number, page in enumerate(PdfReader(path).pages, start=1):
        height = float(page.mediabox.height)
        body = [p for p in _pieces(page) if 0.07 * height < p[0] < 0.93 * height]
        for y, size, text in body:
            if size < HEADING_SIZE:
                continue
            below = {round(p[0]) for p in body if p[0] < y - 1 and p[1] < HEADING_SIZE}
            if len(below) < (2 if text.startswith("Stage ") else 1):
                problems.append(f"page {number}: “{text}” ends the page")
    return problems


def _plan_pdf(tmp_path: pathlib.Path, first_stage_items: int, title: str = "Item") -> pathlib.Path:
    database = open_database(tmp_path / f"p{first_stage_items}.sqlite3")
    with database.session_factory.begin() as s:
        plan = plans.create_plan(s, "Plan")
        for n in range(4):
            stage = plans.add_stage(
                s, plan, StageDraft(f"Role {n}", D(2026 + n, 1, 1), D(2026 + n, 12, 31))
            )
            for i in range(first_stage_items if n == 0 else 3):
                plans.add_item(
                    s,
                    stage,
                    ItemDraft(
                        f"{title} {n}.{i}",
                        due=D(2026 + n, 6, 1),
                        cost=100,
                        notes="Read the guide and book it. " * (i % 3),
                    ),
                )
    with database.session_factory() as s:
        data = gather_report(s, today=D(2026, 12, 4))
    database.dispose()
    out = tmp_path / f"r{first_stage_items}.pdf"
    write_roadmap_pdf(data, out, page_size="A4")
    return out


def test_the_checker_sees_an_orphaned_heading(tmp_path: pathlib.Path) -> None:
    """A page whose last text is a heading is reported (the check can fail)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    from cso_planner.report.flow import PageFlow, make_fonts

    out = tmp_path / "orphan.pdf"
    writer = QPdfWriter(str(out))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    content = QRectF(0, 0, writer.width(), writer.height() * 0.9)
    flow = PageFlow(writer, content, make_fonts())
    flow.paragraph("First page")
    flow.y = content.bottom() - 20 * flow.mm
    flow.text_block("Certifications", flow.fonts.h1)  # a heading's font, nothing after it
    painter = QPainter(writer)
    for op in flow.pages[0]:
        op(painter)
    painter.end()
    assert orphans(out) == ["page 1: “Certifications” ends the page"]


def test_no_heading_ends_a_page_wherever_the_stages_fall(tmp_path: pathlib.Path) -> None:
    """A first stage of 20 to 31 items moves every later heading through every place on a
    page, the foot included."""
    problems = []
    for count in range(20, 32):
        problems += [f"{count} items, {p}" for p in orphans(_plan_pdf(tmp_path, count))]
    assert not problems, "\n".join(problems)


def test_timeline_labels_are_printed_whole(tmp_path: pathlib.Path) -> None:
    long = "Budgeting and risk reporting to the board of directors"
    out = _plan_pdf(tmp_path, 3, title=long)
    pages = PdfReader(out).pages
    chart = " ".join(" ".join((p.extract_text() or "").split()) for p in pages[1:3])
    assert f"{long} 0.1" in chart  # never "Budgeting and risk reporting to th…"
    assert "…" not in chart.split("Roadmap by stage")[0]
