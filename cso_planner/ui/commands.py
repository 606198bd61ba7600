"""Undoable edits: every command runs one database transaction in redo() and one in undo().

A command whose transaction fails marks itself obsolete (QUndoStack then drops it) and keeps
the error in ``error`` so the caller can reopen the form with the user's input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from cso_planner.db.errors import StorageError
from cso_planner.services import exam_link, plans, profile, snapshots
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.errors import PlanningError
from cso_planner.ui.store import PlannerStore


class StoreCommand(QUndoCommand):
    """Base: subclasses implement ``apply`` and ``revert`` on a session."""

    def __init__(self, store: PlannerStore, text: str) -> None:
        super().__init__(text)
        self.store = store
        self.error: Exception | None = None

    def apply(self, session: Session) -> None:
        raise NotImplementedError

    def revert(self, session: Session) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._run(self.apply)

    def undo(self) -> None:
        self._run(self.revert)

    def _run(self, work: Callable[[Session], None]) -> None:
        try:
            self.store.write(work)
        except (StorageError, PlanningError) as exc:
            self.error = exc
            self.setObsolete(True)
            self.store.save_failed.emit(str(exc))


class _CreateCommand(StoreCommand):
    """Create a row the first time; on undo snapshot and delete it; on redo restore it."""

    def __init__(self, store: PlannerStore, text: str) -> None:
        super().__init__(store, text)
        self.new_id: int | None = None
        self._snapshot: snapshots.Snapshot | None = None

    def create(self, session: Session) -> int:
        raise NotImplementedError

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        raise NotImplementedError

    def apply(self, session: Session) -> None:
        if self._snapshot is None:
            self.new_id = self.create(session)
        else:
            snapshots.restore(session, self._snapshot)

    def revert(self, session: Session) -> None:
        assert self.new_id is not None
        self._snapshot = self.take(session, self.new_id)


class _DeleteCommand(StoreCommand):
    def __init__(self, store: PlannerStore, text: str, row_id: int) -> None:
        super().__init__(store, text)
        self.row_id = row_id
        self._snapshot: snapshots.Snapshot | None = None

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        raise NotImplementedError

    def apply(self, session: Session) -> None:
        self._snapshot = self.take(session, self.row_id)

    def revert(self, session: Session) -> None:
        assert self._snapshot is not None
        snapshots.restore(session, self._snapshot)


def _take_plan(session: Session, plan_id: int) -> snapshots.Snapshot:
    snap = snapshots.snapshot_plan(session, plan_id)
    plans.delete_plan(session, plan_id)
    return snap


def _take_stage(session: Session, stage_id: int) -> snapshots.Snapshot:
    snap = snapshots.snapshot_stage(session, stage_id)
    plans.delete_stage(session, stage_id)
    return snap


def _take_item(session: Session, item_id: int) -> snapshots.Snapshot:
    snap = snapshots.snapshot_item(session, item_id)
    plans.delete_item(session, item_id)
    return snap


# --- plans ---------------------------------------------------------------------------------


class CreatePlanCommand(_CreateCommand):
    """A new empty plan (or a copy of ``source_id``), made active."""

    def __init__(self, store: PlannerStore, name: str, source_id: int | None = None) -> None:
        verb = "Duplicate plan" if source_id is not None else "New plan"
        super().__init__(store, f"{verb} “{name}”")
        self.name = name
        self.source_id = source_id
        self._previous_active: int | None = None

    def apply(self, session: Session) -> None:
        self._previous_active = plans.active_plan_id(session)
        super().apply(session)
        assert self.new_id is not None
        plans.set_active_plan(session, self.new_id)

    def create(self, session: Session) -> int:
        if self.source_id is not None:
            return plans.duplicate_plan(session, self.source_id, self.name, activate=True)
        return plans.create_plan(session, self.name)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        snap = _take_plan(session, row_id)
        if self._previous_active is not None:
            plans.set_active_plan(session, self._previous_active)
        return snap


class AdoptPlanCommand(CreatePlanCommand):
    """A plan the template wizard has just written in its own transaction: the first redo
    keeps it, undo removes it (the previously active plan comes back), redo restores it."""

    def __init__(
        self, store: PlannerStore, plan_id: int, name: str, previous_active: int | None
    ) -> None:
        super().__init__(store, name)
        self.setText(f"New plan from a template “{name}”")
        self._written: int | None = plan_id
        self._first_active = previous_active

    def apply(self, session: Session) -> None:
        if self._written is not None:
            self.new_id, self._written = self._written, None
            self._previous_active = self._first_active
            return
        super().apply(session)


class RenamePlanCommand(StoreCommand):
    def __init__(self, store: PlannerStore, plan_id: int, old: str, new: str) -> None:
        super().__init__(store, f"Rename plan to “{new}”")
        self.plan_id, self.old, self.new = plan_id, old, new

    def apply(self, session: Session) -> None:
        plans.rename_plan(session, self.plan_id, self.new)

    def revert(self, session: Session) -> None:
        plans.rename_plan(session, self.plan_id, self.old)


class DeletePlanCommand(_DeleteCommand):
    def __init__(self, store: PlannerStore, plan_id: int, name: str) -> None:
        super().__init__(store, f"Delete plan “{name}”", plan_id)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        return _take_plan(session, row_id)


class SwitchPlanCommand(StoreCommand):
    def __init__(self, store: PlannerStore, plan_id: int, name: str) -> None:
        super().__init__(store, f"Switch to plan “{name}”")
        self.plan_id = plan_id
        self._previous: int | None = None

    def apply(self, session: Session) -> None:
        self._previous = plans.active_plan_id(session)
        plans.set_active_plan(session, self.plan_id)

    def revert(self, session: Session) -> None:
        if self._previous is not None:
            plans.set_active_plan(session, self._previous)


# --- stages --------------------------------------------------------------------------------


class AddStageCommand(_CreateCommand):
    def __init__(
        self, store: PlannerStore, plan_id: int, draft: StageDraft, position: int | None = None
    ) -> None:
        super().__init__(store, f"Add stage “{draft.role.strip()}”")
        self.plan_id, self.draft, self.position = plan_id, draft, position

    def create(self, session: Session) -> int:
        return plans.add_stage(session, self.plan_id, self.draft, self.position)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        return _take_stage(session, row_id)


class EditStageCommand(StoreCommand):
    def __init__(
        self, store: PlannerStore, stage_id: int, old: StageDraft, new: StageDraft
    ) -> None:
        super().__init__(store, f"Edit stage “{new.role.strip()}”")
        self.stage_id, self.old, self.new = stage_id, old, new

    def apply(self, session: Session) -> None:
        plans.update_stage(session, self.stage_id, self.new)

    def revert(self, session: Session) -> None:
        plans.update_stage(session, self.stage_id, self.old)


class DeleteStageCommand(_DeleteCommand):
    def __init__(self, store: PlannerStore, stage_id: int, role: str) -> None:
        super().__init__(store, f"Delete stage “{role}”", stage_id)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        return _take_stage(session, row_id)


class MoveStageCommand(StoreCommand):
    def __init__(self, store: PlannerStore, stage_id: int, position: int, role: str) -> None:
        super().__init__(store, f"Move stage “{role}”")
        self.stage_id, self.position = stage_id, position
        self._old = position

    def apply(self, session: Session) -> None:
        self._old = plans.move_stage(session, self.stage_id, self.position)

    def revert(self, session: Session) -> None:
        plans.move_stage(session, self.stage_id, self._old)


# --- items ---------------------------------------------------------------------------------


class AddItemCommand(_CreateCommand):
    def __init__(
        self, store: PlannerStore, stage_id: int, draft: ItemDraft, position: int | None = None
    ) -> None:
        super().__init__(store, f"Add “{draft.title.strip()}”")
        self.stage_id, self.draft, self.position = stage_id, draft, position
        self._linked = exam_link.NOTHING

    def create(self, session: Session) -> int:
        return plans.add_item(session, self.stage_id, self.draft, self.position)

    def apply(self, session: Session) -> None:
        super().apply(session)
        assert self.new_id is not None
        # A new exam item's date is its certification's target (one fact), in this step.
        self._linked = exam_link.after_item_due(session, self.new_id)

    def revert(self, session: Session) -> None:
        exam_link.restore(session, self._linked)
        super().revert(session)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        return _take_item(session, row_id)


class EditItemCommand(StoreCommand):
    """Edit an item's fields and dependencies, and move it to ``stage_id`` if that changed."""

    def __init__(
        self,
        store: PlannerStore,
        item_id: int,
        old: ItemDraft,
        new: ItemDraft,
        stage_id: int | None = None,
    ) -> None:
        super().__init__(store, f"Edit “{new.title.strip()}”")
        self.item_id, self.old, self.new, self.stage_id = item_id, old, new, stage_id
        self._old_location: tuple[int, int] | None = None
        self._linked: tuple[exam_link.Linked, ...] = ()

    def apply(self, session: Session) -> None:
        self._old_location = plans.item_location(session, self.item_id)
        plans.update_item(session, self.item_id, self.new)
        if self.stage_id is not None and self.stage_id != self._old_location[0]:
            plans.move_item(session, self.item_id, self.stage_id, None)
        linked = []
        if self.new.status != self.old.status or self.new.ref_code != self.old.ref_code:
            # The exam item and its certification are one fact: same undo step.
            linked.append(exam_link.after_item_status(session, self.item_id, dt.date.today()))
        if self.new.due != self.old.due or self.new.ref_code != self.old.ref_code:
            # ... and its date is the certification's target: the stored one follows.
            linked.append(exam_link.after_item_due(session, self.item_id))
        self._linked = tuple(linked)

    def revert(self, session: Session) -> None:
        exam_link.restore_all(session, self._linked)
        plans.update_item(session, self.item_id, self.old)
        if self._old_location is not None:
            plans.move_item(session, self.item_id, *self._old_location)


class SetItemStatusCommand(StoreCommand):
    def __init__(self, store: PlannerStore, item_id: int, status: str, title: str) -> None:
        super().__init__(store, f"Mark “{title}” {status.replace('_', ' ')}")
        self.item_id, self.status = item_id, status
        self._old = status
        self._linked = exam_link.NOTHING

    def apply(self, session: Session) -> None:
        self._old = plans.set_item_status(session, self.item_id, self.status)
        # "Pass CISM" done makes CISM earned (one fact), undone in the same step.
        self._linked = exam_link.after_item_status(session, self.item_id, dt.date.today())

    def revert(self, session: Session) -> None:
        exam_link.restore(session, self._linked)
        plans.set_item_status(session, self.item_id, self._old)


class DeleteItemCommand(_DeleteCommand):
    def __init__(self, store: PlannerStore, item_id: int, title: str) -> None:
        super().__init__(store, f"Delete “{title}”", item_id)

    def take(self, session: Session, row_id: int) -> snapshots.Snapshot:
        return _take_item(session, row_id)


class MoveItemCommand(StoreCommand):
    def __init__(
        self, store: PlannerStore, item_id: int, stage_id: int, position: int | None, title: str
    ) -> None:
        super().__init__(store, f"Move “{title}”")
        self.item_id, self.stage_id, self.position = item_id, stage_id, position
        self._old: tuple[int, int] | None = None

    def apply(self, session: Session) -> None:
        self._old = plans.item_location(session, self.item_id)
        plans.move_item(session, self.item_id, self.stage_id, self.position)

    def revert(self, session: Session) -> None:
        assert self._old is not None
        plans.move_item(session, self.item_id, *self._old)


class AddDependencyCommand(StoreCommand):
    def __init__(self, store: PlannerStore, item_id: int, depends_on_id: int) -> None:
        super().__init__(store, "Add dependency")
        self.item_id, self.depends_on_id = item_id, depends_on_id

    def apply(self, session: Session) -> None:
        plans.add_dependency(session, self.item_id, self.depends_on_id)

    def revert(self, session: Session) -> None:
        plans.remove_dependency(session, self.item_id, self.depends_on_id)


# --- profile -------------------------------------------------------------------------------


class SetWeeklyHoursCommand(StoreCommand):
    def __init__(self, store: PlannerStore, hours: float) -> None:
        super().__init__(store, "Change weekly study hours")
        self.hours = hours
        self._old = hours

    def apply(self, session: Session) -> None:
        self._old = profile.set_weekly_study_hours(session, self.hours)

    def revert(self, session: Session) -> None:
        profile.set_weekly_study_hours(session, self._old)
