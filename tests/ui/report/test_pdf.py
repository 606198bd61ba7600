"""The roadmap PDF, read back with pypdf (and rendered with pdftoppm when it is installed)."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from cso_planner.db.opening import Database
from cso_planner.report.pdf import ExportCancelled, write_roadmap_pdf
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


def _make(db: Database, path: pathlib.Path, **kwargs: int) -> int:
    with db.session_factory.begin() as session:
        add_sample_person(session, **kwargs)
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
    from cso_planner.db.opening import open_database

    small = open_database(tmp_path / "small.sqlite3")
    large = open_database(tmp_path / "large.sqlite3")
    small_pages = _make(small, tmp_path / "small.pdf", items_per_stage=4)
    large_pages = _make(large, tmp_path / "large.pdf", items_per_stage=100)
    small.dispose()
    large.dispose()
    assert large_pages > small_pages + 10
    text = _text(tmp_path / "large.pdf")
    assert "Director of Security: step 100" in text
    assert text.count("Item Kind Status Due Cost Hours Notes") >= large_pages - 4  # headers repeat


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
