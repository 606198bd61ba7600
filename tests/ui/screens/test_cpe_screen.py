"""The CPE screen driven through its widgets: log, edit, filter, import, warn, undo."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from cso_planner.db.models import HeldCertification
from cso_planner.db.opening import Database
from cso_planner.services import cpe as svc
from cso_planner.services.cpe import CpeDraft
from cso_planner.ui.screens import cpe as screen_module
from cso_planner.ui.screens.cpe import NOT_APPLIED, Column, CpeScreen
from cso_planner.ui.screens.cpe_dialog import CpeDialog
from cso_planner.ui.store import PlannerStore

HOSTILE = "<b>x</b><img src=/etc/passwd>"
TODAY = dt.date.today()


@pytest.fixture
def held(db: Database) -> None:
    with db.session_factory.begin() as s:
        # CISSP two years into its cycle with nothing logged: on track to fall short.
        s.add(
            HeldCertification(
                cert_code="CISSP", status="earned", earned_on=TODAY - dt.timedelta(days=730)
            )
        )
        s.add(
            HeldCertification(
                cert_code="CISM", status="earned", earned_on=TODAY - dt.timedelta(days=400)
            )
        )


@pytest.fixture
def screen(qtbot: QtBot, db: Database, held: None) -> CpeScreen:
    widget = CpeScreen(PlannerStore(db), QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def activities(db: Database) -> list[tuple[str, float, tuple[str, ...]]]:
    with db.session_factory() as s:
        return sorted(
            (r.draft.activity, r.draft.credits, r.draft.certifications)
            for r in svc.list_activities(s)
        )


def add(db: Database, *drafts: CpeDraft) -> None:
    with db.session_factory.begin() as s:
        for d in drafts:
            svc.add_activity(s, d)


def test_empty_state_then_log_undo_redo(
    screen: CpeScreen, db: Database, stub: Callable[..., list[Any]], qtmodeltester: Any
) -> None:
    assert screen.stack.currentWidget() is screen.empty_state
    assert screen.empty_state.button is not None
    draft = CpeDraft(TODAY, "Webinar", 1.5, "ISC2", "Group A", "", ("CISSP", "CISM"))
    calls = stub(CpeDialog, draft)
    screen.empty_state.button.click()
    assert calls[0][0][2] == ["CISM", "CISSP"]  # the held certifications are offered
    assert activities(db) == [("Webinar", 1.5, ("CISSP", "CISM"))]
    assert screen.proxy.rowCount() == 1
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.proxy)
    screen.undo_stack.undo()
    assert activities(db) == []
    screen.undo_stack.redo()
    assert activities(db) == [("Webinar", 1.5, ("CISSP", "CISM"))]
    index = screen.proxy.index(0, Column.CREDITS)
    assert index.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight


def test_edit_delete_and_undo(
    screen: CpeScreen,
    db: Database,
    stub: Callable[..., list[Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add(db, CpeDraft(TODAY, "Webinar", 1, certifications=("CISSP",)))
    screen.reload()
    screen.table.selectRow(0)
    stub(CpeDialog, CpeDraft(TODAY, "Webinar (full day)", 7, certifications=("CISM",)))
    screen.edit_button.click()
    assert activities(db) == [("Webinar (full day)", 7, ("CISM",))]
    screen.undo_stack.undo()
    assert activities(db) == [("Webinar", 1, ("CISSP",))]
    monkeypatch.setattr(screen_module, "confirm", lambda *a: True)
    screen.table.selectRow(0)
    screen.delete_button.click()
    assert activities(db) == []
    screen.undo_stack.undo()
    assert activities(db) == [("Webinar", 1, ("CISSP",))]


def test_filters_by_certification_and_period(screen: CpeScreen, db: Database) -> None:
    add(
        db,
        CpeDraft(TODAY, "Both", 2, certifications=("CISSP", "CISM")),
        CpeDraft(TODAY, "Only CISM", 3, certifications=("CISM",)),
        CpeDraft(TODAY - dt.timedelta(days=3000), "Old", 4, certifications=("CISSP",)),
        CpeDraft(TODAY, "Loose", 5),
    )
    screen.reload()
    assert screen.proxy.rowCount() == 4
    assert screen.summary_label.text() == "4 activities · 14 credits"
    screen.set_filters("CISSP", None)
    assert screen.proxy.rowCount() == 2
    screen.set_filters("CISSP", "cycle:CISSP")
    assert screen.proxy.rowCount() == 1  # "Old" is before this cycle
    assert screen.summary_label.text() == (
        "1 activity · 2 credits\nSubmitted to ISC2: 0 of 2 credits this cycle (2 not yet)"
    )
    screen.set_filters(NOT_APPLIED, None)
    assert [screen.proxy.row_of(0).draft.activity] == ["Loose"]
    screen.set_filters(None, None)
    screen.search_edit.setText("cism")
    assert screen.proxy.rowCount() == 2
    # The filter survives a reload after an edit elsewhere.
    screen.set_filters("CISM", None)
    screen.store.data_changed.emit()
    assert screen.cert_combo.currentData() == "CISM"
    assert screen.proxy.rowCount() == 2


def test_shortfall_banner(screen: CpeScreen, db: Database) -> None:
    assert screen.banner.isVisible()
    lines = screen.banner.text_label.text().split("\n")
    assert [line.split(" ")[0] for line in lines] == ["CISM", "CISSP"]  # both behind
    assert lines[1].startswith("CISSP is on track to fall short: 0 of 120 CPE")
    assert "Needs 90 more Group A CPE" in lines[1]
    assert screen.banner.text_label.textFormat() == Qt.TextFormat.PlainText


CSV = (
    "date,activity,provider,credits,category,certifications,notes\r\n"
    "2024-02-01,Webinar,ISACA,1,,CISM,\r\n"
    f"2024-02-02,{HOSTILE},SANS,12.5,Group A,CISSP;CISM,cert.pdf\r\n"
).encode()


def test_import_csv_happy_path_and_undo(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cpe.csv"
    path.write_bytes(CSV)
    monkeypatch.setattr(screen_module, "choose_csv", lambda parent: str(path))
    previews: list[Any] = []
    monkeypatch.setattr(screen_module, "run_import_dialog", lambda d: previews.append(d) or True)
    screen.import_button.click()
    assert len(previews) == 1  # the app's own layout is previewed like any other
    assert previews[0].mapping.fields == (
        "date",
        "activity",
        "provider",
        "credits",
        "category",
        "certifications",
        "notes",
    )
    assert activities(db) == [(HOSTILE, 12.5, ("CISSP", "CISM")), ("Webinar", 1, ("CISM",))]
    assert screen.proxy.rowCount() == 2
    assert "Import 2 CPE activities" in screen.undo_stack.undoText()
    screen.undo_stack.undo()
    assert activities(db) == []
    screen.undo_stack.redo()
    assert len(activities(db)) == 2
    # Hostile text from a file is shown literally.
    screen.search_edit.setText("passwd")
    assert screen.proxy.index(0, Column.ACTIVITY).data() == HOSTILE


def test_bad_csv_shows_one_line_and_changes_nothing(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(db, CpeDraft(TODAY, "Existing", 1))
    screen.reload()
    path = tmp_path / "bad.csv"
    path.write_bytes(CSV + b"2024-02-03,Broken,,lots,,,\r\n")
    shown: list[str] = []
    monkeypatch.setattr(screen_module, "show_error", lambda parent, title, text: shown.append(text))
    assert not screen.import_csv(str(path))
    assert shown == ["bad.csv was not imported: row 4, credits: not a number: 'lots'."]
    assert activities(db) == [("Existing", 1, ())]
    assert screen.undo_stack.count() == 0
    assert not screen.import_csv(str(tmp_path / "missing.csv"))
    assert "Could not read missing.csv" in shown[1]


def test_dialog_validates_next_to_fields(qtbot: QtBot) -> None:
    dialog = CpeDialog(None, "Log CPE", ["CISSP", "CISM"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activity_edit.setText("Webinar")
    dialog.credits_edit.setText("abc")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.credits_error.isVisible()
    assert dialog.activity_edit.text() == "Webinar"
    dialog.credits_edit.setText("-1")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "above 0" in dialog.credits_error.text()
    dialog.credits_edit.setText("2.5")
    dialog.date_edit.set_value(dt.date(2024, 5, 6))
    dialog.set_certifications(["CISM"])
    dialog.category_combo.setEditText("Group A")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert not dialog.isVisible()
    assert dialog.value() == CpeDraft(
        dt.date(2024, 5, 6), "Webinar", 2.5, "", "Group A", "", ("CISM",)
    )


def test_claims_per_certification_in_the_dialog_table_and_summary(
    qtbot: QtBot, screen: CpeScreen, db: Database, stub: Callable[..., list[Any]]
) -> None:
    """One activity claimed differently for two certifications, one of them submitted."""
    day = TODAY - dt.timedelta(days=10)
    dialog = CpeDialog(None, "Log CPE", ["CISM", "CISSP"], domains={"CISSP": ["Security"]})
    qtbot.addWidget(dialog)
    dialog.activity_edit.setText("Congress")
    dialog.credits_edit.setText("8")
    dialog.date_edit.set_value(day)
    dialog.set_certifications(["CISSP", "CISM"])
    dialog.set_claim("CISSP", credits="6", category="Group A", domain="Security",
                     status="submitted", submitted_on=TODAY)  # fmt: skip
    assert dialog.claim_domain_combo.findText("Security") >= 0  # the exam's domains offered
    dialog.select_claim("CISM")  # CISM keeps the activity's figures, not submitted
    assert dialog.claim_credits_edit.text() == ""
    dialog.select_claim("CISSP")  # what was typed for CISSP is still there
    assert dialog.claim_credits_edit.text() == "6"
    draft = dialog.value()
    assert dialog.errors() == {}
    assert draft.claims == (svc.Claim("CISSP", 6.0, "Group A", "Security", "submitted", TODAY),)
    stub(CpeDialog, draft)
    screen.add_button.click()
    with db.session_factory() as s:
        (row,) = svc.list_activities(s)
    assert row.draft == svc.normalized(draft)
    text = screen.proxy.index(0, Column.CERTIFICATIONS).data()
    assert text.startswith("CISM, CISSP (submitted on ") or text.startswith("CISSP (submitted on ")
    screen.set_filters("CISSP", "cycle:CISSP")
    assert screen.summary_label.text().endswith("Submitted to ISC2: 6 of 6 credits this cycle")
    screen.set_filters("CISM", None)
    assert "Submitted to ISACA: 0 of 8 credits this cycle (8 not yet)" in (
        screen.summary_label.text()
    )
    screen.undo_stack.undo()
    assert activities(db) == []


def test_dialog_refuses_a_submitted_claim_without_a_date(qtbot: QtBot) -> None:
    dialog = CpeDialog(None, "Log CPE", ["CISSP"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activity_edit.setText("Webinar")
    dialog.credits_edit.setText("1")
    dialog.set_certifications(["CISSP"])
    dialog.set_claim("CISSP", credits="zwei")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "CISSP: enter the credits" in dialog.claim_error.text()
    dialog.set_claim("CISSP", status="submitted")
    dialog.claim_date_edit.set_value(None)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and "enter the date it was submitted" in dialog.claim_error.text()


def test_proof_files_attach_open_remove_and_undo(
    qtbot: QtBot,
    screen: CpeScreen,
    db: Database,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os
    import stat

    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    from cso_planner.db.proofs import ProofStore
    from cso_planner.ui import proof_list

    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    big = tmp_path / "huge.pdf"
    big.write_bytes(b"%PDF-" + b"0" * (30 * 1024 * 1024))
    refused: list[str] = []
    opened: list[pathlib.Path] = []
    monkeypatch.setattr(proof_list, "show_refusal", lambda parent, text: refused.append(text))
    monkeypatch.setattr(proof_list, "open_with_viewer", lambda path: opened.append(path) or True)
    monkeypatch.setattr(proof_list, "choose_proof_files", lambda parent: [str(pdf)])
    add(db, CpeDraft(TODAY, "Webinar", 1, certifications=("CISSP",)))
    screen.reload()
    store = ProofStore.beside(db.path)
    dialog = CpeDialog(None, "Edit", ["CISSP"], screen.proxy.row_of(0).draft, proof_store=store)
    qtbot.addWidget(dialog)
    assert dialog.proof_list is not None
    dialog.proof_list.add_button.click()  # the file dialog
    # Drag and drop of the 30 MiB file: refused with its reason, the list unchanged.
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(big))])
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    dialog.proof_list.list.dropEvent(drop)
    assert refused == ["huge.pdf is 30.0 MiB; a proof file can be at most 25 MiB."]
    assert [p.name for p in dialog.proof_list.proofs()] == ["certificate.pdf"]
    dialog.proof_list.open_button.click()
    assert opened and opened[0].read_bytes() == pdf.read_bytes()
    assert stat.S_IMODE(os.stat(opened[0]).st_mode) == 0o600
    edited = dialog.value()
    monkeypatch.setattr(CpeDialog, "ask", classmethod(lambda cls, *a, **k: edited))
    screen.table.selectRow(0)
    screen.edit_button.click()
    assert screen.proxy.index(0, Column.PROOFS).data() == "1"
    assert "certificate.pdf" in screen.proxy.index(0, Column.PROOFS).data(
        Qt.ItemDataRole.ToolTipRole
    )
    with db.session_factory() as s:
        assert [p.name for p in svc.list_activities(s)[0].draft.proofs] == ["certificate.pdf"]
    screen.undo_stack.undo()  # adding is undoable
    assert screen.proxy.index(0, Column.PROOFS).data() == ""
    screen.undo_stack.redo()
    # Removing, then undoing the removal.
    dialog2 = CpeDialog(None, "Edit", ["CISSP"], screen.proxy.row_of(0).draft, proof_store=store)
    qtbot.addWidget(dialog2)
    assert dialog2.proof_list is not None
    dialog2.proof_list.remove_button.click()
    removed = dialog2.value()
    assert removed.proofs == ()
    monkeypatch.setattr(CpeDialog, "ask", classmethod(lambda cls, *a, **k: removed))
    screen.table.selectRow(0)
    screen.edit_button.click()
    assert screen.proxy.index(0, Column.PROOFS).data() == ""
    screen.undo_stack.undo()
    assert screen.proxy.index(0, Column.PROOFS).data() == "1"


def test_import_csv_of_a_named_pipe_is_refused_at_once(
    screen: CpeScreen, db: Database, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO would block ``open()`` (and the window) until something writes to it: it is
    refused before any read. If the refusal ever regressed, the watchdog opens the writing end
    after 5 s so the test fails instead of hanging."""
    import os
    import threading

    fifo = tmp_path / "cpe.csv"
    os.mkfifo(fifo)
    unblocked: list[bool] = []

    def watchdog() -> None:
        if not done.wait(5):
            unblocked.append(True)
            with open(fifo, "wb"):
                pass

    done = threading.Event()
    threading.Thread(target=watchdog, daemon=True).start()
    shown: list[str] = []
    monkeypatch.setattr(screen_module, "show_error", lambda parent, title, text: shown.append(text))
    try:
        assert not screen.import_csv(str(fifo))
    finally:
        done.set()
    assert not unblocked, "the import blocked on the named pipe"
    assert shown == [
        "cpe.csv was not imported: " + f"{fifo} is a named pipe, not a file that can be imported."
    ]
    assert activities(db) == []
