"""Import a v1 document: check all of it, then replace the user's data in one transaction.

Order matters for safety: parse (size, JSON pitfalls) and shape checks need no database; the
catalog-dependent checks run inside the write transaction, before its first write, so they see
exactly the catalog the rows will reference. Any exception rolls the transaction back, so a
refused or failed import leaves the database as it was. Catalog tables (certifications, exam
domains, rules) are never touched, except for the user's own columns of a rule: its correction
(``user_params_json``, ``user_notes``, ``user_edited_on``), written through
:mod:`cso_planner.services.rule_overrides`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from sqlalchemy import delete, func, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker

from cso_planner.db.models import (
    Attachment,
    Certification,
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
from cso_planner.exchange.errors import quote, rejected, shorten
from cso_planner.exchange.safe_json import parse_json
from cso_planner.exchange.schema import DEFAULTS, check_schema, with_defaults
from cso_planner.exchange.summary import ImportSummary
from cso_planner.exchange.validate import (
    Catalog,
    Existing,
    domain_aliases,
    params_json,
    validate_document,
)
from cso_planner.gc_pause import paused_gc
from cso_planner.services import own_certifications, rule_overrides
from cso_planner.services.errors import NotFoundError, PlanningError

# Children before parents, so the deletes never trip a foreign key.
USER_TABLES = (
    Attachment,
    FeeRecord,
    ItemDependency,
    Course,
    PlanItem,
    Stage,
    Plan,
    CpeAllocation,
    CpeActivity,
    HeldCertification,
    ExperienceDomain,
    ExperienceEntry,
    Education,
    Profile,
)

ItemKey = tuple[int, int, int]  # (plan, stage, item) indexes in the document


def import_document(
    session_factory: sessionmaker[Session], data: bytes, *, replace: bool = True
) -> ImportSummary:
    """Import the exchange file ``data``; all or nothing.

    Args:
        session_factory: the app's session factory (one transaction is opened here).
        data: the raw file contents.
        replace: ``True`` replaces the user's own data (profile, education, experience, held
            certifications, courses, CPE, plans, rule corrections) with the document's (a
            document without ``rule_overrides`` leaves no correction); ``False`` adds the
            document's records (its profile, if any, replaces the current one; each rule it
            corrects gets the document's correction, other rules keep theirs) and refuses
            held certifications or plan names that already exist.

    Raises:
        ImportRejected: the file is refused; the database is unchanged.
    """
    document = parse_json(data)
    check_schema(document)
    with paused_gc(), session_factory.begin() as session:
        validate_document(
            document, Catalog.load(session), None if replace else Existing.load(session)
        )
        if replace:
            clear_user_data(session)
        elif "profile" in document:
            session.execute(delete(Profile))
        write_document(session, document)
    return ImportSummary.of(document)


def clear_user_data(session: Session) -> None:
    """Delete every row the user owns and every rule correction; the catalog stays."""
    for model in USER_TABLES:
        session.execute(delete(model))
    clear_rule_overrides(session)
    # The certifications the person added (their rules and domains go with them).
    for code in sorted(own_certifications.own_codes(session)):
        cert = session.get(Certification, code)
        if cert is not None:
            session.delete(cert)
    session.flush()


_NO_OVERRIDE = rule_overrides.OverrideState(
    user_params_json=None, user_notes="", user_edited_on=None
)


def clear_rule_overrides(session: Session) -> None:
    """Put every corrected or annotated rule back to the catalog's, without a note."""
    keys = session.scalars(
        select(Rule.key)
        .where(
            or_(
                Rule.user_params_json.is_not(None),
                Rule.user_notes != "",
                Rule.user_edited_on.is_not(None),
            )
        )
        .order_by(Rule.key)
    ).all()
    for key in keys:
        rule_overrides.restore_override(session, key, _NO_OVERRIDE)


def write_document(session: Session, document: Mapping[str, Any]) -> None:
    """Add a validated document's rows; the caller's transaction commits or rolls back.

    Rows go in as Core bulk ``INSERT``s (one ``executemany`` per table and batch) with ids
    given here, after the largest id in use: the ORM unit of work spent about a second per
    10,000 records building, ordering and flushing objects nobody reads afterwards.
    """
    if "profile" in document:
        _add_profile(session, with_defaults("profile", document["profile"]))
    ids = _Ids(session)
    _insert(
        session,
        Education,
        (
            {
                "id": ids.next(Education),
                "level": record["level"],
                "field": record["field"],
                "it_related": record["it_related"],
                "completed_on": _date(record["completed_on"]),
            }
            for record in (with_defaults("education", raw) for raw in document.get("education", []))
        ),
    )
    today = dt.date.today()
    for raw in document.get("own_certifications", []):
        draft = own_certifications.OwnCertification.from_json(
            with_defaults("own_certification", raw)
        )
        own_certifications.add_own_certification(session, draft, today)
    aliases = Catalog(domains={}, aliases=domain_aliases(session))
    # Records get consecutive ids in document order, from these: their proofs point at them.
    first: dict[Any, int] = {model: ids.peek(model) for _, model, _ in _PROOF_SECTIONS}
    _add_experience(session, ids, document.get("experience", []), aliases)
    _insert(
        session,
        HeldCertification,
        (
            _held_row(ids.next(HeldCertification), with_defaults("certification", raw))
            for raw in document.get("certifications", [])
        ),
    )
    _add_cpe(session, ids, document.get("cpe", []))
    items = _add_plans(session, ids, document.get("plans", []))
    _insert(
        session,
        Course,
        (
            _course_row(ids.next(Course), with_defaults("course", raw), items)
            for raw in document.get("courses", [])
        ),
    )
    _add_proofs(session, ids, document, first)
    for index, raw in enumerate(document.get("rule_overrides", [])):
        _set_rule_override(session, index, with_defaults("rule_override", raw))
    for raw in document.get("fees", []):
        record = with_defaults("fee", raw)
        # Appending: the document's figure for a fee replaces the one stored (as for rules).
        session.execute(delete(FeeRecord).where(FeeRecord.key == record["key"]))
        session.add(
            FeeRecord(
                key=record["key"],
                amount=float(record["amount"]),
                currency=record["currency"],
                confirmed_on=_required_date(record["confirmed_on"]),
            )
        )


_BATCH: Final = 5000
"""Rows per ``executemany``: bounds the memory a 100,000-record import holds at once."""


class _Ids:
    """The next free primary key of each table (after the largest in use in this transaction)."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._next: dict[Any, int] = {}

    def peek(self, model: Any) -> int:
        """The id ``next`` will give ``model`` (without taking it)."""
        value = self.next(model)
        self._next[model] = value
        return value

    def next(self, model: Any) -> int:
        if model not in self._next:
            largest = self._session.scalar(select(func.max(model.id)))
            self._next[model] = (largest or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value


_PROOF_SECTIONS: Final = (
    ("experience", ExperienceEntry, "experience_entry_id"),
    ("certifications", HeldCertification, "held_certification_id"),
    ("courses", Course, "course_id"),
    ("cpe", CpeActivity, "cpe_activity_id"),
)


def _add_proofs(
    session: Session, ids: _Ids, document: Mapping[str, Any], first: Mapping[Any, int]
) -> None:
    """Link each record's ``proofs`` to the row it became (content is in the proof store)."""
    today = dt.date.today()
    owners = {name: None for _, _, name in _PROOF_SECTIONS}
    rows: list[dict[str, Any]] = []
    for section, model, column in _PROOF_SECTIONS:
        for index, raw in enumerate(document.get(section, [])):
            for proof in raw.get("proofs", []):
                proof = with_defaults("proof", proof)
                rows.append(
                    {
                        "id": ids.next(Attachment),
                        "sha256": proof["sha256"],
                        "name": proof["name"],
                        "media_type": proof["media_type"],
                        "size": int(proof["size"]),
                        "added_on": _date(proof["added_on"]) or today,
                        **owners,
                        column: first[model] + index,
                    }
                )
    _insert(session, Attachment, rows)


def _insert(session: Session, model: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` into ``model``'s table in batches of ``_BATCH``."""
    table = model.__table__
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            session.execute(insert(table), batch)
            batch = []
    if batch:
        session.execute(insert(table), batch)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _required_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _float_or_none(value: float | None) -> float | None:
    return None if value is None else float(value)


def _add_profile(session: Session, record: Mapping[str, Any]) -> None:
    year = record["career_start_year"]
    session.add(
        Profile(
            name=record["name"],
            target_role=record["target_role"],
            target_date=_date(record["target_date"]),
            current_role=record["current_role"],
            career_start_year=None if year is None else int(year),
            track=record["track"],
            weekly_study_hours=float(record["weekly_study_hours"]),
            currency=record["currency"],
        )
    )
    session.flush()


def _add_experience(
    session: Session, ids: _Ids, records: Iterable[Mapping[str, Any]], catalog: Catalog
) -> None:
    domains: list[dict[str, Any]] = []

    def entries() -> Iterator[dict[str, Any]]:
        for raw in records:
            record = with_defaults("experience", raw)
            entry_id = ids.next(ExperienceEntry)
            # Domain rows keep the document's order (ids ascend), which the exporter
            # reproduces; a former domain name (CCISO Blueprint v2/v3) is stored under its
            # current name.
            domains.extend(
                {"id": ids.next(ExperienceDomain), "entry_id": entry_id, "cert_code": code,
                 "domain": name}
                for code, names in record["domains"].items()
                for name in catalog.current_domains(code, names)
            )  # fmt: skip
            yield {
                "id": entry_id,
                "employer": record["employer"],
                "title": record["title"],
                "start": _required_date(record["start"]),
                "end": _date(record["end"]),
                "hours_per_week": float(record["hours_per_week"]),
                "paid": record["paid"],
                "management": record["management"],
                "notes": record["notes"],
                "drafted_by": record["drafted_by"],
            }

    _insert(session, ExperienceEntry, entries())
    _insert(session, ExperienceDomain, domains)


def _held_row(row_id: int, record: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": row_id,
        "cert_code": record["code"],
        "status": record["status"],
        "target_date": _date(record["target_date"]),
        "exam_date": _date(record["exam_date"]),
        "earned_on": _date(record["earned_on"]),
        "expires_on": _date(record["expires_on"]),
        "endorsed_on": _date(record["endorsed_on"]),
        "credential_id": record["credential_id"],
        "employer_paid": record["employer_paid"],
        "notes": record["notes"],
        "earned_estimated": record["earned_estimated"],
        "expires_estimated": record["expires_estimated"],
    }


def _add_cpe(session: Session, ids: _Ids, records: Iterable[Mapping[str, Any]]) -> None:
    allocations: list[dict[str, Any]] = []

    def activities() -> Iterator[dict[str, Any]]:
        for raw in records:
            record = with_defaults("cpe", raw)
            activity_id = ids.next(CpeActivity)
            claims = {c["code"]: with_defaults("claim", c) for c in record["claims"]}
            allocations.extend(
                _allocation(ids.next(CpeAllocation), activity_id, code, claims.get(code))
                for code in record["applies_to"]
            )
            yield {
                "id": activity_id,
                "date": _required_date(record["date"]),
                "activity": record["activity"],
                "provider": record["provider"],
                "credits": float(record["credits"]),
                "category": record["category"],
                "notes": record["notes"],
            }

    _insert(session, CpeActivity, activities())
    _insert(session, CpeAllocation, allocations)


def _allocation(
    row_id: int, activity_id: int, code: str, claim: Mapping[str, Any] | None
) -> dict[str, Any]:
    claim = claim or DEFAULTS["claim"]
    return {
        "id": row_id,
        "activity_id": activity_id,
        "cert_code": code,
        "credits": None if claim["credits"] is None else float(claim["credits"]),
        "category": claim["category"],
        "domain": claim["domain"],
        "status": claim["status"],
        "submitted_on": _date(claim["submitted_on"]),
    }


def _add_plans(
    session: Session, ids: _Ids, plans: Iterable[Mapping[str, Any]]
) -> dict[ItemKey, int]:
    """Add plans, stages and items, then their dependencies; returns item ids by document index."""
    items: dict[ItemKey, int] = {}
    plan_rows: list[dict[str, Any]] = []
    stage_rows: list[dict[str, Any]] = []
    item_rows: list[dict[str, Any]] = []
    depends: list[tuple[ItemKey, ItemKey]] = []
    for plan_index, raw_plan in enumerate(plans):
        record = with_defaults("plan", raw_plan)
        plan_id = ids.next(Plan)
        plan_rows.append(
            {"id": plan_id, "name": record["name"], "active": record["active"],
             "target_role": record["target_role"]}
        )  # fmt: skip
        for stage_index, raw_stage in enumerate(record["stages"]):
            stage_record = with_defaults("stage", raw_stage)
            stage_id = ids.next(Stage)
            stage_rows.append(
                {"id": stage_id, "plan_id": plan_id, "position": stage_index,
                 "role": stage_record["role"], "start": _date(stage_record["start"]),
                 "end": _date(stage_record["end"])}
            )  # fmt: skip
            for item_index, raw_item in enumerate(stage_record["items"]):
                item_record = with_defaults("item", raw_item)
                item_id = ids.next(PlanItem)
                item_rows.append(_item_row(item_id, stage_id, item_index, item_record))
                key = (plan_index, stage_index, item_index)
                items[key] = item_id
                depends += [
                    (key, (plan_index, int(ref["stage"]), int(ref["item"])))
                    for ref in item_record["depends_on"]
                ]
    _insert(session, Plan, plan_rows)
    _insert(session, Stage, stage_rows)
    _insert(session, PlanItem, item_rows)
    _insert(
        session,
        ItemDependency,
        ({"item_id": items[item], "depends_on_id": items[target]} for item, target in depends),
    )
    return items


def _item_row(
    row_id: int, stage_id: int, position: int, record: Mapping[str, Any]
) -> dict[str, Any]:
    return {
        "id": row_id,
        "stage_id": stage_id,
        "position": position,
        "kind": record["kind"],
        "title": record["title"],
        "ref_code": record["ref"],
        "due": _date(record["due"]),
        "status": record["status"],
        "cost": _float_or_none(record["cost"]),
        "hours": _float_or_none(record["hours"]),
        "employer_paid": record["employer_paid"],
        "notes": record["notes"],
    }


def _course_row(
    row_id: int, record: Mapping[str, Any], items: Mapping[ItemKey, int]
) -> dict[str, Any]:
    link = record["plan_item"]
    item_id = None
    if link is not None:
        item_id = items[(int(link["plan"]), int(link["stage"]), int(link["item"]))]
    return {
        "id": row_id,
        "title": record["title"],
        "provider": record["provider"],
        "url": record["url"],
        "hours": float(record["hours"]),
        "progress": float(record["progress"]),
        "completed_on": _date(record["completed_on"]),
        "cost": float(record["cost"]),
        "cpe_credits": float(record["cpe_credits"]),
        "employer_paid": record["employer_paid"],
        "plan_item_id": item_id,
        "notes": record["notes"],
    }


def _set_rule_override(session: Session, index: int, record: Mapping[str, Any]) -> None:
    """Give rule ``record["key"]`` the document's correction (params null: a note alone).

    ``validate_document`` has checked it already; should the rule service still refuse it
    (for instance a waiver list judged with another correction of this document now in
    force), the refusal names the place and the caller's transaction rolls back.
    """
    params = record["params"]
    key = record["key"]
    try:
        rule_overrides.set_override(
            session, key, None if params is None else params_json(params), record["notes"]
        )
    except NotFoundError:
        raise rejected(
            ("rule_overrides", index, "key"), f"unknown rule {quote(shorten(key, 60))}"
        ) from None
    except PlanningError as exc:
        raise rejected(("rule_overrides", index, "params"), str(exc)) from None
