"""Import a v1 document: check all of it, then replace the user's data in one transaction.

Order matters for safety: parse (size, JSON pitfalls) and shape checks need no database; the
catalog-dependent checks run inside the write transaction, before its first write, so they see
exactly the catalog the rows will reference. Any exception rolls the transaction back, so a
refused or failed import leaves the database as it was. Catalog tables (certifications, exam
domains, rules, including the user's rule corrections) are never touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from cso_planner.db.models import (
    Course,
    CpeActivity,
    CpeAllocation,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    ItemDependency,
    Plan,
    PlanItem,
    Profile,
    Stage,
)
from cso_planner.exchange.safe_json import parse_json
from cso_planner.exchange.schema import check_schema, with_defaults
from cso_planner.exchange.summary import ImportSummary
from cso_planner.exchange.validate import Catalog, Existing, validate_document

# Children before parents, so the deletes never trip a foreign key.
USER_TABLES = (
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
            certifications, courses, CPE, plans) with the document's; ``False`` adds the
            document's records (its profile, if any, replaces the current one) and refuses
            held certifications or plan names that already exist.

    Raises:
        ImportRejected: the file is refused; the database is unchanged.
    """
    document = parse_json(data)
    check_schema(document)
    with session_factory.begin() as session:
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
    """Delete every row the user owns; the catalog stays."""
    for model in USER_TABLES:
        session.execute(delete(model))


def write_document(session: Session, document: Mapping[str, Any]) -> None:
    """Add a validated document's rows; the caller's transaction commits or rolls back."""
    if "profile" in document:
        _add_profile(session, with_defaults("profile", document["profile"]))
    for raw in document.get("education", []):
        record = with_defaults("education", raw)
        session.add(
            Education(
                level=record["level"],
                field=record["field"],
                it_related=record["it_related"],
                completed_on=_date(record["completed_on"]),
            )
        )
    for raw in document.get("experience", []):
        _add_experience(session, with_defaults("experience", raw))
    for raw in document.get("certifications", []):
        _add_held(session, with_defaults("certification", raw))
    for raw in document.get("cpe", []):
        _add_cpe(session, with_defaults("cpe", raw))
    items = _add_plans(session, document.get("plans", []))
    session.flush()  # plan item ids, for the courses' links
    for raw in document.get("courses", []):
        _add_course(session, with_defaults("course", raw), items)
    session.flush()


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


def _add_experience(session: Session, record: Mapping[str, Any]) -> None:
    entry = ExperienceEntry(
        employer=record["employer"],
        title=record["title"],
        start=_required_date(record["start"]),
        end=_date(record["end"]),
        hours_per_week=float(record["hours_per_week"]),
        paid=record["paid"],
        management=record["management"],
        notes=record["notes"],
    )
    # Domain rows keep the document's order (ids ascend), which the exporter reproduces.
    entry.domains = [
        ExperienceDomain(cert_code=code, domain=name)
        for code, names in record["domains"].items()
        for name in names
    ]
    session.add(entry)


def _add_held(session: Session, record: Mapping[str, Any]) -> None:
    session.add(
        HeldCertification(
            cert_code=record["code"],
            status=record["status"],
            target_date=_date(record["target_date"]),
            exam_date=_date(record["exam_date"]),
            earned_on=_date(record["earned_on"]),
            expires_on=_date(record["expires_on"]),
            endorsed_on=_date(record["endorsed_on"]),
            credential_id=record["credential_id"],
            employer_paid=record["employer_paid"],
            notes=record["notes"],
        )
    )


def _add_cpe(session: Session, record: Mapping[str, Any]) -> None:
    activity = CpeActivity(
        date=_required_date(record["date"]),
        activity=record["activity"],
        provider=record["provider"],
        credits=float(record["credits"]),
        category=record["category"],
        notes=record["notes"],
    )
    activity.allocations = [CpeAllocation(cert_code=code) for code in record["applies_to"]]
    session.add(activity)


def _add_plans(session: Session, plans: list[Mapping[str, Any]]) -> dict[ItemKey, PlanItem]:
    """Add plans, stages and items, then their dependencies; returns items by document index."""
    items: dict[ItemKey, PlanItem] = {}
    depends: list[tuple[ItemKey, ItemKey]] = []
    for plan_index, raw_plan in enumerate(plans):
        record = with_defaults("plan", raw_plan)
        plan = Plan(name=record["name"], active=record["active"], target_role=record["target_role"])
        for stage_index, raw_stage in enumerate(record["stages"]):
            stage_record = with_defaults("stage", raw_stage)
            stage = Stage(
                position=stage_index,
                role=stage_record["role"],
                start=_date(stage_record["start"]),
                end=_date(stage_record["end"]),
            )
            for item_index, raw_item in enumerate(stage_record["items"]):
                item_record = with_defaults("item", raw_item)
                item = _plan_item(item_index, item_record)
                stage.items.append(item)
                key = (plan_index, stage_index, item_index)
                items[key] = item
                depends += [
                    (key, (plan_index, int(ref["stage"]), int(ref["item"])))
                    for ref in item_record["depends_on"]
                ]
            plan.stages.append(stage)
        session.add(plan)
    if depends:
        session.flush()  # item ids are needed for the dependency rows
        session.add_all(
            ItemDependency(item_id=items[item].id, depends_on_id=items[target].id)
            for item, target in depends
        )
    return items


def _plan_item(position: int, record: Mapping[str, Any]) -> PlanItem:
    return PlanItem(
        position=position,
        kind=record["kind"],
        title=record["title"],
        ref_code=record["ref"],
        due=_date(record["due"]),
        status=record["status"],
        cost=_float_or_none(record["cost"]),
        hours=_float_or_none(record["hours"]),
        employer_paid=record["employer_paid"],
        notes=record["notes"],
    )


def _add_course(
    session: Session, record: Mapping[str, Any], items: Mapping[ItemKey, PlanItem]
) -> None:
    link = record["plan_item"]
    item_id = None
    if link is not None:
        item_id = items[(int(link["plan"]), int(link["stage"]), int(link["item"]))].id
    course = Course(
        title=record["title"],
        provider=record["provider"],
        url=record["url"],
        hours=float(record["hours"]),
        progress=float(record["progress"]),
        completed_on=_date(record["completed_on"]),
        cost=float(record["cost"]),
        cpe_credits=float(record["cpe_credits"]),
        employer_paid=record["employer_paid"],
        plan_item_id=item_id,
        notes=record["notes"],
    )
    session.add(course)
