"""Load the eligibility engine's inputs from the database, and answer from them.

The engine is storage-free; this is the one place that maps ORM rows to its facts. A rule's
effective parameters are the user's local correction (``user_params_json``) when there is one,
else the catalog's (``params_json``); a corrected rule is marked ``user_edited`` so every answer
can say whose rule it used. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from cso_planner.eligibility.inputs import (
    CourseTaken,
    CpeEntry,
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
)
from cso_planner.eligibility.rules import RuleVersion

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from cso_planner.db.models import HeldCertification
    from cso_planner.eligibility.answers import EligibilityAnswer
    from cso_planner.eligibility.lifecycle import Lifecycle
    from cso_planner.eligibility.renewals import RenewalAnswer

# The readers below run plain SQL on the SQLite connection under the caller's session (or on a
# bare ``sqlite3`` connection: ``cso-planner eligibility`` / ``renewals`` then never import
# SQLAlchemy, most of their start-up). Table and column names are those of ``db.models``;
# dates are stored as SQLAlchemy's ``Date`` stores them (``YYYY-MM-DD``), booleans as 0/1.
_DATE = re.compile(r"(\d+)-(\d+)-(\d+)")


def _connection(source: Session | sqlite3.Connection) -> sqlite3.Connection:
    """The plain ``sqlite3`` connection under ``source`` (the one every fact is read with)."""
    if isinstance(source, sqlite3.Connection):
        return source
    source.flush()  # what the session holds unwritten is read too, as its own queries would
    connection = source.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection


def _date(text: str | None) -> dt.date | None:
    """A stored date as SQLAlchemy's SQLite ``Date`` reads it."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        match = _DATE.match(text)
        if match is None:
            raise
        return dt.date(*map(int, match.groups()))


def _day(text: str) -> dt.date:
    day = _date(text)
    assert day is not None
    return day


def load_facts(
    source: Session | sqlite3.Connection,
    *,
    cpe: bool = True,
    known: CpeFactsCache | None = None,
    ledger: bool = True,
    changed: Collection[int] | None = None,
) -> Facts:
    """The person's ledger, degrees, held certifications and CPE log as engine facts.

    Read as plain column tuples, not ORM objects: with 10,000 CPE rows and 2,000 jobs, building
    (and garbage-collecting) the objects cost about a second per call, the tuples about 25 ms.
    ``cpe=False`` leaves the CPE log out (eligibility never reads it; it is most of the rows).
    ``known``: the CPE entries of an earlier call (a screen passes the same dict each time; it
    is refilled), see :func:`_cpe_entries`. ``ledger=False`` leaves out the jobs, degrees and
    courses: renewals and lifecycles read only the certifications and the CPE log, and 20,000
    jobs with their domains are most of a large file's other rows. ``changed``: see
    :func:`_cpe_entries`.
    """
    connection = _connection(source)
    if not ledger:
        return Facts(
            (), (), _held(connection), _cpe_entries(connection, known, changed) if cpe else (), ()
        )
    tags: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for entry_id, code, domain in connection.execute(
        "SELECT entry_id, cert_code, domain FROM experience_domain"
    ):
        tags[entry_id].setdefault(code, set()).add(domain)
    experience = tuple(
        ExperienceSpan(
            start=_day(start),
            end=_date(end),
            hours_per_week=hours,
            paid=bool(paid),
            management=bool(management),
            domains={c: frozenset(names) for c, names in tags.get(entry_id, {}).items()},
        )
        for entry_id, start, end, hours, paid, management in connection.execute(
            'SELECT id, start, "end", hours_per_week, paid, management FROM experience_entry '
            "ORDER BY id"
        )
    )
    degrees = tuple(
        Degree(level, field, bool(it_related), _date(completed_on))
        for level, field, it_related, completed_on in connection.execute(
            "SELECT level, field, it_related, completed_on FROM education ORDER BY id"
        )
    )
    held = _held(connection)
    return Facts(
        experience,
        degrees,
        held,
        _cpe_entries(connection, known, changed) if cpe else (),
        completed_courses(connection),
    )


def _held(connection: sqlite3.Connection) -> tuple[HeldCert, ...]:
    """The held (and wanted) certifications as the engine's facts."""
    return tuple(
        HeldCert(
            code=code,
            status=status,
            earned_on=_date(earned_on),
            exam_date=_date(exam_date),
            endorsed_on=_date(endorsed_on),
            expires_on=_date(expires_on),
            expires_estimated=bool(expires_estimated),
            earned_estimated=bool(earned_estimated),
        )
        for (
            code,
            status,
            earned_on,
            exam_date,
            endorsed_on,
            expires_on,
            expires_estimated,
            earned_estimated,
        ) in connection.execute(
            "SELECT cert_code, status, earned_on, exam_date, endorsed_on, expires_on, "
            "expires_estimated, earned_estimated FROM held_certification ORDER BY id"
        )
    )


def held_cert(row: HeldCertification) -> HeldCert:
    """One stored certification as the engine's fact (for callers that hold the ORM row)."""
    return HeldCert(
        code=row.cert_code,
        status=row.status,
        earned_on=row.earned_on,
        exam_date=row.exam_date,
        endorsed_on=row.endorsed_on,
        expires_on=row.expires_on,
        expires_estimated=bool(row.expires_estimated),
        earned_estimated=bool(row.earned_estimated),
    )


def lifecycles(session: Session | sqlite3.Connection, on: dt.date) -> dict[str, Lifecycle]:
    """The lifecycle of every held certification, by code (the one lifecycle function)."""
    from cso_planner.eligibility.lifecycle import lifecycles as _lifecycles

    return _lifecycles(load_facts(session, cpe=False, ledger=False), load_rules(session), on)


# What _cpe_entries read for each activity (its stored values) and the entries it made.
CpeFactsCache = dict[int, tuple[tuple[Any, ...], list[CpeEntry]]]


# A write that changed more activities than this is read whole: one query, not a long IN list.
REREAD_AT_MOST = 1000


def _cpe_entries(
    connection: sqlite3.Connection,
    known: CpeFactsCache | None = None,
    changed: Collection[int] | None = None,
) -> tuple[CpeEntry, ...]:
    """One entry per activity, or per distinct (credits, category) when its claims differ.

    A claim counts with its own credits and category where it has them (``None``: the
    activity's), so a conference claimed as 8 Group A for CISSP and 6 for CPP is two entries.

    ``known`` (the dict an earlier call filled): an activity whose stored values (date,
    credits, category, claims) are those read then keeps its entries, which are a function of
    those values alone, so after one CPE edit a screen makes only the edited activity's
    entries again. Without it (the command line reads once) nothing is kept. ``changed``:
    when ``known`` was filled before one write and ``changed`` holds every activity that write
    changed (``cso_planner.db.changes.track_rows``), only those activities are read.
    """
    if changed is not None and known and len(changed) <= REREAD_AT_MOST:
        return _cpe_entries_after(connection, known, changed)
    # activity id -> its claims as stored: (code, claim credits, claim category), in claim
    # order, as the CPE screen's rows hold them
    claims = _entry_claims(connection, "")
    # One frozenset per distinct combination: 100,000 activities claim a handful of them.
    shared: dict[frozenset[str], frozenset[str]] = {}
    days: dict[str, dt.date] = {}  # a log has far fewer distinct days than activities
    before = known if known is not None else {}
    now: CpeFactsCache = {}
    entries: list[CpeEntry] = []
    for a_id, stored_day, credits, category in connection.execute(
        "SELECT id, date, credits, category FROM cpe_activity ORDER BY id"
    ):
        stored = (stored_day, credits, category, claims.get(a_id))
        if known is not None:
            old = before.get(a_id)
            if old is not None and old[0] == stored:
                now[a_id] = old
                entries.extend(old[1])
                continue
        made = _entries_of(stored, days, shared)
        if known is not None:
            now[a_id] = (stored, made)
        entries.extend(made)
    if known is not None:
        known.clear()
        known.update(now)
    return tuple(entries)


def _entry_claims(
    connection: sqlite3.Connection, where: str, ids: Sequence[int] = ()
) -> dict[int, list[tuple[str, float | None, str | None]]]:
    claims: dict[int, list[tuple[str, float | None, str | None]]] = {}
    for activity_id, code, credits, category in connection.execute(
        f"SELECT activity_id, cert_code, credits, category FROM cpe_allocation {where} ORDER BY id",
        ids,
    ):
        claims.setdefault(activity_id, []).append((code, credits, category))
    return claims


def _entries_of(
    stored: tuple[Any, ...],
    days: dict[str, dt.date],
    shared: dict[frozenset[str], frozenset[str]],
) -> list[CpeEntry]:
    stored_day, credits, category, own = stored
    day = days.get(stored_day)
    if day is None:
        day = days[stored_day] = _day(stored_day)
    groups: dict[tuple[float | None, str | None], set[str]] = {}
    for code, own_credits, own_category in own or ():
        groups.setdefault((own_credits, own_category), set()).add(code)
    return activity_entries(day, credits, category, groups, shared)


def _known_id(item: tuple[int, Any]) -> int:
    return int(item[0])


def _cpe_entries_after(
    connection: sqlite3.Connection, known: CpeFactsCache, changed: Collection[int]
) -> tuple[CpeEntry, ...]:
    """:func:`_cpe_entries` reading only the ``changed`` activities, each put in its place
    (by id) among the kept ones."""
    ids = sorted(changed)
    marks = ",".join("?" * len(ids))
    claims = _entry_claims(connection, f"WHERE activity_id IN ({marks})", ids)
    items = [item for item in known.items() if item[0] not in changed]  # in id order
    shared: dict[frozenset[str], frozenset[str]] = {}
    days: dict[str, dt.date] = {}
    for a_id, stored_day, credits, category in connection.execute(
        f"SELECT id, date, credits, category FROM cpe_activity WHERE id IN ({marks})", ids
    ):
        stored = (stored_day, credits, category, claims.get(a_id))
        old = known.get(a_id)
        kept = old if old is not None and old[0] == stored else None
        item = (a_id, kept or (stored, _entries_of(stored, days, shared)))
        items.insert(bisect.bisect_left(items, a_id, key=_known_id), item)
    known.clear()
    known.update(items)
    # in C: a generator over 100,000 activities was 20 ms of an edit
    return tuple(chain.from_iterable(map(itemgetter(1), known.values())))


def activity_entries(
    day: dt.date,
    credits: float,
    category: str | None,
    groups: Mapping[tuple[float | None, str | None], Collection[str]] | None,
    shared: dict[frozenset[str], frozenset[str]],
) -> list[CpeEntry]:
    """The engine's entries for one activity: one per distinct (claim credits, claim category)
    among its claims (``None``: the activity's own), or one counting for nothing.

    The one place that turns claims into engine facts: ``load_facts`` (from the database) and
    the CPE screen (from the rows it already read) both call it, so they cannot disagree.
    """
    if not groups:
        return [CpeEntry(day, credits, category, shared.setdefault(_NONE, _NONE))]
    out = []
    for (own_credits, own_category), names in groups.items():
        key = frozenset(names)
        out.append(
            CpeEntry(
                day,
                credits if own_credits is None else own_credits,
                category if own_category is None else own_category,
                shared.setdefault(key, key),
            )
        )
    return out


_NONE: frozenset[str] = frozenset()


def completed_courses(source: Session | sqlite3.Connection) -> tuple[CourseTaken, ...]:
    """Completed courses (100 % or a completion date) with the text a training route is
    recognised by: provider, title, and the code and title of the plan item they serve."""
    rows = _connection(source).execute(
        "SELECT course.provider, course.title, course.completed_on, plan_item.ref_code, "
        "plan_item.title FROM course "
        "LEFT OUTER JOIN plan_item ON course.plan_item_id = plan_item.id "
        "WHERE course.completed_on IS NOT NULL OR course.progress >= 100 "
        "ORDER BY course.id"
    )
    return tuple(
        CourseTaken(" · ".join(t for t in (provider, title, code, item) if t), _date(completed_on))
        for provider, title, completed_on, code, item in rows
    )


def load_rules(source: Session | sqlite3.Connection) -> list[RuleVersion]:
    """Every stored rule version with its effective (possibly user-corrected) parameters."""
    rules = []
    for (
        key,
        cert_code,
        kind,
        effective_from,
        effective_to,
        as_of,
        sources_json,
        row_notes,
        params_json,
        user_params_json,
        user_notes,
        unverified,
    ) in _connection(source).execute(
        "SELECT key, cert_code, kind, effective_from, effective_to, as_of, sources_json, "
        "notes, params_json, user_params_json, user_notes, unverified FROM rule ORDER BY key"
    ):
        edited = user_params_json is not None
        params = _json_params(user_params_json if edited else params_json)
        notes = row_notes if not user_notes else f"{row_notes}\n\nYour note: {user_notes}"
        rules.append(
            RuleVersion(
                key=key,
                cert_code=cert_code,
                kind=kind,
                effective_from=_date(effective_from),
                effective_to=_date(effective_to),
                as_of=_day(as_of),
                sources=tuple(json.loads(sources_json or "[]")),
                notes=notes,
                params=params,
                user_edited=edited,
                unverified=unverified or "",
            )
        )
    return rules


def _json_params(text: str | None) -> Any:
    """Parsed parameters; unreadable JSON is passed on as text so the engine reports the rule
    as unusable (one broken local correction must not break every other answer)."""
    try:
        return json.loads(text or "{}")
    except ValueError:
        return f"invalid JSON: {text!r}"


def eligibility_answers(
    session: Session | sqlite3.Connection, on: dt.date
) -> list[EligibilityAnswer]:
    """Eligibility for every certification with an experience rule in force on ``on``."""
    return eligibility_and_lifecycles(session, on)[0]


def eligibility_and_lifecycles(
    session: Session | sqlite3.Connection, on: dt.date
) -> tuple[list[EligibilityAnswer], dict[str, Lifecycle]]:
    """Eligibility (as :func:`eligibility_answers`) and every held certification's lifecycle
    (as :func:`lifecycles`), reading the ledger and the rules once (``cso-planner
    eligibility``)."""
    from cso_planner.eligibility.experience import evaluate_all
    from cso_planner.eligibility.lifecycle import lifecycles as _lifecycles

    facts, rules = load_facts(session, cpe=False), load_rules(session)
    return evaluate_all(facts, rules, on), _lifecycles(facts, rules, on)


def renewal_answers(session: Session | sqlite3.Connection, on: dt.date) -> list[RenewalAnswer]:
    """Renewal forecast for every earned (or passed, awaiting endorsement) certification."""
    from cso_planner.eligibility.renewals import renewal_answers as _renewals

    return _renewals(load_facts(session, ledger=False), load_rules(session), on)


def all_answers(
    session: Session | sqlite3.Connection, on: dt.date
) -> tuple[list[EligibilityAnswer], list[RenewalAnswer]]:
    """Eligibility and renewals together, reading the ledger and the rules once for both."""
    eligibility, renewals, _ = answers_and_lifecycles(session, on)
    return eligibility, renewals


def answers_and_lifecycles(
    session: Session | sqlite3.Connection,
    on: dt.date,
    known: CpeFactsCache | None = None,
    changed: Collection[int] | None = None,
    eligibility: Sequence[EligibilityAnswer] | None = None,
) -> tuple[list[EligibilityAnswer], list[RenewalAnswer], dict[str, Lifecycle]]:
    """Eligibility, renewals and every held certification's lifecycle (as :func:`lifecycles`),
    reading the ledger and the rules once for all three (the Certifications screen; ``known``
    and ``changed`` as for :func:`load_facts`). ``eligibility``: what
    :func:`eligibility_answers` gave on ``on``, when nothing it read has changed since (the
    ledger is then not read)."""
    from cso_planner.eligibility.experience import evaluate_all
    from cso_planner.eligibility.lifecycle import lifecycles as _lifecycles
    from cso_planner.eligibility.renewals import renewal_answers as _renewals

    ledger = eligibility is None
    facts = load_facts(session, known=known, changed=changed, ledger=ledger)
    rules = load_rules(session)
    answers = evaluate_all(facts, rules, on) if eligibility is None else list(eligibility)
    return answers, _renewals(facts, rules, on), _lifecycles(facts, rules, on)


# The readers other services share (``services.claims``): one way to read facts as plain SQL.
connection_of = _connection
stored_date = _day  # a NOT NULL date column
