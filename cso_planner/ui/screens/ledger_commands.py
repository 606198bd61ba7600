"""Undoable add/edit/delete of ledger rows (jobs, CPE activities, courses) and the CSV import.

Each command runs one transaction in ``redo`` and one in ``undo``. A deleted row comes back
under its old id and its old uuid, and an added row is re-added under the id and uuid it first
got, so later commands on the stack still find their rows and calendars and exports still know
them (:mod:`cso_planner.services.stable_ids`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from cso_planner.db.models import CpeActivity
from cso_planner.exports.cpe_csv import CpeRow
from cso_planner.services import cpe, stable_ids
from cso_planner.ui.commands import StoreCommand
from cso_planner.ui.store import PlannerStore

D = TypeVar("D")
AddFn = Callable[[Session, D, int | None], int]
UpdateFn = Callable[[Session, int, D], None]
DeleteFn = Callable[[Session, int], Any]


class AddRowCommand(StoreCommand, Generic[D]):
    """Add a row; undo deletes it; redo brings it back with the same id."""

    def __init__(
        self, store: PlannerStore, text: str, add: AddFn[D], remove: DeleteFn, draft: D
    ) -> None:
        super().__init__(store, text)
        self._add, self._remove, self.draft = add, remove, draft
        self.new_id: int | None = None
        self._model = stable_ids.model_for(remove)
        self._uuid: str | None = None

    def apply(self, session: Session) -> None:
        self.new_id = self._add(session, self.draft, self.new_id)
        stable_ids.give_back(session, self._model, self.new_id, self._uuid)

    def revert(self, session: Session) -> None:
        assert self.new_id is not None
        self._uuid = stable_ids.take(session, self._model, self.new_id)
        self._remove(session, self.new_id)


class EditRowCommand(StoreCommand, Generic[D]):
    def __init__(
        self, store: PlannerStore, text: str, update: UpdateFn[D], row_id: int, old: D, new: D
    ) -> None:
        super().__init__(store, text)
        self._update, self.row_id, self.old, self.new = update, row_id, old, new

    def apply(self, session: Session) -> None:
        self._update(session, self.row_id, self.new)

    def revert(self, session: Session) -> None:
        self._update(session, self.row_id, self.old)


class DeleteRowsCommand(StoreCommand, Generic[D]):
    """Delete one or more rows; undo re-inserts each under its old id."""

    def __init__(
        self,
        store: PlannerStore,
        text: str,
        add: AddFn[D],
        remove: Callable[[Session, int], D],
        row_ids: Sequence[int],
    ) -> None:
        super().__init__(store, text)
        self._add, self._remove, self.row_ids = add, remove, list(row_ids)
        self._drafts: list[D] = []
        self._model = stable_ids.model_for(remove)
        self._uuids: list[str | None] = []

    def apply(self, session: Session) -> None:
        self._uuids = [stable_ids.take(session, self._model, row_id) for row_id in self.row_ids]
        self._drafts = [self._remove(session, row_id) for row_id in self.row_ids]

    def revert(self, session: Session) -> None:
        for row_id, draft, uuid in zip(self.row_ids, self._drafts, self._uuids, strict=True):
            self._add(session, draft, row_id)
            stable_ids.give_back(session, self._model, row_id, uuid)


class ImportCpeCommand(StoreCommand):
    """Add every row of a checked CPE CSV in one transaction; undo removes exactly those."""

    def __init__(self, store: PlannerStore, rows: Sequence[CpeRow], file_name: str) -> None:
        super().__init__(store, f"Import {len(rows)} CPE activities from “{file_name}”")
        self.rows = list(rows)
        self.ids: list[int] | None = None
        self._uuids: list[str | None] = []

    def apply(self, session: Session) -> None:
        self.ids = cpe.import_rows(session, self.rows, self.ids)
        for row_id, uuid in zip(self.ids, self._uuids, strict=False):
            stable_ids.give_back(session, CpeActivity, row_id, uuid)

    def revert(self, session: Session) -> None:
        assert self.ids is not None
        self._uuids = [stable_ids.take(session, CpeActivity, row_id) for row_id in self.ids]
        cpe.delete_activities(session, self.ids)
