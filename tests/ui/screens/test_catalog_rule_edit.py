"""Editing a catalog rule from the Catalog screen: "Edit rule…" on a rule, the dialog (stubbed
here, real below), one undoable command, "edited by you", and answers that change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from cso_planner.db.models import ExperienceDomain, ExperienceEntry, Rule
from cso_planner.db.opening import Database
from cso_planner.services import rule_overrides
from cso_planner.services.facts import eligibility_answers
from cso_planner.services.rule_overrides import RuleEdit, RuleOverride
from cso_planner.ui.dialogs.rule_dialog import RuleDialog
from cso_planner.ui.screens.catalog import CatalogScreen
from cso_planner.ui.store import PlannerStore

KEY = "CISSP/experience/current"
HOSTILE = "<b>x</b><img src=/etc/passwd>"
D = dt.date


@pytest.fixture
def store(db: Database) -> PlannerStore:
    with db.session_factory.begin() as s:
        entry = ExperienceEntry(
            employer="Acme", title="Engineer", start=D(2020, 1, 1), end=None, hours_per_week=40
        )
        entry.domains = [
            ExperienceDomain(cert_code="CISSP", domain="Security Operations"),
            ExperienceDomain(cert_code="CISSP", domain="Asset Security"),
        ]
        s.add(entry)
    return PlannerStore(db)


@pytest.fixture
def screen(qtbot: QtBot, store: PlannerStore) -> CatalogScreen:
    widget = CatalogScreen(store, QUndoStack())
    qtbot.addWidget(widget)
    widget.resize(1016, 760)
    widget.show()
    widget.select("CISSP")
    return widget


def _override(store: PlannerStore, key: str = KEY) -> RuleOverride:
    return store.read(lambda s: rule_overrides.rule_override(s, key))


def _four_years(store: PlannerStore) -> str:
    params = json.loads(_override(store).catalog_params)
    params["required_years"] = 4
    return json.dumps(params, indent=2)


def _stored(store: PlannerStore) -> tuple[str | None, str]:
    def read(s: Any) -> tuple[str | None, str]:
        rule = s.scalars(select(Rule).where(Rule.key == KEY)).one()
        return rule.user_params_json, rule.user_notes

    return store.read(read)


def _cissp(store: PlannerStore) -> tuple[float, bool]:
    answers = store.read(lambda s: eligibility_answers(s, D(2024, 6, 1)))
    answer = next(a for a in answers if a.code == "CISSP")
    return answer.required_years, answer.user_edited


def _header(screen: CatalogScreen) -> str:
    return screen.detail.rule_blocks[KEY].header.text()


def test_every_rule_has_an_edit_button(screen: CatalogScreen) -> None:
    blocks = screen.detail.rule_blocks
    assert KEY in blocks and "CISSP/maintenance/current" in blocks
    for block in blocks.values():
        assert block.edit_button.text() == "Edit rule…"
        assert block.edit_button.isVisibleTo(screen)


def test_edit_then_undo_and_redo(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]]
) -> None:
    text = _four_years(store)
    calls = stub(RuleDialog, RuleEdit(text, "ISC2 e-mail, 2026"))
    assert _header(screen) == "Experience requirement"
    assert _cissp(store) == (5, False)

    screen.detail.rule_blocks[KEY].edit_button.click()

    (args, _), *_ = calls
    parent, override, validate = args
    assert parent is screen and override.key == KEY and not override.user_edited
    assert validate(text) is None
    assert (validate("{") or "").startswith("not valid JSON (line 1, column 2)")
    stored, notes = _stored(store)
    assert stored is not None and json.loads(stored)["required_years"] == 4
    assert notes == "ISC2 e-mail, 2026"
    assert _cissp(store) == (4, True)  # answers read the rule from the database
    assert screen.undo_stack.count() == 1
    assert screen.undo_stack.undoText() == f"Edit rule {KEY}"
    assert _header(screen) == "Experience requirement — edited by you"  # pane reloaded
    assert screen.detail.rule_blocks[KEY].notes.text() == "ISC2 e-mail, 2026"
    assert screen.hint.text().startswith("Saved your version of the experience requirement")
    assert screen.selected_code() == "CISSP"

    screen.undo_stack.undo()
    assert _stored(store) == (None, "")
    assert _cissp(store) == (5, False)
    assert _header(screen) == "Experience requirement"
    screen.undo_stack.redo()
    assert _stored(store)[0] == stored
    assert _cissp(store) == (4, True)
    assert _header(screen) == "Experience requirement — edited by you"


def test_revert_to_the_catalog_rule_and_undo_it(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]]
) -> None:
    text = _four_years(store)
    calls = stub(RuleDialog, RuleEdit(text, "mine"), RuleEdit(None, ""))
    block = screen.detail.rule_blocks[KEY]
    block.edit_button.click()
    edited = _stored(store)
    screen.detail.rule_blocks[KEY].edit_button.click()  # the pane was rebuilt
    assert calls[1][0][1].user_edited  # the dialog was given the user's version
    assert _stored(store) == (None, "")
    assert _header(screen) == "Experience requirement"
    assert screen.hint.text().startswith("Back to the catalog's experience requirement")
    assert screen.undo_stack.undoText() == f"Revert rule {KEY}"
    screen.undo_stack.undo()
    assert _stored(store) == edited
    assert _header(screen) == "Experience requirement — edited by you"


def test_cancel_or_no_change_pushes_nothing(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]]
) -> None:
    catalog = _override(store).catalog_params
    stub(RuleDialog, None, RuleEdit(catalog, ""))
    assert not screen.edit_rule(KEY)
    assert not screen.edit_rule(KEY)
    assert screen.undo_stack.count() == 0
    assert _stored(store) == (None, "")
    assert screen.hint.text() == f"Rule {KEY} was not changed."


def test_a_refused_save_asks_again_with_the_input(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]], qtbot: QtBot
) -> None:
    """The dialog validates first; should a save still be refused, nothing is written and the
    dialog comes back with what the user typed."""
    calls = stub(RuleDialog, RuleEdit('{"required_years": "five"}', "why"), None)
    with qtbot.waitSignal(store.save_failed, timeout=1000) as failed:
        assert not screen.edit_rule(KEY)
    assert failed.args == [f"rule {KEY}: required_years must be a number"]
    assert len(calls) == 2
    again = calls[1][0][1]
    assert again.params_text == '{"required_years": "five"}' and again.user_notes == "why"
    assert _stored(store) == (None, "")
    assert screen.undo_stack.count() == 0
    assert screen.hint.text().startswith("Not saved: rule ")


def test_a_rule_that_vanished_is_explained(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]]
) -> None:
    calls = stub(RuleDialog)
    assert not screen.edit_rule("NOPE/experience/current")
    assert calls == []
    assert "no longer in the catalog" in screen.hint.text()


def test_the_pane_keeps_its_place_after_an_edit(
    screen: CatalogScreen, store: PlannerStore, stub: Callable[..., list[Any]], qtbot: QtBot
) -> None:
    block = screen.detail.rule_blocks["CISSP/maintenance/current"]
    qtbot.wait(10)
    screen.detail.ensureWidgetVisible(block)
    scrolled = screen.detail.verticalScrollBar().value()
    assert scrolled > 0
    params = json.loads(_override(store, block.rule.key).catalog_params)
    params["cpe_required"] = 90
    stub(RuleDialog, RuleEdit(json.dumps(params), ""))
    block.edit_button.click()
    qtbot.waitUntil(lambda: screen.detail.verticalScrollBar().value() == scrolled, timeout=1000)
    edited = screen.detail.rule_blocks["CISSP/maintenance/current"]
    assert edited.header.text().endswith("— edited by you")


# --- the dialog itself ----------------------------------------------------------------------


def _dialog(qtbot: QtBot, store: PlannerStore, override: RuleOverride | None = None) -> RuleDialog:
    override = override or _override(store)

    def validate(text: str) -> str | None:
        return store.read(lambda s: rule_overrides.validate_override(s, override.key, text))

    dialog = RuleDialog(None, override, validate)
    qtbot.addWidget(dialog)
    dialog.show()  # not modal: exec() would wait for a click
    return dialog


def test_invalid_json_keeps_the_dialog_open_with_message_and_text(
    qtbot: QtBot, store: PlannerStore
) -> None:
    dialog = _dialog(qtbot, store)
    assert dialog.params_edit.toPlainText() == dialog.override.catalog_params
    assert dialog.catalog_params.isReadOnly() and not dialog.params_edit.isReadOnly()
    assert dialog.params_edit.font().styleHint() == dialog.catalog_params.font().styleHint()
    assert not dialog.params_error.isVisibleTo(dialog)
    broken = dialog.override.catalog_params.replace('"count": 2,', '"count": 2', 1)
    dialog.params_edit.setPlainText(broken)
    dialog.notes_edit.setPlainText("my note")

    dialog.save_button.click()

    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.result_edit is None
    message = dialog.params_error.text()
    assert message.startswith("not valid JSON (line 4, column 5)")
    assert dialog.params_error.isVisibleTo(dialog)
    assert dialog.params_edit.toPlainText() == broken  # the user's text, as typed
    assert dialog.notes_edit.toPlainText() == "my note"
    cursor = dialog.params_edit.textCursor()
    assert (cursor.blockNumber(), cursor.positionInBlock()) == (3, 4)  # where the problem is

    params = json.loads(dialog.override.catalog_params)
    params["required_years"] = "five"
    dialog.params_edit.setPlainText(json.dumps(params))
    dialog.save_button.click()
    assert dialog.isVisible()
    assert dialog.params_error.text() == f"rule {KEY}: required_years must be a number"

    params["required_years"] = 4
    dialog.params_edit.setPlainText(json.dumps(params))
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_edit == RuleEdit(json.dumps(params), "my note")


def test_revert_button_only_when_the_user_has_a_version(qtbot: QtBot, store: PlannerStore) -> None:
    dialog = _dialog(qtbot, store)
    assert not dialog.revert_button.isEnabled()
    text = _four_years(store)
    store.write(lambda s: rule_overrides.set_override(s, KEY, text, "mine"))
    edited = _dialog(qtbot, store)
    assert edited.revert_button.isEnabled()
    assert json.loads(edited.params_edit.toPlainText())["required_years"] == 4
    assert edited.notes_edit.toPlainText() == "mine"
    assert json.loads(edited.catalog_params.toPlainText())["required_years"] == 5
    assert "You edited this rule" in edited.status.text()
    edited.revert_button.click()
    assert edited.result() == QDialog.DialogCode.Accepted
    assert edited.result_edit == RuleEdit(None, "")


def test_dialog_shows_text_literally(qtbot: QtBot, store: PlannerStore) -> None:
    override = _override(store)
    hostile = RuleOverride(
        key=HOSTILE,
        cert_code=HOSTILE,
        kind="experience",
        catalog_params=override.catalog_params,
        user_params=None,
        catalog_notes=HOSTILE,
        user_notes=HOSTILE,
        sources=(HOSTILE, "https://example.org/a?b=<c>"),
        as_of=override.as_of,
    )
    dialog = RuleDialog(None, hostile, lambda text: HOSTILE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.save_button.click()
    assert dialog.params_error.text() == HOSTILE
    labels = [w for w in dialog.findChildren(QLabel) if w.text()]
    assert any(HOSTILE in w.text() for w in labels)
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in labels), [
        w.text() for w in labels if w.textFormat() != Qt.TextFormat.PlainText
    ]
    assert dialog.sources.toPlainText() == f"{HOSTILE}\nhttps://example.org/a?b=<c>"
    assert dialog.catalog_notes.toPlainText() == HOSTILE
    assert dialog.notes_edit.toPlainText() == HOSTILE
    assert all(isinstance(e, QPlainTextEdit) for e in (dialog.sources, dialog.params_edit))


def test_ask_returns_the_edit_or_none(qtbot: QtBot, store: PlannerStore) -> None:
    override = _override(store)

    def answer(save: bool) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RuleDialog)
        if save:
            dialog.notes_edit.setPlainText("checked")
            dialog.save_button.click()
        else:
            dialog.reject()

    QTimer.singleShot(0, lambda: answer(True))
    assert RuleDialog.ask(None, override, lambda text: None) == RuleEdit(
        override.catalog_params, "checked"
    )
    QTimer.singleShot(0, lambda: answer(False))
    assert RuleDialog.ask(None, override, lambda text: None) is None


@pytest.fixture(params=[None, 13.0], ids=["default-font", "13pt-font"])
def app_font_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[None]:
    """The machine's font, and a larger one: a clean machine's fonts differ from ours."""
    original = QFont(qapp.font())
    if request.param is not None:
        bigger = QFont(original)
        bigger.setPointSizeF(request.param)
        qapp.setFont(bigger)
    yield
    qapp.setFont(original)


@pytest.mark.usefixtures("app_font_size")
def test_dialog_renders_readably(qtbot: QtBot, store: PlannerStore, tmp_path: Any) -> None:
    dialog = _dialog(qtbot, store)
    dialog.resize(dialog.minimumSize())
    dialog.params_edit.setPlainText("{")
    dialog.save_button.click()
    qtbot.wait(20)
    assert dialog.grab().save(str(tmp_path / "rule_dialog.png"))
    # Both versions side by side, tall enough to read, with the error under the editor.
    assert dialog.catalog_params.height() >= 120 and dialog.params_edit.height() >= 120
    assert abs(dialog.catalog_params.width() - dialog.params_edit.width()) <= 16
    assert dialog.params_error.geometry().top() >= dialog.params_edit.geometry().bottom()
    assert dialog.buttons.geometry().bottom() <= dialog.height()
    # The whole message is inside the visible splitter, above the note (not drawn over it).
    error = dialog.params_error
    top_left = error.mapTo(dialog, error.rect().topLeft())
    bottom = error.mapTo(dialog, error.rect().bottomLeft()).y()
    assert error.isVisible() and error.height() >= error.heightForWidth(error.width())
    assert top_left.y() >= dialog.splitter.geometry().top()
    assert bottom <= dialog.splitter.geometry().bottom()
    notes = dialog.notes_edit
    assert bottom < notes.mapTo(dialog, notes.rect().topLeft()).y()
