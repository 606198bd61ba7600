"""Undoable edits of held and planned certifications (one transaction each way)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cso_planner.db.models import HeldCertification
from cso_planner.services import certifications as certs
from cso_planner.services import exam_link, stable_ids
from cso_planner.services.certifications import HeldDraft
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.store import PlannerStore


class AddHeldCommand(StoreCommand):
    """Add a certification; undo deletes it, redo brings it back with the same id."""

    def __init__(self, store: PlannerStore, draft: HeldDraft) -> None:
        super().__init__(store, f"Add {draft.cert_code}")
        self.draft = draft
        self.new_id: int | None = None
        self._uuid: str | None = None  # the stable id it keeps across undo and redo
        self._linked: tuple[exam_link.Linked, ...] = ()

    def apply(self, session: Session) -> None:
        self.new_id = certs.add_held(session, self.draft, self.new_id)
        stable_ids.give_back(session, HeldCertification, self.new_id, self._uuid)
        code = self.draft.cert_code
        # Its exam item in the plan follows (status and date: one fact), in the same step.
        self._linked = (
            exam_link.after_cert_status(session, code, downgrade=False),
            exam_link.after_cert_target(session, code, self.draft.target_date),
        )

    def revert(self, session: Session) -> None:
        assert self.new_id is not None
        exam_link.restore_all(session, self._linked)
        self._uuid = stable_ids.take(session, HeldCertification, self.new_id)
        certs.delete_held(session, self.new_id)


class EditHeldCommand(StoreCommand):
    def __init__(self, store: PlannerStore, held_id: int, old: HeldDraft, new: HeldDraft) -> None:
        super().__init__(store, f"Edit {new.cert_code}")
        self.held_id, self.old, self.new = held_id, old, new
        self._linked: tuple[exam_link.Linked, ...] = ()

    def apply(self, session: Session) -> None:
        certs.update_held(session, self.held_id, self.new)
        code = self.new.cert_code
        linked = []
        if self.new.status != self.old.status:
            linked.append(exam_link.after_cert_status(session, code))
        if self.new.target_date != self.old.target_date or code != self.old.cert_code:
            # The target date is the exam item's date (one fact): the item moves with it.
            linked.append(exam_link.after_cert_target(session, code, self.new.target_date))
        self._linked = tuple(linked)

    def revert(self, session: Session) -> None:
        exam_link.restore_all(session, self._linked)
        certs.update_held(session, self.held_id, self.old)


class DeleteHeldCommand(StoreCommand):
    def __init__(self, store: PlannerStore, held_id: int, code: str) -> None:
        super().__init__(store, f"Delete {code}")
        self.held_id = held_id
        self._draft: HeldDraft | None = None
        self._uuid: str | None = None

    def apply(self, session: Session) -> None:
        self._uuid = stable_ids.take(session, HeldCertification, self.held_id)
        self._draft = certs.delete_held(session, self.held_id)

    def revert(self, session: Session) -> None:
        assert self._draft is not None
        certs.add_held(session, self._draft, self.held_id)
        stable_ids.give_back(session, HeldCertification, self.held_id, self._uuid)
