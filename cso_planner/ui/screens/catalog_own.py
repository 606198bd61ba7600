"""The undoable command behind Catalog → New certification… (one transaction each way)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from cso_planner.services import own_certifications
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.store import PlannerStore


class AddOwnCertificationCommand(StoreCommand):
    """Add the person's own certification; undo removes it (refused, with the reason, once
    they hold or plan it)."""

    def __init__(self, store: PlannerStore, draft: own_certifications.OwnCertification) -> None:
        super().__init__(store, f"New certification {draft.code.strip()}")
        self.draft = draft

    def apply(self, session: Session) -> None:
        own_certifications.add_own_certification(session, self.draft, dt.date.today())

    def revert(self, session: Session) -> None:
        own_certifications.remove_own_certification(session, self.draft.code.strip())
