"""Checks on a v1 document that a JSON Schema cannot express, run on the whole document first.

The document has already passed :func:`cso_planner.exchange.schema.check_schema`, so types are
right; here are real calendar dates, ends after starts, codes and exam domains that exist in the
catalog stored in the database, uniqueness (held certification codes, plan names, one active
plan), references between records (plan item dependencies, a course's plan item) and rule
corrections (the rule exists; its parameters pass
:func:`cso_planner.services.rule_overrides.validate_override`, the same check the rule editor
uses). Each problem is an ``ImportRejected`` naming its place, raised before anything is
written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.db.models import Certification as CatalogCertification
from cso_planner.db.models import ExamDomain, HeldCertification, Plan, Rule
from cso_planner.db.proofs import MAX_PROOF_BYTES, MAX_PROOF_TEXT, MEDIA_TYPES
from cso_planner.exchange.errors import JsonPath, quote, rejected, shorten
from cso_planner.exchange.schema import with_defaults
from cso_planner.money import Money
from cso_planner.services import own_certifications
from cso_planner.services.attachments import MAX_NAME
from cso_planner.services.budget import validate_fee
from cso_planner.services.cpe import Claim, CpeDraft, claims_problem
from cso_planner.services.rule_overrides import validate_override

RuleCheck = Callable[[str, str], str | None]
"""``(rule key, parameters as JSON text) -> why they are refused`` (None: accepted)."""

# Python's fromisoformat also takes "20240101" and other ISO forms; the format says YYYY-MM-DD.
_DATE_SHAPE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


@dataclasses.dataclass(frozen=True)
class Catalog:
    """The certification codes the database knows, each with its exam domain names, and its
    rule keys with the check a rule correction must pass.

    ``check_rule`` is None when the catalog was not loaded from a session (rule parameters are
    then not checked); :meth:`load` binds it to that session, so it is only valid while the
    session is.
    """

    domains: Mapping[str, frozenset[str]]
    rules: frozenset[str] = frozenset()
    check_rule: RuleCheck | None = None
    # Former names of exam domains (code -> old name -> current name), from the experience
    # rules' ``domain_aliases``: a file saved before a domain was renamed still imports.
    aliases: Mapping[str, Mapping[str, str]] = dataclasses.field(default_factory=dict)
    own: frozenset[str] = frozenset()  # the certifications the person added themselves

    @classmethod
    def load(cls, session: Session) -> Catalog:
        domains: dict[str, set[str]] = {
            code: set() for code in session.scalars(select(CatalogCertification.code))
        }
        for code, name in session.execute(select(ExamDomain.cert_code, ExamDomain.name)):
            domains.setdefault(code, set()).add(name)

        def check_rule(key: str, params_text: str) -> str | None:
            return validate_override(session, key, params_text)

        return cls(
            {code: frozenset(names) for code, names in domains.items()},
            frozenset(session.scalars(select(Rule.key))),
            check_rule,
            domain_aliases(session),
            frozenset(own_certifications.own_codes(session)),
        )

    def current_domain(self, code: str, name: str) -> str:
        """The exam domain's current name (a former name maps to the one that replaced it)."""
        return self.aliases.get(code, {}).get(name, name)

    def current_domains(self, code: str, names: Sequence[str]) -> list[str]:
        """``names`` under their current names, in order, each once (two former domains may
        have been merged into one)."""
        return list(dict.fromkeys(self.current_domain(code, name) for name in names))


def domain_aliases(session: Session) -> dict[str, dict[str, str]]:
    """Former exam-domain names per certification, from every stored experience rule (catalog
    parameters and the user's corrections); only aliases to an existing domain are kept."""
    known: dict[str, set[str]] = {}
    for code, name in session.execute(select(ExamDomain.cert_code, ExamDomain.name)):
        known.setdefault(code, set()).add(name)
    found: dict[str, dict[str, str]] = {}
    rows = session.execute(
        select(Rule.cert_code, Rule.params_json, Rule.user_params_json).where(
            Rule.kind == "experience"
        )
    )
    for code, *texts in rows:
        for text in texts:
            try:
                params = json.loads(text or "{}")
            except ValueError:
                continue
            raw = params.get("domain_aliases") if isinstance(params, dict) else None
            if not isinstance(raw, dict):
                continue
            for old, new in raw.items():
                if isinstance(old, str) and isinstance(new, str) and new in known.get(code, ()):
                    found.setdefault(code, {})[old] = new
    return found


@dataclasses.dataclass(frozen=True)
class Existing:
    """User rows an appending (``replace=False``) import must not collide with."""

    held_codes: frozenset[str] = frozenset()
    plan_names: frozenset[str] = frozenset()
    has_active_plan: bool = False
    appending: bool = False

    @classmethod
    def load(cls, session: Session) -> Existing:
        return cls(
            held_codes=frozenset(session.scalars(select(HeldCertification.cert_code))),
            plan_names=frozenset(session.scalars(select(Plan.name))),
            has_active_plan=session.scalars(select(Plan.id).where(Plan.active)).first() is not None,
            appending=True,
        )


def parse_date(value: Any, path: JsonPath) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date, ``None`` for null; anything else is refused."""
    if value is None:
        return None
    if isinstance(value, str) and _DATE_SHAPE.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
        else:
            problem = limits.date_problem(day)
            if problem is not None:
                raise rejected(path, problem)
            return day
    shown = quote(shorten(value)) if isinstance(value, str) else repr(value)
    raise rejected(path, f"not a date ({shown}; expected YYYY-MM-DD)")


_NAME: Final = ("text", limits.MAX_NAME)
_NOTES: Final = ("text", limits.MAX_NOTES)
_CODE: Final = ("text", limits.MAX_CODE)
_AMOUNT: Final = ("number", limits.MAX_AMOUNT, 0.0, False, False)
_HOURS: Final = ("number", limits.MAX_HOURS, 0.0, False, False)
_CREDITS: Final = ("number", limits.MAX_CREDITS, 0.0, False, False)

# The bounds of :mod:`cso_planner.limits` on every text and number field, by record kind (dates
# are bounded in :func:`parse_date`): a file cannot hold what the forms refuse.
BOUNDS: Final[Mapping[str, Mapping[str, tuple[Any, ...]]]] = {
    "profile": {
        "name": _NAME,
        "target_role": _NAME,
        "current_role": _NAME,
        "track": _CODE,
        "currency": _CODE,
        "career_start_year": ("number", limits.YEAR_MAX, float(limits.YEAR_MIN), False, False),
        "weekly_study_hours": (
            "number",
            limits.WEEKLY_STUDY_HOURS_MAX,
            limits.WEEKLY_STUDY_HOURS_MIN,
            False,
            True,
        ),
    },
    "education": {"field": _NAME},
    "experience": {
        "employer": _NAME,
        "title": _NAME,
        "notes": _NOTES,
        "hours_per_week": (
            "number",
            limits.JOB_HOURS_PER_WEEK_MAX,
            limits.JOB_HOURS_PER_WEEK_MIN,
            False,
            False,
        ),
    },
    "certification": {"credential_id": _NAME, "notes": _NOTES},
    "course": {
        "title": _NAME,
        "provider": _NAME,
        "url": ("text", limits.MAX_URL),
        "hours": _HOURS,
        "progress": ("number", limits.PROGRESS_MAX, 0.0, False, False),
        "cost": _AMOUNT,
        "cpe_credits": _CREDITS,
        "notes": _NOTES,
    },
    "cpe": {
        "activity": _NAME,
        "provider": _NAME,
        "category": _NAME,
        "credits": ("number", limits.MAX_CREDITS, 0.0, True, False),
        "notes": _NOTES,
    },
    "plan": {"name": _NAME, "target_role": _NAME},
    "stage": {"role": _NAME},
    "item": {"title": _NAME, "cost": _AMOUNT, "hours": _HOURS, "notes": _NOTES},
    "rule_override": {"notes": _NOTES},
    "fee": {"amount": _AMOUNT},
}


def check_bounds(kind: str, record: Mapping[str, Any], path: JsonPath) -> None:
    """Refuse the first text or number field of ``record`` outside its bound in :data:`BOUNDS`."""
    for field, bound in BOUNDS[kind].items():
        value = record.get(field)
        if value is None:
            continue
        if bound[0] == "text":
            problem = limits.text_problem(value, bound[1])
        else:
            _, maximum, minimum, above, zero = bound
            problem = limits.number_problem(
                value, maximum, minimum=minimum, above_minimum=above, zero_allowed=zero
            )
        if problem is not None:
            raise rejected((*path, field), problem)


def validate_document(
    document: Mapping[str, Any], catalog: Catalog, existing: Existing | None = None
) -> None:
    """Refuse ``document`` at its first semantic problem, in reading order.

    Args:
        document: a document that passed ``check_schema``.
        catalog: the certifications and exam domains in the database.
        existing: the user's current rows when appending; ``None`` when replacing.
    """
    existing = existing or Existing()
    catalog = _with_own_certifications(document.get("own_certifications", []), catalog, existing)
    if "profile" in document:
        profile = with_defaults("profile", document["profile"])
        check_bounds("profile", profile, ("profile",))
        parse_date(profile["target_date"], ("profile", "target_date"))
    for index, raw in enumerate(document.get("education", [])):
        record = with_defaults("education", raw)
        check_bounds("education", record, ("education", index))
        parse_date(record["completed_on"], ("education", index, "completed_on"))
    for index, raw in enumerate(document.get("experience", [])):
        _check_experience(with_defaults("experience", raw), ("experience", index), catalog)
        _check_proofs(raw, ("experience", index))
    _check_certifications(document.get("certifications", []), catalog, existing)
    for index, raw in enumerate(document.get("certifications", [])):
        _check_proofs(raw, ("certifications", index))
    plans = document.get("plans", [])
    for index, raw in enumerate(document.get("courses", [])):
        _check_course(with_defaults("course", raw), ("courses", index), plans)
        _check_proofs(raw, ("courses", index))
    for index, raw in enumerate(document.get("cpe", [])):
        _check_cpe(with_defaults("cpe", raw), ("cpe", index), catalog)
        _check_proofs(raw, ("cpe", index))
    _check_plans(plans, catalog, existing)
    _check_rule_overrides(document.get("rule_overrides", []), catalog)
    _check_fees(document.get("fees", []))


_SHA256: Final = re.compile(r"[0-9a-f]{64}\Z")


def _check_proofs(record: Mapping[str, Any], path: JsonPath) -> None:
    """A record's ``proofs``: real hashes, known types, sizes within the limit, each once."""
    seen: set[str] = set()
    for position, raw in enumerate(record.get("proofs", [])):
        where = (*path, "proofs", position)
        proof = with_defaults("proof", raw)
        if not _SHA256.match(proof["sha256"]):
            raise rejected((*where, "sha256"), "not a SHA-256 (64 lower-case hex digits)")
        if proof["sha256"] in seen:
            raise rejected((*where, "sha256"), "the same file is listed twice")
        seen.add(proof["sha256"])
        if proof["media_type"] not in MEDIA_TYPES:
            shown = quote(shorten(proof["media_type"]))
            raise rejected(
                (*where, "media_type"), f"{shown} is not one of: {', '.join(MEDIA_TYPES)}"
            )
        if not proof["name"].strip() or len(proof["name"]) > MAX_NAME:
            raise rejected((*where, "name"), f"must be 1 to {MAX_NAME} characters")
        if proof["size"] > MAX_PROOF_BYTES:
            raise rejected((*where, "size"), f"a proof file can be at most {MAX_PROOF_TEXT}")
        parse_date(proof["added_on"], (*where, "added_on"))


def _check_span(record: Mapping[str, Any], path: JsonPath, first: str, last: str) -> None:
    start = parse_date(record[first], (*path, first))
    end = parse_date(record[last], (*path, last))
    if start is not None and end is not None and end < start:
        raise rejected((*path, last), f"{end.isoformat()} is before {first} {start.isoformat()}")


def _known_code(code: str, path: JsonPath, catalog: Catalog) -> None:
    if code not in catalog.domains:
        raise rejected(path, f"unknown certification code {quote(shorten(code))}")


def _check_experience(record: Mapping[str, Any], path: JsonPath, catalog: Catalog) -> None:
    check_bounds("experience", record, path)
    _check_span(record, path, "start", "end")
    for code, names in record["domains"].items():
        code_path = (*path, "domains", code)
        _known_code(code, code_path, catalog)
        allowed = catalog.domains[code]
        seen: set[str] = set()
        for position, name in enumerate(names):
            if catalog.current_domain(code, name) not in allowed:
                raise rejected(
                    (*code_path, position),
                    f"{quote(shorten(name, 60))} is not an exam domain of {code}",
                )
            if name in seen:
                raise rejected((*code_path, position), f"{quote(shorten(name, 60))} is repeated")
            seen.add(name)


def _with_own_certifications(
    records: Sequence[Mapping[str, Any]], catalog: Catalog, existing: Existing
) -> Catalog:
    """``catalog`` with the document's own certifications, each checked as the Catalog
    screen's form checks it (a code already in the catalog is refused; replacing drops the
    person's current own certifications first, so their codes are free again)."""
    base = dict(catalog.domains)
    if not existing.appending:  # replacing: the current own certifications go
        base = {code: names for code, names in base.items() if code not in catalog.own}
    taken = set(base)
    added: dict[str, frozenset[str]] = {}
    for index, raw in enumerate(records):
        path: JsonPath = ("own_certifications", index)
        record = with_defaults("own_certification", raw)
        draft = own_certifications.OwnCertification.from_json(record)
        errors = own_certifications.validate(draft, taken | set(added))
        if errors:
            field, message = next(iter(errors.items()))
            raise rejected((*path, field), message)
        added[draft.code.strip()] = frozenset()
    return dataclasses.replace(catalog, domains={**base, **added})


def _check_certifications(
    records: Sequence[Mapping[str, Any]], catalog: Catalog, existing: Existing
) -> None:
    seen: set[str] = set()
    for index, raw in enumerate(records):
        path: JsonPath = ("certifications", index)
        record = with_defaults("certification", raw)
        code = record["code"]
        _known_code(code, (*path, "code"), catalog)
        check_bounds("certification", record, path)
        if code in seen or code in existing.held_codes:
            raise rejected((*path, "code"), f"{code} is listed more than once")
        seen.add(code)
        for field in ("target_date", "exam_date", "endorsed_on"):
            parse_date(record[field], (*path, field))
        _check_span(record, path, "earned_on", "expires_on")


def _check_course(
    record: Mapping[str, Any], path: JsonPath, plans: Sequence[Mapping[str, Any]]
) -> None:
    check_bounds("course", record, path)
    parse_date(record["completed_on"], (*path, "completed_on"))
    link = record["plan_item"]
    if link is None:
        return
    # The schema's "integer" also admits 2.0; indexes must be real ints.
    plan_index, stage_index, item_index = int(link["plan"]), int(link["stage"]), int(link["item"])
    try:
        stage = plans[plan_index].get("stages", [])[stage_index]
        stage.get("items", [])[item_index]
    except IndexError:
        raise rejected(
            (*path, "plan_item"),
            f"there is no item {item_index} in stage {stage_index} of plan {plan_index}",
        ) from None


def _check_cpe(record: Mapping[str, Any], path: JsonPath, catalog: Catalog) -> None:
    check_bounds("cpe", record, path)
    parse_date(record["date"], (*path, "date"))
    seen: set[str] = set()
    for position, code in enumerate(record["applies_to"]):
        _known_code(code, (*path, "applies_to", position), catalog)
        if code in seen:
            raise rejected((*path, "applies_to", position), f"{code} is listed more than once")
        seen.add(code)
    claims = []
    for position, raw in enumerate(record["claims"]):
        claim = with_defaults("claim", raw)
        where = (*path, "claims", position)
        submitted_on = parse_date(claim["submitted_on"], (*where, "submitted_on"))
        claims.append(
            Claim(
                code=claim["code"],
                credits=None if claim["credits"] is None else float(claim["credits"]),
                category=claim["category"],
                domain=claim["domain"],
                status=claim["status"],
                submitted_on=submitted_on,
            )
        )
    if claims:
        draft = CpeDraft(
            date=parse_date(record["date"], (*path, "date")) or dt.date.min,
            activity=record["activity"],
            credits=float(record["credits"]),
            certifications=tuple(record["applies_to"]),
            claims=tuple(claims),
        )
        problem = claims_problem(draft)
        if problem:
            raise rejected((*path, "claims"), problem)


def _check_plans(plans: Sequence[Mapping[str, Any]], catalog: Catalog, existing: Existing) -> None:
    names: set[str] = set(existing.plan_names)
    active_seen = existing.has_active_plan
    for plan_index, raw_plan in enumerate(plans):
        path: JsonPath = ("plans", plan_index)
        plan = with_defaults("plan", raw_plan)
        check_bounds("plan", plan, path)
        if plan["name"] in names:
            raise rejected((*path, "name"), f"another plan is named {quote(shorten(plan['name']))}")
        names.add(plan["name"])
        if plan["active"]:
            if active_seen:
                raise rejected((*path, "active"), "only one plan can be active")
            active_seen = True
        stages = [with_defaults("stage", stage) for stage in plan["stages"]]
        for stage_index, stage in enumerate(stages):
            stage_path = (*path, "stages", stage_index)
            check_bounds("stage", stage, stage_path)
            _check_span(stage, stage_path, "start", "end")
            for item_index, raw_item in enumerate(stage["items"]):
                item = with_defaults("item", raw_item)
                item_path = (*stage_path, "items", item_index)
                check_bounds("item", item, item_path)
                if item["ref"] is not None:
                    _known_code(item["ref"], (*item_path, "ref"), catalog)
                parse_date(item["due"], (*item_path, "due"))
        _check_dependencies(stages, path)


def _check_dependencies(stages: Sequence[Mapping[str, Any]], plan_path: JsonPath) -> None:
    """Every ``depends_on`` names another item of the same plan, once, and there is no cycle."""
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for stage_index, stage in enumerate(stages):
        for item_index, raw_item in enumerate(stage["items"]):
            node = (stage_index, item_index)
            item_path = (*plan_path, "stages", stage_index, "items", item_index, "depends_on")
            targets: list[tuple[int, int]] = []
            for position, ref in enumerate(raw_item.get("depends_on", [])):
                target = (int(ref["stage"]), int(ref["item"]))
                where = (*item_path, position)
                if not (target[0] < len(stages) and target[1] < len(stages[target[0]]["items"])):
                    raise rejected(
                        where, f"there is no item {target[1]} in stage {target[0]} of this plan"
                    )
                if target == node:
                    raise rejected(where, "an item cannot depend on itself")
                if target in targets:
                    raise rejected(where, "this dependency is listed more than once")
                targets.append(target)
            edges[node] = targets
    cycle_at = _first_in_cycle(edges)
    if cycle_at is not None:
        stage_index, item_index = cycle_at
        raise rejected(
            (*plan_path, "stages", stage_index, "items", item_index, "depends_on"),
            "these dependencies form a cycle",
        )


def _first_in_cycle(
    edges: Mapping[tuple[int, int], list[tuple[int, int]]],
) -> tuple[int, int] | None:
    """An item on a dependency cycle, or ``None`` (Kahn's algorithm: no recursion)."""
    waiting_on = {node: len(targets) for node, targets in edges.items()}
    dependents: dict[tuple[int, int], list[tuple[int, int]]] = {node: [] for node in edges}
    for node, targets in edges.items():
        for target in targets:
            dependents[target].append(node)
    ready = [node for node, count in waiting_on.items() if count == 0]
    while ready:
        done = ready.pop()
        for node in dependents[done]:
            waiting_on[node] -= 1
            if waiting_on[node] == 0:
                ready.append(node)
    stuck = {node for node, count in waiting_on.items() if count > 0}
    if not stuck:
        return None
    # A stuck item may only wait on a cycle; follow stuck targets until one repeats.
    node = min(stuck)
    visited: set[tuple[int, int]] = set()
    while node not in visited:
        visited.add(node)
        node = next(target for target in edges[node] if target in stuck)
    return node


def _check_rule_overrides(records: Sequence[Mapping[str, Any]], catalog: Catalog) -> None:
    """Each correction names a rule of the catalog, once, with parameters the engine can use."""
    seen: set[str] = set()
    for index, raw in enumerate(records):
        path: JsonPath = ("rule_overrides", index)
        record = with_defaults("rule_override", raw)
        check_bounds("rule_override", record, path)
        key = record["key"]
        if key not in catalog.rules:
            raise rejected((*path, "key"), f"unknown rule {quote(shorten(key, 60))}")
        if key in seen:
            raise rejected((*path, "key"), f"rule {key} is listed more than once")
        seen.add(key)
        params = record["params"]
        if params is not None and catalog.check_rule is not None:
            problem = catalog.check_rule(key, params_json(params))
            if problem is not None:
                raise rejected((*path, "params"), problem)


def _check_fees(records: Sequence[Mapping[str, Any]]) -> None:
    """Each confirmed fee names a budget fee once, with an amount the budget accepts."""
    seen: set[str] = set()
    for index, raw in enumerate(records):
        path: JsonPath = ("fees", index)
        record = with_defaults("fee", raw)
        check_bounds("fee", record, path)
        key = record["key"]
        errors = validate_fee(key, Money(record["amount"], record["currency"]))
        for field in ("key", "amount", "currency"):
            if field in errors:
                raise rejected((*path, field), errors[field].rstrip("."))
        if key in seen:
            raise rejected(
                (*path, "key"), f"fee {quote(shorten(key, 60))} is listed more than once"
            )
        seen.add(key)
        parse_date(record["confirmed_on"], (*path, "confirmed_on"))


def params_json(params: Mapping[str, Any]) -> str:
    """A correction's parameters as the text the rule service validates and stores."""
    return json.dumps(params, ensure_ascii=False, allow_nan=False)
