"""The dashboard's answer to "where am I on the way to CSO?".

Everything the cards show comes from one :func:`load_dashboard` call so the numbers agree with
each other (its ledger and plan parts may come from the screen's last refresh, when no write
since touched what they read): progress in the active plan, experience against the 10+ years
of security management the CSO role calls for, the next actions, the deadlines of the next 90
days, the eligibility summary, CPE per held certification, this year's budget and the seed's
salary band.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.catalog import load_bundled_catalog
from cso_planner.dates import format_date, format_month
from cso_planner.db.models import HeldCertification, Plan, PlanItem, Profile, Stage
from cso_planner.deadlines import Deadline, plan_item_deadlines
from cso_planner.eligibility.answers import EligibilityAnswer
from cso_planner.eligibility.experience import evaluate_all
from cso_planner.eligibility.inputs import ExperienceSpan
from cso_planner.eligibility.intervals import UNITS_PER_DAY, build_curve, units_to_years
from cso_planner.eligibility.lifecycle import Lifecycle, lifecycles
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.eligibility.renewals import renewal_answers as engine_renewals
from cso_planner.money import USD, Money, format_money_compact
from cso_planner.services import budget as budget_service
from cso_planner.services import profile
from cso_planner.services.claims import claim_summary
from cso_planner.services.facts import CpeFactsCache, load_facts, load_rules
from cso_planner.services.plans import active_plan_id, plan_dependency_graph
from cso_planner.services.renewal_deadlines import all_deadlines

CSO_MANAGEMENT_YEARS = 10.0  # the seed: "ideally 10+ years of security management experience"
DEADLINE_DAYS = 90
NEXT_ACTIONS = 5
# Shown when the person has not listed or planned any certification yet: the seed's ladder.
DEFAULT_FOCUS = ("CISSP", "CISM", "CPP", "CCISO")
# Said to the person: where the bands come from, in their words (not "project seed articles").
SEED_SOURCE = "CSO Planner's built-in salary table by years of experience (US)"


@dataclasses.dataclass(frozen=True)
class Progress:
    plan_name: str | None
    target_role: str
    stage_count: int
    stage_index: int | None  # 0-based index of the stage reached; None without stages
    stage_role: str
    items_done: int
    items_total: int  # skipped items are left out
    security_years: float
    management_years: float
    required_years: float = CSO_MANAGEMENT_YEARS

    @property
    def share_done(self) -> float:
        return self.items_done / self.items_total if self.items_total else 0.0


@dataclasses.dataclass(frozen=True)
class NextAction:
    item_id: int
    title: str
    kind: str
    stage_role: str
    due: dt.date | None
    status: str
    overdue: bool


@dataclasses.dataclass(frozen=True)
class EligibilityLine:
    """One line of the eligibility card; ``status`` speaks the status language."""

    code: str
    eligible: bool
    eligible_on: dt.date | None
    reason: str
    error: str | None
    source: str
    as_of: dt.date
    # A held certification reads its lifecycle ("Held since …", "Expired … — reinstate or
    # re-certify"), never an eligibility; ``held_state`` is the lifecycle state.
    held: str | None = None
    held_state: str | None = None

    @property
    def status(self) -> str:
        if self.held is not None:
            return {"active": "done", "in grace": "in_progress"}.get(
                self.held_state or "", "overdue"
            )
        if self.error or (not self.eligible and self.eligible_on is None):
            return "planned"
        return "done" if self.eligible else "in_progress"

    def text(self) -> str:
        """ "CISSP — eligible since 12 Mar 2024" / "CCISO — from Jun 2029: needs ..."."""
        if self.held is not None:
            return f"{self.code} — {self.held}"
        if self.error:
            return f"{self.code} — the rule cannot be used: {self.error}"
        if self.eligible:
            since = f" since {format_date(self.eligible_on)}" if self.eligible_on else ""
            return f"{self.code} — eligible{since}"
        reason = f": {self.reason}" if self.reason else ""
        if self.eligible_on is not None:
            return f"{self.code} — from {format_month(self.eligible_on)}{reason}"
        return f"{self.code} — not yet{reason}"


@dataclasses.dataclass(frozen=True)
class CpeStatus:
    code: str
    earned: float
    required: float
    cycle_end: dt.date | None
    per_month: float
    status: str  # met | on_track | short | planned (no cycle yet)
    note: str


@dataclasses.dataclass(frozen=True)
class SalaryBand:
    label: str  # "5-9 years"
    figure: str  # "US$120K–US$170K" (the seed's US figures, in US dollars)
    low: int
    high: int | None
    source: str
    as_of: str


@dataclasses.dataclass(frozen=True)
class Dashboard:
    today: dt.date
    progress: Progress
    next_actions: tuple[NextAction, ...]
    deadlines: tuple[Deadline, ...]
    eligibility: tuple[EligibilityLine, ...]
    cpe: tuple[CpeStatus, ...]
    budget: budget_service.BudgetYear
    currency: str
    salary: SalaryBand
    # "12 credits not yet submitted to ISC2", one per issuer (services/claims.py).
    unsubmitted: tuple[str, ...] = ()


def experience_years(spans: Iterable[ExperienceSpan], on: dt.date, *, management: bool) -> float:
    """Full-time-equivalent years up to ``on``; overlapping jobs count once, part time pro rata."""
    curve = build_curve(
        (
            s.start.toordinal(),
            s.end.toordinal() if s.end is not None else None,
            round(min(s.hours_per_week, 40.0) / 40.0 * UNITS_PER_DAY),
        )
        for s in spans
        if s.management or not management
    )
    return units_to_years(curve.at(on.toordinal()))


# (minimum years, label, low, high): the seed's bands by years of experience, in US dollars.
SALARY_BANDS = (
    (20.0, "20+ years", 250_000, None),
    (10.0, "10-19 years", 170_000, 250_000),
    (5.0, "5-9 years", 120_000, 170_000),
    (0.0, "under 5 years (entry)", 80_000, 120_000),
)


def _band_figure(low: int, high: int | None, home: str | None) -> str:
    def short(value: int) -> str:
        return format_money_compact(Money(value, USD), home=home)

    return f"{short(low)}+" if high is None else f"{short(low)}–{short(high)}"


def salary_band(years: float, home: str | None = None) -> SalaryBand:
    """The seed's salary band for ``years`` of experience, with where it comes from.

    The figures are the seed's US dollars, written as such whatever the profile currency.
    """
    label, low, high = next(
        (lab, lo, hi) for minimum, lab, lo, hi in SALARY_BANDS if years >= minimum
    )
    figure = _band_figure(low, high, home)
    catalog = load_bundled_catalog()
    ladder_source, ladder_as_of = "", ""
    for role in sorted(catalog.roles, key=lambda r: -r.order):
        for entry in role.raw.get("salary_data", []):
            if isinstance(entry, dict) and "seed" in str(entry.get("reliability", "")).lower():
                ladder_source = str(entry.get("source", ""))
                ladder_as_of = str(entry.get("as_of", ""))
                break
        if ladder_source:
            break
    # The catalog's ladder names the same seed ("project seed documents", an internal note):
    # only a real source (an address) is worth a second mention.
    seed_ladder = not ladder_source or ladder_source.lower().startswith("project seed")
    source = SEED_SOURCE + ("" if seed_ladder else f"; role ladder: {ladder_source}")
    # The seed table is undated ("seed" in the ladder): say so, next to the catalog version
    # that recorded it.
    if ladder_as_of in ("", "seed"):
        as_of = f"catalog {catalog.version}; the table itself is undated"
    else:
        as_of = f"{ladder_as_of}, catalog {catalog.version}"
    return SalaryBand(label, figure, low, high, source, as_of)


OPEN_STATUSES = frozenset({"planned", "in_progress", "overdue"})


def stage_reached(stage_statuses: Sequence[Sequence[str]]) -> int | None:
    """Where the person is: the first stage with work still open (the last when all is done).

    The dashboard and the PDF cover both say this, so they must agree.
    """
    reached: int | None = None
    for index, statuses in enumerate(stage_statuses):
        reached = index
        if any(status in OPEN_STATUSES for status in statuses):
            break
    return reached


def items_done(statuses: Iterable[str]) -> tuple[int, int]:
    """``(done, counted)`` items of a plan: skipped items are left out of both.

    The dashboard's progress and the PDF cover's "n of m items done" both say this.
    """
    counted = [status for status in statuses if status != "skipped"]
    return sum(1 for status in counted if status == "done"), len(counted)


def _progress(
    session: Session, rows: Sequence[tuple[PlanItem, Stage]], years: tuple[float, float]
) -> Progress:
    plan = session.scalar(select(Plan).where(Plan.active.is_(True)))
    stages = list(plan.stages) if plan is not None else []
    done, total = items_done(item.status for item, _ in rows)
    reached = stage_reached([[item.status for item in stage.items] for stage in stages])
    target = (plan.target_role if plan is not None else "") or ""
    if not target:
        target = profile_target(session)
    return Progress(
        plan_name=plan.name if plan is not None else None,
        target_role=target or "Chief Security Officer",
        stage_count=len(stages),
        stage_index=reached,
        stage_role=stages[reached].role if reached is not None else "",
        items_done=done,
        items_total=total,
        security_years=years[0],
        management_years=years[1],
    )


def profile_target(session: Session) -> str:
    # One column: the dashboard does not depend on the rest of the profile row.
    target = session.scalar(select(Profile.target_role).order_by(Profile.id).limit(1))
    return target or ""


def next_actions(
    rows: Sequence[tuple[PlanItem, Stage]],
    dependencies: dict[int, set[int]],
    today: dt.date,
    limit: int = NEXT_ACTIONS,
) -> list[NextAction]:
    """Open items whose prerequisites are all done or skipped, soonest due first."""
    status = {item.id: item.status for item, _ in rows}
    ready = [
        (item, stage)
        for item, stage in rows
        if item.status in ("planned", "in_progress")
        and all(status.get(dep) in ("done", "skipped") for dep in dependencies.get(item.id, ()))
    ]
    ready.sort(
        key=lambda pair: (
            pair[0].due is None,
            pair[0].due or dt.date.max,
            pair[1].position,
            pair[0].position,
        )
    )
    return [
        NextAction(
            item.id,
            item.title,
            item.kind,
            stage.role,
            item.due,
            item.status,
            item.due is not None and item.due < today,
        )
        for item, stage in ready[:limit]
    ]


def _focus_codes(session: Session, rows: Sequence[tuple[PlanItem, Stage]]) -> list[str]:
    codes = set(session.scalars(select(HeldCertification.cert_code)))
    codes |= {item.ref_code for item, _ in rows if item.ref_code and item.status != "skipped"}
    return sorted(codes) if codes else list(DEFAULT_FOCUS)


def eligibility_lines(
    answers: Iterable[EligibilityAnswer],
    focus: Sequence[str],
    held: Mapping[str, Lifecycle] | None = None,
) -> list[EligibilityLine]:
    """One line per focused certification that has an experience rule, in ``focus`` order; a
    held one reads its lifecycle (``held``) instead of an eligibility."""
    by_code = {a.code: a for a in answers}
    held = held or {}
    lines = []
    for code in focus:
        answer = by_code.get(code)
        if answer is None:
            continue
        life = held.get(code)
        if life is not None:
            lines.append(
                EligibilityLine(
                    code=code,
                    eligible=answer.eligible,
                    eligible_on=answer.eligible_on,
                    reason="",
                    error=None,
                    source=answer.source,
                    as_of=answer.as_of,
                    held=_held_text(life),
                    held_state=life.state,
                )
            )
            continue
        lines.append(
            EligibilityLine(
                code=code,
                eligible=answer.eligible,
                eligible_on=answer.eligible_on,
                reason=answer.missing[0] if answer.missing else "",
                error=answer.error,
                source=answer.source,
                as_of=answer.as_of,
            )
        )
    return lines


def _held_text(life: Lifecycle) -> str:
    """ "Held since …" while active; the lifecycle's sentence once past the expiry."""
    return life.since_text() if life.state in ("active", "no date") else life.headline()


def cpe_status(answer: RenewalAnswer) -> CpeStatus:
    if answer.cycle_end is None:
        state = "planned"
    elif answer.cpe_remaining <= 0:
        state = "met"
    elif answer.shortfall:
        state = "short"
    else:
        state = "on_track"
    note = answer.warnings[0] if answer.warnings else ""
    return CpeStatus(
        code=answer.code,
        earned=answer.cpe_earned,
        required=answer.cpe_required,
        cycle_end=answer.cycle_end,
        per_month=answer.credits_per_month,
        status=state,
        note=note,
    )


def _dependencies(session: Session) -> dict[int, set[int]]:
    plan_id = active_plan_id(session)
    return plan_dependency_graph(session, plan_id) if plan_id is not None else {}


@dataclasses.dataclass(frozen=True)
class LedgerPart:
    """What the dashboard takes from the jobs, degrees, courses and held certifications (no
    CPE log): a screen may keep it while no write touches what it read (issue 13)."""

    years: tuple[float, float]  # security, management
    currency: str
    salary: SalaryBand
    answers: tuple[EligibilityAnswer, ...]


@dataclasses.dataclass(frozen=True)
class PlanPart:
    """What the dashboard takes from the active plan, its items and the budget (no CPE log);
    ``progress`` without the experience years, which come from :class:`LedgerPart`."""

    progress: Progress
    next_actions: tuple[NextAction, ...]
    focus: tuple[str, ...]
    budget: budget_service.BudgetYear
    item_deadlines: tuple[Deadline, ...]  # every open item's, before the 90-day window


def load_ledger_part(session: Session, today: dt.date) -> LedgerPart:
    facts = load_facts(session, cpe=False)
    years = (
        experience_years(facts.experience, today, management=False),
        experience_years(facts.experience, today, management=True),
    )
    currency = profile.currency(session)
    answers = evaluate_all(facts, load_rules(session), today)
    return LedgerPart(years, currency, salary_band(years[0], currency), tuple(answers))


def load_plan_part(session: Session, today: dt.date) -> PlanPart:
    rows = budget_service.plan_rows(session)
    return PlanPart(
        progress=_progress(session, rows, (0.0, 0.0)),
        next_actions=tuple(next_actions(rows, _dependencies(session), today)),
        focus=tuple(_focus_codes(session, rows)),
        # The plan rows read above: the budget does not read them again.
        budget=budget_service.compute_budget(
            session, today, rows=rows, rules=load_rules(session)
        ).year(today.year),
        item_deadlines=tuple(plan_item_deadlines(session)),
    )


def load_dashboard(
    session: Session,
    today: dt.date,
    known: CpeFactsCache | None = None,
    changed: Collection[int] | None = None,
    ledger: LedgerPart | None = None,
    plan: PlanPart | None = None,
) -> Dashboard:
    """Everything the dashboard shows, as of ``today`` (``known``: the screen's CPE facts of
    its last refresh, ``changed`` the activities changed since, see :func:`load_facts`;
    ``ledger`` and ``plan``: the parts as :func:`load_ledger_part` and :func:`load_plan_part`
    gave them on ``today``, when nothing they read has changed since)."""
    ledger = ledger or load_ledger_part(session, today)
    plan = plan or load_plan_part(session, today)
    # The held certifications and the CPE log: what renewals and lifecycles read.
    facts = load_facts(session, known=known, changed=changed, ledger=False)
    rules = load_rules(session)
    renewals = engine_renewals(facts, rules, today)
    deadlines = all_deadlines(
        session, today, days=DEADLINE_DAYS, renewals=renewals, items=plan.item_deadlines
    )
    security, management = ledger.years
    return Dashboard(
        today=today,
        progress=dataclasses.replace(
            plan.progress, security_years=security, management_years=management
        ),
        next_actions=plan.next_actions,
        deadlines=tuple(deadlines),
        eligibility=tuple(
            eligibility_lines(ledger.answers, plan.focus, lifecycles(facts, rules, today))
        ),
        cpe=tuple(cpe_status(a) for a in renewals),
        budget=plan.budget,
        currency=ledger.currency,
        salary=ledger.salary,
        unsubmitted=tuple(claim_summary(session, today, renewals).reminders()),
    )
