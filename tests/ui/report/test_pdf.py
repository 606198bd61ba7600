"""The roadmap PDF, read back with pypdf (and rendered with pdftoppm when it is installed)."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import shutil
import subprocess
from collections.abc import Sequence

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QGuiApplication, QImage

from cso_planner.db.opening import Database, open_database
from cso_planner.report.pdf import ExportCancelled, write_roadmap_pdf
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.report_data import ReportError, gather_report
from tests.helpers.sample_data import add_sample_person
from tests.unit.test_cli import run_cli

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _gui(qapp: QGuiApplication) -> None:
    """Painting text needs a Qt application (offscreen in tests)."""


def _text(path: pathlib.Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _pages(path: pathlib.Path) -> int:
    return len(PdfReader(path).pages)


def _page_texts(path: pathlib.Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def _timeline_pages(path: pathlib.Path) -> list[str]:
    """The text of the Gantt pages: the first starts with its heading, the rest with a caption."""
    return [text for text in _page_texts(path) if text.startswith("Timeline")]


def _strips(path: pathlib.Path) -> list[str]:
    """The Gantt strips in print order: the first under the "Timeline" heading, each later
    one under its "Timeline (continued): …" caption (several may share a page)."""
    text = " ".join(_page_texts(path))
    if "Timeline Bars run" not in text:
        return []
    text = text[text.index("Timeline Bars run") :]
    if "Roadmap by stage" in text:
        text = text[: text.index("Roadmap by stage")]
    first, *later = text.split("Timeline (continued): ")
    return [first, *(f"Timeline (continued): {strip}" for strip in later)]


def _make(db: Database, path: pathlib.Path, *, items_per_stage: int = 3) -> int:
    with db.session_factory.begin() as session:
        add_sample_person(session, items_per_stage=items_per_stage)
    with db.session_factory() as session:
        data = gather_report(session, today=TODAY)
    return write_roadmap_pdf(data, path, page_size="A4")


def test_pdf_text_has_the_person_stages_items_and_literal_markup(
    db: Database, tmp_path: pathlib.Path
) -> None:
    out = tmp_path / "roadmap.pdf"
    pages = _make(db, out)
    assert pages == _pages(out) >= 4
    text = _text(out)
    assert "Dana Whitfield" in text
    assert "Roadmap to Chief Security Officer" in text
    for role in (
        "Security Engineer",
        "Security Manager",
        "Director of Security",
        "CISO",
        "Chief Security Officer",
    ):
        assert f": {role}" in text
        for step in (1, 2, 3):
            assert f"{role}: step {step}" in text
    assert "<b>x</b>" in text  # user markup printed as characters
    assert "<img" in text
    assert "CISSP-845120" in text
    assert f"Page 2 of {pages}" in text


def test_pdf_embeds_no_images(db: Database, tmp_path: pathlib.Path) -> None:
    """Notes containing <img src=...> never pull a file into the PDF (R16)."""
    out = tmp_path / "roadmap.pdf"
    _make(db, out)
    for page in PdfReader(out).pages:
        assert list(page.images) == []


def test_page_count_grows_with_the_plan(tmp_path: pathlib.Path) -> None:
    small = open_database(tmp_path / "small.sqlite3")
    large = open_database(tmp_path / "large.sqlite3")
    small_pages = _make(small, tmp_path / "small.pdf", items_per_stage=4)
    large_pages = _make(large, tmp_path / "large.pdf", items_per_stage=100)
    small.dispose()
    large.dispose()
    assert large_pages > small_pages + 10
    text = _text(tmp_path / "large.pdf")
    assert "Director of Security: step 100" in text
    gantt = len(_timeline_pages(tmp_path / "large.pdf"))
    assert gantt > len(_timeline_pages(tmp_path / "small.pdf"))
    # Table headers repeat on every table page (the Gantt pages have their own scale).
    assert text.count("Item Kind Status Due Cost Hours Notes") >= large_pages - gantt - 4


def test_cancelled_export_leaves_the_previous_file(db: Database, tmp_path: pathlib.Path) -> None:
    out = tmp_path / "roadmap.pdf"
    out.write_bytes(b"%PDF-previous")
    with db.session_factory.begin() as session:
        add_sample_person(session)
    with db.session_factory() as session:
        data = gather_report(session, today=TODAY)
    with pytest.raises(ExportCancelled):
        write_roadmap_pdf(data, out, progress=lambda percent: percent < 30)
    assert out.read_bytes() == b"%PDF-previous"
    assert not [p for p in tmp_path.iterdir() if "roadmap" in p.name and p.name != "roadmap.pdf"]


def test_unknown_plan_is_refused(db: Database) -> None:
    with db.session_factory() as session, pytest.raises(ReportError, match="no plan named"):
        gather_report(session, today=TODAY, plan_name="Nope")


def test_pdf_command_and_rendered_pages(db: Database, tmp_path: pathlib.Path) -> None:
    with db.session_factory.begin() as session:
        add_sample_person(session)
    db.dispose()
    out = tmp_path / "cli.pdf"
    result = run_cli("--db", str(db.path), "pdf", str(out), "--page-size", "Letter")
    assert result.returncode == 0, result.stderr
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter
    bad = run_cli("--db", str(db.path), "pdf", str(tmp_path / "x.pdf"), "--plan", "Nope")
    assert bad.returncode == 1 and "no plan named 'Nope'" in bad.stderr
    assert not (tmp_path / "x.pdf").exists()
    if shutil.which("pdftoppm"):
        shots = pathlib.Path("screenshots")
        shots.mkdir(exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", str(out), str(shots / "roadmap-pdf")],
            check=True,
            timeout=120,
        )
        assert list(shots.glob("roadmap-pdf-*.png"))


# --- the timeline (Gantt) pages -------------------------------------------------------------

Dated = tuple[str, dt.date | None, float | None]  # title, due, hours


def _plan_pdf(
    tmp_path: pathlib.Path,
    name: str,
    stages: Sequence[tuple[str, dt.date | None, dt.date | None, list[Dated]]],
) -> pathlib.Path:
    """A database holding one plan made through the plan services, and its PDF."""
    database = open_database(tmp_path / f"{name}.sqlite3")
    try:
        with database.session_factory.begin() as session:
            plan_id = plans.create_plan(session, name, "CISO")
            for role, start, end, items in stages:
                stage_id = plans.add_stage(session, plan_id, StageDraft(role, start, end))
                for title, due, hours in items:
                    plans.add_item(session, stage_id, ItemDraft(title, due=due, hours=hours))
        with database.session_factory() as session:
            data = gather_report(session, today=TODAY)
    finally:
        database.dispose()
    out = tmp_path / f"{name}.pdf"
    write_roadmap_pdf(data, out, page_size="A4")
    return out


def _yearly_items(role: str, first: int, last: int) -> list[Dated]:
    return [(f"{role} goal {year}", dt.date(year, 6, 30), 40.0) for year in range(first, last + 1)]


def test_a_plan_over_many_years_has_more_timeline_pages(tmp_path: pathlib.Path) -> None:
    short = _plan_pdf(
        tmp_path,
        "Short",
        [("Engineer", dt.date(2026, 1, 1), dt.date(2027, 12, 31), _yearly_items("E", 2026, 2027))],
    )
    stages = [
        (role, dt.date(first, 1, 1), dt.date(last, 12, 31), _yearly_items(role[0], first, last))
        for role, first, last in (
            ("Engineer", 2026, 2030),
            ("Manager", 2031, 2035),
            ("CISO", 2036, 2041),
        )
    ]
    long = _plan_pdf(tmp_path, "Long", stages)
    short_strips, long_strips = _strips(short), _strips(long)
    assert len(short_strips) <= 2 and len(_timeline_pages(short)) == 1
    assert len(long_strips) >= 4 and _pages(long) > _pages(short)
    # Strips of later years stack on a page instead of a mostly empty page each.
    assert len(_timeline_pages(long)) < len(long_strips)
    assert long_strips[0].startswith("Timeline Bars run from the start of study")
    long_pages = long_strips
    # The year scale (years, then quarters) is repeated on every strip, and together the
    # strips cover every year of the plan.
    shown: set[int] = set()
    for text in long_pages:
        scale = re.search(r"\b((?:20\d\d )+)Q1 Q2 Q3 Q4", text)
        assert scale, text[:200]
        shown |= {int(year) for year in scale.group(1).split()}
    assert shown == set(range(2026, 2042))
    assert any("2027 2028" in text for text in long_pages)
    # Every item is printed, each on a page whose scale shows its year.
    for role, first, last in (("E", 2026, 2030), ("M", 2031, 2035), ("C", 2036, 2041)):
        for year in range(first, last + 1):
            pages = [t for t in long_pages if f"{role} goal {year}" in t]
            assert pages and any(re.search(rf"\b{year}\b.*Q1", t) for t in pages), (role, year)
    # The legend is printed once, on the first page.
    assert sum("Done In progress Planned Skipped Overdue Today" in t for t in long_pages) == 1


def test_a_one_year_plan_shows_months_with_the_year_on_each_page(tmp_path: pathlib.Path) -> None:
    items: list[Dated] = [(f"Month {m} task", dt.date(2026, m, 15), 10.0) for m in range(1, 13)]
    out = _plan_pdf(tmp_path, "Year", [("Engineer", dt.date(2026, 1, 1), None, items)])
    pages = _strips(out)
    assert len(pages) == 1 and len(_timeline_pages(out)) == 1  # a year at month detail fits
    assert re.search(r"\b2026 Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec\b", pages[0])
    for month in range(1, 13):
        assert f"Month {month} task" in pages[0]


def test_timeline_pages_print_every_title_and_markup_literally(
    db: Database, tmp_path: pathlib.Path
) -> None:
    with db.session_factory.begin() as session:
        add_sample_person(session, items_per_stage=3)
    with db.session_factory.begin() as session:
        plan_id = plans.active_plan_id(session)
        assert plan_id is not None
        stage_id = plans.add_stage(session, plan_id, StageDraft("<i>Board</i> & advisor"))
        plans.add_item(session, stage_id, ItemDraft("<b>x</b> & <img src=x>"))  # no dates
    with db.session_factory() as session:
        data = gather_report(session, today=TODAY)
    out = tmp_path / "roadmap.pdf"
    write_roadmap_pdf(data, out, page_size="A4")
    timeline = " ".join(_strips(out))
    for role in ("Security Engineer", "Security Manager", "Director of Security", "CISO"):
        assert role in timeline
        for step in (1, 2, 3):
            assert f"{role}: step {step}" in timeline
    assert "<i>Board</i> & advisor" in timeline
    assert "<b>x</b> & <img src=x>" in timeline
    assert "1 of 3 done" in timeline  # the stage bar's summary
    for page in PdfReader(out).pages:
        assert list(page.images) == []  # drawn as text and vectors, never as pictures
    # Gantt pages come after the cover and before the stage tables (which may start on the
    # page the chart ends on).
    texts = _page_texts(out)
    first = next(n for n, t in enumerate(texts) if t.startswith("Timeline"))
    tables = next(n for n, t in enumerate(texts) if "Roadmap by stage" in t)
    assert first == 1 and tables in (first + len(_timeline_pages(out)) - 1, first + 1)


def test_undated_rows_still_get_a_page(tmp_path: pathlib.Path) -> None:
    """A band of rows with no bar in any year is printed once rather than left out."""
    undated: list[Dated] = [(f"Someday task {n}", None, None) for n in range(1, 61)]
    dated = _yearly_items("Late", 2033, 2036)
    out = _plan_pdf(
        tmp_path,
        "Undated",
        [("Backlog", None, None, undated), ("Later", dt.date(2033, 1, 1), None, dated)],
    )
    timeline = " ".join(_strips(out))
    for n in range(1, 61):
        assert f"Someday task {n} " in timeline + " "
    for year in range(2033, 2037):
        assert f"Late goal {year}" in timeline


def test_a_plan_without_stages_has_no_timeline(tmp_path: pathlib.Path) -> None:
    out = _plan_pdf(tmp_path, "Empty", [])
    assert _timeline_pages(out) == [] and _strips(out) == []
    assert "This plan has no stages yet" in _text(out)


def test_timeline_pages_render(db: Database, tmp_path: pathlib.Path) -> None:
    """Rendered with pdftoppm (when installed): the Gantt pages carry the status colours."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    out = tmp_path / "roadmap.pdf"
    _make(db, out, items_per_stage=12)
    count = len(_timeline_pages(out))
    shots = pathlib.Path("screenshots")
    shots.mkdir(exist_ok=True)
    for old in shots.glob("roadmap-timeline-*.png"):
        old.unlink()
    prefix = str(shots / "roadmap-timeline")
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-f", "2", "-l", str(count + 1), str(out), prefix],
        check=True,
        timeout=120,
    )
    images = sorted(shots.glob("roadmap-timeline-*.png"))
    assert len(images) == count > 1
    first = QImage(str(images[0]))
    assert not first.isNull()
    hues = set()
    for y in range(0, first.height(), 2):
        for x in range(0, first.width(), 2):
            colour = first.pixelColor(x, y)
            if colour.saturation() > 120 and colour.value() > 60:
                hues.add(colour.hue() // 20)
    # Green (done), red (overdue), blue (in progress / the heading rule), purple (today).
    assert len(hues) >= 3, hues
    assert QColor(first.pixelColor(first.width() // 2, 2)).lightness() > 240  # white margin


# --- pagination and columns (issue 12) --------------------------------------------------------

STATUS_WORDS = ("Done", "In progress", "Planned", "Skipped", "Overdue")


def _realistic_pdf(
    tmp_path: pathlib.Path, *, note: str = "", page_size: str = "A4"
) -> pathlib.Path:
    """The README's sample person (a 10-item plan), with big amounts and an optional note."""
    from sqlalchemy import select

    from cso_planner.db.models import PlanItem
    from tests.ui.screens.test_dashboard import realistic_person

    database = open_database(tmp_path / f"real-{page_size}-{len(note)}.sqlite3")
    try:
        with database.session_factory.begin() as session:
            realistic_person(session)
            first = session.scalars(select(PlanItem).order_by(PlanItem.id)).first()
            assert first is not None
            first.cost, first.notes = 12000.0, note
        with database.session_factory() as session:
            data = gather_report(session, today=TODAY)
    finally:
        database.dispose()
    out = tmp_path / f"real-{page_size}-{len(note)}.pdf"
    write_roadmap_pdf(data, out, page_size=page_size)
    return out


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_ten_item_plan_fits_five_or_six_pages(tmp_path: pathlib.Path, page_size: str) -> None:
    out = _realistic_pdf(tmp_path, page_size=page_size)
    assert 5 <= _pages(out) <= 6
    # No page but the cover is left nearly empty.
    for number, text in enumerate(_page_texts(out)[1:-1], start=2):
        assert len(text) > 400, f"page {number} is nearly empty: {text[:120]}"


def test_columns_never_split_a_word_or_a_number(tmp_path: pathlib.Path) -> None:
    out = _realistic_pdf(tmp_path)
    words = set(_text(out).split())
    from cso_planner.money import own_money

    amounts = {own_money(12000.0, "USD"), own_money(24000.0, "USD")}  # "US$12,000.00" …
    must_stay_whole = amounts | {
        "Progress", "Certification", "Experience", "Employer-paid",
        "Credential", "Required", "Needed", "Certified", "Information", "Professional",
        "Governance,", "management", "Cybrary", "LinkedIn", "Learning", "ransomware",
    }  # fmt: skip
    assert must_stay_whole <= words, sorted(must_stay_whole - words)
    text = " ".join(_page_texts(out))
    for status in STATUS_WORDS:  # the status chip never runs into the date beside it
        assert not re.search(rf"{status}\d", text), status
    # A date in a table cell is never broken over two lines either.
    # The sample person's CISM exam is 75 days after the day the tests run (its TODAY).
    from tests.ui.screens.test_dashboard import TODAY as sample_today

    cism = sample_today + dt.timedelta(days=75)
    assert re.search(r"\b2 Nov 2023\b", text)
    assert re.search(rf"\b{cism.day} {cism:%b %Y}\b", text), cism


def test_page_numbers_are_centred(tmp_path: pathlib.Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    out = _realistic_pdf(tmp_path)
    box = subprocess.run(
        ["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', box).group(1))  # type: ignore[union-attr]
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', box
    )
    centres = []
    for n, (x_min, _x, word) in enumerate(words):
        if word == "Page" and n + 3 < len(words) and words[n + 2][2] == "of":
            end = float(words[n + 3][1])
            centres.append((float(x_min) + end) / 2)
    assert len(centres) == _pages(out) - 1  # every page but the cover
    for centre in centres:
        assert abs(centre - width / 2) < width * 0.01


def test_a_long_note_is_cut_in_the_table_and_printed_in_full_in_an_appendix(
    tmp_path: pathlib.Path,
) -> None:
    note = " ".join(f"Study block {n} done." for n in range(1, 600))  # ~12,000 characters
    out = _realistic_pdf(tmp_path, note=note)
    short = _realistic_pdf(tmp_path)
    assert _pages(out) <= _pages(short) + 3  # not nine pages of one narrow column
    texts = _page_texts(out)
    text = " ".join(texts)
    assert "(full text: note 1)" in text
    appendix = text[text.index("Notes Note 1 — ") :]
    assert appendix.startswith("Notes Note 1 — Security Engineer: Pass CISSP")
    for n in (1, 250, 599):  # the whole note, in order, in the appendix
        assert f"Study block {n} done." in appendix
    tables = text[text.index("Roadmap by stage") : text.index("Notes Note 1 — ")]
    assert "Study block 1 done." in tables and "Study block 599 done." not in tables
