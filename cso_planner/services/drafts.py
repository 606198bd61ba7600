"""What a person typed into an add/edit form, before it touches the database.

Drafts are plain frozen values: the dialogs return them, the validators check them, the
services write them, and undo keeps them to replay an edit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt


@dataclasses.dataclass(frozen=True)
class StageDraft:
    """A role on the ladder with its optional dates."""

    role: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class ItemDraft:
    """A dated step of a stage.

    ``depends_on`` holds the ids of items this one waits for; ``None`` means "leave the
    dependencies as they are" (used by edits that do not show them).
    """

    title: str
    kind: str = "certification"
    ref_code: str | None = None
    due: dt.date | None = None
    status: str = "planned"
    cost: float | None = None
    hours: float | None = None
    employer_paid: bool = False
    notes: str = ""
    depends_on: tuple[int, ...] | None = None
