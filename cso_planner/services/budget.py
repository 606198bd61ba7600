"""What the way to CSO costs, per year: exam fees, maintenance and recertification fees,
courses and the costs of plan items. This is the ONE budget: the Budget screen, the Dashboard
card, the roadmap PDF and the CLI all read :func:`compute_budget`.

Rules of the count (each cost counted once):
* a certification goal of the plan uses its own cost, else the catalog's exam price;
  a held/planned certification with no plan goal uses the catalog's exam price, in the year of
  its exam (else its target date, else this year);
* maintenance fees come from the certification's maintenance rule (the user's correction when
  there is one): yearly fees on their due day, per-cycle fees at each cycle end, for every
  held certification, up to the date its lifecycle allows
  (:meth:`~cso_planner.eligibility.lifecycle.Lifecycle.fees_until`: nothing after the expiry of
  a lapsed credential); issuers that charge one fee per member (``fee.one_per_member_of``,
  ISC2's AMF) get one line a year (:func:`~cso_planner.eligibility.member_fee.member_fee`);
* courses count their cost; a plan item linked to a course with a cost does not count its own
  cost again.

Money: catalog figures are in US dollars, the person's own amounts (item and course costs) in
the profile currency; a line keeps its currency and totals keep one part per currency.

States: a catalog figure is *estimated* until the person confirms or edits it (a
:class:`~cso_planner.db.models.FeeRecord`); the person's own figures are *planned* until the
thing happened (item done, course completed, certification earned, fee day reached), then
*spent*. An estimate is never spent, and nothing is spent after today: an item done before its
due date is booked today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.dates import format_date
from cso_planner.db.models import (
    FEE_KEY_PATTERN,
    Certification,
    Course,
    FeeRecord,
    HeldCertification,
    Plan,
    PlanItem,
    Stage,
)
from cso_planner.eligibility.cycles import cycle_on
from cso_planner.eligibility.dates import add_years
from cso_planner.eligibility.lifecycle import lifecycle_of, maintenance_params
from cso_planner.eligibility.member_fee import Due, member_fee
from cso_planner.eligibility.params import MaintenanceParams
from cso_planner.eligibility.rules import RuleVersion
from cso_planner.money import USD, Money, Total, format_money
from cso_planner.services import profile
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.facts import held_cert, load_rules

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
STATES = {"spent": "Spent", "planned": "Planned", "estimated": "Estimated"}
_KEY = re.compile(FEE_KEY_PATTERN)


@dataclasses.dataclass(frozen=True)
class BudgetLine:
    """One cost in one year.

    ``state``: "estimated" (a catalog figure the person has not confirmed), "planned" (the
    person's figure, not happened yet) or "spent" (the person's figure, happened by today).
    ``key`` names a catalog fee the person can confirm or edit (see :func:`set_fee`).
    """

    year: int
    category: str  # a key of CATEGORIES
    label: str
    amount: Money
    state: str  # a key of STATES
    employer_paid: bool
    date: dt.date | None = None
    key: str | None = None
    estimate: Money | None = None  # the catalog's figure, for a fee the person confirmed
    note: str = ""

    @property
    def spent(self) -> bool:
        return self.state == "spent"

    @property
    def estimated(self) -> bool:
        return self.state == "estimated"


def _sum(lines: Iterable[BudgetLine]) -> Total:
    return Total.of(line.amount for line in lines)


class _Sums:
    """The totals of a set of budget lines (a year's, or the whole budget's)."""

    lines: tuple[BudgetLine, ...]

    @property
    def spent(self) -> Total:
        return _sum(li for li in self.lines if li.state == "spent")

    @property
    def planned(self) -> Total:
        """The person's own figures not spent yet."""
        return _sum(li for li in self.lines if li.state == "planned")

    @property
    def estimated(self) -> Total:
        """Catalog figures the person has not confirmed yet."""
        return _sum(li for li in self.lines if li.state == "estimated")

    @property
    def to_come(self) -> Total:
        """Everything not spent: planned and estimated."""
        return _sum(li for li in self.lines if li.state != "spent")

    @property
    def total(self) -> Total:
        return _sum(self.lines)

    @property
    def employer_paid(self) -> Total:
        return _sum(li for li in self.lines if li.employer_paid)

    @property
    def out_of_pocket(self) -> Total:
        return _sum(li for li in self.lines if not li.employer_paid)

    @property
    def mixed(self) -> bool:
        """True when the lines hold amounts in more than one currency."""
        return self.total.mixed


@dataclasses.dataclass(frozen=True)
class BudgetYear(_Sums):
    year: int
    lines: tuple[BudgetLine, ...]

    def by_category(self) -> dict[str, Total]:
        return {
            category: _sum(li for li in self.lines if li.category == category)
            for category in dict.fromkeys(li.category for li in self.lines)
        }


@dataclasses.dataclass(frozen=True)
class Budget(_Sums):
    """The budget over the plan's span (always including this year)."""

    years: tuple[BudgetYear, ...]
    currency: str  # the profile currency (the person's own amounts are in it)
    first_year: int
    last_year: int

    def year(self, year: int) -> BudgetYear:
        for entry in self.years:
            if entry.year == year:
                return entry
        return BudgetYear(year, ())

    lines: tuple[BudgetLine, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(li for y in self.years for li in y.lines))

    @property
    def is_empty(self) -> bool:
        return not self.lines


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


def plan_rows(session: Session, plan_id: int | None = None) -> list[tuple[PlanItem, Stage]]:
    """Items of the plan (default: the active one) with their stage, in plan order."""
    query = select(PlanItem, Stage).join(Stage, PlanItem.stage_id == Stage.id)
    if plan_id is None:
        query = query.join(Plan, Stage.plan_id == Plan.id).where(Plan.active.is_(True))
    else:
        query = query.where(Stage.plan_id == plan_id)
    rows = session.execute(query.order_by(Stage.position, PlanItem.position))
    return [(item, stage) for item, stage in rows]


def _plan_years(
    session: Session, plan_id: int | None, rows: Sequence[tuple[PlanItem, Stage]]
) -> list[int]:
    query = select(Stage.start, Stage.end)
    if plan_id is None:
        query = query.join(Plan, Stage.plan_id == Plan.id).where(Plan.active.is_(True))
    else:
        query = query.where(Stage.plan_id == plan_id)
    years = [d.year for pair in session.execute(query) for d in pair if d is not None]
    years += [item.due.year for item, _ in rows if item.due is not None]
    return years


def _item_day(item: PlanItem, stage: Stage) -> dt.date | None:
    return item.due or stage.end or stage.start


@dataclasses.dataclass(frozen=True)
class _Context:
    today: dt.date
    home: str
    prices: dict[str, float]
    records: dict[str, FeeRecord]


def _own(
    ctx: _Context,
    *,
    year_day: dt.date | None,
    happened: bool,
    category: str,
    label: str,
    amount: float,
    employer_paid: bool,
) -> BudgetLine:
    """A cost the person entered (profile currency): spent once it happened, never later
    than today."""
    day = min(year_day or ctx.today, ctx.today) if happened else year_day
    note = ""
    if happened and year_day is not None and year_day > ctx.today:
        note = f"done before its date ({format_date(year_day)}): booked today"
    return BudgetLine(
        year=(day or ctx.today).year,
        category=category,
        label=label,
        amount=Money(amount, ctx.home),
        state="spent" if happened else "planned",
        employer_paid=employer_paid,
        date=day,
        note=note,
    )


def _catalog(
    ctx: _Context,
    *,
    key: str,
    day: dt.date | None,
    happened: bool,
    category: str,
    label: str,
    estimate: float,
    employer_paid: bool,
    note: str,
    currency: str = USD,
) -> BudgetLine:
    """A catalog figure: estimated until the person confirmed or edited it (a FeeRecord).

    ``currency``: the figure's (catalog fees are in US dollars; an own certification's fee is
    in the currency the person entered)."""
    record = ctx.records.get(key)
    catalog = Money(estimate, currency)
    if record is None:
        return BudgetLine(
            year=(day or ctx.today).year,
            category=category,
            label=label,
            amount=catalog,
            state="estimated",
            employer_paid=employer_paid,
            date=day,
            key=key,
            estimate=catalog,
            note=note,
        )
    booked = min(day or ctx.today, ctx.today) if happened else day
    return BudgetLine(
        year=(booked or ctx.today).year,
        category=category,
        label=label,
        amount=Money(record.amount, record.currency),
        state="spent" if happened else "planned",
        employer_paid=employer_paid,
        date=booked,
        key=key,
        estimate=catalog,
        note="confirmed by you",
    )


def exam_key(code: str) -> str:
    return f"exam:{code}"


def fee_key(payer: str, year: int) -> str:
    return f"fee:{payer}:{year:04d}"


def _plan_lines(
    session: Session, ctx: _Context, rows: Sequence[tuple[PlanItem, Stage]]
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
        code = item.ref_code if item.kind == "certification" else None
        if code is not None:
            goals.add(code)
        if item.id in course_costed:
            continue
        day = _item_day(item, stage)
        done = item.status == "done"
        category = "exam" if code is not None else "item"
        if item.cost is not None:
            if item.cost:
                lines.append(
                    _own(
                        ctx,
                        year_day=day,
                        happened=done,
                        category=category,
                        label=item.title,
                        amount=item.cost,
                        employer_paid=item.employer_paid,
                    )
                )
            continue
        price = ctx.prices.get(code) if code is not None else None
        if code is None or price is None:
            continue
        lines.append(
            _catalog(
                ctx,
                key=exam_key(code),
                day=day,
                happened=done,
                category="exam",
                label=item.title,
                estimate=price,
                employer_paid=item.employer_paid,
                note="catalog exam price: confirm or enter what you pay",
            )
        )
    return lines, goals


def _held_exam_lines(
    ctx: _Context, held: Sequence[HeldCertification], goals: set[str]
) -> list[BudgetLine]:
    lines = []
    for row in held:
        price = ctx.prices.get(row.cert_code)
        if price is None or row.cert_code in goals:
            continue
        earned = row.status in ("earned", "expired")
        day = (row.exam_date or row.earned_on) if earned else (row.exam_date or row.target_date)
        lines.append(
            _catalog(
                ctx,
                key=exam_key(row.cert_code),
                day=day,
                happened=earned,
                category="exam",
                label=f"{row.cert_code} exam",
                estimate=price,
                employer_paid=row.employer_paid,
                note="today's catalog exam price: enter what you paid"
                if earned
                else "catalog exam price: confirm or enter what you pay",
            )
        )
    return lines


def _course_lines(session: Session, ctx: _Context) -> list[BudgetLine]:
    lines = []
    rows = session.execute(
        select(Course, PlanItem.due).outerjoin(PlanItem, Course.plan_item_id == PlanItem.id)
    )
    for course, due in rows:
        if course.cost <= 0:
            continue
        lines.append(
            _own(
                ctx,
                year_day=course.completed_on or due,
                happened=course.completed_on is not None or course.progress >= 100,
                category="course",
                label=course.title,
                amount=course.cost,
                employer_paid=course.employer_paid,
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


@dataclasses.dataclass(frozen=True)
class _Due:
    day: dt.date
    amount: float
    code: str
    yearly: bool
    employer_paid: bool
    currency: str = USD


def _fee_lines(
    ctx: _Context,
    held: Sequence[HeldCertification],
    rules: Sequence[RuleVersion],
    first: int,
    last: int,
) -> list[BudgetLine]:
    # Fees by payer and year: a credential's own fee, or one per member of an issuer.
    dues: dict[tuple[str, int], list[_Due]] = {}
    shared: set[str] = set()
    for row in held:
        # A credential marked expired books nothing (when it lapsed is not known).
        if row.status != "earned" or row.earned_on is None:
            continue
        params = maintenance_params(rules, row.cert_code, ctx.today)
        life = lifecycle_of(held_cert(row), params, ctx.today)
        if params is None or life is None:
            continue
        until = life.fees_until()
        fee = params.fee
        if fee is None or not fee.amount_usd:
            continue
        payer = fee.one_per_member_of or row.cert_code
        if fee.one_per_member_of:
            shared.add(payer)
        for day in _fee_days(params, row.earned_on, first, last):
            # No fee after the expiry (the lifecycle's rule): renewing is recorded by the person.
            if until is not None and day > until:
                continue
            due = _Due(
                day,
                fee.amount_usd,
                row.cert_code,
                fee.period == "year",
                row.employer_paid,
                fee.currency,
            )
            dues.setdefault((payer, day.year), []).append(due)
    lines = []
    for (payer, year), found in sorted(dues.items()):
        if payer in shared:
            # One fee a year for the member: the highest of the credentials' fees, on the
            # earliest due day of the year.
            one = member_fee([Due(d.day, d.amount, d.code) for d in found])
            kept = next(d for d in found if d.amount == one.amount)
            day = one.day
            codes = ", ".join(one.codes)
            label = f"{payer} annual maintenance fee ({codes})"
            note = f"one fee a year per {payer} member, whatever the number of credentials"
        else:
            kept = found[0]
            day = kept.day
            label = f"{payer} {'annual' if kept.yearly else 'recertification'} fee"
            note = "catalog fee: confirm or enter what you pay"
        lines.append(
            _catalog(
                ctx,
                key=fee_key(payer, year),
                day=day,
                happened=day <= ctx.today,
                category="annual_fee" if kept.yearly else "recert_fee",
                label=label,
                estimate=kept.amount,
                employer_paid=kept.employer_paid,
                note=note,
                currency=kept.currency,
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


def compute_budget(
    session: Session,
    today: dt.date,
    plan_id: int | None = None,
    *,
    rows: Sequence[tuple[PlanItem, Stage]] | None = None,
    rules: list[RuleVersion] | None = None,
) -> Budget:
    """The budget per year from the plan's first to its last year (this year always in).

    ``plan_id`` chooses the plan whose items count (default: the active plan). ``rows`` (that
    plan's :func:`plan_rows`) and ``rules`` (``load_rules``) when the caller has read them
    already, so the Dashboard reads them once.
    """
    prices = {
        code: price
        for code, details in session.execute(select(Certification.code, Certification.details_json))
        if (price := exam_price(details)) is not None
    }
    records = {r.key: r for r in session.scalars(select(FeeRecord))}
    ctx = _Context(today, profile.currency(session), prices, records)
    if rows is None:
        rows = plan_rows(session, plan_id)
    held = list(session.scalars(select(HeldCertification).order_by(HeldCertification.cert_code)))
    plan_lines, goals = _plan_lines(session, ctx, rows)
    dated = [*plan_lines, *_held_exam_lines(ctx, held, goals), *_course_lines(session, ctx)]
    years = [today.year, *_plan_years(session, plan_id, rows), *(line.year for line in dated)]
    first = max(min(years), today.year - MAX_YEARS_BACK)
    last = min(max(years), today.year + MAX_YEARS_AHEAD)
    fees = _fee_lines(ctx, held, rules if rules is not None else load_rules(session), first, last)
    return Budget(_group([*dated, *fees], first, last), ctx.home, first, last)


# --- the one written form of the budget per year (PDF table, CLI table) ----------------------

YEAR_HEADERS = ("Year", "Spent", "Planned", "Estimated", "Total", "Employer-paid")


def year_cells(budget: Budget) -> list[list[str]]:
    """One row of text per year, in :data:`YEAR_HEADERS` order, by the one money formatter."""
    home = budget.currency

    def money(value: Total) -> str:
        return format_money(value, home=home)

    return [
        [
            str(y.year),
            money(y.spent),
            money(y.planned),
            money(y.estimated),
            money(y.total),
            money(y.employer_paid),
        ]
        for y in budget.years
    ]


def _total_json(total: Total) -> dict[str, float]:
    return {part.currency: part.amount for part in total.parts}


def budget_json(budget: Budget) -> dict[str, Any]:
    """The budget as JSON (``cso-planner budget --json``): amounts per currency, never
    converted."""
    return {
        "currency": budget.currency,
        "first_year": budget.first_year,
        "last_year": budget.last_year,
        "years": [
            {
                "year": y.year,
                "spent": _total_json(y.spent),
                "planned": _total_json(y.planned),
                "estimated": _total_json(y.estimated),
                "total": _total_json(y.total),
                "employer_paid": _total_json(y.employer_paid),
                "lines": [
                    {
                        "date": li.date.isoformat() if li.date else None,
                        "category": li.category,
                        "label": li.label,
                        "amount": li.amount.amount,
                        "currency": li.amount.currency,
                        "state": li.state,
                        "employer_paid": li.employer_paid,
                        "key": li.key,
                    }
                    for li in y.lines
                ],
            }
            for y in budget.years
        ],
    }


# --- the person's confirmations ---------------------------------------------------------------

MAX_AMOUNT = limits.MAX_AMOUNT  # the one bound on money lives in cso_planner.limits


def validate_fee(key: str, amount: Money) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not _KEY.fullmatch(key):
        errors["key"] = f"Not a fee of the budget: {key!r}."
    value = amount.amount
    if not isinstance(value, int | float) or not math.isfinite(value):
        errors["amount"] = "Enter an amount such as 135 or 135.50."
    elif value < 0:
        errors["amount"] = "An amount cannot be negative."
    elif value > MAX_AMOUNT:
        errors["amount"] = "That amount is too large for a fee."
    if not re.fullmatch(r"[A-Z]{3}", amount.currency):
        errors["currency"] = "Enter a three-letter currency code such as USD, EUR or GBP."
    return errors


def fee_record(session: Session, key: str) -> Money | None:
    """What the person confirmed for the fee ``key`` (None: still the catalog's estimate)."""
    row = session.scalar(select(FeeRecord).where(FeeRecord.key == key))
    return None if row is None else Money(row.amount, row.currency)


def set_fee(session: Session, key: str, amount: Money | None, today: dt.date) -> Money | None:
    """Confirm (or edit) the fee ``key`` as ``amount``; None forgets the confirmation, so the
    catalog estimate shows again. Returns what was stored before (for undo)."""
    row = session.scalar(select(FeeRecord).where(FeeRecord.key == key))
    before = None if row is None else Money(row.amount, row.currency)
    if amount is None:
        if row is not None:
            session.delete(row)
        session.flush()
        return before
    errors = validate_fee(key, amount)
    if errors:
        raise InvalidDraftError(errors)
    if row is None:
        row = FeeRecord(key=key, amount=0.0, currency=USD, confirmed_on=today)
        session.add(row)
    row.amount = float(amount.amount)
    row.currency = amount.currency
    row.confirmed_on = today
    session.flush()
    return before
