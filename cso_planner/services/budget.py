"""What the way to CSO costs, per year: exam fees, maintenance and recertification fees,
courses and the costs of plan items; planned against spent, employer-paid kept apart.

Rules of the count (each cost counted once):
* a certification goal of the active plan uses its own cost, else the catalog's exam price;
  a held/planned certification with no plan goal uses the catalog's exam price, in the year of
  its exam (else its target date, else this year); an earned one counts as spent;
* maintenance fees come from the certification's maintenance rule (the user's correction when
  there is one): yearly fees on their due day, per-cycle fees at each cycle end, for every
  earned certification, over the years of the plan;
* courses count their cost (spent once completed); a plan item linked to a course with a cost
  does not count its own cost again;
* "spent" means done / earned / completed, or a fee whose due day has passed.

Money from the catalog is in US dollars; the app shows one currency (the profile's).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Certification, Course, HeldCertification, Plan, PlanItem, Stage
from cso_planner.eligibility.cycles import cycle_on
from cso_planner.eligibility.dates import add_years
from cso_planner.eligibility.params import MaintenanceParams, parse_maintenance
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion, rule_in_force
from cso_planner.services import profile
from cso_planner.services.facts import load_rules

# A mistyped year (1926 for 2026) must not produce a century of annual fees.
MAX_YEARS_BACK = 30
MAX_YEARS_AHEAD = 40

CATEGORIES = {
    "exam": "Exam fee",
    "annual_fee": "Annual fee",
    "recert_fee": "Recertification fee",
    "course": "Course",
    "item": "Plan item",
}


@dataclasses.dataclass(frozen=True)
class BudgetLine:
    """One cost in one year."""

    year: int
    category: str  # a key of CATEGORIES
    label: str
    amount: float
    spent: bool
    employer_paid: bool
    date: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class BudgetYear:
    year: int
    lines: tuple[BudgetLine, ...]

    @property
    def planned(self) -> float:
        """Costs not yet spent (whoever pays)."""
        return sum(line.amount for line in self.lines if not line.spent)

    @property
    def spent(self) -> float:
        return sum(line.amount for line in self.lines if line.spent)

    @property
    def total(self) -> float:
        return self.planned + self.spent

    @property
    def employer_paid(self) -> float:
        return sum(line.amount for line in self.lines if line.employer_paid)

    @property
    def out_of_pocket(self) -> float:
        return self.total - self.employer_paid

    def by_category(self) -> dict[str, float]:
        totals: dict[str, float] = {}
        for line in self.lines:
            totals[line.category] = totals.get(line.category, 0.0) + line.amount
        return totals


@dataclasses.dataclass(frozen=True)
class Budget:
    """The budget over the plan's span (always including this year)."""

    years: tuple[BudgetYear, ...]
    currency: str
    first_year: int
    last_year: int

    def year(self, year: int) -> BudgetYear:
        for entry in self.years:
            if entry.year == year:
                return entry
        return BudgetYear(year, ())

    @property
    def total(self) -> float:
        return sum(y.total for y in self.years)

    @property
    def is_empty(self) -> bool:
        return not any(y.lines for y in self.years)


def exam_price(details_json: str) -> float | None:
    """The catalog's exam price in US dollars, if it gives one."""
    try:
        details: Any = json.loads(details_json or "{}")
    except ValueError:
        return None
    fees = details.get("fees") if isinstance(details, dict) else None
    price = fees.get("exam_price_usd") if isinstance(fees, dict) else None
    if isinstance(price, int | float) and not isinstance(price, bool) and price >= 0:
        return float(price)
    return None


def plan_rows(session: Session) -> list[tuple[PlanItem, Stage]]:
    """Items of the active plan with their stage, in plan order."""
    rows = session.execute(
        select(PlanItem, Stage)
        .join(Stage, PlanItem.stage_id == Stage.id)
        .join(Plan, Stage.plan_id == Plan.id)
        .where(Plan.active.is_(True))
        .order_by(Stage.position, PlanItem.position)
    )
    return [(item, stage) for item, stage in rows]


def _plan_years(rows: Sequence[tuple[PlanItem, Stage]], session: Session) -> list[int]:
    years: list[int] = []
    stages = session.scalars(
        select(Stage).join(Plan, Stage.plan_id == Plan.id).where(Plan.active.is_(True))
    )
    for stage in stages:
        years += [d.year for d in (stage.start, stage.end) if d is not None]
    years += [item.due.year for item, _ in rows if item.due is not None]
    return years


def _item_day(item: PlanItem, stage: Stage) -> dt.date | None:
    return item.due or stage.end or stage.start


def _plan_lines(
    session: Session,
    rows: Sequence[tuple[PlanItem, Stage]],
    prices: dict[str, float],
    today: dt.date,
) -> tuple[list[BudgetLine], set[str]]:
    course_costed = set(
        session.scalars(
            select(Course.plan_item_id).where(Course.plan_item_id.is_not(None), Course.cost > 0)
        )
    )
    lines: list[BudgetLine] = []
    goals: set[str] = set()
    for item, stage in rows:
        if item.status == "skipped":
            continue
        is_goal = item.kind == "certification" and item.ref_code is not None
        if is_goal and item.ref_code is not None:
            goals.add(item.ref_code)
        if item.id in course_costed:
            continue
        amount = item.cost
        if amount is None and is_goal and item.ref_code is not None:
            amount = prices.get(item.ref_code)
        if not amount:
            continue
        day = _item_day(item, stage)
        lines.append(
            BudgetLine(
                year=(day or today).year,
                category="exam" if is_goal else "item",
                label=item.title,
                amount=amount,
                spent=item.status == "done",
                employer_paid=item.employer_paid,
                date=day,
            )
        )
    return lines, goals


def _held_exam_lines(
    held: Sequence[HeldCertification], prices: dict[str, float], goals: set[str], today: dt.date
) -> list[BudgetLine]:
    lines = []
    for row in held:
        price = prices.get(row.cert_code)
        if price is None or row.cert_code in goals:
            continue
        earned = row.status in ("earned", "expired")
        day = (row.exam_date or row.earned_on) if earned else (row.exam_date or row.target_date)
        lines.append(
            BudgetLine(
                year=(day or today).year,
                category="exam",
                label=f"{row.cert_code} exam",
                amount=price,
                spent=earned,
                employer_paid=row.employer_paid,
                date=day,
            )
        )
    return lines


def _course_lines(session: Session, today: dt.date) -> list[BudgetLine]:
    lines = []
    rows = session.execute(
        select(Course, PlanItem.due).outerjoin(PlanItem, Course.plan_item_id == PlanItem.id)
    )
    for course, due in rows:
        if course.cost <= 0:
            continue
        done = course.completed_on is not None or course.progress >= 100
        day = course.completed_on or due
        lines.append(
            BudgetLine(
                year=(day or today).year,
                category="course",
                label=course.title,
                amount=course.cost,
                spent=done,
                employer_paid=course.employer_paid,
                date=day,
            )
        )
    return lines


def _fee_days(params: MaintenanceParams, earned: dt.date, first: int, last: int) -> list[dt.date]:
    """Due days of the maintenance fee between 1 Jan ``first`` and 31 Dec ``last``."""
    fee = params.fee
    if fee is None:
        return []
    start, end = dt.date(first, 1, 1), dt.date(last, 12, 31)
    days: list[dt.date] = []
    if fee.period == "year":
        for year in range(max(first, earned.year), last + 1):
            if fee.due == "january_1":
                day = dt.date(year, 1, 1)
            else:
                day = add_years(earned, year - earned.year)
            if day > earned:
                days.append(day)
        return days
    probe = earned
    while probe <= end:
        cycle = cycle_on(params, earned, probe)
        if cycle.end >= start and cycle.end <= end:
            days.append(cycle.end)
        probe = cycle.end + dt.timedelta(days=1)
    return days


def _fee_lines(
    held: Sequence[HeldCertification],
    rules: Sequence[RuleVersion],
    first: int,
    last: int,
    today: dt.date,
) -> list[BudgetLine]:
    lines = []
    for row in held:
        if row.status != "earned" or row.earned_on is None:
            continue
        rule = rule_in_force(rules, row.cert_code, "maintenance", today)
        if rule is None:
            continue
        try:
            params = parse_maintenance(rule)
        except RuleParamsError:
            continue
        if params.fee is None or not params.fee.amount_usd:
            continue
        yearly = params.fee.period == "year"
        for day in _fee_days(params, row.earned_on, first, last):
            lines.append(
                BudgetLine(
                    year=day.year,
                    category="annual_fee" if yearly else "recert_fee",
                    label=f"{row.cert_code} {'annual' if yearly else 'recertification'} fee",
                    amount=params.fee.amount_usd,
                    spent=day <= today,
                    employer_paid=row.employer_paid,
                    date=day,
                )
            )
    return lines


def _group(lines: Iterable[BudgetLine], first: int, last: int) -> tuple[BudgetYear, ...]:
    by_year: dict[int, list[BudgetLine]] = {year: [] for year in range(first, last + 1)}
    for line in lines:
        if first <= line.year <= last:
            by_year[line.year].append(line)
    return tuple(
        BudgetYear(
            year,
            tuple(sorted(items, key=lambda x: (x.date or dt.date(year, 12, 31), x.label))),
        )
        for year, items in sorted(by_year.items())
    )


def compute_budget(session: Session, today: dt.date) -> Budget:
    """The budget per year from the plan's first to its last year (this year always in)."""
    prices = {
        code: price
        for code, details in session.execute(select(Certification.code, Certification.details_json))
        if (price := exam_price(details)) is not None
    }
    rows = plan_rows(session)
    held = list(session.scalars(select(HeldCertification).order_by(HeldCertification.cert_code)))
    plan_lines, goals = _plan_lines(session, rows, prices, today)
    dated = [
        *plan_lines,
        *_held_exam_lines(held, prices, goals, today),
        *_course_lines(session, today),
    ]
    years = [today.year, *_plan_years(rows, session), *(line.year for line in dated)]
    first = max(min(years), today.year - MAX_YEARS_BACK)
    last = min(max(years), today.year + MAX_YEARS_AHEAD)
    fees = _fee_lines(held, load_rules(session), first, last, today)
    return Budget(_group([*dated, *fees], first, last), profile.currency(session), first, last)
