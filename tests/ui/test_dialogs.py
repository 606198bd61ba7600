"""Forms show errors next to the field, stay open, and keep what the user typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox

from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.ui.dialogs.about import about_box
from cso_planner.ui.dialogs.item_dialog import ItemDialog
from cso_planner.ui.dialogs.plan_name import PlanNameDialog
from cso_planner.ui.dialogs.stage_dialog import StageDialog

OK = QDialogButtonBox.StandardButton.Ok


def test_item_dialog_keeps_invalid_input(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ItemDialog(
        None,
        "Add item",
        stages=[(1, "Security Analyst"), (2, "Security Manager")],
        stage_id=2,
        certifications=[("CISSP", "Certified Information Systems Security Professional")],
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title_edit.setText("   ")
    dialog.cost_edit.setText("-5")
    dialog.hours_edit.setText("lots")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.title_error.text() == "Give the item a title."
    assert dialog.cost_error.text() == "The cost cannot be negative."
    assert "as a number" in dialog.hours_error.text()
    assert dialog.cost_edit.text() == "-5" and dialog.hours_edit.text() == "lots"

    dialog.cert_combo.setCurrentIndex(1)  # fills an empty title
    assert dialog.title_edit.text() == "Pass CISSP"
    dialog.cost_edit.setText("749")
    dialog.hours_edit.setText("120")
    dialog.due_edit.set_value(dt.date(2027, 3, 1))
    dialog.notes_edit.setPlainText("<b>voucher</b>")
    with qtbot.waitSignal(dialog.accepted, timeout=1000):
        dialog.buttons.button(OK).click()
    assert not dialog.isVisible()
    result = dialog.result_value()
    assert result.stage_id == 2
    assert result.draft == ItemDraft(
        title="Pass CISSP",
        kind="certification",
        ref_code="CISSP",
        due=dt.date(2027, 3, 1),
        cost=749,
        hours=120,
        notes="<b>voucher</b>",
        depends_on=(),
    )
    assert dialog.title_error.isHidden()


def test_item_dialog_loads_a_draft(qtbot) -> None:  # type: ignore[no-untyped-def]
    draft = ItemDraft("Lead a tabletop", kind="experience", status="in_progress", cost=12.5)
    dialog = ItemDialog(None, "Edit", stages=[(1, "Manager")], stage_id=1, draft=draft)
    qtbot.addWidget(dialog)
    assert not dialog.cert_combo.isEnabled()
    assert dialog.result_value().draft == ItemDraft(
        "Lead a tabletop", kind="experience", status="in_progress", cost=12.5, depends_on=()
    )


def test_stage_dialog_end_before_start(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = StageDialog(None, "Add stage")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.role_edit.setText("Security Manager")
    dialog.start_edit.set_value(dt.date(2028, 1, 1))
    dialog.end_edit.set_value(dt.date(2027, 1, 1))
    dialog.buttons.button(OK).click()
    assert dialog.isVisible()
    assert dialog.end_error.text() == "The end date is before the start date."
    assert dialog.role_edit.text() == "Security Manager"
    dialog.end_edit.set_value(dt.date(2029, 12, 31))
    dialog.buttons.button(OK).click()
    assert not dialog.isVisible()
    assert dialog.draft() == StageDraft(
        "Security Manager", dt.date(2028, 1, 1), dt.date(2029, 12, 31)
    )


def test_plan_name_dialog_refuses_duplicates(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = PlanNameDialog(None, "New plan", ["Main"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("main")
    dialog.buttons.button(OK).click()
    assert dialog.isVisible() and "already exists" in dialog.name_error.text()
    dialog.name_edit.setText("What-if")
    dialog.buttons.button(OK).click()
    assert not dialog.isVisible() and dialog.value() == "What-if"


def test_about_box_is_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = about_box(None)
    qtbot.addWidget(box)
    assert "CSO Planner" in box.text() and "No account, no network" in box.text()
