"""The user's local corrections of catalog rules: read, validate, save, revert.

A rule's catalog parameters (``Rule.params_json``) come from the bundled catalog and change
with catalog upgrades; the user's correction (``Rule.user_params_json``, NULL when none) wins
over them everywhere the engine answers (see :mod:`cso_planner.services.facts`) and is never
touched by an upgrade. A correction is validated before it is written: it must be a JSON
object the eligibility engine can use, checked by running the engine on it with no facts and
with a small sample of facts, so a typo cannot silently break the answers elsewhere.

Parameters identical to the catalog's are not stored as a correction (the rule then keeps
following catalog upgrades); a note alone may still be kept. Functions take the caller's
session and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cso_planner.db.models import Rule
from cso_planner.eligibility.experience import evaluate_certification
from cso_planner.eligibility.inputs import CpeEntry, Degree, ExperienceSpan, Facts, HeldCert
from cso_planner.eligibility.params import (
    parse_experience,
    parse_maintenance,
    parse_waiver_list,
)
from cso_planner.eligibility.renewals import renewal_answers
from cso_planner.eligibility.rules import RuleParamsError, RuleVersion
from cso_planner.services.catalog_view import RULE_KIND_LABELS
from cso_planner.services.errors import NotFoundError, PlanningError
from cso_planner.services.facts import load_rules

# The parameters the engine reads, per rule kind (see cso_planner/eligibility/params.py).
# Keys that some catalog rule of the same kind uses are accepted as well.
KNOWN_PARAMS: Mapping[str, frozenset[str]] = {
    "experience": frozenset(
        {
            "required_years",
            "hours",
            "count_unpaid",
            "domain_pool",
            "domain_aliases",
            "experience_from",
            "window",
            "breadth",
            "management",
            "domain_minimums",
            "per_domain",
            "waivers",
            "max_waiver_years",
            "routes",
            "caveats",
        }
    ),
    "maintenance": frozenset(
        {
            "cycle",
            "cpe_required",
            "category_min",
            "category_max",
            "category_aliases",
            "default_category",
            "annual_minimum",
            "suggested_per_year",
            "fee",
            "endorsement_months",
            "rollover",
        }
    ),
    "waiver_list": frozenset({"credentials", "unverified"}),
}


@dataclasses.dataclass(frozen=True)
class RuleOverride:
    """One rule as the edit dialog shows it: the catalog's version and the user's, if any.

    ``catalog_params`` and ``user_params`` are pretty-printed JSON (``user_params`` is None
    when the user has no correction; a stored correction that is not JSON is given as is).
    """

    key: str
    cert_code: str
    kind: str
    catalog_params: str
    user_params: str | None
    catalog_notes: str
    user_notes: str
    sources: tuple[str, ...]
    as_of: dt.date
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    edited_on: dt.date | None = None
    unverified: str = ""  # why no issuer page backs the rule ("" when one does)

    @property
    def label(self) -> str:
        return RULE_KIND_LABELS.get(self.kind, self.kind)

    @property
    def user_edited(self) -> bool:
        return self.user_params is not None

    @property
    def params_text(self) -> str:
        """What the editor starts with: the user's parameters, else the catalog's."""
        return self.catalog_params if self.user_params is None else self.user_params


@dataclasses.dataclass(frozen=True)
class RuleEdit:
    """What the user asked for: new parameters (None: back to the catalog's) and a note."""

    params_text: str | None
    user_notes: str = ""


@dataclasses.dataclass(frozen=True)
class OverrideState:
    """The stored user columns of one rule, exactly (for undo)."""

    user_params_json: str | None
    user_notes: str
    user_edited_on: dt.date | None


# --- reading -------------------------------------------------------------------------------


def _rule(session: Session, key: str) -> Rule:
    rule = session.scalars(select(Rule).where(Rule.key == key)).one_or_none()
    if rule is None:
        raise NotFoundError(
            f"The rule {key} is no longer in the catalog (removed by a catalog update or an "
            "undo), so it cannot be changed."
        )
    return rule


def pretty(value: object) -> str:
    """JSON as the editor shows it: two-space indent, keys sorted like the catalog's."""
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)


def _pretty_text(text: str) -> str:
    try:
        return pretty(json.loads(text))
    except (ValueError, RecursionError):
        return text


def _sources(rule: Rule) -> tuple[str, ...]:
    try:
        raw = json.loads(rule.sources_json or "[]")
    except ValueError:
        return ()
    return tuple(str(s) for s in raw) if isinstance(raw, list) else ()


def rule_override(session: Session, key: str) -> RuleOverride:
    """The rule ``key`` with its catalog and user parameters and notes.

    Raises:
        NotFoundError: no rule has this key.
    """
    rule = _rule(session, key)
    user = rule.user_params_json
    return RuleOverride(
        key=rule.key,
        cert_code=rule.cert_code,
        kind=rule.kind,
        catalog_params=_pretty_text(rule.params_json or "{}"),
        user_params=None if user is None else _pretty_text(user),
        catalog_notes=rule.notes or "",
        user_notes=rule.user_notes or "",
        sources=_sources(rule),
        as_of=rule.as_of,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        edited_on=rule.user_edited_on,
        unverified=rule.unverified or "",
    )


def override_state(session: Session, key: str) -> OverrideState:
    rule = _rule(session, key)
    return OverrideState(rule.user_params_json, rule.user_notes or "", rule.user_edited_on)


# --- validating ----------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_params(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """``(object, None)`` for a JSON object, else ``(None, message naming the problem)``."""
    if not text.strip():
        return None, "the parameters are empty: enter a JSON object, or revert to the catalog rule"
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        reason = exc.msg[:1].lower() + exc.msg[1:]
        return None, f"not valid JSON (line {exc.lineno}, column {exc.colno}): {reason}"
    except ValueError as exc:
        return None, f"not valid JSON: {exc}"
    except RecursionError:
        return None, "not valid JSON: nested too deeply"
    if not isinstance(value, dict):
        kind = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}
        what = kind.get(type(value), "a number")
        return None, f"the parameters must be a JSON object ({{ … }}), not {what}"
    return value, None


def _known_keys(session: Session, kind: str) -> frozenset[str]:
    keys = set(KNOWN_PARAMS.get(kind, ()))
    for text in session.scalars(select(Rule.params_json).where(Rule.kind == kind)):
        try:
            value = json.loads(text or "{}")
        except ValueError:
            continue
        if isinstance(value, dict):
            keys.update(str(k) for k in value)
    return frozenset(keys)


def _day_in_force(rule: RuleVersion, today: dt.date) -> dt.date:
    day = today
    if rule.effective_from is not None and day < rule.effective_from:
        day = rule.effective_from
    if rule.effective_to is not None and day > rule.effective_to:
        day = rule.effective_to
    return day


def _sample_facts(rule: RuleVersion, day: dt.date, domains: Sequence[str]) -> Facts:
    """A person with a long job in the rule's domains, a degree, the certification and CPE,
    so the engine walks its waiver, breadth and renewal paths and not only the empty ones."""
    start = day - dt.timedelta(days=7 * 365)
    code = rule.cert_code
    return Facts(
        experience=(
            ExperienceSpan(
                start=start,
                hours_per_week=40,
                management=True,
                domains={code: frozenset(domains)} if domains else {},
            ),
            ExperienceSpan(start=start, end=start + dt.timedelta(days=400), hours_per_week=10),
        ),
        degrees=(Degree("bachelor", "Computer Science", True, start),),
        certifications=(
            HeldCert(code=code, status="earned", earned_on=day - dt.timedelta(days=500)),
        ),
        cpe=(
            CpeEntry(day - dt.timedelta(days=60), 10.0, None, frozenset({code})),
            CpeEntry(day - dt.timedelta(days=30), 5.0, "A", frozenset({code})),
        ),
    )


def _parse(rule: RuleVersion) -> Sequence[str]:
    """Parse ``rule`` as the engine does; return the domains it names (for the sample)."""
    if rule.kind == "experience":
        return parse_experience(rule).domain_pool
    if rule.kind == "maintenance":
        parse_maintenance(rule)
    elif rule.kind == "waiver_list":
        parse_waiver_list(rule)
    return ()


def _engine_problem(session: Session, rule: RuleVersion, today: dt.date) -> str | None:
    """The engine's reason it cannot use ``rule`` (None: it can)."""
    try:
        domains = _parse(rule)
    except RuleParamsError as exc:
        return str(exc)
    except (ValueError, TypeError, LookupError) as exc:
        return f"rule {rule.key}: {exc}"
    # Only this version of the rule (other versions of the same rule would otherwise win on
    # some days and hide a problem).
    others = [
        r
        for r in load_rules(session)
        if r.key != rule.key and not (r.cert_code == rule.cert_code and r.kind == rule.kind)
    ]
    rules = [*others, rule]
    day = _day_in_force(rule, today)
    owners = {rule.cert_code}
    if rule.kind == "waiver_list":  # lists are used by experience rules that name them
        owners |= {r.cert_code for r in others if r.kind == "experience"}
    for facts in (Facts(), _sample_facts(rule, day, domains)):
        try:
            errors = [
                answer.error
                for code in sorted(owners)
                if (answer := evaluate_certification(code, facts, rules, day)) is not None
            ]
            if rule.kind == "maintenance":
                errors += [a.error for a in renewal_answers(facts, rules, day)]
        except (RuleParamsError, ValueError, TypeError, LookupError, ArithmeticError) as exc:
            return f"rule {rule.key}: the engine cannot use these parameters ({exc})"
        for error in errors:
            if error is not None and error.startswith(f"rule {rule.key}:"):
                return error
    return None


def _version(row: Rule, params: Mapping[str, Any]) -> RuleVersion:
    return RuleVersion(
        key=row.key,
        cert_code=row.cert_code,
        kind=row.kind,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        as_of=row.as_of,
        sources=_sources(row),
        notes=row.notes,
        params=params,
        user_edited=True,
        unverified=row.unverified or "",
    )


def _check(session: Session, row: Rule, text: str, today: dt.date) -> tuple[Any, str | None]:
    params, problem = parse_params(text)
    if problem is not None:
        return None, problem
    assert params is not None
    known = _known_keys(session, row.kind)
    unknown = sorted(k for k in params if k not in known)
    if unknown and known:
        names = ", ".join(f"“{k}”" for k in unknown)
        noun, it = ("parameter", "it") if len(unknown) == 1 else ("parameters", "them")
        return None, (
            f"unknown {noun} {names}: the engine would ignore {it}, so check the spelling. "
            f"Known for this kind of rule: {', '.join(sorted(known))}"
        )
    problem = _engine_problem(session, _version(row, params), today)
    return (None, problem) if problem is not None else (params, None)


def validate_override(
    session: Session, key: str, params_text: str, today: dt.date | None = None
) -> str | None:
    """Why ``params_text`` cannot be rule ``key``'s parameters (None: it can).

    Raises:
        NotFoundError: no rule has this key.
    """
    _, problem = _check(session, _rule(session, key), params_text, today or dt.date.today())
    return problem


# --- writing -------------------------------------------------------------------------------


def _catalog_params(row: Rule) -> Any:
    try:
        return json.loads(row.params_json or "{}")
    except ValueError:
        return None


def set_override(
    session: Session,
    key: str,
    params_text: str | None,
    user_notes: str = "",
    today: dt.date | None = None,
) -> OverrideState:
    """Save the user's parameters for rule ``key`` (None: back to the catalog's) and note.

    Parameters equal to the catalog's are stored as "no correction". Returns the state before
    the change (for undo).

    Raises:
        PlanningError: the parameters are not usable (the message says why); nothing written.
        NotFoundError: no rule has this key.
    """
    day = today or dt.date.today()
    row = _rule(session, key)
    old = OverrideState(row.user_params_json, row.user_notes or "", row.user_edited_on)
    stored: str | None = None
    if params_text is not None:
        params, problem = _check(session, row, params_text, day)
        if problem is not None:
            raise PlanningError(problem)
        if params != _catalog_params(row):
            stored = json.dumps(params, ensure_ascii=False, sort_keys=True)
    notes = user_notes.strip()
    new = OverrideState(stored, notes, day if stored is not None or notes else None)
    if (new.user_params_json, new.user_notes) != (old.user_params_json, old.user_notes):
        _write(row, new)
        session.flush()
    return old


def restore_override(session: Session, key: str, state: OverrideState) -> None:
    """Put back a state :func:`override_state` or :func:`set_override` returned (undo)."""
    _write(_rule(session, key), state)
    session.flush()


def _write(row: Rule, state: OverrideState) -> None:
    row.user_params_json = state.user_params_json
    row.user_notes = state.user_notes
    row.user_edited_on = state.user_edited_on


def would_change(session: Session, key: str, edit: RuleEdit) -> bool:
    """Whether saving ``edit`` would change what is stored (False for an unchanged form).

    An edit whose parameters are unusable counts as a change (saving it reports why).
    """
    row = _rule(session, key)
    stored: str | None = None
    if edit.params_text is not None:
        params, problem = parse_params(edit.params_text)
        if problem is not None:
            return True
        if params != _catalog_params(row):
            stored = json.dumps(params, ensure_ascii=False, sort_keys=True)
    return (stored, edit.user_notes.strip()) != (_normalized(row.user_params_json), row.user_notes)


def _normalized(text: str | None) -> str | None:
    """Stored parameters as :func:`set_override` writes them (unreadable text as is)."""
    if text is None:
        return None
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    except ValueError:
        return text
