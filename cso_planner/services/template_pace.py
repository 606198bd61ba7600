"""Does a drafted plan fit the person's study time? The wizard asks before it writes one.

A template whose stage holds more study hours than its dates allow at the weekly budget (a
five-month stage holding a 900 h master's) would show "Needs 139 wk, has 23" on the Roadmap
the moment it is created; the wizard warns and offers the first later target year that fits,
or the weekly study time at which it does.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

from cso_planner.services.pace import StagePace, stage_pace, weeks_between
from cso_planner.services.plan_template import PlanTemplate, StageTemplate, WizardAnswers


def over_pace(template: PlanTemplate, weekly_hours: float) -> list[tuple[StageTemplate, StagePace]]:
    """The template's stages whose study hours do not fit their dates, with their pace."""
    problems = []
    for stage in template.stages:
        pace = stage_pace(
            stage.start, stage.end, [("planned", i.hours) for i in stage.items], weekly_hours
        )
        if pace.fits is False:
            problems.append((stage, pace))
    return problems


def first_fitting_year(
    answers: WizardAnswers,
    build: Callable[[WizardAnswers], PlanTemplate],
    last_year: int,
) -> int | None:
    """The first target year after ``answers.target_year`` (up to ``last_year``) whose plan fits
    the weekly study budget; None when none does."""
    for year in range(answers.target_year + 1, last_year + 1):
        candidate = dataclasses.replace(answers, target_year=year)
        if not over_pace(build(candidate), answers.weekly_study_hours):
            return year
    return None


def weekly_hours_that_fit(template: PlanTemplate) -> int | None:
    """The whole weekly study hours at which every stage of ``template`` fits its dates (None
    when a stage with study has no length to hold it)."""
    needed = 0.0
    for stage in template.stages:
        hours = sum(i.hours or 0.0 for i in stage.items)
        if hours <= 0:
            continue
        weeks = weeks_between(stage.start, stage.end)
        if weeks <= 0:
            return None
        needed = max(needed, hours / weeks)
    return math.ceil(needed - 1e-9) if needed else 0
