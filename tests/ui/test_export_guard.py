"""Issue 11 item 2 in the window: File → Export (and Save a copy) never write over the database."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from cso_planner.ui import file_actions, file_menu
from cso_planner.ui.main_window import MainWindow
from tests.helpers.dump import dump_database
from tests.ui.test_file_actions import answer_save, seed


@pytest.mark.parametrize("target", ["itself", "wal", "symlink"])
def test_every_export_over_the_open_database_is_refused(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    seed(window)
    db = window.store.database.path
    before = dump_database(db)
    errors: list[str] = []
    monkeypatch.setattr(file_actions, "show_error", lambda parent, title, text: errors.append(text))
    actions = {
        ".pdf": window.file_actions.export_pdf_action,
        ".ics": window.file_actions.export_ics_action,
        ".csv": window.file_actions.export_csv_action,
        ".json": window.file_actions.export_json_action,
    }
    for suffix, action in actions.items():
        aimed = db if target != "wal" else db.with_name(db.name + "-wal")
        if target == "symlink" or suffix == ".pdf":
            # (a PDF name without ".pdf" gets it added, so the PDF is aimed through a link)
            path = tmp_path / f"{target}{suffix}"
            path.symlink_to(aimed)
        else:
            path = aimed
        answer_save(monkeypatch, path)
        errors.clear()
        action.trigger()
        assert len(errors) == 1, (suffix, errors)
        assert "Nothing was written" in errors[0] and "destroy your data" in errors[0]
        assert dump_database(db) == before, suffix
        if path.is_symlink():
            assert path.resolve() == aimed.resolve()  # the link itself was not replaced either
            path.unlink()


def test_save_a_copy_over_the_database_through_a_link_is_refused(
    window: MainWindow, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(window)
    db = window.store.database.path
    before = dump_database(db)
    link = tmp_path / "elsewhere.sqlite3"
    link.symlink_to(db)
    errors: list[str] = []
    monkeypatch.setattr(file_menu, "show_error", lambda parent, title, text: errors.append(text))

    def ask(parent: Any, title: str, suggested: str, filters: str) -> pathlib.Path:
        return link

    monkeypatch.setattr(file_menu, "ask_save_path", ask)
    window.file_menu.save_copy()
    assert len(errors) == 1 and "destroy your data" in errors[0]
    assert dump_database(db) == before
