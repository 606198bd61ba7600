"""Write the user's data as a v1 document: every field spelled out, in a stable order.

Records are ordered by their row id (the order they were entered or imported), stages and items
by position, so exporting the same database twice gives the same bytes and an
export -> import -> export round trip is identical. Catalog tables are not exported: they ship
with the app; the user's local corrections of catalog rules are (``rule_overrides``, by rule key,
only when there is one; the date a correction was made is not kept: an import dates it anew).
Not represented (by design): a plan item dependency on an item of *another* plan (the UI only
links items within a plan).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import pathlib
from collections.abc import Iterable, Iterator
from typing import Any, Final

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session, sessionmaker

from cso_planner.db.models import (
    Attachment,
    Course,
    CpeActivity,
    CpeAllocation,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    FeeRecord,
    HeldCertification,
    ItemDependency,
    Plan,
    PlanItem,
    Profile,
    Rule,
    Stage,
)
from cso_planner.exchange.safe_json import MAX_BYTES, MAX_SAFE_INTEGER, MAX_SIZE_TEXT
from cso_planner.exchange.schema import FORMAT, VERSION
from cso_planner.exchange.summary import ImportSummary
from cso_planner.exports.atomic import write_atomically
from cso_planner.gc_pause import paused_gc
from cso_planner.services import own_certifications
from cso_planner.services.rule_overrides import parse_params

ItemPlace = tuple[int, int, int]  # (plan, stage, item) indexes in the document


def export_document(session: Session) -> dict[str, Any]:
    """The user's data as a v1 document (plain JSON values)."""
    plans, places = _plans(session)
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    own = [o.to_json() for o in own_certifications.all_own_certifications(session)]
    if own:  # optional section: files without own certifications stay as they always were
        document["own_certifications"] = own
    profile = next(iter(_all(session, Profile)), None)
    if profile is not None:
        document["profile"] = _profile(profile)
    document["education"] = [_education(row) for row in _all(session, Education)]
    ids = {
        kind: list(session.scalars(select(model.id).order_by(model.id)))
        for kind, model in _PROOF_OWNERS.items()
    }
    domains = _domains_by_entry(session)
    document["experience"] = [
        _experience(row, domains.get(row.id, {})) for row in _all(session, ExperienceEntry)
    ]
    document["certifications"] = [_held(row) for row in _all(session, HeldCertification)]
    document["courses"] = [_course(row, places) for row in _all(session, Course)]
    applies_to = _allocations_by_activity(session)
    document["cpe"] = [_cpe(row, applies_to.get(row.id, [])) for row in _all(session, CpeActivity)]
    _add_proofs(session, document, ids)
    document["plans"] = plans
    overrides = _rule_overrides(session)
    if overrides:  # optional section: files without corrections stay as they always were
        document["rule_overrides"] = overrides
    fees = [_fee(row) for row in session.scalars(select(FeeRecord).order_by(FeeRecord.key))]
    if fees:  # optional section, as above
        document["fees"] = fees
    return document


# document section -> (the table its records come from, the attachment column naming them)
_PROOF_OWNERS: Final[dict[str, Any]] = {
    "experience": ExperienceEntry,
    "certifications": HeldCertification,
    "courses": Course,
    "cpe": CpeActivity,
}
_OWNER_COLUMN: Final = {
    "experience": "experience_entry_id",
    "certifications": "held_certification_id",
    "courses": "course_id",
    "cpe": "cpe_activity_id",
}


def _add_proofs(session: Session, document: dict[str, Any], ids: dict[str, list[int]]) -> None:
    """Give each record with attached proof files its ``proofs`` (optional field)."""
    table = Attachment.__table__
    for section, column_name in _OWNER_COLUMN.items():
        column = table.c[column_name]
        proofs: dict[int, list[dict[str, Any]]] = {}
        for row in session.execute(select(table).where(column.is_not(None)).order_by(table.c.id)):
            proofs.setdefault(row._mapping[column_name], []).append(
                {
                    "sha256": row.sha256,
                    "name": row.name,
                    "media_type": row.media_type,
                    "size": row.size,
                    "added_on": _date(row.added_on),
                }
            )
        if not proofs:
            continue
        for record, row_id in zip(document[section], ids[section], strict=True):
            if row_id in proofs:
                record["proofs"] = proofs[row_id]


def _fee(row: FeeRecord) -> dict[str, Any]:
    return {
        "key": row.key,
        "amount": _number(row.amount),
        "currency": row.currency,
        "confirmed_on": row.confirmed_on.isoformat(),
    }


def export_bytes(session: Session) -> bytes:
    """The document as UTF-8 JSON text: readable (indent 2, non-ASCII kept), strictly standard."""
    return encode_document(export_document(session))


def encode_document(document: dict[str, Any]) -> bytes:
    """Serialise: key order as built, non-ASCII kept, NaN/Infinity impossible (``allow_nan``)."""
    return b"".join(encode_pieces(document))


_PIECE_CHARS: Final = 1 << 20


def encode_pieces(document: dict[str, Any]) -> Iterator[bytes]:
    """``encode_document`` in pieces of about 1 MiB: the same bytes.

    ``json.dumps`` with an indent first lists every token of the document as its own string
    (ten million of them for 100,000 CPE activities: most of an export's memory).
    """
    encoder = json.JSONEncoder(ensure_ascii=False, allow_nan=False, indent=2)
    buffer: list[str] = []
    size = 0
    for token in encoder.iterencode(document):
        buffer.append(token)
        size += len(token)
        if size >= _PIECE_CHARS:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    buffer.append("\n")
    yield "".join(buffer).encode("utf-8")


def write_export(session_factory: sessionmaker[Session], path: pathlib.Path) -> ImportSummary:
    """Export to ``path`` atomically; returns what was written.

    The data goes to a private (0600) temporary file in the same folder, is fsynced, then
    renamed over ``path``: a failure at any point leaves a previous file intact and no partial
    file behind.

    Raises:
        OSError: the folder is missing or not writable, the disk is full...
    """
    with paused_gc(), session_factory.begin() as session:  # one consistent snapshot
        document = export_document(session)
    try:
        write_atomically(path, _bounded(encode_pieces(document), path))
    except OSError as exc:
        # Name the file the user asked for, not our temporary one beside it.
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    return ImportSummary.of(document)


def _bounded(pieces: Iterable[bytes], path: pathlib.Path) -> Iterator[bytes]:
    """``pieces``, refused once past ``MAX_BYTES``: never write a file the importer would
    refuse (the round trip must hold); the partial file is removed."""
    written = 0
    for piece in pieces:
        written += len(piece)
        if written > MAX_BYTES:
            raise OSError(
                errno.EFBIG,
                f"the export is over the {MAX_SIZE_TEXT} an import accepts; nothing was written",
                str(path),
            )
        yield piece


def _all(session: Session, model: Any) -> Iterable[Row[Any]]:
    """Every row of ``model``'s table as plain column tuples, by id.

    Plain rows, not ORM objects: building 100,000 objects (and lazy-loading each one's
    children) was most of an export's time.
    """
    table = model.__table__
    return session.execute(select(table).order_by(table.c.id))


def _domains_by_entry(session: Session) -> dict[int, dict[str, list[str]]]:
    """Each job's exam domains per certification, in the order they were entered (by id)."""
    out: dict[int, dict[str, list[str]]] = {}
    query = select(
        ExperienceDomain.entry_id, ExperienceDomain.cert_code, ExperienceDomain.domain
    ).order_by(ExperienceDomain.id)
    for entry_id, code, domain in session.execute(query):
        out.setdefault(entry_id, {}).setdefault(code, []).append(domain)
    return out


def _allocations_by_activity(session: Session) -> dict[int, list[Row[Any]]]:
    """The claims of each CPE activity (one per certification), in the order entered."""
    out: dict[int, list[Row[Any]]] = {}
    table = CpeAllocation.__table__
    for row in session.execute(select(table).order_by(table.c.id)):
        out.setdefault(row.activity_id, []).append(row)
    return out


def _claim(row: Row[Any]) -> dict[str, Any] | None:
    """A claim as written in ``claims``; None when it is the activity's own, not submitted."""
    if (
        row.credits is None
        and row.category is None
        and row.domain is None
        and row.status == "not_submitted"
        and row.submitted_on is None
    ):
        return None
    return {
        "code": row.cert_code,
        "credits": _number_or_none(row.credits),
        "category": row.category,
        "domain": row.domain,
        "status": row.status,
        "submitted_on": _date(row.submitted_on),
    }


def _date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _number(value: float) -> int | float:
    """Write whole numbers as ``40`` rather than ``40.0``, but only where ints are exact."""
    if value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
        return int(value)
    return value


def _number_or_none(value: float | None) -> int | float | None:
    return None if value is None else _number(value)


def _profile(row: Row[Any]) -> dict[str, Any]:
    return {
        "name": row.name,
        "target_role": row.target_role,
        "target_date": _date(row.target_date),
        "current_role": row.current_role,
        "career_start_year": row.career_start_year,
        "track": row.track,
        "weekly_study_hours": _number(row.weekly_study_hours),
        "currency": row.currency,
    }


def _education(row: Row[Any]) -> dict[str, Any]:
    return {
        "level": row.level,
        "field": row.field,
        "it_related": row.it_related,
        "completed_on": _date(row.completed_on),
    }


def _experience(row: Row[Any], domains: dict[str, list[str]]) -> dict[str, Any]:
    return {
        "employer": row.employer,
        "title": row.title,
        "start": _date(row.start),
        "end": _date(row.end),
        "hours_per_week": _number(row.hours_per_week),
        "paid": row.paid,
        "management": row.management,
        "domains": domains,
        "notes": row.notes,
        # Written only when set, so files without drafts stay as they were.
        **({"drafted_by": row.drafted_by} if row.drafted_by else {}),
    }


def _held(row: Row[Any]) -> dict[str, Any]:
    return {
        "code": row.cert_code,
        "status": row.status,
        "target_date": _date(row.target_date),
        "exam_date": _date(row.exam_date),
        "earned_on": _date(row.earned_on),
        "expires_on": _date(row.expires_on),
        "endorsed_on": _date(row.endorsed_on),
        "credential_id": row.credential_id,
        "employer_paid": row.employer_paid,
        "notes": row.notes,
        # Dates the app estimated: written only when true (older files stay as they were).
        **({"earned_estimated": True} if row.earned_estimated else {}),
        **({"expires_estimated": True} if row.expires_estimated else {}),
    }


def _course(row: Row[Any], places: dict[int, ItemPlace]) -> dict[str, Any]:
    place = places.get(row.plan_item_id) if row.plan_item_id is not None else None
    return {
        "title": row.title,
        "provider": row.provider,
        "url": row.url,
        "hours": _number(row.hours),
        "progress": _number(row.progress),
        "completed_on": _date(row.completed_on),
        "cost": _number(row.cost),
        "cpe_credits": _number(row.cpe_credits),
        "employer_paid": row.employer_paid,
        "plan_item": None
        if place is None
        else {"plan": place[0], "stage": place[1], "item": place[2]},
        "notes": row.notes,
    }


def _cpe(row: Row[Any], allocations: list[Row[Any]]) -> dict[str, Any]:
    record = {
        "date": _date(row.date),
        "activity": row.activity,
        "provider": row.provider,
        "credits": _number(row.credits),
        "category": row.category,
        "applies_to": [a.cert_code for a in allocations],
        "notes": row.notes,
    }
    claims = [c for c in map(_claim, allocations) if c is not None]
    if claims:  # optional field: activities claimed as themselves are written as before
        record["claims"] = claims
    return record


def _plans(session: Session) -> tuple[list[dict[str, Any]], dict[int, ItemPlace]]:
    """The plans, and where each plan item id sits in them (for dependencies and courses)."""
    plans = list(_all(session, Plan))
    places: dict[int, ItemPlace] = {}
    stages_of: dict[int, list[Row[Any]]] = {plan.id: [] for plan in plans}
    items_of: dict[int, list[Row[Any]]] = {}
    stage_table, item_table = Stage.__table__, PlanItem.__table__
    for stage in session.execute(
        select(stage_table).order_by(stage_table.c.position, stage_table.c.id)
    ):
        stages_of[stage.plan_id].append(stage)
        items_of[stage.id] = []
    for item in session.execute(
        select(item_table).order_by(item_table.c.position, item_table.c.id)
    ):
        items_of[item.stage_id].append(item)
    for plan_index, plan in enumerate(plans):
        for stage_index, stage in enumerate(stages_of[plan.id]):
            for item_index, item in enumerate(items_of[stage.id]):
                places[item.id] = (plan_index, stage_index, item_index)

    depends_on: dict[int, list[ItemPlace]] = {}
    for item_id, target_id in session.execute(
        select(ItemDependency.item_id, ItemDependency.depends_on_id)
    ):
        item_place = places.get(item_id)
        target_place = places.get(target_id)
        if item_place and target_place and item_place[0] == target_place[0]:
            depends_on.setdefault(item_id, []).append(target_place)

    document = [
        {
            "name": plan.name,
            "active": plan.active,
            "target_role": plan.target_role,
            "stages": [
                {
                    "role": stage.role,
                    "start": _date(stage.start),
                    "end": _date(stage.end),
                    "items": [
                        _item(item, sorted(depends_on.get(item.id, [])))
                        for item in items_of[stage.id]
                    ],
                }
                for stage in stages_of[plan.id]
            ],
        }
        for plan in plans
    ]
    return document, places


def _item(row: Row[Any], depends_on: list[ItemPlace]) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "title": row.title,
        "ref": row.ref_code,
        "due": _date(row.due),
        "status": row.status,
        "cost": _number_or_none(row.cost),
        "hours": _number_or_none(row.hours),
        "employer_paid": row.employer_paid,
        "depends_on": [{"stage": place[1], "item": place[2]} for place in depends_on],
        "notes": row.notes,
    }


def _rule_overrides(session: Session) -> list[dict[str, Any]]:
    """The rules the user corrected or annotated, by key.

    Parameters are written as a JSON object with sorted keys (as the rule service stores them).
    Stored text that is not a usable JSON object (only possible if the file was edited by other
    means) cannot be represented and is left out; the note, if any, is kept.
    """
    rows = session.scalars(
        select(Rule)
        .where(or_(Rule.user_params_json.is_not(None), Rule.user_notes != ""))
        .order_by(Rule.key)
    )
    out: list[dict[str, Any]] = []
    for row in rows:
        params = None
        if row.user_params_json is not None:
            params, _ = parse_params(row.user_params_json)
        notes = row.user_notes or ""
        if params is None and not notes:
            continue
        out.append({"key": row.key, "params": _sorted_keys(params), "notes": notes})
    return out


def _sorted_keys(value: Any) -> Any:
    """``value`` with the keys of every object in sorted order (a stable export)."""
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value
