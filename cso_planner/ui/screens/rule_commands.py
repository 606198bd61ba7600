"""The undoable "edit a catalog rule locally" command (one transaction each way)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cso_planner.services import rule_overrides
from cso_planner.services.rule_overrides import OverrideState, RuleEdit
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.store import PlannerStore


class SetRuleOverrideCommand(StoreCommand):
    """Save the user's version of rule ``key`` (or revert it); undo restores the previous one.

    The user columns before and after are captured by the transaction that first changes them,
    so undo puts back exactly what was stored (an earlier correction, a note alone, or nothing)
    and redo exactly what was saved.
    """

    def __init__(self, store: PlannerStore, key: str, edit: RuleEdit) -> None:
        verb = "Revert rule" if edit.params_text is None else "Edit rule"
        super().__init__(store, f"{verb} {key}")
        self.key = key
        self.edit = edit
        self._old: OverrideState | None = None
        self._new: OverrideState | None = None

    def apply(self, session: Session) -> None:
        if self._new is None:  # first run: validate and save
            self._old = rule_overrides.set_override(
                session, self.key, self.edit.params_text, self.edit.user_notes
            )
            self._new = rule_overrides.override_state(session, self.key)
        else:  # redo: exactly what the first run stored
            rule_overrides.restore_override(session, self.key, self._new)

    def revert(self, session: Session) -> None:
        assert self._old is not None
        rule_overrides.restore_override(session, self.key, self._old)
