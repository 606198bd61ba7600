"""Eligibility and renewal engine: when can I sit each exam, and will my CPE cycle hold?

Qt-free and database-free. Feed it :class:`Facts` and the :class:`RuleVersion` list (from the
bundled catalog via :func:`rules_from_catalog`, or from the database via
``cso_planner.services.facts``) and ask for :func:`evaluate_all`, :func:`what_if` or
:func:`renewal_answers`.
"""

from __future__ import annotations

from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.experience import evaluate_all, evaluate_certification
from cso_planner.eligibility.inputs import (
    CpeEntry,
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
)
from cso_planner.eligibility.renewals import RenewalAnswer, renewal_answers
from cso_planner.eligibility.rules import (
    RuleParamsError,
    RuleVersion,
    rule_in_force,
    rules_from_catalog,
)
from cso_planner.eligibility.whatif import Scenario, apply_scenario, earned, what_if

__all__ = [
    "CpeEntry",
    "Degree",
    "EligibilityAnswer",
    "ExperienceSpan",
    "Facts",
    "HeldCert",
    "RenewalAnswer",
    "RuleParamsError",
    "RuleVersion",
    "Scenario",
    "apply_scenario",
    "earned",
    "evaluate_all",
    "evaluate_certification",
    "renewal_answers",
    "rule_in_force",
    "rules_from_catalog",
    "what_if",
]
