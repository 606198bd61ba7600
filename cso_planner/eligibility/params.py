"""Typed views of rule parameters, parsed with clear errors.

The catalog (and the user's local corrections) store parameters as free JSON. Parsing them
once into frozen dataclasses keeps the engine free of ``dict.get`` guesswork and turns a
malformed correction into one readable :class:`RuleParamsError` instead of a crash deep in a
computation.

Experience rule parameters (``kind == "experience"``)::

    required_years        number of years before waivers
    hours                 {"full_time": 40, "part_time_basis": 40 | null, "min_per_week": 20 | null}
                          a week of ``full_time`` hours or more counts as a full week; a shorter
                          one counts ``hours / part_time_basis`` of a week (default: full_time),
                          and one under ``min_per_week`` does not count
    count_unpaid          whether unpaid work/internships count
    domain_pool           exam domains that count (empty: any tag for the certification)
    domain_aliases        {"old domain name": "current name"} for renamed domains
    experience_from       other certification codes whose tagged entries also count toward the
                          years (CCSP: "5 years of IT work", whatever certification it was
                          tagged for)
    window                {"years_before": 10, "exam_valid_years": 5 | null} | null: only the
                          experience of the ``years_before`` years up to the day counts (ISACA);
                          a passed exam must be followed by an application within
                          ``exam_valid_years``
    breadth               {"count": n, "must_include_one_of": [...]} | null
    management            {"years": n, "domains_required": k} | null   (never waived)
    domain_minimums       [{"id"?, "domains": [...] | "certifications": [...], "years": n,
                          "label": str}]: years in some domains of the pool, or in entries
                          tagged for any of the listed certifications
    per_domain            {"years": n, "domains_required": k, "max_waiver_years_per_domain": m}
    waivers               [{"id", "label", "years", "group", "when", "domains"?, "minimums"?}]
                          when = {"degree": {"min_level", "it_related"}} | {"credentials": [...]}
                                 | {"waiver_list": "<cert code owning the list>"}
                          minimums = ids of domain minimums the waiver also substitutes
    max_waiver_years      cap on the total waived (same group: max, across groups: sum)
    routes                [{"id", "label", "params": {...}, "when"?: {"course_mentions": [...]}}]:
                          other ways to qualify, each the same rule with some parameters
                          replaced (CCISO with official training); the answer follows a route
                          once the person completed a course mentioning all those words
    caveats               plain sentences shown with every answer

Waiver-list parameters (``kind == "waiver_list"``): ``credentials`` (codes that count),
``unverified`` (codes that may be on the list; never counted, flagged to the user).

Maintenance parameters (``kind == "maintenance"``): ``cycle`` ({"kind": "anniversary" |
"calendar_after_award" | "asis", "years", "rolling_since"?}), ``cpe_required``,
``category_min``, ``category_max``, ``category_aliases``, ``default_category``,
``annual_minimum``, ``suggested_per_year``, ``fee`` ({"amount_usd", "period": "year" | "cycle",
"due": "anniversary" | "january_1" | "cycle_end", "one_per_member_of"?: issuer whose members pay
one fee a year whatever their number of credentials, the highest of their credentials' fees}),
``endorsement_months``, ``rollover`` ({"category": "A", "max": 40, "last_months": 6}: credits
of that category earned in the last months of a cycle beyond its requirement count toward the
next cycle, up to ``max``), ``lapse`` ({"grace_days": n, "grace_months": m, "after_grace":
"suspended" | "expired", "suspended_years": y | null, "grace_note": str, "reinstate": str}: what
happens after the expiry date, see :mod:`cso_planner.eligibility.lifecycle`; without it the
credential is expired the day after its expiry, the issuer's grace period being unknown).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cso_planner.eligibility.inputs import DEGREE_LEVELS
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion


@dataclass(frozen=True, slots=True)
class DegreeCondition:
    min_level: str
    it_related: bool | None


@dataclass(frozen=True, slots=True)
class WaiverSpec:
    id: str
    label: str
    years: float
    group: str
    degree: DegreeCondition | None = None
    credentials: tuple[str, ...] = ()
    waiver_list: str | None = None
    domains: frozenset[str] | None = None
    minimums: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Breadth:
    count: int
    must_include_one_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Management:
    years: float
    domains_required: int


@dataclass(frozen=True, slots=True)
class DomainMinimum:
    """Years needed in some domains of the pool, or in entries tagged for other certifications."""

    id: str
    domains: frozenset[str]
    years: float
    label: str
    certifications: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Window:
    """Only experience of the ``days`` days up to (and including) the day counts."""

    years_before: float
    exam_valid_years: float | None

    @property
    def days(self) -> int:
        return math.ceil(self.years_before * 365.25 - 1e-9)


@dataclass(frozen=True, slots=True)
class Route:
    """Another way to qualify: the same rule with some parameters replaced.

    ``course_mentions``: the route is the person's once they completed a course whose provider,
    title or plan item mentions every one of these words (case-insensitive); without it the
    route is only answered beside the rule.
    """

    id: str
    label: str
    params: Mapping[str, Any]
    course_mentions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PerDomain:
    years: float
    domains_required: int
    max_waiver_years_per_domain: float


@dataclass(frozen=True, slots=True)
class ExperienceParams:
    required_years: float
    full_time_hours: float
    min_hours_per_week: float | None
    count_unpaid: bool
    domain_pool: tuple[str, ...]
    domain_aliases: Mapping[str, str]
    breadth: Breadth | None
    management: Management | None
    domain_minimums: tuple[DomainMinimum, ...]
    per_domain: PerDomain | None
    waivers: tuple[WaiverSpec, ...]
    max_waiver_years: float
    caveats: tuple[str, ...]
    part_time_basis: float | None = None
    experience_from: tuple[str, ...] = ()
    window: Window | None = None
    routes: tuple[Route, ...] = ()

    def canonical(self, domain: str) -> str:
        return self.domain_aliases.get(domain, domain)

    @property
    def hours(self) -> tuple[float, float]:
        """(full-time hours, part-time basis): how a week of work is weighed."""
        return self.full_time_hours, self.part_time_basis or self.full_time_hours


@dataclass(frozen=True, slots=True)
class WaiverList:
    credentials: frozenset[str]
    unverified: frozenset[str]


@dataclass(frozen=True, slots=True)
class Fee:
    amount_usd: float | None
    period: str
    due: str
    # One fee per member of this issuer per year (ISC2's AMF), not one per credential.
    one_per_member_of: str | None = None
    # The fee's currency (catalog fees are in US dollars; an own certification's may not be).
    currency: str = "USD"


@dataclass(frozen=True, slots=True)
class Rollover:
    """Credits of ``category`` earned in the last ``last_months`` months of a cycle, beyond its
    requirement, count toward the next cycle (at most ``max``)."""

    category: str
    max: float
    last_months: int


@dataclass(frozen=True, slots=True)
class Lapse:
    """What follows the expiry date: a grace period (``grace_days`` plus ``grace_months``) in
    which the missing credits or fees may still be submitted, then ``after_grace``: suspended
    (reinstatable, for ``suspended_years`` when the issuer says) or expired (re-certify)."""

    grace_days: int = 0
    grace_months: int = 0
    after_grace: str = "expired"
    suspended_years: float | None = None
    grace_note: str = ""
    reinstate: str = ""
    known: bool = True


UNKNOWN_LAPSE = Lapse(known=False)


@dataclass(frozen=True, slots=True)
class MaintenanceParams:
    cycle_kind: str
    cycle_years: int
    rolling_since: dt.date | None
    cpe_required: float
    category_min: Mapping[str, float]
    category_max: Mapping[str, float]
    category_aliases: Mapping[str, str]
    default_category: str | None
    annual_minimum: float | None
    suggested_per_year: float | None
    fee: Fee | None
    endorsement_months: int | None
    rollover: Rollover | None = None
    lapse: Lapse = UNKNOWN_LAPSE

    def category_of(self, raw: str | None) -> str | None:
        """The canonical category of a logged activity (case-insensitive; aliases apply)."""
        if raw is None or not raw.strip():
            return self.default_category
        folded = raw.strip().casefold()
        if folded in self.category_aliases:
            return self.category_aliases[folded]
        for name in (*self.category_min, *self.category_max):
            if name.casefold() == folded:
                return name
        return raw.strip()


class _Reader:
    """Small typed accessors that report the rule key and field on error."""

    def __init__(self, rule: RuleVersion) -> None:
        self.key = rule.key

    def fail(self, message: str) -> RuleParamsError:
        return RuleParamsError(self.key, message)

    def mapping(self, value: object, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{where} must be an object")
        return value

    def number(self, value: object, where: str, *, minimum: float = 0.0) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{where} must be a number")
        if value < minimum:
            raise self.fail(f"{where} must be at least {minimum:g}")
        return float(value)

    def opt_number(self, value: object, where: str) -> float | None:
        return None if value is None else self.number(value, where)

    def integer(self, value: object, where: str, *, minimum: int = 0) -> int:
        number = self.number(value, where, minimum=minimum)
        if number != int(number):
            raise self.fail(f"{where} must be a whole number")
        return int(number)

    def strings(self, value: object, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{where} must be a list of strings")
        return tuple(value)

    def string(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{where} must be a string")
        return value

    def str_map(self, value: object, where: str) -> dict[str, str]:
        if value is None:
            return {}
        mapping = self.mapping(value, where)
        return {str(k): self.string(v, f"{where}.{k}") for k, v in mapping.items()}

    def num_map(self, value: object, where: str) -> dict[str, float]:
        if value is None:
            return {}
        mapping = self.mapping(value, where)
        return {str(k): self.number(v, f"{where}.{k}") for k, v in mapping.items()}


def parse_experience(rule: RuleVersion) -> ExperienceParams:
    r = _Reader(rule)
    p = r.mapping(rule.params, "params")
    hours = r.mapping(p.get("hours", {}), "hours")
    breadth_raw = p.get("breadth")
    breadth = None
    if breadth_raw is not None:
        b = r.mapping(breadth_raw, "breadth")
        breadth = Breadth(
            count=r.integer(b.get("count", 0), "breadth.count"),
            must_include_one_of=r.strings(b.get("must_include_one_of"), "breadth.must_include"),
        )
    management = None
    if p.get("management") is not None:
        m = r.mapping(p["management"], "management")
        management = Management(
            years=r.number(m.get("years"), "management.years"),
            domains_required=r.integer(m.get("domains_required", 0), "management.domains"),
        )
    per_domain = None
    if p.get("per_domain") is not None:
        d = r.mapping(p["per_domain"], "per_domain")
        per_domain = PerDomain(
            years=r.number(d.get("years"), "per_domain.years"),
            domains_required=r.integer(d.get("domains_required"), "per_domain.domains_required"),
            max_waiver_years_per_domain=r.number(
                d.get("max_waiver_years_per_domain", 0), "per_domain.max_waiver_years_per_domain"
            ),
        )
    minimums = []
    for i, raw in enumerate(_list(r, p.get("domain_minimums"), "domain_minimums")):
        m = r.mapping(raw, f"domain_minimums[{i}]")
        domains = frozenset(r.strings(m.get("domains"), f"domain_minimums[{i}].domains"))
        certs = r.strings(m.get("certifications"), f"domain_minimums[{i}].certifications")
        if not domains and not certs:
            raise r.fail(f"domain_minimums[{i}] needs 'domains' or 'certifications'")
        minimums.append(
            DomainMinimum(
                id=r.string(m.get("id", f"minimum{i}"), f"domain_minimums[{i}].id"),
                domains=domains,
                years=r.number(m.get("years"), f"domain_minimums[{i}].years"),
                label=str(m.get("label", "")),
                certifications=certs,
            )
        )
    waivers = tuple(
        _waiver(r, raw, i) for i, raw in enumerate(_list(r, p.get("waivers"), "waivers"))
    )
    known_minimums = {m.id for m in minimums}
    for spec in waivers:
        if not spec.minimums <= known_minimums:
            unknown = ", ".join(sorted(spec.minimums - known_minimums))
            raise r.fail(f"waiver {spec.id}: no domain minimum with id {unknown}")
    full_time = r.number(hours.get("full_time", 40), "hours.full_time", minimum=1)
    basis = r.opt_number(hours.get("part_time_basis"), "hours.part_time_basis")
    if basis is not None and basis < 1:
        raise r.fail("hours.part_time_basis must be at least 1")
    window = None
    if p.get("window") is not None:
        w = r.mapping(p["window"], "window")
        window = Window(
            years_before=r.number(w.get("years_before"), "window.years_before", minimum=0.1),
            exam_valid_years=r.opt_number(w.get("exam_valid_years"), "window.exam_valid_years"),
        )
    if window is not None and per_domain is not None:
        raise r.fail("a window cannot be combined with per_domain")
    routes = tuple(
        _route(r, rule, raw, i) for i, raw in enumerate(_list(r, p.get("routes"), "routes"))
    )
    return ExperienceParams(
        required_years=r.number(p.get("required_years"), "required_years"),
        full_time_hours=full_time,
        min_hours_per_week=r.opt_number(hours.get("min_per_week"), "hours.min_per_week"),
        count_unpaid=bool(p.get("count_unpaid", True)),
        domain_pool=r.strings(p.get("domain_pool"), "domain_pool"),
        domain_aliases=r.str_map(p.get("domain_aliases"), "domain_aliases"),
        breadth=breadth,
        management=management,
        domain_minimums=tuple(minimums),
        per_domain=per_domain,
        waivers=waivers,
        max_waiver_years=r.number(p.get("max_waiver_years", 0), "max_waiver_years"),
        caveats=r.strings(p.get("caveats"), "caveats"),
        part_time_basis=basis,
        experience_from=r.strings(p.get("experience_from"), "experience_from"),
        window=window,
        routes=routes,
    )


def _route(r: _Reader, rule: RuleVersion, raw: object, i: int) -> Route:
    """An alternative route; its parameters (merged over the rule's) must parse on their own."""
    m = r.mapping(raw, f"routes[{i}]")
    ident = r.string(m.get("id", f"route{i}"), f"routes[{i}].id")
    changes = r.mapping(m.get("params"), f"routes[{i}].params")
    if "routes" in changes:
        raise r.fail(f"routes[{i}].params cannot have routes of its own")
    when = r.mapping(m.get("when", {}), f"routes[{i}].when")
    unknown = set(when) - {"course_mentions"}
    if unknown:
        raise r.fail(f"routes[{i}].when: unknown condition {', '.join(sorted(unknown))}")
    route = Route(
        ident,
        r.string(m.get("label", ident), f"routes[{i}].label"),
        dict(changes),
        r.strings(when.get("course_mentions"), f"routes[{i}].when.course_mentions"),
    )
    try:
        parse_experience(route_rule(rule, route))
    except RuleParamsError as exc:
        raise r.fail(f"routes[{i}] ({ident}): {exc}") from None
    return route


def route_rule(rule: RuleVersion, route: Route) -> RuleVersion:
    """``rule`` as it reads on ``route``: its parameters with the route's merged over them
    (one level deep: ``{"per_domain": {"domains_required": 3}}`` keeps the other per_domain
    keys)."""
    base = rule.params if isinstance(rule.params, Mapping) else {}
    merged: dict[str, Any] = {k: v for k, v in base.items() if k != "routes"}
    for key, value in route.params.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return replace(rule, key=f"{rule.key}#{route.id}", params=merged)


def _list(r: _Reader, value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise r.fail(f"{where} must be a list")
    return value


def _waiver(r: _Reader, raw: object, i: int) -> WaiverSpec:
    w = r.mapping(raw, f"waivers[{i}]")
    when = r.mapping(w.get("when"), f"waivers[{i}].when")
    degree = None
    credentials: tuple[str, ...] = ()
    waiver_list = None
    if "degree" in when:
        d = r.mapping(when["degree"], f"waivers[{i}].when.degree")
        level = r.string(d.get("min_level"), f"waivers[{i}].when.degree.min_level")
        if level not in DEGREE_LEVELS:
            raise r.fail(f"waivers[{i}]: unknown degree level {level!r}")
        it_related = d.get("it_related")
        degree = DegreeCondition(level, None if it_related is None else bool(it_related))
    elif "credentials" in when:
        credentials = r.strings(when["credentials"], f"waivers[{i}].when.credentials")
    elif "waiver_list" in when:
        waiver_list = r.string(when["waiver_list"], f"waivers[{i}].when.waiver_list")
    else:
        raise r.fail(f"waivers[{i}].when needs 'degree', 'credentials' or 'waiver_list'")
    domains = w.get("domains")
    ident = r.string(w.get("id", f"waiver{i}"), f"waivers[{i}].id")
    return WaiverSpec(
        id=ident,
        label=r.string(w.get("label", ident), f"waivers[{i}].label"),
        years=r.number(w.get("years"), f"waivers[{i}].years"),
        group=r.string(w.get("group", ident), f"waivers[{i}].group"),
        degree=degree,
        credentials=credentials,
        waiver_list=waiver_list,
        domains=None if domains is None else frozenset(r.strings(domains, "domains")),
        minimums=frozenset(r.strings(w.get("minimums"), f"waivers[{i}].minimums")),
    )


def parse_waiver_list(rule: RuleVersion) -> WaiverList:
    r = _Reader(rule)
    p = r.mapping(rule.params, "params")
    return WaiverList(
        credentials=frozenset(r.strings(p.get("credentials"), "credentials")),
        unverified=frozenset(r.strings(p.get("unverified"), "unverified")),
    )


def parse_maintenance(rule: RuleVersion) -> MaintenanceParams:
    r = _Reader(rule)
    p = r.mapping(rule.params, "params")
    cycle = r.mapping(p.get("cycle"), "cycle")
    kind = r.string(cycle.get("kind", "anniversary"), "cycle.kind")
    if kind not in ("anniversary", "calendar_after_award", "asis"):
        raise r.fail(f"unknown cycle kind {kind!r}")
    rolling = cycle.get("rolling_since")
    fee = None
    if p.get("fee") is not None:
        f = r.mapping(p["fee"], "fee")
        fee = Fee(
            amount_usd=r.opt_number(f.get("amount_usd"), "fee.amount_usd"),
            period=r.string(f.get("period", "year"), "fee.period"),
            due=r.string(f.get("due", "anniversary"), "fee.due"),
            one_per_member_of=None
            if f.get("one_per_member_of") is None
            else r.string(f["one_per_member_of"], "fee.one_per_member_of"),
            currency=r.string(f.get("currency", "USD"), "fee.currency"),
        )
    endorsement = p.get("endorsement_months")
    rollover = None
    if p.get("rollover") is not None:
        ro = r.mapping(p["rollover"], "rollover")
        rollover = Rollover(
            category=r.string(ro.get("category"), "rollover.category"),
            max=r.number(ro.get("max"), "rollover.max"),
            last_months=r.integer(ro.get("last_months", 6), "rollover.last_months", minimum=1),
        )
    lapse = UNKNOWN_LAPSE
    if p.get("lapse") is not None:
        la = r.mapping(p["lapse"], "lapse")
        after = r.string(la.get("after_grace", "expired"), "lapse.after_grace")
        if after not in ("suspended", "expired"):
            raise r.fail(f"lapse.after_grace must be 'suspended' or 'expired', not {after!r}")
        lapse = Lapse(
            grace_days=r.integer(la.get("grace_days", 0), "lapse.grace_days", minimum=0),
            grace_months=r.integer(la.get("grace_months", 0), "lapse.grace_months", minimum=0),
            after_grace=after,
            suspended_years=r.opt_number(la.get("suspended_years"), "lapse.suspended_years"),
            grace_note=r.string(la.get("grace_note", ""), "lapse.grace_note"),
            reinstate=r.string(la.get("reinstate", ""), "lapse.reinstate"),
        )
    aliases = r.str_map(p.get("category_aliases"), "category_aliases")
    default = p.get("default_category")
    return MaintenanceParams(
        cycle_kind=kind,
        cycle_years=r.integer(cycle.get("years", 3), "cycle.years", minimum=1),
        rolling_since=None
        if rolling is None
        else dt.date.fromisoformat(r.string(rolling, "cycle.rolling_since")),
        cpe_required=r.number(p.get("cpe_required", 0), "cpe_required"),
        category_min=r.num_map(p.get("category_min"), "category_min"),
        category_max=r.num_map(p.get("category_max"), "category_max"),
        category_aliases={k.casefold(): v for k, v in aliases.items()},
        default_category=None if default is None else r.string(default, "default_category"),
        annual_minimum=r.opt_number(p.get("annual_minimum"), "annual_minimum"),
        suggested_per_year=r.opt_number(p.get("suggested_per_year"), "suggested_per_year"),
        fee=fee,
        endorsement_months=None
        if endorsement is None
        else r.integer(endorsement, "endorsement_months"),
        rollover=rollover,
        lapse=lapse,
    )
