"""Everything the roadmap PDF prints, gathered from the database and the engines (Qt-free).

The PDF renderer only lays this out; every number here comes from the same services the screens
use, so the printed roadmap never disagrees with the window.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner.dates import format_date, format_span
from cso_planner.db.models import (
    Certification,
    Course,
    HeldCertification,
    Plan,
    PlanItem,
    Profile,
    Stage,
)
from cso_planner.deadlines import exam_dates, target_of
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.lifecycle import Lifecycle
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.services import profile as profile_service
from cso_planner.services.budget import Budget, compute_budget
from cso_planner.services.dashboard import items_done, stage_reached
from cso_planner.services.facts import all_answers, lifecycles
from cso_planner.timeline_data import TimelineData, build_timeline_data


class ReportError(ValueError):
    """The report cannot be made (e.g. no such plan); the message says why."""


@dataclasses.dataclass(frozen=True)
class ReportItem:
    title: str
    kind: str
    status: str  # planned | in_progress | done | skipped | overdue (derived)
    due: dt.date | None
    cost: float | None
    hours: float | None
    notes: str


@dataclasses.dataclass(frozen=True)
class ReportStage:
    role: str
    start: dt.date | None
    end: dt.date | None
    items: list[ReportItem]
    study_hours: float


@dataclasses.dataclass(frozen=True)
class HeldRow:
    code: str
    name: str
    credential_id: str
    earned_on: dt.date | None
    expires_on: dt.date | None
    cpe_text: str
    next_fee_usd: float | None  # in ``next_fee_currency``
    next_fee_date: dt.date | None
    short: bool
    # The lifecycle (one function): "Held since …", the expiry labelled when estimated, the
    # state and, once past the expiry, what to do; the credential carrying a shared fee.
    since_text: str = ""
    expiry_text: str = ""
    state: str = "active"
    headline: str = ""
    fee_covered_by: str | None = None
    next_fee_currency: str = "USD"


@dataclasses.dataclass(frozen=True)
class PlannedRow:
    code: str
    name: str
    status: str
    eligible: bool
    eligible_on: dt.date | None
    has_rule: bool
    missing_text: str
    source: str
    as_of: dt.date | None
    unverified: str = ""  # why no issuer page backs the rule ("" when one does)


@dataclasses.dataclass(frozen=True)
class CpeCycleRow:
    code: str
    cycle_text: str
    earned: float
    required: float
    per_month: float
    short: bool


@dataclasses.dataclass(frozen=True)
class ResourceRow:
    title: str
    provider: str
    progress: float
    hours: float
    url: str


@dataclasses.dataclass(frozen=True)
class ReportData:
    person_name: str
    target_role: str
    target_date: dt.date | None
    plan_id: int | None
    plan_name: str
    generated_on: dt.date
    summary: str
    stages: list[ReportStage]
    held: list[HeldRow]
    planned: list[PlannedRow]
    cpe: list[CpeCycleRow]
    budget: Budget  # the one budget (services/budget.py) of the printed plan
    resources: list[ResourceRow]
    currency: str = "USD"  # the profile currency: the person's own amounts are in it
    # The plan as the Timeline screen shows it (None without a plan): the PDF's Gantt pages.
    timeline: TimelineData | None = None
    # Rules the report relies on that no issuer page backs: (certification, why).
    unverified: list[tuple[str, str]] = dataclasses.field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(len(stage.items) for stage in self.stages)


def _item_status(item: PlanItem, today: dt.date) -> str:
    if item.status in ("planned", "in_progress") and item.due is not None and item.due < today:
        return "overdue"
    return item.status


def _choose_plan(session: Session, plan_name: str | None) -> Plan | None:
    query = select(Plan).options(selectinload(Plan.stages).selectinload(Stage.items))
    if plan_name is not None:
        plan = session.scalars(query.where(Plan.name == plan_name)).one_or_none()
        if plan is None:
            names = ", ".join(session.scalars(select(Plan.name).order_by(Plan.name))) or "none"
            raise ReportError(f"no plan named {plan_name!r} (plans: {names})")
        return plan
    return session.scalars(query.where(Plan.active.is_(True))).one_or_none()


def _summary(
    stages: list[ReportStage],
    experience_years: float | None,
    next_eligibility: EligibilityAnswer | None,
) -> str:
    done, total = items_done(item.status for stage in stages for item in stage.items)
    reached = stage_reached([[item.status for item in stage.items] for stage in stages])
    parts = []
    if reached is not None:
        parts.append(f"Stage reached: {stages[reached].role}.")
    parts.append(f"{done} of {total} roadmap items done.")
    if experience_years is not None:
        parts.append(f"{experience_years:.1f} years of logged security experience.")
    if next_eligibility is not None and next_eligibility.eligible_on is not None:
        parts.append(
            f"Next eligibility: {next_eligibility.code} on "
            f"{format_date(next_eligibility.eligible_on)}."
        )
    elif next_eligibility is not None:
        # No date can be projected from the experience logged so far: say what is missing.
        why = next_eligibility.missing[0] if next_eligibility.missing else "not yet eligible"
        parts.append(f"Next eligibility: {next_eligibility.code}, {why.rstrip('.')}.")
    return " ".join(parts)


def gather_report(session: Session, *, today: dt.date, plan_name: str | None = None) -> ReportData:
    """Collect the report for ``plan_name`` (default: the active plan) as of ``today``."""
    profile = session.scalars(select(Profile)).first()
    plan = _choose_plan(session, plan_name)
    stages: list[ReportStage] = []
    if plan is not None:
        for stage in plan.stages:
            items = [
                ReportItem(
                    title=item.title,
                    kind=item.kind,
                    status=_item_status(item, today),
                    due=item.due,
                    cost=item.cost,
                    hours=item.hours,
                    notes=item.notes,
                )
                for item in stage.items
            ]
            hours = sum(item.hours or 0.0 for item in stage.items)
            stages.append(ReportStage(stage.role, stage.start, stage.end, items, hours))

    names = {
        code: name for code, name in session.execute(select(Certification.code, Certification.name))
    }
    held_rows = list(
        session.scalars(select(HeldCertification).order_by(HeldCertification.cert_code))
    )
    eligibility, renewal_list = all_answers(session, today)
    answers = {a.code: a for a in eligibility}
    renewals = {r.code: r for r in renewal_list}

    held, planned = _certification_rows(
        held_rows, names, answers, renewals, lifecycles(session, today)
    )
    cpe = [_cpe_row(r) for r in renewals.values() if r.cycle_end is not None]
    # Certifications the person is going for (planned ones and the plan's certification goals),
    # each with the date they aim for: an undated answer is ordered by that intent.
    aimed: dict[str, dt.date] = {}
    exams = exam_dates(session)
    for h in held_rows:
        if h.status != "earned":
            aimed[h.cert_code] = h.exam_date or target_of(h, exams) or dt.date.max
    if plan is not None:
        for code, due in session.execute(
            select(PlanItem.ref_code, PlanItem.due)
            .join(Stage, PlanItem.stage_id == Stage.id)
            .where(Stage.plan_id == plan.id, PlanItem.ref_code.is_not(None))
        ):
            if code:
                aimed[code] = min(aimed.get(code, dt.date.max), due or dt.date.max)
    for h in held_rows:
        if h.status == "earned":
            aimed.pop(h.cert_code, None)
    upcoming = sorted(
        (a for a in answers.values() if not a.eligible and a.code in aimed),
        key=lambda a: (a.eligible_on or dt.date.max, aimed[a.code], a.code),
    )
    experience = max((a.qualifying_years for a in answers.values()), default=None)
    return ReportData(
        person_name=profile.name if profile else "",
        target_role=(plan.target_role if plan and plan.target_role else None)
        or (profile.target_role if profile else "")
        or "Chief Security Officer",
        target_date=profile.target_date if profile else None,
        plan_id=plan.id if plan else None,
        plan_name=plan.name if plan else "",
        generated_on=today,
        summary=_summary(stages, experience, upcoming[0] if upcoming else None),
        stages=stages,
        held=held,
        planned=planned,
        cpe=cpe,
        budget=compute_budget(session, today, plan.id if plan is not None else None),
        resources=_resources(session),
        currency=profile_service.currency(session),
        timeline=build_timeline_data(session, plan.id, today) if plan is not None else None,
        unverified=_unverified(held_rows, answers, renewals),
    )


def _certification_rows(
    held_rows: list[HeldCertification],
    names: dict[str, str],
    answers: dict[str, EligibilityAnswer],
    renewals: dict[str, RenewalAnswer],
    lives: dict[str, Lifecycle] | None = None,
) -> tuple[list[HeldRow], list[PlannedRow]]:
    held: list[HeldRow] = []
    planned: list[PlannedRow] = []
    lives = lives or {}
    for row in held_rows:
        name = names.get(row.cert_code, row.cert_code)
        life = lives.get(row.cert_code)
        if row.status == "earned" or (row.status == "expired" and life is not None):
            renewal = renewals.get(row.cert_code)
            cpe_text = ""
            short = False
            if renewal is not None and renewal.cycle_end is not None:
                cpe_text = f"{renewal.cpe_earned:g} of {renewal.cpe_required:g}"
                short = renewal.shortfall
            held.append(
                HeldRow(
                    row.cert_code,
                    name,
                    row.credential_id or "",
                    row.earned_on,
                    row.expires_on,
                    cpe_text,
                    renewal.next_fee_usd if renewal else None,
                    renewal.next_fee_date if renewal else None,
                    short,
                    since_text=life.since_text() if life else "",
                    expiry_text=life.expiry_text() if life else "",
                    state=life.state if life else "active",
                    headline=life.headline() if life else "",
                    fee_covered_by=renewal.fee_covered_by if renewal else None,
                    next_fee_currency=renewal.next_fee_currency if renewal else "USD",
                )
            )
        elif row.status != "expired":
            answer = answers.get(row.cert_code)
            if answer is None:
                planned.append(
                    PlannedRow(row.cert_code, name, row.status, True, None, False, "", "", None)
                )
                continue
            planned.append(
                PlannedRow(
                    code=row.cert_code,
                    name=name,
                    status=row.status,
                    eligible=answer.eligible,
                    eligible_on=answer.eligible_on,
                    has_rule=True,
                    missing_text="; ".join(answer.missing),
                    source=answer.source,
                    as_of=answer.as_of,
                    unverified=answer.unverified,
                )
            )
    return held, planned


def _unverified(
    held_rows: list[HeldCertification],
    answers: dict[str, EligibilityAnswer],
    renewals: dict[str, RenewalAnswer],
) -> list[tuple[str, str]]:
    """The unverified rules behind the report's answers: renewals of what is earned,
    eligibility of what is planned."""
    found: dict[str, str] = {}
    for row in held_rows:
        answer: EligibilityAnswer | RenewalAnswer | None = (
            renewals.get(row.cert_code) if row.status == "earned" else answers.get(row.cert_code)
        )
        if row.status != "expired" and answer is not None and answer.unverified:
            kind = "renewal" if row.status == "earned" else "eligibility"
            found[f"{row.cert_code} {kind}"] = answer.unverified
    return sorted(found.items())


def _cpe_row(renewal: RenewalAnswer) -> CpeCycleRow:
    assert renewal.cycle_end is not None
    return CpeCycleRow(
        code=renewal.code,
        cycle_text=format_span(renewal.cycle_start, renewal.cycle_end),
        earned=renewal.cpe_earned,
        required=renewal.cpe_required,
        per_month=renewal.credits_per_month,
        short=renewal.shortfall,
    )


def _resources(session: Session) -> list[ResourceRow]:
    courses = session.scalars(select(Course).order_by(Course.completed_on, Course.title))
    return [ResourceRow(c.title, c.provider, c.progress, c.hours, c.url or "") for c in courses]
