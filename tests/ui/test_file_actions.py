"""The File and Tools menus driven on a real window: exports read back, import with undo,
printing, check, restore, and the backup written when the window closes."""

from __future__ import annotations

import csv
import datetime as dt
import pathlib
import sqlite3
from typing import Any

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrintPreviewDialog

from cso_planner.db.backup import list_backups
from cso_planner.db.models import CpeActivity, HeldCertification
from cso_planner.db.shutdown import MARKER_INFIX
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui import file_actions, maintenance_actions
from cso_planner.ui.main_window import MainWindow

EVIL = '<b>x</b><img src="/etc/passwd">'


def seed(window: MainWindow) -> None:
    with window.store.database.session_factory.begin() as s:
        p = plans.create_plan(s, "Road to CSO")
        st = plans.add_stage(
            s, p, StageDraft("Security Manager", dt.date(2026, 1, 1), dt.date(2028, 12, 31))
        )
        plans.add_item(s, st, ItemDraft("Pass CISM", due=dt.date(2027, 5, 31), notes=EVIL))
        s.add(HeldCertification(cert_code="CISSP", status="earned", earned_on=dt.date(2024, 3, 1)))
        s.flush()
        s.add(
            CpeActivity(
                date=dt.date(2025, 2, 3),
                activity="BSides talk",
                provider="BSides",
                credits=4,
                category="A",
            )
        )
    window.store.data_changed.emit()


def answer_save(monkeypatch: pytest.MonkeyPatch, path: pathlib.Path | None) -> list[str]:
    asked: list[str] = []

    def ask(parent: Any, title: str, suggested: str, filters: str) -> pathlib.Path | None:
        asked.append(title)
        return path

    monkeypatch.setattr(file_actions, "ask_save_path", ask)
    return asked


def test_export_pdf_from_the_menu_writes_the_roadmap(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    out = tmp_path / "roadmap"  # no suffix: ".pdf" is added
    answer_save(monkeypatch, out)
    window.file_actions.export_pdf_action.trigger()
    written = tmp_path / "roadmap.pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(written).pages)
    assert "Road to CSO" in text and "Pass CISM" in text and "Security Manager" in text
    assert "<b>x</b><img src=" in text  # the note is printed literally (it may wrap after)
    assert "Wrote" in window.statusBar().currentMessage()


def test_cancelled_save_dialog_writes_nothing(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = answer_save(monkeypatch, None)
    for action in (
        window.file_actions.export_pdf_action,
        window.file_actions.export_ics_action,
        window.file_actions.export_csv_action,
        window.file_actions.export_json_action,
    ):
        action.trigger()
    assert len(asked) == 4
    assert not [p for p in tmp_path.rglob("*") if p.suffix in (".pdf", ".ics", ".csv", ".json")]


def test_export_ics_and_csv(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    answer_save(monkeypatch, tmp_path / "d.ics")
    window.file_actions.export_ics_action.trigger()
    calendar = Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    summaries = {str(e["summary"]) for e in calendar.walk("VEVENT")}
    assert "Pass CISM" in summaries
    # The cycle end is its own event, or shares one with the expiry on the same day.
    assert any("CISSP CPE cycle ends" in summary for summary in summaries)
    answer_save(monkeypatch, tmp_path / "cpe.csv")
    window.file_actions.export_csv_action.trigger()
    with (tmp_path / "cpe.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["activity"], r["credits"]) for r in rows] == [("BSides talk", "4")]


def test_unwritable_export_says_why_and_keeps_going(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(file_actions, "show_error", lambda parent, title, text: errors.append(text))
    answer_save(monkeypatch, tmp_path / "missing-folder" / "roadmap.pdf")
    window.file_actions.export_pdf_action.trigger()
    assert errors and "missing-folder" in errors[0]


def test_json_export_then_import_replaces_data_and_undo_restores_it(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    backup = tmp_path / "all.json"
    answer_save(monkeypatch, backup)
    window.file_actions.export_json_action.trigger()
    with window.store.database.session_factory.begin() as s:
        plans.create_plan(s, "Added after the export")
    window.store.data_changed.emit()

    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: backup)
    questions: list[str] = []
    monkeypatch.setattr(
        file_actions, "confirm", lambda p, t, text, ok: questions.append(text) or True
    )
    window.file_actions.import_json_action.trigger()
    assert "1 plan" in questions[0]

    def names() -> list[str]:
        with window.store.database.session_factory() as s:
            return sorted(p.name for p in plans.list_plans(s))

    assert names() == ["Road to CSO"]
    window.undo_stack.undo()
    assert names() == ["Added after the export", "Road to CSO"]


def test_bad_json_is_refused_with_its_reason_and_changes_nothing(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "cso-planner", "version": 1, "plans": [NaN]}')
    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: bad)
    errors: list[str] = []
    monkeypatch.setattr(file_actions, "show_error", lambda parent, title, text: errors.append(text))
    window.file_actions.import_json_action.trigger()
    assert errors and "bad.json was not imported" in errors[0]
    with window.store.database.session_factory() as s:
        assert [p.name for p in plans.list_plans(s)] == ["Road to CSO"]
    assert window.undo_stack.count() == 0


def test_print_goes_through_the_preview(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    shown: list[QPrintPreviewDialog] = []
    monkeypatch.setattr(file_actions, "run_preview", shown.append)
    window.file_actions.print_action.trigger()
    (preview,) = shown
    assert preview.windowTitle() == "Print roadmap"
    preview.deleteLater()


def test_check_database_reports_healthy(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        maintenance_actions, "show_report", lambda p, t, text, ok: reports.append((text, ok))
    )
    window.maintenance.check_action.trigger()
    ((text, ok),) = reports
    assert ok and "integrity ok" in text and "references ok" in text


def test_close_writes_a_verified_backup_and_restore_brings_it_back(
    make_window: Any, db_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_window()
    seed(first)
    first.close()
    (backup,) = list_backups(db_path)
    assert backup.kind == "auto"
    second = make_window()
    with second.store.database.session_factory.begin() as s:
        plans.create_plan(s, "Mistake")
    second.store.data_changed.emit()
    monkeypatch.setattr(maintenance_actions, "choose_backup", lambda p, choices: choices[0][1])
    monkeypatch.setattr(maintenance_actions, "confirm", lambda *a: True)
    second.maintenance.restore_action.trigger()
    with second.store.database.session_factory() as s:
        assert [p.name for p in plans.list_plans(s)] == ["Road to CSO"]
    assert "before-restore" in second.statusBar().currentMessage()
    assert second.windowTitle() == "Road to CSO — planner.sqlite3"
    kept = [p for p in db_path.parent.iterdir() if "before-restore" in p.name]
    assert kept, "the replaced file is kept, not deleted"
    second.close()


def test_restore_without_backups_explains(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports: list[str] = []
    monkeypatch.setattr(
        maintenance_actions, "show_report", lambda p, t, text, ok: reports.append(text)
    )
    window.maintenance.restore_action.trigger()
    assert "no backups" in reports[0]


def test_unclean_shutdown_is_noticed_at_the_next_start(
    make_window: Any, db_path: pathlib.Path
) -> None:
    first = make_window()
    seed(first)
    marker = first.store.database.marker
    assert marker is not None and marker.exists()
    # Simulate a crash: the connections go and the marker stays, naming a dead process.
    first.store.database.engine.dispose()
    marker.rename(db_path.with_name(f"{db_path.name}{MARKER_INFIX}999999999-dead"))
    first.store.database.marker = None
    first._closed = True  # type: ignore[attr-defined]
    first.close()
    second = make_window()
    assert second.store.database.recovered_from_crash
    assert "did not close cleanly" in second.statusBar().currentMessage()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_file_dialogs_open_in_documents_then_where_the_last_file_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path, qapp: Any
) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.chdir(tmp_path)  # the working directory must not matter
    documents = pathlib.Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    )
    asked: list[str] = []
    chosen = tmp_path / "exports" / "roadmap.pdf"
    chosen.parent.mkdir()

    def save(_parent: Any, _title: str, directory: str, _filters: str) -> tuple[str, str]:
        asked.append(directory)
        return str(chosen), ""

    def open_(_parent: Any, _title: str, directory: str, _filters: str) -> tuple[str, str]:
        asked.append(directory)
        return "", ""  # cancelled: the folder stays as it was

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_))
    assert file_actions.ask_save_path(None, "Export", "cso-roadmap.pdf", "PDF (*.pdf)") == chosen
    assert file_actions.ask_open_path(None, "Import", "JSON (*.json)") is None
    assert file_actions.ask_open_path(None, "Import", "JSON (*.json)") is None
    assert pathlib.Path(asked[0]) == documents / "cso-roadmap.pdf"
    assert pathlib.Path(asked[1]) == chosen.parent == pathlib.Path(asked[2])


def test_a_new_file_opens_on_the_dashboard_not_another_files_last_screen(
    tmp_path: pathlib.Path, qtbot: Any
) -> None:
    from cso_planner.app import create_main_window

    first = create_main_window(tmp_path / "first.sqlite3", run_wizard=False)
    qtbot.addWidget(first)
    assert first.current_screen() == "dashboard"  # type: ignore[attr-defined]
    first.show_screen("budget")  # type: ignore[attr-defined]
    first.close()
    again = create_main_window(tmp_path / "first.sqlite3", run_wizard=False)
    qtbot.addWidget(again)
    assert again.current_screen() == "budget"  # type: ignore[attr-defined]
    again.close()
    other = create_main_window(tmp_path / "brand-new.sqlite3", run_wizard=False)
    qtbot.addWidget(other)
    assert other.current_screen() == "dashboard"  # type: ignore[attr-defined]
    other.close()
