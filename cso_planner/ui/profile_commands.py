"""Undoable edit of the profile and degrees together, and the menu action that asks for it.

Wiring (Edit → Profile and education…)::

    action.triggered.connect(lambda: edit_profile(window, window.store, window.undo_stack))
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from cso_planner.services import profile
from cso_planner.services.profile import EducationDraft, ProfileDraft
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.dialogs.profile_dialog import ProfileDialog
from cso_planner.ui.store import PlannerStore


class EditProfileCommand(StoreCommand):
    """Write the new profile and degrees; undo puts the old ones back, both in one transaction.

    ``old_profile`` is None when the file had no profile row: undo removes the row again.
    """

    def __init__(
        self,
        store: PlannerStore,
        old_profile: ProfileDraft | None,
        old_education: Sequence[EducationDraft],
        new_profile: ProfileDraft,
        new_education: Sequence[EducationDraft],
    ) -> None:
        super().__init__(store, "Edit profile and education")
        self.old_profile = old_profile
        self.old_education = tuple(old_education)
        self.new_profile = new_profile
        self.new_education = tuple(new_education)

    def apply(self, session: Session) -> None:
        profile.save_profile_and_education(session, self.new_profile, self.new_education)

    def revert(self, session: Session) -> None:
        profile.restore_profile(session, self.old_profile, self.old_education)


def _current(session: Session) -> tuple[ProfileDraft | None, list[EducationDraft]]:
    return profile.current_profile(session), profile.list_education(session)


def edit_profile(parent: QWidget | None, store: PlannerStore, undo_stack: QUndoStack) -> bool:
    """Ask for the profile and degrees and push the edit; True when something was saved.

    If saving fails (the file is busy, say; ``store.save_failed`` reports why) the dialog opens
    again with the input, as the ledger screens do.
    """
    old_profile, old_education = store.read(_current)
    draft = old_profile or ProfileDraft(name="")
    education: Sequence[EducationDraft] = old_education
    while True:
        answer = ProfileDialog.ask(parent, draft, education)
        if answer is None:
            return False
        draft, education = answer
        if draft == old_profile and list(education) == old_education:
            return False
        command = EditProfileCommand(store, old_profile, old_education, draft, education)
        undo_stack.push(command)
        if command.error is None:
            return True
