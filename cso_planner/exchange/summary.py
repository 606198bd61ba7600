"""What an import wrote or an export contains, counted from the document, for one-line reports."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any


@dataclasses.dataclass(frozen=True)
class ImportSummary:
    """Counts of each kind of record in a v1 document (also used for exports)."""

    profile: bool = False
    education: int = 0
    experience: int = 0
    certifications: int = 0
    courses: int = 0
    cpe: int = 0
    plans: int = 0
    stages: int = 0
    items: int = 0
    rule_overrides: int = 0
    fees: int = 0

    @classmethod
    def of(cls, document: Mapping[str, Any]) -> ImportSummary:
        plans = document.get("plans", [])
        stages = [stage for plan in plans for stage in plan.get("stages", [])]
        return cls(
            profile="profile" in document,
            education=len(document.get("education", [])),
            experience=len(document.get("experience", [])),
            certifications=len(document.get("certifications", [])),
            courses=len(document.get("courses", [])),
            cpe=len(document.get("cpe", [])),
            plans=len(plans),
            stages=len(stages),
            items=sum(len(stage.get("items", [])) for stage in stages),
            rule_overrides=len(document.get("rule_overrides", [])),
            fees=len(document.get("fees", [])),
        )

    def describe(self) -> str:
        """E.g. ``a profile, 6 jobs, 2 certifications, 1 plan (5 stages, 15 items)``.

        Rule corrections are named only when there are some (``…, 2 rule corrections``).
        """
        parts = ["a profile"] if self.profile else ["no profile"]
        parts += [
            _count(self.experience, "job"),
            _count(self.education, "education entry", "education entries"),
            _count(self.certifications, "certification"),
            _count(self.courses, "course"),
            _count(self.cpe, "CPE activity", "CPE activities"),
            _count(self.plans, "plan")
            + f" ({_count(self.stages, 'stage')}, {_count(self.items, 'item')})",
        ]
        if self.rule_overrides:
            parts.append(_count(self.rule_overrides, "rule correction"))
        if self.fees:
            parts.append(_count(self.fees, "confirmed fee"))
        return ", ".join(parts)


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


ExportSummary = ImportSummary
