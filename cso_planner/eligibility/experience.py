"""Eligibility for every certification with an experience rule, as of a day.

For one certification the requirement is a conjunction of monotone conditions (years accrued,
domain breadth, minimum years in some domains, management years, per-domain years), each with
a first day it holds. Waivers lower the years needed from the day they are granted, and rule
versions (the CISSP approved list of 2026-04-01, the CPP rule of 2021) change on known days:
the timeline is cut into epochs with fixed rules and, within an epoch, into waiver steps, and
the earliest day on which every condition holds is found piece by piece. Nothing walks days.

A rule with an experience window (ISACA: the 10 years before the application) is not monotone:
old jobs slide out of it. Its answer comes from :mod:`cso_planner.eligibility.window` instead:
the first day of the current stretch of eligibility, or the first day ahead. A rule's other
routes (CCISO after official training) are answered beside it, each the same rule with some
parameters replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from cso_planner.dates import format_date
from cso_planner.eligibility.answers import (
    EligibilityAnswer,
    RouteAnswer,
    capital,
    domains_sentence,
    more_years,
)
from cso_planner.eligibility.dates import add_years
from cso_planner.eligibility.inputs import CourseTaken, Facts
from cso_planner.eligibility.intervals import (
    AccrualCurve,
    units_to_years,
    years_to_units,
)
from cso_planner.eligibility.ledger import Ledger
from cso_planner.eligibility.params import (
    DomainMinimum,
    ExperienceParams,
    Route,
    WaiverList,
    parse_experience,
    parse_waiver_list,
    route_rule,
)
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion, change_days, rule_in_force
from cso_planner.eligibility.waivers import (
    BEGINNING,
    WaiverStep,
    good_standing,
    step_on,
    unverified_held,
    waiver_steps,
)
from cso_planner.eligibility.window import FOREVER, Interval, WindowedChecks, coverage, covered


@dataclass(frozen=True, slots=True)
class _Epoch:
    rule: RuleVersion
    params: ExperienceParams
    lists: Mapping[str, WaiverList]
    list_rules: tuple[RuleVersion, ...]


class _CertView:
    """The ledger seen through one certification's rule (domains, part-time, paid, window)."""

    def __init__(self, ledger: Ledger, code: str, params: ExperienceParams) -> None:
        self.ledger = ledger
        self.params = params
        self.hours = params.hours
        self.window = params.window.days if params.window is not None else None
        self.by_domain = ledger.by_domain(code, params)
        own = {i for idx in self.by_domain.values() for i in idx}
        self.entries = sorted(own.union(ledger.tagged_for(params.experience_from, params)))
        self.total = ledger.curve(self.entries, self.hours)
        starts = ledger.starts
        self.first_day = {d: min(map(starts.__getitem__, idx)) for d, idx in self.by_domain.items()}
        mgmt = ledger.management
        self.mgmt_by_domain = {
            d: kept for d, idx in self.by_domain.items() if (kept := [i for i in idx if mgmt[i]])
        }
        self.mgmt_first_day = {
            d: min(map(starts.__getitem__, idx)) for d, idx in self.mgmt_by_domain.items()
        }
        self._coverage: dict[bool, dict[str, list[Interval]]] = {}

    def curve_for(
        self, domains: Sequence[str] | frozenset[str], management: bool = False
    ) -> AccrualCurve:
        source = self.mgmt_by_domain if management else self.by_domain
        entries = [i for d in domains for i in source.get(d, ())]
        return self.ledger.curve(entries, self.hours)

    def management_curve(self) -> AccrualCurve:
        return self.curve_for(list(self.mgmt_by_domain), management=True)

    def minimum_curve(self, minimum: DomainMinimum) -> AccrualCurve:
        """Accrual of the entries a domain minimum counts: in its domains of the pool, or
        tagged for one of its certifications."""
        entries = [i for d in minimum.domains for i in self.by_domain.get(d, ())]
        entries.extend(self.ledger.tagged_for(minimum.certifications, self.params))
        return self.ledger.curve(entries, self.hours)

    def amount(self, curve: AccrualCurve, day: int) -> int:
        """Units of ``curve`` counted on ``day``: all of it, or the window's."""
        if self.window is None:
            return curve.at(day)
        return curve.at(day) - curve.at(day - self.window)

    def years(self, curve: AccrualCurve, day: int) -> float:
        return units_to_years(self.amount(curve, day))

    def coverage(self, management: bool = False) -> dict[str, list[Interval]]:
        """Per domain, the days on which its (management) entries lie in the window."""
        key = management
        if key not in self._coverage:
            starts, ends = self.ledger.starts, self.ledger.ends
            source = self.mgmt_by_domain if management else self.by_domain
            self._coverage[key] = {
                d: coverage(starts, ends, idx, self.window) for d, idx in source.items()
            }
        return self._coverage[key]

    def covered_on(self, day: int, management: bool = False) -> list[str]:
        """Domains of the pool with (management) experience counted on ``day``."""
        if self.window is None:
            first = self.mgmt_first_day if management else self.first_day
            return [d for d, start in first.items() if start <= day]
        return covered(self.coverage(management), day)

    def checks(self, steps: Sequence[WaiverStep]) -> WindowedChecks:
        assert self.window is not None
        p = self.params
        return WindowedChecks(
            self.window,
            p,
            steps,
            self.total,
            self.management_curve(),
            {m.id: self.minimum_curve(m) for m in p.domain_minimums},
            self.coverage(),
            self.coverage(management=True),
        )


def _kth_day(first_days: Mapping[str, int], k: int, one_of: Sequence[str] = ()) -> int | None:
    """First day on which ``k`` domains are covered (and one of ``one_of``, if given)."""
    if k <= 0 and not one_of:
        return BEGINNING
    days = sorted(first_days.values())
    if len(days) < k:
        return None
    day = days[k - 1] if k > 0 else BEGINNING
    if one_of:
        candidates = [first_days[d] for d in one_of if d in first_days]
        if not candidates:
            return None
        day = max(day, min(candidates))
    return day


def _first_in_steps(
    steps: Sequence[WaiverStep],
    needed: float,
    curve: AccrualCurve,
    waived: Sequence[float],
    also: int | None,
) -> int | None:
    """Earliest day on which ``curve`` reaches ``needed - waived`` (and ``also`` has passed).

    When the waivers cover everything, the other conditions (breadth...) are waived too.
    """
    for k, step in enumerate(steps):
        end = steps[k + 1].from_day - 1 if k + 1 < len(steps) else None
        net = needed - waived[k]
        candidate: int
        if net <= 0:
            candidate = step.from_day
        elif also is None:
            continue
        else:
            reach = curve.first_reaching(years_to_units(net))
            if reach is None:
                continue
            candidate = max(step.from_day, reach, also)
        if end is None or candidate <= end:
            return candidate
    return None


def _earliest(view: _CertView, p: ExperienceParams, steps: Sequence[WaiverStep]) -> int | None:
    """First day every condition of the rule holds, with these (fixed) rule parameters."""
    day = BEGINNING
    if p.management is not None:
        m = p.management
        reach = view.management_curve().first_reaching(years_to_units(m.years))
        breadth = _kth_day(view.mgmt_first_day, m.domains_required)
        if reach is None or breadth is None:
            return None
        day = max(day, reach, breadth)
    if p.per_domain is not None:
        pd = p.per_domain
        dates = []
        for domain in p.domain_pool:
            waived = [s.by_domain.get(domain, 0.0) for s in steps]
            found = _first_in_steps(steps, pd.years, view.curve_for([domain]), waived, BEGINNING)
            if found is not None:
                dates.append(found)
        if len(dates) < pd.domains_required:
            return None
        dates.sort()
        return max(day, dates[pd.domains_required - 1] if pd.domains_required else BEGINNING)
    also: int | None = BEGINNING
    if p.breadth is not None:
        also = _kth_day(view.first_day, p.breadth.count, p.breadth.must_include_one_of)
    for minimum in p.domain_minimums:
        if also is None:
            break
        reach = _minimum_met(view.minimum_curve(minimum), minimum, steps)
        also = None if reach is None else max(also, reach)
    found = _first_in_steps(steps, p.required_years, view.total, [s.years for s in steps], also)
    return None if found is None else max(day, found)


def _minimum_met(
    curve: AccrualCurve, minimum: DomainMinimum, steps: Sequence[WaiverStep]
) -> int | None:
    """First day a domain minimum holds, its need lowered by the waivers of each step.

    Waivers only grow from step to step and accrual only grows, so the condition is monotone
    and its first day is the earliest ``max(step start, day the step's need is reached)``.
    """
    days = []
    for step in steps:
        need = minimum.years - step.by_minimum.get(minimum.id, 0.0)
        reach = step.from_day if need <= 0 else curve.first_reaching(years_to_units(need))
        if reach is not None:
            days.append(max(step.from_day, reach))
    return min(days, default=None)


def _missing(
    code: str, view: _CertView, p: ExperienceParams, step: WaiverStep, on: int
) -> list[str]:
    """Plain sentences saying what is missing on day ``on``."""
    out: list[str] = []
    if p.per_domain is not None:
        pd = p.per_domain
        short = []
        for domain in p.domain_pool:
            need = pd.years - step.by_domain.get(domain, 0.0)
            have = view.years(view.curve_for([domain]), on)
            if have < need - 1e-9:
                short.append((need - have, domain))
        met = len(p.domain_pool) - len(short)
        for gap, domain in sorted(short)[: max(0, pd.domains_required - met)]:
            out.append(more_years(gap, f"in {domain}"))
    else:
        net = p.required_years - step.years
        if net > 0:
            have = view.years(view.total, on)
            if have < net - 1e-9:
                out.append(more_years(net - have, "of experience"))
            if p.breadth is not None:
                covered_now = view.covered_on(on)
                if len(covered_now) < p.breadth.count:
                    out.append(domains_sentence(code, len(covered_now), p.breadth.count))
                one_of = p.breadth.must_include_one_of
                if one_of and not any(d in covered_now for d in one_of):
                    out.append("needs experience in " + " or ".join(one_of))
            for minimum in p.domain_minimums:
                need_min = minimum.years - step.by_minimum.get(minimum.id, 0.0)
                have_min = view.years(view.minimum_curve(minimum), on)
                if have_min < need_min - 1e-9:
                    out.append(more_years(need_min - have_min, f"in {minimum.label}"))
    if p.management is not None:
        m = p.management
        have_m = view.years(view.management_curve(), on)
        if have_m <= 0:
            out.append(f"needs {m.years:g} years in a management role")
        elif have_m < m.years - 1e-9:
            out.append(more_years(m.years - have_m, "in a management role"))
        covered_m = view.covered_on(on, management=True)
        if len(covered_m) < m.domains_required:
            out.append(domains_sentence(code, len(covered_m), m.domains_required, True))
    return out


def _epoch(rules: Sequence[RuleVersion], code: str, day: dt.date) -> _Epoch | None:
    rule = rule_in_force(rules, code, "experience", day)
    if rule is None:
        return None
    params = parse_experience(rule)
    lists: dict[str, WaiverList] = {}
    list_rules = []
    for owner in {w.waiver_list for w in params.waivers if w.waiver_list}:
        list_rule = rule_in_force(rules, owner, "waiver_list", day)
        if list_rule is not None:
            lists[owner] = parse_waiver_list(list_rule)
            list_rules.append(list_rule)
    return _Epoch(rule, params, lists, tuple(list_rules))


def evaluate_certification(
    code: str,
    facts: Facts,
    rules: Sequence[RuleVersion],
    on: dt.date,
    ledger: Ledger | None = None,
    standing: Mapping[str, int] | None = None,
) -> EligibilityAnswer | None:
    """The answer for ``code`` on ``on``, or ``None`` if no experience rule is in force.

    Args:
        standing: :func:`good_standing` of the facts on ``on`` when the caller has it (one
            read for every certification, see :func:`evaluate_all`).
    """
    ledger = ledger if ledger is not None else Ledger(facts.experience)
    try:
        now = _epoch(rules, code, on)
    except RuleParamsError as exc:
        rule = rule_in_force(rules, code, "experience", on)
        assert rule is not None
        return _broken(code, rule, str(exc))
    if now is None:
        return None
    held = standing if standing is not None else good_standing(facts.certifications, on, rules)
    today = on.toordinal()

    # Earliest day, epoch by epoch (rules that change after ``on`` apply from their date on;
    # the rule in force on ``on`` is the one for the past too).
    owners = sorted({code, *now.lists})
    boundaries = change_days(rules, owners, ("experience", "waiver_list"), on)
    eligible_day: int | None = None
    starts = [BEGINNING, *(b.toordinal() for b in boundaries)]
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else None
        try:
            epoch = now if k == 0 else _epoch(rules, code, dt.date.fromordinal(start))
        except RuleParamsError:
            epoch = None
        if epoch is None:
            continue
        epoch_view = _CertView(ledger, code, epoch.params)
        steps = waiver_steps(epoch.params, facts, held, epoch.lists, epoch.params.domain_pool)
        if k == 0:
            view, now_steps = epoch_view, steps
        if epoch_view.window is not None:
            found = _windowed(epoch_view, steps, start, end, today if k == 0 else None)
        else:
            found = _earliest(epoch_view, epoch.params, steps)
        if found is not None and (end is None or found <= end):
            eligible_day = max(found, start)
            break

    p = now.params
    step = step_on(now_steps, today)
    eligible = eligible_day is not None and eligible_day <= today
    missing = [] if eligible else _missing(code, view, p, step, today)
    if not eligible and not missing and eligible_day is None:
        missing.append(f"cannot be met with the entries logged for {code}")
    routes = _route_answers(code, facts, rules, on, ledger, now.rule, p, held)
    answer = EligibilityAnswer(
        code=code,
        eligible=eligible,
        # Met "since the beginning of time": every fact it rests on is undated (a degree
        # with no completion date), so there is no day to show.
        eligible_on=None
        if eligible_day is None or eligible_day == BEGINNING
        else dt.date.fromordinal(eligible_day),
        qualifying_years=round(view.years(view.total, today), 4),
        required_years=p.per_domain.years if p.per_domain else p.required_years,
        waiver_years=max(step.by_domain.values(), default=0.0) if p.per_domain else step.years,
        waiver=step.labels,
        missing=tuple(missing),
        source=now.rule.source,
        as_of=now.rule.as_of,
        sources=now.rule.sources + tuple(s for r in now.list_rules for s in r.sources),
        rule_key=now.rule.key,
        user_edited=now.rule.user_edited or any(r.user_edited for r in now.list_rules),
        unverified=now.rule.unverified,
        management_years=None
        if p.management is None
        else round(view.years(view.management_curve(), today), 4),
        domain_years={d: round(view.years(view.curve_for([d]), today), 4) for d in p.domain_pool}
        if p.per_domain
        else {},
        domains_covered=tuple(sorted(view.covered_on(today))),
        caveats=tuple(
            [
                *_caveats(code, p, ledger, held, now.lists),
                *_window_caveats(code, view, facts, on),
                *(r.sentence() for r, _ in routes),
            ]
        ),
        routes=tuple(r for r, _ in routes),
    )
    return _follow_route(answer, routes, today)


def _windowed(
    view: _CertView, steps: Sequence[WaiverStep], start: int, end: int | None, today: int | None
) -> int | None:
    """Eligibility day of an epoch whose rule counts experience over a window.

    For the epoch in force today: eligible today -> the day the current stretch began (old
    stretches that ended do not count); otherwise the first day after today. For a later
    epoch: its first eligible day.
    """
    checks = view.checks(steps)
    if today is None:
        return checks.earliest(start, end)
    if checks.holds(today):
        return checks.since(today, start)
    return checks.earliest(today + 1, end)


def _route_answers(
    code: str,
    facts: Facts,
    rules: Sequence[RuleVersion],
    on: dt.date,
    ledger: Ledger,
    rule: RuleVersion,
    p: ExperienceParams,
    standing: Mapping[str, int],
) -> list[tuple[RouteAnswer, EligibilityAnswer]]:
    """The answer on each alternative route (CCISO after official training), with the full
    answer it came from; a route whose course condition the person met says so."""
    out = []
    for route in p.routes:
        variant = route_rule(rule, route)
        routed = [variant if r.key == rule.key else r for r in rules]
        answer = evaluate_certification(code, facts, routed, on, ledger, standing)
        if answer is None or answer.error is not None:
            continue
        course = _course_taken(route, facts)
        out.append(
            (
                RouteAnswer(
                    id=route.id,
                    label=route.label,
                    eligible=answer.eligible,
                    eligible_on=answer.eligible_on,
                    missing=answer.missing,
                    course=None if course is None else course.text,
                    course_completed_on=None if course is None else course.completed_on,
                    course_condition=bool(route.course_mentions),
                ),
                answer,
            )
        )
    return out


def _course_taken(route: Route, facts: Facts) -> CourseTaken | None:
    """The first completed course meeting the route's condition (undated ones first)."""
    if not route.course_mentions:
        return None
    words = [w.casefold() for w in route.course_mentions]
    found = [c for c in facts.courses if all(w in c.text.casefold() for w in words)]
    return min(found, key=lambda c: c.completed_on or dt.date.min, default=None)


def _rank(eligible: bool, day: int | None) -> tuple[bool, int]:
    """Better answers sort first: eligible before not, then the earlier day."""
    return (not eligible, FOREVER if day is None else day)


def _follow_route(
    base: EligibilityAnswer,
    routes: Sequence[tuple[RouteAnswer, EligibilityAnswer]],
    today: int,
) -> EligibilityAnswer:
    """The answer on the best route open to the person: the rule's own, or a route whose
    course they completed (from the day they completed it)."""
    base_day = _ordinal(base)
    best: tuple[tuple[bool, int], RouteAnswer, EligibilityAnswer, int | None] | None = None
    for route, answer in routes:
        if route.course is None:
            continue
        met = _ordinal(answer)
        if met is None:
            day = None
        else:
            taken = route.course_completed_on
            day = max(met, taken.toordinal() if taken else BEGINNING)
        key = _rank(day is not None and day <= today, day)
        if key < _rank(base.eligible, base_day) and (best is None or key < best[0]):
            best = (key, route, answer, day)
    if best is None:
        return base
    _, route, answer, day = best
    eligible = day is not None and day <= today
    taken = route.course_completed_on
    followed = f"Answered {route.label}: your course “{route.course}”" + (
        f" was completed on {taken.isoformat()}." if taken else " is completed."
    )
    return replace(
        answer,
        eligible=eligible,
        eligible_on=None if day is None or day == BEGINNING else dt.date.fromordinal(day),
        missing=() if eligible else answer.missing,
        caveats=(followed, *(c for c in base.caveats if not c.startswith(capital(route.label)))),
        rule_key=base.rule_key,
        routes=base.routes,
        route=route.id,
    )


def _ordinal(answer: EligibilityAnswer) -> int | None:
    """The day an answer is met as an ordinal (BEGINNING when met on undated facts)."""
    if answer.eligible_on is not None:
        return answer.eligible_on.toordinal()
    return BEGINNING if answer.eligible else None


def _window_caveats(code: str, view: _CertView, facts: Facts, on: dt.date) -> list[str]:
    """What the experience window leaves out, and the deadline a passed exam sets."""
    window = view.params.window
    if window is None:
        return []
    out = []
    today = on.toordinal()
    left_out = units_to_years(view.total.at(today) - view.amount(view.total, today))
    if left_out > 0.05:
        since = dt.date.fromordinal(today - (view.window or 0) + 1)
        out.append(
            f"Only experience from the {window.years_before:g} years before you apply counts for "
            f"{code}: experience before {format_date(since)} ({left_out:.1f} years) does not count."
        )
    if window.exam_valid_years is not None:
        for cert in facts.certifications:
            if cert.code != code or cert.exam_date is None or cert.earned_on is not None:
                continue
            if cert.status == "earned" or cert.exam_date > on:
                continue
            deadline = add_years(cert.exam_date, round(window.exam_valid_years))
            if deadline < on:
                out.append(
                    f"Your {code} exam of {format_date(cert.exam_date)} is more than "
                    f"{window.exam_valid_years:g} years old: its passing score is void unless you "
                    "applied before "
                    f"{format_date(deadline)}."
                )
            else:
                out.append(
                    f"Apply for {code} by {format_date(deadline)}: a passing score is void "
                    f"{window.exam_valid_years:g} years after the exam."
                )
    return out


def _caveats(
    code: str,
    p: ExperienceParams,
    ledger: Ledger,
    held: Mapping[str, int],
    lists: Mapping[str, WaiverList],
) -> list[str]:
    out = list(p.caveats)
    short = ledger.excluded_part_time(code, p.min_hours_per_week)
    if short:
        jobs = "job" if short == 1 else "jobs"
        out.append(
            f"{short} {jobs} under {p.min_hours_per_week:g} hours a week do not count for {code}."
        )
    for cert in unverified_held(held, lists):
        out.append(
            f"Your {cert} may be on the approved waiver list, but the sources do not confirm "
            "it; check the issuer's current list (it is not counted here)."
        )
    return out


def _broken(code: str, rule: RuleVersion, error: str) -> EligibilityAnswer:
    return EligibilityAnswer(
        code=code,
        eligible=False,
        eligible_on=None,
        qualifying_years=0.0,
        required_years=0.0,
        waiver_years=0.0,
        waiver=(),
        missing=(f"the rule {rule.key} cannot be used: {error}",),
        source=rule.source,
        as_of=rule.as_of,
        sources=rule.sources,
        rule_key=rule.key,
        user_edited=rule.user_edited,
        unverified=rule.unverified,
        error=error,
    )


def evaluate_all(
    facts: Facts, rules: Sequence[RuleVersion], on: dt.date
) -> list[EligibilityAnswer]:
    """Answers for every certification with an experience rule in force on ``on``.

    The answers of the last call are given again when the facts it reads (all but the CPE
    log, which eligibility never reads), the rules and the day are equal to that call's: a CPE
    edit with the Dashboard or Certifications on view does not work out every eligibility
    again (20-30 ms at 2,000 jobs). Comparing the inputs costs far less than the answers.
    """
    global _last
    key = (facts.experience, facts.degrees, facts.certifications, facts.courses, tuple(rules), on)
    if _last is not None and _last[0] == key:
        return list(_last[1])
    ledger = Ledger(facts.experience)
    standing = good_standing(facts.certifications, on, rules)
    codes = sorted({r.cert_code for r in rules if r.kind == "experience"})
    answers = []
    for code in codes:
        answer = evaluate_certification(code, facts, rules, on, ledger, standing)
        if answer is not None:
            answers.append(answer)
    _last = (key, tuple(answers))
    return answers


# The inputs and answers of the last evaluate_all call (answers are frozen; lists are copied).
_last: tuple[tuple[object, ...], tuple[EligibilityAnswer, ...]] | None = None
