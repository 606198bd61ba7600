"""Renewal forecast for held certifications: will the CPE cycle hold?

For each earned certification (and a CISSP passed but not yet endorsed): the current cycle,
the CPE claimed for it in the cycle (one activity may be claimed for several certifications),
per-category minimums and caps (ISC2 Group A, ASIS caps), ISC2's Group A rollover from the
previous cycle (see :mod:`cso_planner.eligibility.credits`), the ISACA-style annual minimum, the
credits per month still needed, a shortfall warning, the next fee and the endorsement deadline.

Lapse: the cycle comes from :func:`cso_planner.eligibility.lifecycle.lifecycle_of` (the one
lifecycle): renewing is never assumed, so a credential past its expiry (recorded or estimated)
gets no new cycle and no fee; its answer shows the cycle that ended and its shortfall, led by
what to do ("Expired … — reinstate or re-certify"). Fees that an issuer charges once per member
(ISC2's AMF) are shown once, on the answer of the credential that carries them (the rule of
:func:`cso_planner.eligibility.member_fee.member_fee`, the budget's too).

Shortfall: more credits are needed and, at the pace kept so far in the cycle, they will not be
reached by the cycle end (judged once the cycle is six months old or within six months of its
end, so that a fresh cycle does not raise a false alarm), or an annual minimum of a past year
was missed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from cso_planner.eligibility.credits import rollover_from, tally
from cso_planner.eligibility.cycles import Cycle
from cso_planner.eligibility.dates import DAYS_PER_MONTH, add_months, add_years, next_anniversary
from cso_planner.eligibility.inputs import CpeEntry, Facts, HeldCert
from cso_planner.eligibility.lifecycle import ACTIVE, Lifecycle, lifecycle_of
from cso_planner.eligibility.member_fee import Due, member_fee
from cso_planner.eligibility.params import MaintenanceParams, parse_maintenance
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion, rule_in_force

JUDGE_AFTER_DAYS = 182


@dataclass(frozen=True, slots=True)
class RenewalAnswer:
    code: str
    status: str
    source: str
    as_of: dt.date
    cycle_start: dt.date | None = None
    cycle_end: dt.date | None = None
    cycle_basis: str = ""
    cpe_earned: float = 0.0
    cpe_required: float = 0.0
    cpe_remaining: float = 0.0
    # Credits counted in this cycle that were rolled over from the previous one (included in
    # ``cpe_earned``), and credits of this cycle that will count toward the next one.
    cpe_rolled_over: float = 0.0
    cpe_rolling_over: float = 0.0
    category_earned: Mapping[str, float] = field(default_factory=dict)
    category_minimums: Mapping[str, float] = field(default_factory=dict)
    category_caps: Mapping[str, float] = field(default_factory=dict)
    annual_minimum: float | None = None
    annual_earned: float | None = None
    credits_per_month: float = 0.0
    shortfall: bool = False
    warnings: tuple[str, ...] = ()
    next_fee_date: dt.date | None = None
    next_fee_usd: float | None = None  # the amount, in ``next_fee_currency``
    fee_period: str | None = None
    next_fee_currency: str = "USD"
    endorsement_deadline: dt.date | None = None
    # The lifecycle (one function): state, certification date, expiry, grace, one sentence.
    state: str = ACTIVE
    held_since: dt.date | None = None
    expires_on: dt.date | None = None
    expiry_estimated: bool = False
    grace_ends: dt.date | None = None
    headline: str = ""
    # One fee per member (ISC2): the answer carrying it lists the credentials it covers, the
    # others name the carrier.
    fee_covers: tuple[str, ...] = ()
    fee_covered_by: str | None = None
    sources: tuple[str, ...] = ()
    rule_key: str = ""
    user_edited: bool = False
    unverified: str = ""  # why no issuer page backs the rule used ("" when one does)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "code": self.code,
            "status": self.status,
            "cycle_start": iso(self.cycle_start),
            "cycle_end": iso(self.cycle_end),
            "cycle_basis": self.cycle_basis,
            "cpe_earned": round(self.cpe_earned, 2),
            "cpe_required": self.cpe_required,
            "cpe_remaining": round(self.cpe_remaining, 2),
            "cpe_rolled_over": round(self.cpe_rolled_over, 2),
            "cpe_rolling_over": round(self.cpe_rolling_over, 2),
            "category_earned": {k: round(v, 2) for k, v in self.category_earned.items()},
            "category_minimums": dict(self.category_minimums),
            "category_caps": dict(self.category_caps),
            "annual_minimum": self.annual_minimum,
            "annual_earned": self.annual_earned,
            "credits_per_month": round(self.credits_per_month, 2),
            "shortfall": self.shortfall,
            "warnings": list(self.warnings),
            "next_fee_date": iso(self.next_fee_date),
            "next_fee_usd": self.next_fee_usd,
            "fee_period": self.fee_period,
            "next_fee_currency": self.next_fee_currency,
            "endorsement_deadline": iso(self.endorsement_deadline),
            "state": self.state,
            "held_since": iso(self.held_since),
            "expires_on": iso(self.expires_on),
            "expiry_estimated": self.expiry_estimated,
            "grace_ends": iso(self.grace_ends),
            "headline": self.headline,
            "fee_covers": list(self.fee_covers),
            "fee_covered_by": self.fee_covered_by,
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "sources": list(self.sources),
            "rule_key": self.rule_key,
            "user_edited": self.user_edited,
            "unverified": self.unverified,
            "error": self.error,
        }


def endorsement_pending(cert: HeldCert, on: dt.date) -> bool:
    """Passed the exam, not yet endorsed (nor certified)."""
    return (
        cert.exam_date is not None
        and cert.exam_date <= on
        and cert.endorsed_on is None
        and cert.earned_on is None
        and cert.status != "expired"
    )


def renewal_answers(facts: Facts, rules: Sequence[RuleVersion], on: dt.date) -> list[RenewalAnswer]:
    """One answer per held certification (earned, or marked expired with its certification
    date) and per pending endorsement, sorted by code."""
    answers = []
    member_fees: dict[str, list[Due]] = {}
    for cert in sorted(facts.certifications, key=lambda c: c.code):
        rule = rule_in_force(rules, cert.code, "maintenance", on)
        if rule is None:
            continue
        try:
            params = parse_maintenance(rule)
        except RuleParamsError as exc:
            answers.append(_broken(cert.code, rule, str(exc)))
            continue
        pending = params.endorsement_months is not None and endorsement_pending(cert, on)
        held = cert.status == "earned" or (cert.status == "expired" and cert.earned_on)
        if not held and not pending:
            continue
        answer = _answer(cert, rule, params, facts.cpe, on, pending)
        fee = params.fee
        if fee and fee.one_per_member_of and answer.next_fee_date and answer.next_fee_usd:
            due = Due(answer.next_fee_date, answer.next_fee_usd, cert.code)
            member_fees.setdefault(fee.one_per_member_of, []).append(due)
        answers.append(answer)
    return [_one_fee_per_member(a, member_fees) for a in answers]


def _one_fee_per_member(
    answer: RenewalAnswer, member_fees: Mapping[str, list[Due]]
) -> RenewalAnswer:
    """The member's one fee on the answer of the credential carrying it; none on the others."""
    for dues in member_fees.values():
        codes = {d.code for d in dues}
        if answer.code not in codes or len(codes) < 2:
            continue
        fee = member_fee(dues)
        if fee.code == answer.code:
            return replace(
                answer,
                next_fee_date=fee.day,
                next_fee_usd=fee.amount,
                fee_covers=fee.codes,
            )
        return replace(answer, next_fee_date=None, next_fee_usd=None, fee_covered_by=fee.code)
    return answer


def _answer(
    cert: HeldCert,
    rule: RuleVersion,
    p: MaintenanceParams,
    cpe: Sequence[CpeEntry],
    on: dt.date,
    pending: bool,
) -> RenewalAnswer:
    warnings: list[str] = []
    deadline = None
    if p.endorsement_months is not None and cert.exam_date and endorsement_pending(cert, on):
        deadline = add_months(cert.exam_date, p.endorsement_months)
        left = (deadline - on).days
        if left >= 0:
            warnings.append(f"endorse {cert.code} by {deadline.isoformat()} ({left} days left)")
        else:
            warnings.append(f"the {cert.code} endorsement deadline {deadline.isoformat()} passed")
    base = RenewalAnswer(
        code=cert.code,
        status="earned",
        source=rule.source,
        as_of=rule.as_of,
        sources=rule.sources,
        rule_key=rule.key,
        user_edited=rule.user_edited,
        unverified=rule.unverified,
        cpe_required=p.cpe_required,
        category_minimums=dict(p.category_min),
        category_caps=dict(p.category_max),
        annual_minimum=p.annual_minimum,
        endorsement_deadline=deadline,
        fee_period=p.fee.period if p.fee else None,
        next_fee_currency=p.fee.currency if p.fee else "USD",
    )
    if pending or cert.earned_on is None:
        if not pending:
            warnings.append(f"add the date you earned {cert.code} to see its cycle")
        return replace(
            base,
            status="endorsement pending" if pending else "no date",
            cpe_remaining=p.cpe_required,
            warnings=tuple(warnings),
        )
    earned = cert.earned_on
    life = lifecycle_of(cert, p, on)
    assert life is not None and life.cycle is not None
    cycle = life.cycle
    base = replace(
        base,
        status="earned" if life.state == ACTIVE else life.state,
        state=life.state,
        held_since=life.held_since,
        expires_on=life.expires_on,
        expiry_estimated=life.expiry_estimated,
        grace_ends=life.grace_ends,
        headline=life.headline(),
    )
    if life.state != ACTIVE:
        return _ended(base, p, life, cycle, cpe, on)
    mine = [a for a in cpe if cert.code in a.applies_to and a.date <= on]
    in_cycle = [a for a in mine if cycle.start <= a.date <= cycle.end]
    rolled_in = 0.0
    if cycle.start > earned:
        previous_start = max(earned, add_years(cycle.start, -p.cycle_years))
        rolled_in = rollover_from(p, previous_start, cycle.start - dt.timedelta(days=1), mine)
    cycle_tally = tally(p, in_cycle, rolled_in)
    by_category, counted = cycle_tally.logged, cycle_tally.counted
    earned_total = cycle_tally.total
    remaining = max(0.0, p.cpe_required - earned_total)
    for category, minimum in p.category_min.items():
        gap = minimum - by_category.get(category, 0.0)
        if gap > 0:
            remaining = max(remaining, gap)
            warnings.append(f"needs {gap:g} more {_category_name(category)} CPE")
    for category, cap in p.category_max.items():
        if by_category.get(category, 0.0) > cap:
            warnings.append(
                f"only {cap:g} {_category_name(category)} CPE count per cycle "
                f"({by_category[category]:g} logged)"
            )
    days_left = max(1, (cycle.end - on).days + 1)
    per_month = remaining / (days_left / DAYS_PER_MONTH)
    shortfall = False
    annual_earned = None
    if p.annual_minimum is not None:
        annual_earned, annual_per_month, missed = _annual(p.annual_minimum, mine, cycle, on)
        per_month = max(per_month, annual_per_month)
        for year, got in missed:
            warnings.append(f"only {got:g} CPE in {year}; {p.annual_minimum:g} are required a year")
            shortfall = True
    elapsed = (on - cycle.start).days + 1
    pace = earned_total / (max(1, elapsed) / DAYS_PER_MONTH)
    if remaining > 0:
        warnings.append(
            f"needs {remaining:g} more CPE by {cycle.end.isoformat()} ({per_month:.1f} a month)"
        )
        judged = elapsed >= JUDGE_AFTER_DAYS or days_left <= JUDGE_AFTER_DAYS
        if judged and pace < per_month:
            shortfall = True
            warnings.append(f"at your pace so far ({pace:.1f} a month) the cycle will end short")
    # Rollover notes come last: the first sentence is the one a summary shows.
    rolled_name = _category_name(p.rollover.category) if p.rollover else ""
    if rolled_in:
        ended = cycle.start - dt.timedelta(days=1)
        warnings.append(
            f"includes {rolled_in:g} {rolled_name} CPE rolled over from the cycle that ended "
            f"{ended.isoformat()}"
        )
    rolling_out = rollover_from(p, cycle.start, cycle.end, mine)
    if rolling_out:
        warnings.append(
            f"{rolling_out:g} {rolled_name} CPE beyond this cycle's requirement will count "
            "toward the next cycle"
        )
    fee_date, fee_amount = _next_fee(p, earned, cycle, on)
    until = life.fees_until()
    if fee_date is not None and until is not None and fee_date > until:
        # No fee after the expiry: renewing is recorded by the person (a new expiry).
        fee_date, fee_amount = None, None
    return replace(
        base,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        cycle_basis=cycle.basis,
        cpe_earned=earned_total,
        cpe_remaining=remaining,
        category_earned=counted,
        cpe_rolled_over=rolled_in,
        cpe_rolling_over=rolling_out,
        annual_earned=annual_earned,
        credits_per_month=per_month,
        shortfall=shortfall,
        warnings=tuple(warnings),
        next_fee_date=fee_date,
        next_fee_usd=fee_amount,
    )


def _ended(
    base: RenewalAnswer,
    p: MaintenanceParams,
    life: Lifecycle,
    cycle: Cycle,
    cpe: Sequence[CpeEntry],
    on: dt.date,
) -> RenewalAnswer:
    """A credential past its expiry: the cycle that ended and its shortfall; no new cycle, no
    fee, led by what to do now."""
    code = base.code
    mine = [a for a in cpe if code in a.applies_to and a.date <= on]
    in_cycle = [a for a in mine if cycle.start <= a.date <= cycle.end]
    cycle_tally = tally(p, in_cycle, 0.0)
    remaining = max(0.0, p.cpe_required - cycle_tally.total)
    warnings = [life.headline()]
    for category, minimum in p.category_min.items():
        gap = minimum - cycle_tally.logged.get(category, 0.0)
        if gap > 0:
            remaining = max(remaining, gap)
            name = _category_name(category)
            warnings.append(f"the cycle that ended was {gap:g} {name} CPE short")
    if remaining > 0:
        warnings.append(
            f"the cycle {cycle.start.isoformat()} – {cycle.end.isoformat()} ended "
            f"{remaining:g} CPE short"
        )
    return replace(
        base,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        cycle_basis=cycle.basis,
        cpe_earned=cycle_tally.total,
        cpe_remaining=remaining,
        category_earned=cycle_tally.counted,
        shortfall=remaining > 0,
        warnings=tuple(warnings),
    )


def _category_name(category: str) -> str:
    return f"Group {category}" if len(category) == 1 else category


def _annual(
    minimum: float, mine: Sequence[CpeEntry], cycle: Cycle, on: dt.date
) -> tuple[float, float, list[tuple[int, float]]]:
    """This year's credits, the monthly pace still needed this year, and missed past years."""
    per_year: dict[int, float] = {}
    for activity in mine:
        per_year[activity.date.year] = per_year.get(activity.date.year, 0.0) + activity.credits
    missed = [
        (year, per_year.get(year, 0.0))
        for year in range(cycle.start.year, on.year)
        if per_year.get(year, 0.0) < minimum
    ]
    this_year = per_year.get(on.year, 0.0)
    days_left = (dt.date(on.year, 12, 31) - on).days + 1
    need = max(0.0, minimum - this_year) if on >= cycle.start else 0.0
    return this_year, need / (days_left / DAYS_PER_MONTH), missed


def _next_fee(
    p: MaintenanceParams, earned: dt.date, cycle: Cycle, on: dt.date
) -> tuple[dt.date | None, float | None]:
    if p.fee is None:
        return None, None
    if p.fee.due == "anniversary":
        day = next_anniversary(earned, on)
    elif p.fee.due == "january_1":
        day = on if (on.month, on.day) == (1, 1) else dt.date(on.year + 1, 1, 1)
    else:
        day = cycle.end
    return day, p.fee.amount_usd


def _broken(code: str, rule: RuleVersion, error: str) -> RenewalAnswer:
    return RenewalAnswer(
        code=code,
        status="rule error",
        source=rule.source,
        as_of=rule.as_of,
        sources=rule.sources,
        rule_key=rule.key,
        user_edited=rule.user_edited,
        unverified=rule.unverified,
        warnings=(f"the rule {rule.key} cannot be used: {error}",),
        error=error,
    )
