"""The CPE log: activities applied to held certifications, filters, CSV import and cycles.

Activities are edited as plain drafts (with the certifications they count for); a deleted one
comes back under its old id on undo, and an undone CSV import removes exactly the rows it
added. The renewal engine (``services.facts.renewal_answers``) supplies the cycles the screen
filters by and the shortfall warnings. Functions take the caller's session and never commit.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import math
import sqlite3
from collections.abc import Collection, Iterable, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cso_planner import limits
from cso_planner.dates import format_date
from cso_planner.db.models import (
    CLAIM_STATUSES,
    Certification,
    CpeActivity,
    CpeAllocation,
    ExamDomain,
    HeldCertification,
)
from cso_planner.eligibility.inputs import CpeEntry
from cso_planner.eligibility.renewals import RenewalAnswer
from cso_planner.eligibility.renewals import renewal_answers as engine_renewals
from cso_planner.exports.cpe_csv import CpeRow, parse_cpe_csv
from cso_planner.services.attachments import (
    Proof,
    proofs_by_owner,
    proofs_of,
    set_proofs,
    validate_proofs,
)
from cso_planner.services.errors import InvalidDraftError, NotFoundError
from cso_planner.services.facts import (
    REREAD_AT_MOST,
    activity_entries,
    connection_of,
    load_facts,
    load_rules,
    renewal_answers,
    stored_date,
)

OWNER = "cpe_activity"  # what the attachment table calls a CPE activity
MAX_TEXT = limits.MAX_NAME
MAX_NOTES = limits.MAX_NOTES
MAX_CREDITS = limits.MAX_CREDITS
# Suggestions for the category field (ISC2 groups, ASIS capped categories, ISACA's plain CPE).
CATEGORY_SUGGESTIONS = (
    "Group A",
    "Group B",
    "Education",
    "Membership",
    "Instructor",
    "Volunteer",
    "Safety",
)


CLAIM_STATUS_LABELS = {
    "not_submitted": "Not submitted",
    "submitted": "Submitted",
    "accepted": "Accepted",
}
assert tuple(CLAIM_STATUS_LABELS) == CLAIM_STATUSES


@dataclasses.dataclass(frozen=True)
class Claim:
    """The activity as claimed for one certification.

    ``credits`` and ``category`` are this certification's own (``None``: the activity's);
    ``submitted_on`` is the day it was submitted to the issuer (kept once accepted).
    """

    code: str
    credits: float | None = None
    category: str | None = None
    domain: str | None = None
    status: str = "not_submitted"
    submitted_on: dt.date | None = None

    def credits_of(self, activity_credits: float) -> float:
        return activity_credits if self.credits is None else self.credits

    def status_text(self) -> str:
        """``Not submitted`` / ``Submitted on 3 Jun 2026`` / ``Accepted`` (locale dates)."""
        if self.status == "submitted":
            return (
                f"Submitted on {format_date(self.submitted_on)}"
                if self.submitted_on
                else ("Submitted")
            )
        return CLAIM_STATUS_LABELS.get(self.status, self.status)


@dataclasses.dataclass(frozen=True)
class CpeDraft:
    """What the activity form returns; ``certifications`` are the codes it counts for and
    ``claims`` the per-certification details (a code without one is claimed with the
    activity's credits and category, not submitted; see :func:`claims_of`)."""

    date: dt.date
    activity: str
    credits: float
    provider: str = ""
    category: str | None = None
    notes: str = ""
    certifications: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    proofs: tuple[Proof, ...] = ()  # attached proof files (services/attachments.py)


def claims_of(draft: CpeDraft) -> tuple[Claim, ...]:
    """One claim per certification of ``draft``, in its order (defaults where none is given)."""
    given = {c.code: c for c in draft.claims}
    return tuple(given.get(code) or Claim(code) for code in draft.certifications)


def normalized(draft: CpeDraft) -> CpeDraft:
    """``draft`` as the database reads it back: ``claims`` holds only the claims that differ
    from the default (the activity's credits and category, not submitted), in its order."""
    return dataclasses.replace(draft, claims=_own_claims(claims_of(draft)))


def _own_claims(claims: Iterable[Claim]) -> tuple[Claim, ...]:
    return tuple(c for c in claims if c != Claim(c.code))


@dataclasses.dataclass(frozen=True)
class CpeLogRow:
    """One activity of the table (no ORM object leaves the session)."""

    id: int
    draft: CpeDraft


@dataclasses.dataclass(frozen=True)
class Cycle:
    """The current CPE cycle of one held certification, from the renewal engine."""

    code: str
    start: dt.date
    end: dt.date
    earned: float
    required: float
    per_month: float
    shortfall: bool
    warnings: tuple[str, ...]


# --- validation ----------------------------------------------------------------------------


def validate_cpe(draft: CpeDraft, known_codes: Iterable[str]) -> dict[str, str]:
    """Field name → message; empty when the activity can be saved.

    Args:
        known_codes: the certification codes an activity may be applied to (the form passes
            the held ones; the service, any catalog code).
    """
    errors: dict[str, str] = {}
    activity = draft.activity.strip()
    if not activity:
        errors["activity"] = "Describe the activity, e.g. “ISC2 Security Congress session”."
    elif len(activity) > MAX_TEXT:
        errors["activity"] = f"Keep the activity under {MAX_TEXT} characters."
    credits = draft.credits
    if math.isnan(credits) or math.isinf(credits) or not 0 < credits <= MAX_CREDITS:
        errors["credits"] = f"Credits must be a number above 0 and at most {MAX_CREDITS:,.0f}."
    if len(draft.provider.strip()) > MAX_TEXT:
        errors["provider"] = f"Keep the provider under {MAX_TEXT} characters."
    if draft.category is not None and len(draft.category.strip()) > MAX_TEXT:
        errors["category"] = f"Keep the category under {MAX_TEXT} characters."
    if len(draft.notes) > MAX_NOTES:
        errors["notes"] = f"Keep the notes under {MAX_NOTES:,} characters."
    date_error = limits.date_message(draft.date)
    if date_error:
        errors["date"] = date_error
    known = set(known_codes)
    unknown = [code for code in draft.certifications if code not in known]
    if unknown:
        errors["certifications"] = f"{unknown[0]} is not one of your certifications."
    elif len(set(draft.certifications)) != len(draft.certifications):
        errors["certifications"] = "A certification is ticked twice."
    else:
        problem = claims_problem(draft)
        if problem:
            errors["claims"] = problem
    proof_problem = validate_proofs(draft.proofs)
    if proof_problem:
        errors["proofs"] = proof_problem
    return errors


def claims_problem(draft: CpeDraft) -> str | None:
    """Why the draft's claims cannot be saved (None: they can); the first problem, one line."""
    codes = set(draft.certifications)
    seen: set[str] = set()
    for claim in draft.claims:
        if claim.code not in codes:
            return f"{claim.code} has claim details but the activity does not count for it."
        if claim.code in seen:
            return f"{claim.code} is claimed twice."
        seen.add(claim.code)
        credits = claim.credits
        if credits is not None and (
            math.isnan(credits) or math.isinf(credits) or not 0 < credits <= MAX_CREDITS
        ):
            return f"{claim.code}: credits must be above 0 and at most {MAX_CREDITS:,.0f}."
        for text in (claim.category, claim.domain):
            if text is not None and len(text.strip()) > MAX_TEXT:
                return f"{claim.code}: keep the category and domain under {MAX_TEXT} characters."
        if claim.status not in CLAIM_STATUSES:
            return f"{claim.code}: {claim.status!r} is not a submission state."
        if claim.status == "submitted" and claim.submitted_on is None:
            return f"{claim.code}: enter the date it was submitted."
        if claim.status == "not_submitted" and claim.submitted_on is not None:
            return f"{claim.code}: a claim not submitted has no submission date."
        if claim.submitted_on is not None and claim.submitted_on < draft.date:
            return f"{claim.code}: it cannot be submitted before the activity's date."
    return None


# --- reads ---------------------------------------------------------------------------------


def held_codes(session: Session) -> list[str]:
    """Codes of the certifications in the person's list (CPE can only count for those)."""
    return list(
        session.scalars(select(HeldCertification.cert_code).order_by(HeldCertification.cert_code))
    )


def exam_domains(session: Session) -> dict[str, list[str]]:
    """Each certification's exam domains in order (a claim names one of them)."""
    out: dict[str, list[str]] = {}
    for code, name in session.execute(
        select(ExamDomain.cert_code, ExamDomain.name).order_by(
            ExamDomain.cert_code, ExamDomain.position
        )
    ):
        out.setdefault(code, []).append(name)
    return out


def claims_text(draft: CpeDraft) -> str:
    """``CISSP (submitted on 3 Jun 2026), CPP`` for the table's "Counts for" column."""
    parts = []
    for claim in claims_of(draft):
        if claim.status == "not_submitted":
            parts.append(claim.code)
        else:
            parts.append(f"{claim.code} ({claim.status_text().lower()})")
    return ", ".join(parts)


# An activity as stored (its row, its claims' rows, its proofs), and what list_activities read
# for each row last time (those values) with the row it made of them.
StoredValues = tuple[tuple[Any, ...], tuple[tuple[Any, ...], ...], tuple[Proof, ...]]
KnownRows = dict[int, tuple[StoredValues, CpeLogRow]]


_ACTIVITY_COLUMNS = "id, date, activity, provider, credits, category, notes"


def list_activities(
    session: Session, known: KnownRows | None = None, changed: Collection[int] | None = None
) -> list[CpeLogRow]:
    """Every activity with its certifications, newest first (flat plain-SQL queries).

    ``known``: what an earlier call read, by id (pass the same dict each time; it is refilled).
    A row whose stored values (the activity, its claims and proofs) are those read then is
    that same object, made without building its draft again: after one edit among 10,000
    rows only the edited row is made anew, and a table model sees at once which rows changed.

    ``changed``: when ``known`` holds the log as it was before one write and ``changed`` every
    activity that write inserted, updated or deleted or whose claims or proofs it changed
    (:func:`cso_planner.db.changes.track_rows`), only those are read again and merged with
    the rest of ``known``: an edit among 100,000 rows reads one (issue 13). The result is the
    full read's, row for row.
    """
    if changed is not None and known and len(changed) <= REREAD_AT_MOST:
        merged = _reread(session, known, changed)
        if merged is not None:
            return merged
    connection = connection_of(session)
    claims = _stored_claims(connection)
    proofs = proofs_by_owner(session, OWNER)
    rows = connection.execute(
        f"SELECT {_ACTIVITY_COLUMNS} FROM cpe_activity ORDER BY date DESC, id DESC"
    ).fetchall()  # one fetch: iterating the cursor fetches row by row
    return _made(
        ((stored, claims.get(stored[0], ()), proofs.get(stored[0], ())) for stored in rows),
        known,
    )


def _made(stored: Iterable[StoredValues], known: KnownRows | None) -> list[CpeLogRow]:
    """The log rows of the ``stored`` values (in their order), reusing what ``known`` holds,
    and ``known`` refilled with them."""
    before = known if known is not None else {}
    now: KnownRows = {}
    days: dict[str, dt.date] = {}
    default: dict[str, Claim] = {}  # one shared object per code for the common claim
    result: list[CpeLogRow] = []
    for values in stored:
        activity_id = values[0][0]
        old = before.get(activity_id)
        if old is not None and old[0] == values:
            row = old[1]
        else:
            row = CpeLogRow(activity_id, _draft(values, days, default))
        now[activity_id] = (values, row)
        result.append(row)
    if known is not None:
        known.clear()
        known.update(now)
    return result


class _Newest:
    """The order of the log's query (date DESC, id DESC) as an ascending key, for bisect."""

    __slots__ = ("key",)

    def __init__(self, values: StoredValues) -> None:
        stored = values[0]
        self.key = (stored[1], stored[0])

    def __lt__(self, other: _Newest) -> bool:
        return bool(self.key > other.key)


def _entry_order(entry: tuple[int, tuple[StoredValues, CpeLogRow]]) -> _Newest:
    return _Newest(entry[1][0])


def _reread(session: Session, known: KnownRows, changed: Collection[int]) -> list[CpeLogRow] | None:
    """:func:`list_activities` reading only the ``changed`` activities, put in their places
    among the rest of ``known``; None when they cannot be ordered together (dates of other
    types, which SQLite orders and Python cannot compare)."""
    connection = connection_of(session)
    ids = sorted(changed)
    marks = ",".join("?" * len(ids))
    fresh = connection.execute(
        f"SELECT {_ACTIVITY_COLUMNS} FROM cpe_activity WHERE id IN ({marks})", ids
    ).fetchall()
    claims = _stored_claims(connection, ids)
    proofs = proofs_by_owner(session, OWNER, ids) if ids else {}
    # The kept rows keep their entries (values and row objects) and their order; each fresh
    # one is made (or kept, when its values did not change) and put in its place by bisection:
    # a few comparisons each, not one per row of the log.
    entries = [item for item in known.items() if item[0] not in changed]
    days: dict[str, dt.date] = {}
    default: dict[str, Claim] = {}
    try:
        for stored in fresh:
            activity_id = stored[0]
            values = (stored, claims.get(activity_id, ()), proofs.get(activity_id, ()))
            old = known.get(activity_id)
            row = old[1] if old is not None and old[0] == values else None
            if row is None:
                row = CpeLogRow(activity_id, _draft(values, days, default))
            entry = (activity_id, (values, row))
            entries.insert(
                bisect.bisect_left(entries, _entry_order(entry), key=_entry_order), entry
            )
    except TypeError:
        return None
    known.clear()
    known.update(entries)
    return [row for _values, row in known.values()]


def _stored_claims(
    connection: sqlite3.Connection, ids: Sequence[int] | None = None
) -> dict[int, tuple[tuple[Any, ...], ...]]:
    """Every activity's claims (or the ``ids``' alone) as stored, in the order they were
    entered (one flat query)."""
    query = (
        "SELECT activity_id, cert_code, credits, category, domain, status, submitted_on "
        "FROM cpe_allocation"
    )
    if ids is not None:
        query += f" WHERE activity_id IN ({','.join('?' * len(ids))})"
    out: dict[int, list[tuple[Any, ...]]] = {}
    for activity_id, *claim in connection.execute(query + " ORDER BY id", ids or ()):
        out.setdefault(activity_id, []).append(tuple(claim))
    return {activity_id: tuple(claims) for activity_id, claims in out.items()}


def _draft(
    values: tuple[Any, ...], days: dict[str, dt.date], default: dict[str, Claim]
) -> CpeDraft:
    """The draft of one activity from its stored values (see :func:`list_activities`)."""
    (_, day, activity, provider, credits, category, notes), stored_claims, proofs = values
    own = []
    for code, claim_credits, claim_category, domain, status, submitted_on in stored_claims:
        if (
            claim_credits is None
            and claim_category is None
            and domain is None
            and status == "not_submitted"
            and submitted_on is None
        ):
            claim = default.get(code) or default.setdefault(code, Claim(code))
        else:
            claim = Claim(
                code,
                claim_credits,
                claim_category,
                domain,
                status,
                None if submitted_on is None else stored_date(submitted_on),
            )
        own.append(claim)
    date = days.get(day)
    if date is None:
        date = days[day] = stored_date(day)
    return CpeDraft(
        date=date,
        activity=activity,
        credits=credits,
        provider=provider,
        category=category,
        notes=notes,
        certifications=tuple(c.code for c in own),
        claims=_own_claims(own),
        proofs=proofs,
    )


def filter_rows(
    rows: Sequence[CpeLogRow],
    code: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[CpeLogRow]:
    """Rows applied to ``code`` (when given) dated within ``start``..``end`` (inclusive)."""
    return [
        r
        for r in rows
        if (code is None or code in r.draft.certifications)
        and (start is None or r.draft.date >= start)
        and (end is None or r.draft.date <= end)
    ]


def cycle_of(answer: RenewalAnswer) -> Cycle | None:
    if answer.cycle_start is None or answer.cycle_end is None or answer.error:
        return None
    return Cycle(
        code=answer.code,
        start=answer.cycle_start,
        end=answer.cycle_end,
        earned=answer.cpe_earned,
        required=answer.cpe_required,
        per_month=answer.credits_per_month,
        shortfall=answer.shortfall,
        warnings=answer.warnings,
    )


EntryCache = dict[int, tuple[CpeLogRow, tuple[CpeEntry, ...]]]


def current_renewals(
    session: Session,
    on: dt.date,
    log: Sequence[CpeLogRow] | None = None,
    known: EntryCache | None = None,
    changed: Collection[int] | None = None,
) -> list[RenewalAnswer]:
    """The renewal engine's answers on ``on``.

    ``log``: the CPE log as :func:`list_activities` just read it, so the screen reads it once
    (the engine gets the same facts as ``load_facts`` reads from the database); ``known`` and
    ``changed`` as for :func:`cpe_entries`.
    """
    if log is None:
        return renewal_answers(session, on)
    facts = dataclasses.replace(
        load_facts(session, cpe=False, ledger=False), cpe=cpe_entries(log, known, changed)
    )
    return engine_renewals(facts, load_rules(session), on)


def current_cycles(
    session: Session,
    on: dt.date,
    log: Sequence[CpeLogRow] | None = None,
    known: EntryCache | None = None,
) -> list[Cycle]:
    """The current cycle of every earned certification the renewal engine can answer for
    (arguments as for :func:`current_renewals`)."""
    return [c for a in current_renewals(session, on, log, known) if (c := cycle_of(a)) is not None]


def cpe_entries(
    log: Sequence[CpeLogRow],
    known: EntryCache | None = None,
    changed: Collection[int] | None = None,
) -> tuple[CpeEntry, ...]:
    """The engine's CPE facts from rows of :func:`list_activities`, in the order and with the
    values ``services.facts`` reads them in (by id; one frozenset per combination of codes).

    ``known``: the entries of an earlier call by id (refilled): a row that is the same object
    as then keeps its entry. ``changed``: when ``known`` was filled from the log as it was
    before one write and ``changed`` holds every activity that write changed (as for
    :func:`list_activities`), only those rows are looked at again.
    """
    if changed is not None and known and len(changed) <= REREAD_AT_MOST:
        return _entries_after(log, known, changed)
    shared: dict[frozenset[str], frozenset[str]] = {}
    before = known if known is not None else {}
    now: EntryCache = {}
    entries: list[CpeEntry] = []
    for row in sorted(log, key=lambda r: r.id):
        old = before.get(row.id)
        entry = old[1] if old is not None and old[0] is row else _entries_of(row, shared)
        now[row.id] = (row, entry)
        entries.extend(entry)
    if known is not None:
        known.clear()
        known.update(now)
    return tuple(entries)


def _entries_of(
    row: CpeLogRow, shared: dict[frozenset[str], frozenset[str]]
) -> tuple[CpeEntry, ...]:
    d = row.draft
    groups: dict[tuple[float | None, str | None], list[str]] = {}
    for claim in claims_of(d):
        groups.setdefault((claim.credits, claim.category), []).append(claim.code)
    return tuple(activity_entries(d.date, d.credits, d.category, groups, shared))


def _entry_id(item: tuple[int, tuple[CpeLogRow, tuple[CpeEntry, ...]]]) -> int:
    return item[0]


def _entries_after(
    log: Sequence[CpeLogRow], known: EntryCache, changed: Collection[int]
) -> tuple[CpeEntry, ...]:
    """:func:`cpe_entries` making only the ``changed`` rows' entries, each put in its place
    (by id) among the kept ones."""
    items = [item for item in known.items() if item[0] not in changed]  # in id order
    shared: dict[frozenset[str], frozenset[str]] = {}
    for row in (r for r in log if r.id in changed):
        old = known.get(row.id)
        entry = old[1] if old is not None and old[0] is row else _entries_of(row, shared)
        item = (row.id, (row, entry))
        items.insert(bisect.bisect_left(items, row.id, key=_entry_id), item)
    known.clear()
    known.update(items)
    # in C: a generator over 100,000 rows was 20 ms of an edit
    return tuple(chain.from_iterable(map(itemgetter(1), known.values())))


# --- writes --------------------------------------------------------------------------------


def _row(session: Session, activity_id: int) -> CpeActivity:
    row = session.get(CpeActivity, activity_id)
    if row is None:
        raise NotFoundError("That CPE activity no longer exists.")
    return row


def _check(session: Session, draft: CpeDraft) -> None:
    # The form offers only held certifications; here any catalog code is accepted so that an
    # imported activity (the CSV names catalog codes) can be edited and undone.
    errors = validate_cpe(draft, session.scalars(select(Certification.code)))
    if errors:
        raise InvalidDraftError(errors)


def _apply(row: CpeActivity, draft: CpeDraft) -> None:
    row.date = draft.date
    row.activity = draft.activity.strip()
    row.credits = draft.credits
    row.provider = draft.provider.strip()
    category = (draft.category or "").strip()
    row.category = category or None
    row.notes = draft.notes


def _allocate(session: Session, activity_id: int, draft: CpeDraft) -> None:
    session.execute(delete(CpeAllocation).where(CpeAllocation.activity_id == activity_id))
    session.add_all(allocation_row(claim, activity_id) for claim in claims_of(draft))


def _blank(text: str | None) -> str | None:
    return (text or "").strip() or None


def allocation_row(claim: Claim, activity_id: int | None = None) -> CpeAllocation:
    """The database row of one claim."""
    return CpeAllocation(
        activity_id=activity_id,
        cert_code=claim.code,
        credits=claim.credits,
        category=_blank(claim.category),
        domain=_blank(claim.domain),
        status=claim.status,
        submitted_on=claim.submitted_on,
    )


def draft_of(session: Session, activity_id: int) -> CpeDraft:
    row = _row(session, activity_id)
    return CpeDraft(
        date=row.date,
        activity=row.activity,
        credits=row.credits,
        provider=row.provider,
        category=row.category,
        notes=row.notes,
        certifications=tuple(a.cert_code for a in row.allocations),
        claims=_own_claims(
            Claim(a.cert_code, a.credits, a.category, a.domain, a.status, a.submitted_on)
            for a in row.allocations
        ),
        proofs=proofs_of(session, OWNER, activity_id),
    )


def add_activity(session: Session, draft: CpeDraft, activity_id: int | None = None) -> int:
    """Add an activity (under ``activity_id`` when undo brings one back); returns its id."""
    _check(session, draft)
    row = CpeActivity(id=activity_id)
    _apply(row, draft)
    session.add(row)
    session.flush()
    _allocate(session, row.id, draft)
    set_proofs(session, OWNER, row.id, draft.proofs)
    session.flush()
    return row.id


def update_activity(session: Session, activity_id: int, draft: CpeDraft) -> None:
    _check(session, draft)
    row = _row(session, activity_id)
    _apply(row, draft)
    _allocate(session, activity_id, draft)
    set_proofs(session, OWNER, activity_id, draft.proofs)
    session.expire(row, ["allocations"])
    session.flush()


def delete_activity(session: Session, activity_id: int) -> CpeDraft:
    """Delete an activity; returns what it held so undo can restore it."""
    draft = draft_of(session, activity_id)
    session.delete(_row(session, activity_id))
    session.flush()
    return draft


# --- CSV import ----------------------------------------------------------------------------


def parse_import(session: Session, data: bytes) -> list[CpeRow]:
    """Parse a CPE CSV against the catalog's codes.

    Raises:
        CsvRejected: the first problem, as one line; nothing is written.
    """
    codes = list(session.scalars(select(Certification.code)))
    return parse_cpe_csv(data, codes)


def import_rows(
    session: Session, rows: Sequence[CpeRow], ids: Sequence[int] | None = None
) -> list[int]:
    """Add parsed CSV rows in the caller's transaction; returns their ids.

    ``ids`` (from an earlier run of the same import) makes redo bring back the same rows.
    """
    added: list[CpeActivity] = []
    for i, row in enumerate(rows):
        activity = CpeActivity(
            id=ids[i] if ids is not None else None,
            date=row.date,
            activity=row.activity,
            provider=row.provider,
            credits=row.credits,
            category=row.category,
            notes=row.notes,
        )
        activity.allocations = [CpeAllocation(cert_code=code) for code in row.certifications]
        added.append(activity)
    session.add_all(added)
    session.flush()
    return [activity.id for activity in added]


def delete_activities(session: Session, ids: Iterable[int]) -> None:
    """Remove the activities (and their allocations) with these ids."""
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        session.execute(delete(CpeAllocation).where(CpeAllocation.activity_id.in_(chunk)))
        session.execute(delete(CpeActivity).where(CpeActivity.id.in_(chunk)))
