"""Parts of a screen's load kept until a write touches what they read (issue 13).

The Dashboard shows the CPE log next to the plan, the jobs and the budget; one CPE edit need
not read 20,000 jobs and 5,000 plan items again. Each part is computed in its own read with
its reads recorded (:mod:`cso_planner.db.changes`, the authorizer: nothing is declared by
hand), and kept while every write announced since touched none of them
(:meth:`PlannerStore.untouched_since`); anything else announced (a restore, another
program's change) drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from cso_planner.db.changes import Reads
from cso_planner.ui.store import PlannerStore

T = TypeVar("T")


class PartCache:
    """Named parts, each with the arguments it was computed for, its reads and generation."""

    def __init__(self, store: PlannerStore) -> None:
        self.store = store
        self._parts: dict[str, tuple[Hashable, Reads, int, Any]] = {}

    def get(self, name: str, key: Hashable, compute: Callable[[Session], T]) -> T:
        """The part ``name`` for ``key`` (e.g. the day), computed again only when needed."""
        held = self._parts.get(name)
        if held is not None:
            held_key, reads, generation, value = held
            if held_key == key and self.store.untouched_since(reads, generation):
                result: T = value
                return result
        self._parts.pop(name, None)  # a part that fails to load is not kept either
        reads = Reads()
        with self.store.recording(reads):
            value = self.store.read(compute)
        self._parts[name] = (key, reads, self.store.generation, value)
        return value

    def clear(self) -> None:
        self._parts.clear()
