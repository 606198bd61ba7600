"""A large, valid database for the scale and memory benchmarks (not a benchmark itself).

The file is created by the real migrations (``open_database``). Every row is first checked with
the services' own validators (``validate_experience``, ``validate_cpe``, ``validate_item``,
``validate_course``, ``validate_held``...), then written with one bulk ``INSERT`` per table in one
transaction: going through ``add_entry``/``add_activity`` row by row would re-read the catalog
for each of the 10,000 rows and take minutes for nothing the screens care about. Afterwards the
rows are read back through the services and the file passes ``check_database``
(``integrity_check`` + ``foreign_key_check``).

Usage from a benchmark::

    from _seed import seed_database
    counts = seed_database(path, cpe=10_000, experience=2_000, plan_items=500)
"""

from __future__ import annotations

import datetime as dt
import pathlib
import random
import sys
from collections.abc import Iterable, Mapping
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from cso_planner.db.maintenance import check_database
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
from cso_planner.db.opening import open_database
from cso_planner.services import certifications as certs
from cso_planner.services import courses as courses_service
from cso_planner.services import cpe as cpe_service
from cso_planner.services import experience as experience_service
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.validation import validate_item, validate_plan_name, validate_stage

D = dt.date

EMPLOYERS = (
    "Northwind Bank", "Contoso Health", "Fabrikam Retail", "Tailspin Airlines", "Litware Inc",
    "Adventure Works", "Woodgrove Bank", "Proseware", "Wide World Importers", "Coho Winery",
    "Alpine Ski House", "Fourth Coffee", "Humongous Insurance", "Lucerne Publishing",
    "Margie's Travel", "Trey Research", "Blue Yonder Airlines", "City Power & Light",
)  # fmt: skip
TITLES = (
    "SOC Analyst", "Security Engineer", "Senior Security Engineer", "Incident Responder",
    "Security Architect", "GRC Analyst", "IAM Engineer", "Penetration Tester",
    "Security Manager", "Head of Security Operations", "Director of Security", "Deputy CISO",
)  # fmt: skip
MANAGEMENT_TITLES = {"Security Manager", "Head of Security Operations", "Director of Security",
                     "Deputy CISO"}  # fmt: skip
CPE_PROVIDERS = ("ISC2", "ISACA", "SANS", "ASIS", "EC-Council", "Cybrary", "Coursera",
                 "LinkedIn Learning", "OWASP chapter", "BSides")  # fmt: skip
CPE_KINDS = ("Webinar", "Conference session", "Chapter meeting", "Online course",
             "Article written", "Podcast", "Workshop", "Training", "Volunteering")  # fmt: skip
CPE_TOPICS = ("cloud security", "zero trust", "incident response", "risk management",
              "threat modelling", "identity", "ransomware", "privacy", "OT security",
              "security awareness", "audit", "physical security", "leadership")  # fmt: skip
ROLES = ("Security Engineer", "Security Manager", "Director of Security", "CISO",
         "Chief Security Officer")  # fmt: skip
ITEM_KINDS = ("certification", "course", "skill", "experience", "education")
ITEM_STATUSES_PAST = ("done", "done", "in_progress", "skipped")

# Held certifications: the CPE log applies to the earned ones.
HELD = (
    certs.HeldDraft("CISSP", "earned", exam_date=D(2016, 2, 10), earned_on=D(2016, 4, 1),
                    expires_on=D(2028, 4, 30), credential_id="CISSP-845120"),
    certs.HeldDraft("CISM", "earned", exam_date=D(2019, 9, 5), earned_on=D(2019, 11, 1),
                    expires_on=D(2028, 1, 31), credential_id="CISM-190023"),
    certs.HeldDraft("CISA", "earned", exam_date=D(2021, 3, 2), earned_on=D(2021, 5, 10),
                    expires_on=D(2029, 1, 31)),
    certs.HeldDraft("CCSP", "earned", exam_date=D(2022, 6, 1), earned_on=D(2022, 7, 15),
                    expires_on=D(2028, 7, 31)),
    certs.HeldDraft("Security+", "expired", exam_date=D(2012, 1, 10), earned_on=D(2012, 1, 10),
                    expires_on=D(2015, 1, 10)),
    certs.HeldDraft("CPP", "studying", target_date=D(2027, 9, 30)),
    certs.HeldDraft("CCISO", "planned", target_date=D(2029, 6, 30)),
    certs.HeldDraft("CGEIT", "scheduled", target_date=D(2027, 3, 1), exam_date=D(2027, 3, 1)),
)  # fmt: skip


def _bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model.__table__), rows)


def _catalog(session: Session) -> tuple[dict[str, tuple[str, ...]], list[str]]:
    domains = {c.code: c.domains for c in experience_service.domain_catalog(session)}
    codes = [code for code, _ in certs.catalog_choices(session)]
    return domains, codes


def _held_rows(session: Session, codes: list[str]) -> list[dict[str, Any]]:
    rows, taken = [], []
    for i, draft in enumerate(HELD, start=1):
        errors = certs.validate_held(draft, codes, taken)
        if errors:
            raise ValueError(f"seed: held {draft.cert_code}: {errors}")
        taken.append(draft.cert_code)
        rows.append({"id": i, "cert_code": draft.cert_code, "status": draft.status,
                     "target_date": draft.target_date, "exam_date": draft.exam_date,
                     "earned_on": draft.earned_on, "expires_on": draft.expires_on,
                     "endorsed_on": None, "credential_id": draft.credential_id,
                     "employer_paid": i % 2 == 0, "notes": ""})  # fmt: skip
    return rows


def _experience(
    rng: random.Random, n: int, domains: Mapping[str, tuple[str, ...]], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    known = {code: frozenset(names) for code, names in domains.items()}
    tag_codes = [
        c for c in ("CISSP", "CISM", "CCISO", "CPP", "CISA", "CCSP", "CRISC") if c in known
    ]
    origin = D(1990, 1, 1).toordinal()
    span = today.toordinal() - 60 - origin
    entries, tags = [], []
    tag_id = 0
    for i in range(1, n + 1):
        start = D.fromordinal(origin + rng.randrange(span))
        end = None if i % 400 == 0 else min(start + dt.timedelta(days=rng.randrange(30, 4 * 365)),
                                             today)  # fmt: skip
        title = rng.choice(TITLES)
        picked: list[tuple[str, str]] = []
        for code in rng.sample(tag_codes, k=rng.randint(0, 3)):
            names = domains[code]
            picked.extend(
                (code, d) for d in rng.sample(names, k=rng.randint(1, min(3, len(names))))
            )
        draft = experience_service.ExperienceDraft(
            employer=rng.choice(EMPLOYERS),
            title=title,
            start=start,
            end=end,
            hours_per_week=rng.choice((16.0, 20.0, 30.0, 37.5, 40.0, 40.0, 40.0, 45.0)),
            paid=rng.random() > 0.05,
            management=title in MANAGEMENT_TITLES,
            notes="" if i % 3 else f"Reference: {rng.choice(EMPLOYERS)} HR, letter #{i}",
            domains=tuple(picked),
        )
        errors = experience_service.validate_experience(draft, known)
        if errors:
            raise ValueError(f"seed: experience {i}: {errors}")
        entries.append({"id": i, "employer": draft.employer, "title": draft.title,
                        "start": draft.start, "end": draft.end,
                        "hours_per_week": draft.hours_per_week, "paid": draft.paid,
                        "management": draft.management, "notes": draft.notes})  # fmt: skip
        for code, domain in draft.domains:
            tag_id += 1
            tags.append({"id": tag_id, "entry_id": i, "cert_code": code, "domain": domain})
    return entries, tags


def _cpe(
    rng: random.Random, n: int, held: Iterable[str], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    held_codes = list(held)
    first = today.toordinal() - 12 * 365
    activities, allocations = [], []
    alloc_id = 0
    for i in range(1, n + 1):
        kind, topic = rng.choice(CPE_KINDS), rng.choice(CPE_TOPICS)
        draft = cpe_service.CpeDraft(
            date=D.fromordinal(rng.randrange(first, today.toordinal() + 1)),
            activity=f"{kind}: {topic} #{i}",
            credits=rng.choice((0.5, 1.0, 1.0, 1.5, 2.0, 3.0, 4.0, 8.0)),
            provider=rng.choice(CPE_PROVIDERS),
            category=rng.choice((*cpe_service.CATEGORY_SUGGESTIONS, None)),
            notes="" if i % 4 else f"Certificate of attendance {rng.randrange(10**6):06d}",
            certifications=tuple(rng.sample(held_codes, k=rng.choice((0, 1, 1, 1, 2)))),
        )
        errors = cpe_service.validate_cpe(draft, held_codes)
        if errors:
            raise ValueError(f"seed: CPE {i}: {errors}")
        activities.append({"id": i, "date": draft.date, "activity": draft.activity,
                           "provider": draft.provider, "credits": draft.credits,
                           "category": draft.category, "notes": draft.notes})  # fmt: skip
        for code in draft.certifications:
            alloc_id += 1
            allocations.append({"id": alloc_id, "activity_id": i, "cert_code": code})
    return activities, allocations


def _plan(
    rng: random.Random, n_items: int, codes: list[str], today: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    name = "Road to CSO 2036"
    if validate_plan_name(name, []):
        raise ValueError("seed: plan name")
    plans = [{"id": 1, "name": name, "active": True, "target_role": "Chief Security Officer"}]
    stages, items, deps = [], [], []
    year = today.year - 4
    per_stage = [n_items // len(ROLES) + (1 if i < n_items % len(ROLES) else 0)
                 for i in range(len(ROLES))]  # fmt: skip
    item_id = 0
    for position, (role, count) in enumerate(zip(ROLES, per_stage, strict=True)):
        start, end = D(year, 1, 1), D(year + 2, 12, 31)
        year += 3
        stage = StageDraft(role=role, start=start, end=end)
        if validate_stage(stage):
            raise ValueError(f"seed: stage {role}")
        stage_id = position + 1
        stages.append({"id": stage_id, "plan_id": 1, "position": position, "role": role,
                       "start": start, "end": end})  # fmt: skip
        first_in_stage = item_id + 1
        for index in range(count):
            item_id += 1
            kind = ITEM_KINDS[index % len(ITEM_KINDS)]
            due = start + dt.timedelta(days=(end - start).days * (index + 1) // (count + 1))
            ref = rng.choice(codes) if kind == "certification" else None
            draft = ItemDraft(
                title=f"{role}: {ref or kind} step {index + 1}",
                kind=kind,
                ref_code=ref,
                due=due,
                status=rng.choice(ITEM_STATUSES_PAST) if due < today else "planned",
                cost=float(rng.choice((0, 50, 120, 350, 749, 1200))) if index % 2 else None,
                hours=float(rng.choice((4, 10, 20, 40, 80))) if index % 3 else None,
                employer_paid=index % 5 == 0,
                notes="" if index % 7 else "Book the exam once the practice tests pass 80%.",
            )
            if validate_item(draft):
                raise ValueError(f"seed: item {item_id}: {validate_item(draft)}")
            items.append({"id": item_id, "stage_id": stage_id, "position": index,
                          "kind": draft.kind, "title": draft.title, "ref_code": draft.ref_code,
                          "due": draft.due, "status": draft.status, "cost": draft.cost,
                          "hours": draft.hours, "employer_paid": draft.employer_paid,
                          "notes": draft.notes})  # fmt: skip
            # Chains inside a stage: only earlier items, so the graph has no cycle.
            if index % 4 and item_id > first_in_stage:
                deps.append({"item_id": item_id, "depends_on_id": item_id - 1})
    return plans, stages, items, deps


def _courses(
    rng: random.Random, n: int, items: list[dict[str, Any]], today: dt.date
) -> list[dict[str, Any]]:
    course_items = [i["id"] for i in items if i["kind"] == "course"]
    rows = []
    for i in range(1, n + 1):
        progress = rng.choice((0.0, 10.0, 40.0, 75.0, 100.0, 100.0))
        draft = courses_service.CourseDraft(
            title=f"{rng.choice(CPE_TOPICS).capitalize()} course {i}",
            provider=rng.choice(courses_service.PROVIDERS),
            url=f"https://example.org/courses/{i}" if i % 3 else None,
            hours=float(rng.choice((2, 6, 12, 30, 40))),
            progress=progress,
            completed_on=today - dt.timedelta(days=rng.randrange(1, 3000))
            if progress >= 100
            else None,
            cost=float(rng.choice((0, 0, 29, 59, 399, 2500))),
            cpe_credits=float(rng.choice((0, 2, 6, 12))),
            employer_paid=i % 4 == 0,
            plan_item_id=course_items[i % len(course_items)] if course_items and i % 2 else None,
        )
        errors = courses_service.validate_course(draft)
        if errors:
            raise ValueError(f"seed: course {i}: {errors}")
        rows.append({"id": i, "title": draft.title, "provider": draft.provider, "url": draft.url,
                     "hours": draft.hours, "progress": draft.progress,
                     "completed_on": draft.completed_on, "cost": draft.cost,
                     "cpe_credits": draft.cpe_credits, "employer_paid": draft.employer_paid,
                     "plan_item_id": draft.plan_item_id, "notes": draft.notes})  # fmt: skip
    return rows


def seed_database(
    path: pathlib.Path,
    *,
    cpe: int = 10_000,
    experience: int = 2_000,
    plan_items: int = 500,
    courses: int = 300,
    seed: int = 7,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Create ``path`` with the real migrations and fill it; returns the row counts read back.

    ``cpe=experience=plan_items=courses=0`` gives an empty (but migrated) database.
    """
    today = today or dt.date.today()
    rng = random.Random(seed)
    database = open_database(path)
    try:
        if cpe or experience or plan_items or courses:
            with database.session_factory.begin() as session:
                domains, codes = _catalog(session)
                session.execute(
                    insert(Profile.__table__),
                    [{"id": 1, "name": "Bench Person", "current_role": "Security Manager",
                      "career_start_year": 1990, "target_role": "Chief Security Officer",
                      "target_date": D(today.year + 10, 12, 31), "track": "management",
                      "weekly_study_hours": 8.0, "currency": "USD"}],
                )  # fmt: skip
                degree = {"id": 1, "level": "master", "field": "Cyber Security",
                          "it_related": True, "completed_on": D(1995, 6, 30)}  # fmt: skip
                _bulk(session, Education, [degree])
                held = _held_rows(session, codes)
                _bulk(session, HeldCertification, held)
                entries, tags = _experience(rng, experience, domains, today)
                _bulk(session, ExperienceEntry, entries)
                _bulk(session, ExperienceDomain, tags)
                earned = [h["cert_code"] for h in held if h["status"] == "earned"]
                activities, allocations = _cpe(rng, cpe, earned, today)
                _bulk(session, CpeActivity, activities)
                _bulk(session, CpeAllocation, allocations)
                if plan_items:
                    plans, stages, items, deps = _plan(rng, plan_items, codes, today)
                    _bulk(session, Plan, plans)
                    _bulk(session, Stage, stages)
                    _bulk(session, PlanItem, items)
                    _bulk(session, ItemDependency, deps)
                else:
                    items = []
                _bulk(session, Course, _courses(rng, courses, items, today))
        with database.session_factory() as session:
            counts = {
                "experience": len(experience_service.list_entries(session)),
                "cpe": len(cpe_service.list_activities(session)),
                "plan_items": session.scalar(select(func.count()).select_from(PlanItem)) or 0,
                "courses": len(courses_service.list_courses(session)),
                "held": len(certs.list_held(session)),
            }
    finally:
        database.dispose()
    report = check_database(path)
    if not report.ok:
        raise RuntimeError("seeded database failed its check:\n" + "\n".join(report.lines))
    return counts
