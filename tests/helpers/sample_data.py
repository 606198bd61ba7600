"""A realistic person, written through the ORM: ~8 years in, CISSP earned, on the way to CSO."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from cso_planner.db.models import (
    Course,
    CpeActivity,
    CpeAllocation,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    Plan,
    PlanItem,
    Profile,
    Stage,
)

D = dt.date


def _job(
    employer: str,
    title: str,
    start: dt.date,
    end: dt.date | None,
    *,
    management: bool = False,
    tags: dict[str, list[str]],
) -> ExperienceEntry:
    entry = ExperienceEntry(
        employer=employer,
        title=title,
        start=start,
        end=end,
        hours_per_week=40,
        paid=True,
        management=management,
    )
    entry.domains = [
        ExperienceDomain(cert_code=code, domain=name)
        for code, names in tags.items()
        for name in names
    ]
    return entry


def add_sample_person(
    session: Session, *, items_per_stage: int = 3, long_notes: bool = True
) -> None:
    session.add(
        Profile(
            name="Dana Whitfield",
            current_role="Security Engineer",
            career_start_year=2018,
            target_role="Chief Security Officer",
            target_date=D(2034, 12, 31),
            track="technical",
            weekly_study_hours=6,
        )
    )
    session.add(
        Education(
            level="bachelor", field="Computer Science", it_related=True, completed_on=D(2017, 6, 1)
        )
    )
    session.add_all(
        [
            _job(
                "Northwind Bank",
                "SOC Analyst",
                D(2018, 7, 1),
                D(2020, 12, 31),
                tags={"CISSP": ["Security Operations", "Communication and Network Security"]},
            ),
            _job(
                "Contoso Health",
                "Security Engineer",
                D(2021, 1, 15),
                D(2023, 8, 31),
                tags={
                    "CISSP": [
                        "Security Architecture and Engineering",
                        "Identity and Access Management (IAM)",
                    ]
                },
            ),
            _job(
                "Fabrikam Retail",
                "Senior Security Engineer",
                D(2023, 9, 1),
                None,
                management=True,
                tags={"CISSP": ["Security and Risk Management"]},
            ),
        ]
    )
    session.add(
        HeldCertification(
            cert_code="CISSP",
            status="earned",
            exam_date=D(2023, 11, 2),
            earned_on=D(2024, 1, 15),
            expires_on=D(2027, 1, 31),
            credential_id="CISSP-845120",
            notes="<b>renew early</b>",
        )
    )
    session.add(HeldCertification(cert_code="CISM", status="studying", target_date=D(2027, 6, 30)))
    session.add(HeldCertification(cert_code="CCISO", status="planned", target_date=D(2031, 3, 31)))
    for offset, credits in enumerate((2, 3.5, 8, 1, 4)):
        activity = CpeActivity(
            date=D(2025, 2 + offset, 10),
            activity=f"Webinar #{offset + 1}",
            provider="ISC2",
            credits=credits,
            category="A",
        )
        activity.allocations = [CpeAllocation(cert_code="CISSP")]
        session.add(activity)
    session.add(
        Course(
            title="Leadership for security managers",
            provider="LinkedIn Learning",
            url="https://www.linkedin.com/learning/",
            hours=6,
            progress=100,
            completed_on=D(2025, 5, 1),
            cost=0,
            cpe_credits=6,
        )
    )
    session.add(
        Course(
            title="CISM prep",
            provider="Cybrary",
            url="https://www.cybrary.it/",
            hours=30,
            progress=40,
            cost=59,
        )
    )

    plan = Plan(name="Road to CSO 2034", active=True, target_role="Chief Security Officer")
    roles = [
        ("Security Engineer", D(2021, 1, 15), D(2025, 12, 31)),
        ("Security Manager", D(2026, 1, 1), D(2028, 12, 31)),
        ("Director of Security", D(2029, 1, 1), D(2031, 12, 31)),
        ("CISO", D(2032, 1, 1), D(2033, 12, 31)),
        ("Chief Security Officer", D(2034, 1, 1), D(2034, 12, 31)),
    ]
    kinds = ["certification", "course", "skill", "experience", "education"]
    statuses = ["done", "in_progress", "planned", "skipped"]
    note = (
        "Study with the official guide; book the exam once the practice tests pass 80%. "
        '<b>x</b> and <img src="/etc/passwd"> stay literal. '
    ) * (4 if long_notes else 1)
    for position, (role, start, end) in enumerate(roles):
        stage = Stage(position=position, role=role, start=start, end=end)
        span = (end - start).days
        for index in range(items_per_stage):
            stage.items.append(
                PlanItem(
                    position=index,
                    kind=kinds[index % len(kinds)],
                    title=f"{role}: step {index + 1}",
                    due=start + dt.timedelta(days=span * (index + 1) // (items_per_stage + 1)),
                    status=statuses[(index + position) % len(statuses)]
                    if position < 2
                    else "planned",
                    cost=float(100 * (index + 1)),
                    hours=float(10 * (index + 1)),
                    notes=note if index == 0 else "",
                )
            )
        plan.stages.append(stage)
    session.add(plan)
