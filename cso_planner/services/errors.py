"""Domain errors raised by the planning services; ``str(error)`` is one readable sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class PlanningError(Exception):
    """A request the plan data cannot honour; shown to the user as it is."""


class NotFoundError(PlanningError):
    """The plan, stage or item no longer exists (deleted elsewhere or by an undo)."""


class DuplicateNameError(PlanningError):
    """Another plan already has this name."""


class InvalidDraftError(PlanningError):
    """A draft failed validation; ``errors`` maps field name to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class DependencyCycleError(PlanningError):
    """Adding a dependency would make items wait on each other forever.

    ``cycle`` lists item titles in "needs" order, first and last the same.
    """

    def __init__(self, cycle: Sequence[str]) -> None:
        self.cycle = list(cycle)
        chain = " → ".join(f"“{title}”" for title in self.cycle)
        super().__init__(
            f"That dependency would make a cycle: {chain} (each needs the next), "
            "so none of them could ever start."
        )
