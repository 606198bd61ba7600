"""Rule versions and the choice of the one in force on a date.

Rules are data (catalog JSON, possibly corrected locally by the user). A rule version is in
force on day D when ``effective_from <= D <= effective_to``; both bounds are inclusive and
``None`` means open-ended. ``effective_to`` is the *last day* the version applies, so the CISSP
approved list that changed on 2026-04-01 has one version ending 2026-03-31 and one starting
2026-04-01, with no gap and no overlap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cso_planner.catalog import Catalog

RULE_KINDS = ("experience", "maintenance", "waiver_list")


class RuleParamsError(ValueError):
    """A rule's parameters cannot be understood (typically a bad local correction)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"rule {key}: {message}")
        self.key = key


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """One version of one rule, as stored in the catalog or the database."""

    key: str
    cert_code: str
    kind: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    as_of: dt.date
    sources: tuple[str, ...]
    notes: str
    params: Mapping[str, Any]
    user_edited: bool = False
    # Why no issuer page backs the rule ("" when its first source is the issuer's page).
    unverified: str = ""

    def in_force_on(self, day: dt.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to

    @property
    def source(self) -> str:
        """The primary source (the catalog lists the most authoritative first)."""
        return self.sources[0] if self.sources else ""


def rule_in_force(
    rules: Iterable[RuleVersion], cert_code: str, kind: str, day: dt.date
) -> RuleVersion | None:
    """The version of ``cert_code``'s ``kind`` rule in force on ``day``.

    When versions overlap (a user correction added next to a catalog version), the most recent
    ``effective_from`` wins, and a user-edited version beats a catalog one.
    """
    best: RuleVersion | None = None
    for rule in rules:
        if rule.cert_code != cert_code or rule.kind != kind or not rule.in_force_on(day):
            continue
        if best is None or _rank(rule) > _rank(best):
            best = rule
    return best


def _rank(rule: RuleVersion) -> tuple[dt.date, bool, str]:
    return (rule.effective_from or dt.date.min, rule.user_edited, rule.key)


def change_days(
    rules: Iterable[RuleVersion], cert_codes: Sequence[str], kinds: Sequence[str], after: dt.date
) -> list[dt.date]:
    """Days after ``after`` on which some matching rule starts or stops being in force."""
    days: set[dt.date] = set()
    for rule in rules:
        if rule.cert_code not in cert_codes or rule.kind not in kinds:
            continue
        if rule.effective_from is not None and rule.effective_from > after:
            days.add(rule.effective_from)
        end = rule.effective_to
        if end is not None and after <= end < dt.date.max:
            days.add(end + dt.timedelta(days=1))
    return sorted(days)


def rules_from_catalog(catalog: Catalog) -> list[RuleVersion]:
    """The bundled catalog's rules as engine rule versions (no user corrections)."""
    return [
        RuleVersion(
            key=r.key,
            cert_code=r.cert_code,
            kind=r.kind,
            effective_from=r.effective_from,
            effective_to=r.effective_to,
            as_of=r.as_of,
            sources=r.sources,
            notes=r.notes,
            params=r.params,
            unverified=r.unverified,
        )
        for r in catalog.rules
    ]
