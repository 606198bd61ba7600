"""The CPE screen's CSV import preview, driven through its widgets: mapping, date format,
duplicates skipped unless ticked, all or nothing, undo."""

from __future__ import annotations

import datetime as dt
import pathlib
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cso_planner.db.models import AppMeta, CpeActivity
from cso_planner.db.opening import Database
from cso_planner.services.cpe_import import layout_key
from cso_planner.ui.screens import cpe as screen_module
from cso_planner.ui.screens.cpe import CpeScreen
from cso_planner.ui.screens.cpe_import_dialog import PREVIEW_COLUMNS, CpeImportDialog
from cso_planner.ui.store import PlannerStore
from tests.unit.services.test_cpe_import import ISACA, ISC2

D = dt.date


@pytest.fixture
def screen(qtbot: QtBot, db: Database) -> CpeScreen:
    widget = CpeScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _log(db: Database) -> list[tuple[dt.date, str, float]]:
    with db.session_factory() as session:
        return [
            (a.date, a.activity, a.credits)
            for a in session.scalars(select(CpeActivity).order_by(CpeActivity.date))
        ]


def _open(
    screen: CpeScreen,
    monkeypatch: pytest.MonkeyPatch,
    path: pathlib.Path,
    drive: Any,
) -> bool:
    """Run the import of ``path``; ``drive(dialog)`` plays the person and says Import or not."""

    def run(dialog: CpeImportDialog) -> bool:
        dialog.show()
        answer = bool(drive(dialog))
        dialog.close()
        return answer

    monkeypatch.setattr(screen_module, "run_import_dialog", run)
    return screen.import_any_csv(str(path))


def test_isc2_preview_import_reimport_and_undo(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "isc2.csv"
    path.write_bytes(ISC2)
    seen: dict[str, Any] = {}

    def first(dialog: CpeImportDialog) -> bool:
        seen["file"] = dialog.file_label.text()
        seen["date"] = dialog.date_combo.currentText()
        seen["rows"] = dialog.preview_table.rowCount()
        seen["button"] = dialog.import_button.text()
        seen["holds"] = [
            dialog.field_combo(c).currentText() for c in range(dialog.mapping_table.rowCount())
        ]
        dialog.apply_edit.setText("CISSP")
        dialog.apply_edit.editingFinished.emit()
        return True

    assert _open(screen, monkeypatch, path, first)
    assert seen["file"].startswith("isc2.csv: 3 rows, UTF-8 with BOM, comma-separated.")
    assert seen["date"] == "DD/MM/YYYY"
    assert seen["holds"] == [
        "activity",
        "provider",
        "date",
        "category",
        "(ignore)",
        "credits",
        "(ignore)",
    ]
    assert (seen["rows"], seen["button"]) == (3, "Import 3")
    assert _log(db) == [
        (D(2025, 10, 14), "Security Congress day 1", 8),
        (D(2026, 1, 23), 'Book: "The CISO Evolution"', 5),
        (D(2026, 3, 4), "ISC2 Think Tank: Zero trust, part 1", 1.5),
    ]
    with db.session_factory() as session:
        assert session.get(AppMeta, layout_key(screen_module_header(ISC2))) is not None

    # The same file again: every row is a duplicate, nothing is ticked, Import is disabled.
    def again(dialog: CpeImportDialog) -> bool:
        seen["again"] = dialog.summary_label.text()
        seen["enabled"] = dialog.import_button.isEnabled()
        seen["states"] = [
            dialog.preview_table.item(r, 0).text() for r in range(dialog.preview_table.rowCount())
        ]
        seen["origin"] = dialog.file_label.text()
        # Tick one duplicate: it is imported after all.
        dialog.preview_table.item(1, 0).setCheckState(Qt.CheckState.Checked)
        seen["after_tick"] = dialog.import_button.text()
        return True

    assert _open(screen, monkeypatch, path, again)
    assert seen["enabled"] is False
    assert seen["states"] == ["already in the log"] * 3
    assert seen["again"].startswith("0 of 3 rows will be imported; 3 already in the log")
    assert "as last time for this layout" in seen["origin"]
    assert seen["after_tick"] == "Import 1"
    assert len(_log(db)) == 4
    assert "Import 1 CPE activities" in screen.undo_stack.undoText()
    screen.undo_stack.undo()
    assert len(_log(db)) == 3
    screen.undo_stack.undo()
    assert _log(db) == []
    screen.undo_stack.redo()
    assert len(_log(db)) == 3


def screen_module_header(data: bytes) -> tuple[str, ...]:
    from cso_planner.services.cpe_import import read_csv_source

    return read_csv_source(data).header


def test_isaca_preview_reads_day_first_dates_and_decimal_commas(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "isaca.csv"
    path.write_bytes(ISACA)
    seen: dict[str, Any] = {}

    def drive(dialog: CpeImportDialog) -> bool:
        seen["file"] = dialog.file_label.text()
        seen["comma"] = dialog.comma_check.isChecked()
        seen["first"] = [dialog.preview_table.item(0, c).text() for c in range(2, 6)]
        # Month-first cannot read 28/11/2025: refused with the row named, Import disabled.
        dialog.date_combo.setCurrentText("MM/DD/YYYY")
        seen["error"] = dialog.error_label.text()
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.date_combo.setCurrentText("DD/MM/YYYY")
        return True

    assert _open(screen, monkeypatch, path, drive)
    assert "Windows-1252, semicolon-separated" in seen["file"]
    assert seen["comma"] is True
    assert seen["first"] == ["5 Feb 2026", "Café des risques – ISACA chapter", "ISACA Paris", "2.5"]
    assert seen["error"] == (
        "Cannot import: row 3, 'Date Completed' (date): not a date in MM/DD/YYYY: '28/11/2025'."
    )
    assert seen["enabled"] is False
    assert _log(db) == [
        (D(2025, 11, 28), "COBIT 2019 Foundation", 7),
        (D(2026, 2, 5), "Café des risques – ISACA chapter", 2.5),
    ]


def test_mapping_a_column_by_hand_and_cancel_changes_nothing(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"When;What;Points\n21/02/2026;Talk;1\n22/02/2026;Lab;2\n")
    seen: dict[str, Any] = {}

    def drive(dialog: CpeImportDialog) -> bool:
        seen["error"] = dialog.error_label.text()
        for column, field in enumerate(("date", "activity", "credits")):
            combo = dialog.field_combo(column)
            combo.setCurrentIndex(combo.findData(field))
        seen["date"] = dialog.date_combo.currentText()
        seen["button"] = dialog.import_button.text()
        # Moving "activity" onto the first column takes it from the second.
        dialog.field_combo(0).setCurrentIndex(dialog.field_combo(0).findData("activity"))
        seen["moved"] = [dialog.field_combo(c).currentData() for c in range(3)]
        return False  # Cancel

    assert not _open(screen, monkeypatch, path, drive)
    assert seen["error"] == "Cannot import: no column is mapped to date, activity, credits."
    assert seen["date"] == "DD/MM/YYYY"
    assert seen["button"] == "Import 2"
    assert seen["moved"] == ["activity", "", "credits"]
    assert _log(db) == []
    assert screen.undo_stack.count() == 0


def test_unreadable_file_is_refused_in_one_line(
    screen: CpeScreen, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(screen_module, "show_error", lambda parent, title, text: shown.append(text))
    path = tmp_path / "broken.csv"
    path.write_bytes(b'date,activity,credits\n2024-01-01,"open,1\n')
    assert not screen.import_any_csv(str(path))
    assert shown == [
        'broken.csv was not imported: row 2 (line 2): a quote (") is opened and never closed, '
        "so the rest of the file would be read as one cell."
    ]


def _ink_columns(image: QImage, top: int, bottom: int, left: int, right: int) -> list[int]:
    """The x of every pixel column between ``left`` and ``right`` with text drawn in it."""
    background = image.pixelColor(left + 1, top + 1)
    found = []
    for x in range(left, right):
        for y in range(top, bottom):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 60:
                found.append(x)
                break
    return found


def test_preview_numbers_are_drawn_right_aligned(
    screen: CpeScreen, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "isc2.csv"
    path.write_bytes(ISC2)
    seen: dict[str, Any] = {}

    def look(dialog: CpeImportDialog) -> bool:
        table = dialog.preview_table
        dialog.resize(1000, 640)
        QApplication.processEvents()
        credits = PREVIEW_COLUMNS.index("Credits")
        table.setColumnWidth(credits, 120)  # wide enough that the side a number sits on shows
        QApplication.processEvents()
        image = table.viewport().grab().toImage()
        rect = table.visualRect(table.model().index(0, credits))
        ink = _ink_columns(image, rect.top(), rect.bottom(), rect.left(), rect.right())
        seen["ink"], seen["rect"] = ink, (rect.left(), rect.right())
        seen["text"] = table.item(0, credits).text()  # type: ignore[union-attr]
        seen["header"] = table.horizontalHeaderItem(credits).textAlignment()  # type: ignore[union-attr]
        return False

    assert not _open(screen, monkeypatch, path, look)
    left, right = seen["rect"]
    assert seen["text"] in {"8", "5", "1.5"} and seen["ink"]
    # The number is drawn at the cell's right edge (within its padding), not at its left.
    assert min(seen["ink"]) > left + (right - left) // 2
    assert right - max(seen["ink"]) < 12
    assert Qt.AlignmentFlag(seen["header"]) & Qt.AlignmentFlag.AlignRight
