"""Undoing a GUI import puts back the very rows it replaced, ids included (issue 11 item 4).

Before, the previous data was written back as a document, which renumbered every row: the undo
steps recorded before the import then edited the wrong row ("Webinar 10" gone, "Webinar 9"
twice) or failed with an IntegrityError inside QUndoCommand.undo.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib

import pytest

from cso_planner.db.models import Attachment
from cso_planner.exchange import encode_document
from cso_planner.services import cpe as cpe_service
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui import file_actions
from cso_planner.ui.main_window import MainWindow
from cso_planner.ui.screens.ledger_commands import EditRowCommand
from tests.helpers.dump import dump_database


def _seed(window: MainWindow) -> None:
    """Webinars 1..12 with gaps in their ids (3, 5 and 8 deleted), and a plan."""
    with window.store.database.session_factory.begin() as s:
        ids = [
            cpe_service.add_activity(
                s, cpe_service.CpeDraft(dt.date(2026, 1, n), f"Webinar {n}", 1.0)
            )
            for n in range(1, 13)
        ]
        for gone in (ids[2], ids[4], ids[7]):
            cpe_service.delete_activity(s, gone)
        s.add(  # a proof attached to Webinar 12: the import deletes it with its activity
            Attachment(
                sha256="a" * 64,
                name="certificate.pdf",
                media_type="application/pdf",
                size=1234,
                added_on=dt.date(2026, 1, 12),
                cpe_activity_id=ids[-1],
            )
        )
        plan = plans.create_plan(s, "Road to CSO")
        stage = plans.add_stage(s, plan, StageDraft("Security Manager"))
        plans.add_item(s, stage, ItemDraft("Pass CISM", due=dt.date(2027, 5, 31)))
    window.store.data_changed.emit()


def _activities(window: MainWindow) -> list[tuple[int, str, float]]:
    with window.store.database.session_factory() as s:
        return sorted(
            (r.id, r.draft.activity, r.draft.credits) for r in cpe_service.list_activities(s)
        )


def test_edit_import_undo_undo_hits_the_right_rows(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seed(window)
    failures: list[str] = []
    window.store.save_failed.connect(failures.append)
    before_edit = dump_database(window.store.database.engine)
    rows = _activities(window)
    last_id, last_name, _ = rows[-1]
    assert last_name == "Webinar 12"

    with window.store.database.session_factory() as s:
        old = cpe_service.draft_of(s, last_id)
    new = dataclasses.replace(old, activity="Webinar 12 (edited)", credits=2.0)
    window.undo_stack.push(
        EditRowCommand(window.store, "Edit", cpe_service.update_activity, last_id, old, new)
    )
    after_edit = dump_database(window.store.database.engine)

    other = tmp_path / "other.json"
    other.write_bytes(
        encode_document(
            {
                "format": "cso-planner",
                "version": 1,
                "cpe": [
                    {"date": "2025-03-04", "activity": f"Imported {n}", "credits": 1}
                    for n in range(3)
                ],
            }
        )
    )
    monkeypatch.setattr(file_actions, "ask_open_path", lambda *a: other)
    monkeypatch.setattr(file_actions, "confirm", lambda *a: True)
    assert window.file_actions.import_json()
    assert [name for _, name, _ in _activities(window)] == [
        "Imported 0",
        "Imported 1",
        "Imported 2",
    ]

    window.undo_stack.undo()  # the import: the very rows come back
    assert dump_database(window.store.database.engine) == after_edit
    window.undo_stack.undo()  # the edit: on the row it was made on
    assert dump_database(window.store.database.engine) == before_edit
    assert _activities(window) == rows

    window.undo_stack.redo()
    window.undo_stack.redo()  # the import again, then undo it once more
    assert [name for _, name, _ in _activities(window)] == [
        "Imported 0",
        "Imported 1",
        "Imported 2",
    ]
    window.undo_stack.undo()
    assert dump_database(window.store.database.engine) == after_edit
    assert failures == []
