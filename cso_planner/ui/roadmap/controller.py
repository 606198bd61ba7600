"""What the roadmap's menu items and buttons do: ask with a dialog, then push an undo command.

Dialogs are reached through their ``ask`` classmethods (tests replace them). If saving fails
(the database is busy, say), the form opens again with what the user typed.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.roadmap_view import (
    ItemRow,
    RoadmapData,
    StageRow,
    certification_choices,
)
from cso_planner.ui import commands
from cso_planner.ui.dialogs import confirm as confirm_module
from cso_planner.ui.dialogs.item_dialog import ItemDialog, ItemResult
from cso_planner.ui.dialogs.plan_name import PlanNameDialog
from cso_planner.ui.dialogs.stage_dialog import StageDialog
from cso_planner.ui.store import PlannerStore

if TYPE_CHECKING:
    from cso_planner.ui.roadmap.screen import RoadmapScreen


class RoadmapController(QObject):
    """Plan, stage and item edits for the roadmap screen, each one undoable."""

    def __init__(
        self,
        store: PlannerStore,
        undo_stack: QUndoStack,
        screen: RoadmapScreen,
    ) -> None:
        super().__init__(screen)
        self.store = store
        self.undo_stack = undo_stack
        self.screen = screen

    # --- helpers ---------------------------------------------------------------------------

    @property
    def parent_widget(self) -> QWidget:
        return self.screen.window()

    def _data(self) -> RoadmapData:
        return self.screen.roadmap()

    def push(self, command: commands.StoreCommand) -> bool:
        """Run ``command`` on the undo stack; False if it failed (nothing saved)."""
        self.undo_stack.push(command)
        return command.error is None

    def _plan_names(self) -> list[str]:
        return [p.name for p in self.store.read(plans.list_plans)]

    def _selected_stage_id(self) -> int | None:
        selected = self.screen.selected_row()
        if isinstance(selected, StageRow):
            return selected.id
        if isinstance(selected, ItemRow):
            return selected.stage_id
        stages = self._data().stages
        return stages[-1].id if stages else None

    # --- plans -----------------------------------------------------------------------------

    def new_plan(self) -> None:
        name: str | None = ""
        while True:
            name = PlanNameDialog.ask(
                self.parent_widget, "New plan", self._plan_names(), name or ""
            )
            if name is None or self.push(commands.CreatePlanCommand(self.store, name)):
                return

    def duplicate_plan(self) -> None:
        data = self._data()
        if data.plan_id is None:
            return
        names = self._plan_names()
        suggestion = f"{data.plan_name} (what-if)"
        n = 2
        while suggestion in names:
            suggestion = f"{data.plan_name} (what-if {n})"
            n += 1
        name: str | None = suggestion
        while True:
            name = PlanNameDialog.ask(self.parent_widget, "Duplicate plan", names, name or "")
            if name is None:
                return
            if self.push(commands.CreatePlanCommand(self.store, name, source_id=data.plan_id)):
                return

    def rename_plan(self) -> None:
        data = self._data()
        if data.plan_id is None:
            return
        name: str | None = data.plan_name
        while True:
            name = PlanNameDialog.ask(
                self.parent_widget, "Rename plan", self._plan_names(), name or "", data.plan_name
            )
            if name is None or name == data.plan_name:
                return
            command = commands.RenamePlanCommand(self.store, data.plan_id, data.plan_name, name)
            if self.push(command):
                return

    def delete_plan(self) -> None:
        data = self._data()
        if data.plan_id is None:
            return
        items = sum(len(s.items) for s in data.stages)
        text = (
            f"Delete the plan “{data.plan_name}” with its {len(data.stages)} stages and "
            f"{items} items?\n\nYou can undo this with Edit ▸ Undo."
        )
        if confirm_module.confirm(self.parent_widget, "Delete plan", text, "Delete plan"):
            self.push(commands.DeletePlanCommand(self.store, data.plan_id, data.plan_name))

    def switch_plan(self, plan_id: int, name: str) -> None:
        if plan_id != self._data().plan_id:
            self.push(commands.SwitchPlanCommand(self.store, plan_id, name))

    # --- stages ----------------------------------------------------------------------------

    def add_stage(self) -> None:
        data = self._data()
        if data.plan_id is None:
            self.new_plan()
            data = self._data()
            if data.plan_id is None:
                return
        last = data.stages[-1] if data.stages else None
        start = (last.end + dt.timedelta(days=1)) if last and last.end else None
        draft: StageDraft | None = StageDraft(role="", start=start)
        while True:
            draft = StageDialog.ask(self.parent_widget, "Add stage", draft)
            if draft is None:
                return
            if self.push(commands.AddStageCommand(self.store, data.plan_id, draft)):
                self.screen.select("stage", self._last_created())
                return

    def _last_created(self) -> int | None:
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        return getattr(command, "new_id", None)

    def edit_stage(self, stage: StageRow) -> None:
        old = StageDraft(stage.role, stage.start, stage.end)
        draft: StageDraft | None = old
        while True:
            draft = StageDialog.ask(self.parent_widget, "Edit stage", draft)
            if draft is None or draft == old:
                return
            if self.push(commands.EditStageCommand(self.store, stage.id, old, draft)):
                return

    # --- items -----------------------------------------------------------------------------

    def _item_dialog_args(self, item_id: int | None, stage_id: int) -> dict[str, object]:
        data = self._data()
        plan_id = data.plan_id
        assert plan_id is not None
        stages = [(s.id, s.role) for s in data.stages]
        candidates = [
            (i.id, f"{i.title}  ·  {s.role}")
            for s in data.stages
            for i in s.items
            if i.id != item_id
        ]

        def check(depends_on: tuple[int, ...]) -> str | None:
            return self.store.read(
                lambda s: plans.check_dependencies(s, plan_id, item_id, depends_on)
            )

        return {
            "stages": stages,
            "stage_id": stage_id,
            "certifications": self.store.read(certification_choices),
            "candidates": candidates,
            "check_dependencies": check,
        }

    def add_item(self) -> None:
        stage_id = self._selected_stage_id()
        if stage_id is None:
            self.add_stage()
            stage_id = self._selected_stage_id()
            if stage_id is None:
                return
        draft: ItemDraft | None = None
        while True:
            result = ItemDialog.ask(
                self.parent_widget,
                "Add item",
                draft=draft,
                **self._item_dialog_args(None, stage_id),
            )
            if result is None:
                return
            command = commands.AddItemCommand(self.store, result.stage_id, result.draft)
            if self.push(command):
                self.screen.select("item", command.new_id)
                return
            draft, stage_id = result.draft, result.stage_id

    def edit_item(self, item: ItemRow) -> None:
        old = self.store.read(lambda s: plans.item_draft(s, item.id))
        draft, stage_id = old, item.stage_id
        while True:
            result: ItemResult | None = ItemDialog.ask(
                self.parent_widget,
                "Edit item",
                draft=draft,
                **self._item_dialog_args(item.id, stage_id),
            )
            if result is None or (result.draft == old and result.stage_id == item.stage_id):
                return
            command = commands.EditItemCommand(
                self.store, item.id, old, result.draft, result.stage_id
            )
            if self.push(command):
                self.screen.select("item", item.id)
                return
            draft, stage_id = result.draft, result.stage_id

    def set_status(self, item: ItemRow, status: str) -> None:
        if item.status != status:
            self.push(commands.SetItemStatusCommand(self.store, item.id, status, item.title))

    # --- selection-driven actions ----------------------------------------------------------

    def edit_selected(self) -> None:
        selected = self.screen.selected_row()
        if isinstance(selected, StageRow):
            self.edit_stage(selected)
        elif isinstance(selected, ItemRow):
            self.edit_item(selected)

    def delete_selected(self) -> None:
        selected = self.screen.selected_row()
        if isinstance(selected, StageRow):
            count = len(selected.items)
            items = f" and its {count} item{'s' if count != 1 else ''}" if count else ""
            if self.push(commands.DeleteStageCommand(self.store, selected.id, selected.role)):
                self.screen.undoable_done.emit(f"Deleted the stage “{selected.role}”{items}.")
        elif isinstance(selected, ItemRow) and self.push(
            commands.DeleteItemCommand(self.store, selected.id, selected.title)
        ):
            self.screen.undoable_done.emit(f"Deleted “{selected.title}”.")

    def move_selected(self, step: int) -> None:
        """Move the selection up (-1) or down (+1); an item at the edge of its stage moves into
        the neighbouring stage."""
        selected = self.screen.selected_row()
        data = self._data()
        if isinstance(selected, StageRow):
            target = selected.position + step
            if 0 <= target < len(data.stages):
                self.push(commands.MoveStageCommand(self.store, selected.id, target, selected.role))
                self.screen.select("stage", selected.id)
        elif isinstance(selected, ItemRow):
            stage = data.stage(selected.stage_id)
            assert stage is not None
            target = selected.position + step
            stage_index = data.stages.index(stage)
            if 0 <= target < len(stage.items):
                move = (stage.id, target)
            elif step < 0 and stage_index > 0:
                move = (data.stages[stage_index - 1].id, len(data.stages[stage_index - 1].items))
            elif step > 0 and stage_index + 1 < len(data.stages):
                move = (data.stages[stage_index + 1].id, 0)
            else:
                return
            self.push(commands.MoveItemCommand(self.store, selected.id, *move, selected.title))
            self.screen.select("item", selected.id)
