"""Turn the first-run wizard's answers into a dated plan to CSO or CISO.

Two steps, so the wizard can preview before anything is written:
:func:`preview_plan` builds a :class:`PlanTemplate` (pure values) and :func:`generate_plan`
writes the profile, degrees, earned certifications and the active plan in the caller's
transaction.

Where the dates come from:
- stages are rungs of the role ladder (bundled catalog ``roles``) for the chosen track, from the
  current role to the target, spread between today and the target year in proportion to the
  years the ladder suggests for each rung, counted from the year the career started;
- certification goals are placed no earlier than the eligibility engine's projected date for a
  person working full time in security from that year (management from the Manager stage on),
  with the degrees and certifications they have and the goals placed before them; when the
  engine cannot answer for a certification, the catalog's experience years counted from the
  career start are used instead (and the item's notes say so);
- courses, reading and skills come from the two source articles (Cybrary and LinkedIn Learning
  courses; Security Magazine and CSO Online; leadership, communication, risk management,
  business acumen, HIPAA/GDPR/CCPA).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cso_planner import limits
from cso_planner.catalog import Catalog, CatalogRole, load_bundled_catalog
from cso_planner.dates import format_date
from cso_planner.db.models import (
    EDUCATION_LEVELS,
    Certification,
    Education,
    ExperienceDomain,
    ExperienceEntry,
    HeldCertification,
    Plan,
    Profile,
)
from cso_planner.eligibility import (
    Degree,
    ExperienceSpan,
    Facts,
    HeldCert,
    RuleVersion,
    evaluate_certification,
)
from cso_planner.money import USD, Money, Total, format_money
from cso_planner.services import plans
from cso_planner.services.drafts import ItemDraft, StageDraft
from cso_planner.services.errors import InvalidDraftError
from cso_planner.services.facts import load_rules

TRACKS: tuple[str, ...] = ("technical", "corporate", "executive")
TARGET_ROLES: tuple[str, ...] = ("CSO", "CISO")
TRACK_TITLES: Mapping[str, str] = {
    "technical": "Technical (CISO) track",
    "corporate": "Corporate / physical security (CSO) track",
    "executive": "Executive track",
}
TRACK_EXPLANATIONS: Mapping[str, str] = {
    "technical": "Analyst → engineer → manager → director → CISO: Security+, CySA+, CISSP, "
    "CISM, then CCISO.",
    "corporate": "Converged physical and corporate security: Security+, CISSP, then ASIS's "
    "PSP, PCI (investigations) and CPP.",
    "executive": "Straight to governance and leadership: CISSP, CISM, ISC2's ISSMP and "
    "EC-Council's CCISO.",
}
TRACK_CERTIFICATIONS: Mapping[str, tuple[str, ...]] = {
    "technical": ("Security+", "CySA+", "CISSP", "CISM", "CCISO"),
    "corporate": ("Security+", "CISSP", "PSP", "PCI", "CPP"),
    "executive": ("CISSP", "CISM", "ISSMP", "CCISO"),
}
# Ladder rungs (catalog role ``order``) a track passes through below its target.
TRACK_RUNGS: Mapping[str, tuple[int, ...]] = {
    "technical": (1, 2, 3, 4, 5, 6),
    "corporate": (2, 4, 5),
    "executive": (2, 4, 5, 6),
}
TARGET_ORDER: Mapping[str, int] = {"CISO": 6, "CSO": 7}
MANAGER_ORDER = 4
# Typical study hours per exam (planning estimates, not issuer figures); unknown by level.
STUDY_HOURS: Mapping[str, float] = {
    "Security+": 80,
    "CySA+": 100,
    "CISSP": 200,
    "CISM": 150,
    "CCISO": 120,
    "PSP": 100,
    "CPP": 150,
}
STUDY_HOURS_BY_LEVEL: Mapping[str, float] = {
    "entry": 60,
    "intermediate": 100,
    "advanced": 180,
    "executive": 120,
}
ROLE_KEYWORDS: tuple[tuple[str, int], ...] = (
    ("chief security", 7),
    ("cso", 7),
    ("chief information security", 6),
    ("ciso", 6),
    ("director", 5),
    ("head of", 5),
    ("manager", 4),
    ("engineer", 3),
    ("architect", 3),
    ("soc", 1),
    ("analyst", 2),
    ("specialist", 2),
)
MAX_NAME = limits.MAX_NAME


# --- answers -------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class EducationAnswer:
    """One degree: level (associate..doctorate), field, IT-related, year completed (or due)."""

    level: str
    field: str = ""
    it_related: bool = False
    completed_year: int | None = None


@dataclasses.dataclass(frozen=True)
class EarnedCertification:
    code: str
    year: int


@dataclasses.dataclass(frozen=True)
class WizardAnswers:
    """Everything the first-run wizard asks."""

    name: str
    current_role: str
    career_start_year: int
    target_year: int
    target_role: str = "CSO"
    track: str = "technical"
    education: tuple[EducationAnswer, ...] = ()
    earned: tuple[EarnedCertification, ...] = ()
    weekly_study_hours: float = 6.0
    currency: str = "USD"


def validate_answers(
    answers: WizardAnswers, today: dt.date, known_codes: Sequence[str] = ()
) -> dict[str, str]:
    """Field -> message for every answer that cannot make a plan (empty when all is well)."""
    errors: dict[str, str] = {}
    if not answers.name.strip():
        errors["name"] = "Enter your name (it goes on the PDF cover)."
    elif len(answers.name.strip()) > MAX_NAME:
        errors["name"] = f"Keep the name under {MAX_NAME} characters."
    if not answers.current_role.strip():
        errors["current_role"] = "Choose your current role."
    if not today.year - 50 <= answers.career_start_year <= today.year:
        errors["career_start_year"] = (
            f"Enter a year between {today.year - 50} and {today.year} "
            "(this year if you are just starting)."
        )
    if answers.target_role not in TARGET_ROLES:
        errors["target_role"] = "Choose CSO or CISO."
    if not today.year + 1 <= answers.target_year <= today.year + 40:
        errors["target_year"] = f"Choose a year from {today.year + 1} to {today.year + 40}."
    if answers.track not in TRACKS:
        errors["track"] = "Choose a track."
    for n, degree in enumerate(answers.education):
        if degree.level not in EDUCATION_LEVELS:
            errors[f"education.{n}"] = f"Unknown degree level “{degree.level}”."
        elif degree.completed_year is not None and not (
            1950 <= degree.completed_year <= today.year + 10
        ):
            errors[f"education.{n}"] = "The year completed looks wrong."
    for cert in answers.earned:
        if known_codes and cert.code not in known_codes:
            errors[f"earned.{cert.code}"] = f"“{cert.code}” is not in the catalog."
        elif not 1980 <= cert.year <= today.year:
            errors[f"earned.{cert.code}"] = f"Enter the year you earned {cert.code} (not later)."
    return errors


# --- the template --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ItemTemplate:
    """One generated item; ``key`` is unique in the plan and names it in ``depends_on``."""

    key: str
    kind: str
    title: str
    due: dt.date | None
    hours: float | None = None
    cost: float | None = None  # the person's currency; catalog fees go in ``exam_fee_usd``
    ref_code: str | None = None
    exam_fee_usd: float | None = None  # the catalog's exam fee: the budget's estimate
    notes: str = ""
    depends_on: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class StageTemplate:
    role: str
    order: int
    start: dt.date
    end: dt.date
    items: tuple[ItemTemplate, ...]


@dataclasses.dataclass(frozen=True)
class PlanTemplate:
    """What the wizard's summary shows and :func:`generate_plan` writes."""

    name: str
    target_role: str
    target_date: dt.date
    stages: tuple[StageTemplate, ...]
    eligibility_source: str  # "engine", "catalog" or "engine and catalog"
    warnings: tuple[str, ...] = ()

    @property
    def items(self) -> list[ItemTemplate]:
        return [i for s in self.stages for i in s.items]

    @property
    def exam_fees(self) -> Total:
        """The catalog's exam fees of the plan (US dollars, estimated)."""
        return Total.of(Money(i.exam_fee_usd, USD) for i in self.items if i.exam_fee_usd)

    @property
    def total_hours(self) -> float:
        return sum(i.hours or 0.0 for i in self.items)


@dataclasses.dataclass(frozen=True)
class CertFacts:
    """The few catalog facts the template needs about one certification."""

    code: str
    name: str
    level: str
    exam_price: float | None
    experience_years: float | None
    cycle_years: int | None
    domains: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class GeneratedPlan:
    plan_id: int
    profile_id: int
    template: PlanTemplate


def short_role(role: str) -> str:
    """A stage label from a ladder role: "Security Manager (information or ...)" -> "Security
    Manager"; short acronyms such as "(CISO)" are kept."""
    text = re.sub(r"\s*\([^)]{7,}\)", "", role)
    return text.split(" / ")[0].split(" - ")[0].strip()


def ladder_order(role: str, ladder: Sequence[CatalogRole]) -> int:
    """Which rung a role name is on: exact ladder names first, then keywords; 2 when unknown."""
    wanted = role.strip().lower()
    for rung in ladder:
        if wanted in (rung.role.lower(), short_role(rung.role).lower()):
            return rung.order
    for keyword, order in ROLE_KEYWORDS:
        if keyword in wanted:
            return order
    return 2


def _years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _stage_rungs(answers: WizardAnswers, ladder: Sequence[CatalogRole]) -> list[CatalogRole]:
    by_order = {r.order: r for r in ladder}
    current = ladder_order(answers.current_role, ladder)
    target = TARGET_ORDER[answers.target_role]
    if current >= target:
        orders = [target]
    else:
        middle = [r for r in TRACK_RUNGS[answers.track] if current < r < target]
        orders = [current, *middle, target]
    return [by_order[o] for o in orders if o in by_order]


def _stage_dates(
    rungs: Sequence[CatalogRole], answers: WizardAnswers, today: dt.date
) -> tuple[list[tuple[dt.date, dt.date]], list[str]]:
    """Start/end of every stage: the rungs below the target share the time until the target
    year in proportion to the years the ladder puts between them; the target stage is the
    target year itself."""
    target_start = dt.date(answers.target_year, 1, 1)
    target_end = dt.date(answers.target_year, 12, 31)
    warnings: list[str] = []
    career_start = dt.date(answers.career_start_year, 1, 1)
    experience_now = max(_years_between(career_start, today), 0.0)
    target_rung = rungs[-1]
    needed = target_rung.min_years or 0.0
    at_target = _years_between(career_start, target_start)
    if needed and at_target < needed:
        warnings.append(
            f"The role ladder suggests about {needed:g} years of experience before "
            f"{short_role(target_rung.role)}; this plan gets there after {at_target:.0f}. "
            "The dates are kept as asked; a later target year gives each stage more room."
        )
    if len(rungs) == 1:
        return [(today, max(target_end, today))], warnings
    weights = []
    for k, rung in enumerate(rungs[:-1]):
        nxt = rungs[k + 1].min_years or 0.0
        here = experience_now if k == 0 else (rung.min_years or 0.0)
        weights.append(max(1.0, nxt - here))
    total_days = (target_start - today).days
    dates = []
    start = today
    acc = 0.0
    for k, weight in enumerate(weights):
        acc += weight
        end_exclusive = today + dt.timedelta(days=round(total_days * acc / sum(weights)))
        if k == len(weights) - 1:
            end_exclusive = target_start
        dates.append((start, max(start, end_exclusive - dt.timedelta(days=1))))
        start = end_exclusive
    dates.append((target_start, target_end))
    return dates, warnings


def _study_days(hours: float, weekly: float) -> int:
    weekly = weekly if weekly > 0 else 6.0
    return math.ceil(hours / weekly * 7)


@dataclasses.dataclass
class _Stage:
    role: str
    order: int
    start: dt.date
    end: dt.date
    typical: tuple[str, ...] = ()
    items: list[ItemTemplate] = dataclasses.field(default_factory=list)


def _stage_for(stages: Sequence[_Stage], day: dt.date) -> _Stage:
    """The stage whose dates hold ``day`` (the last one grows to hold late items)."""
    for stage in stages:
        if stage.start <= day <= stage.end:
            return stage
    if day < stages[0].start:
        return stages[0]
    last = stages[-1]
    last.end = max(last.end, day)
    return last


def _stage_at_level(stages: Sequence[_Stage], order: int) -> _Stage:
    """The last stage at or below rung ``order`` (the first stage when all are above it)."""
    chosen = stages[0]
    for stage in stages:
        if stage.order <= order:
            chosen = stage
    return chosen


def _within(stage: _Stage, fraction: float) -> dt.date:
    return stage.start + dt.timedelta(days=round((stage.end - stage.start).days * fraction))


class _Eligibility:
    """Projected eligibility dates from the engine, with the catalog years as a fallback."""

    def __init__(
        self,
        answers: WizardAnswers,
        today: dt.date,
        certs: Mapping[str, CertFacts],
        rules: Sequence[RuleVersion] | None,
        management_from: dt.date,
    ) -> None:
        self.today = today
        self.rules = rules
        self.certs = certs
        self.career_start = dt.date(answers.career_start_year, 1, 1)
        domains = {code: frozenset(c.domains) for code, c in certs.items() if c.domains}
        spans = []
        if management_from > self.career_start:
            spans.append(
                ExperienceSpan(
                    self.career_start,
                    management_from - dt.timedelta(days=1),
                    domains=domains,
                )
            )
        spans.append(
            ExperienceSpan(
                max(management_from, self.career_start), None, management=True, domains=domains
            )
        )
        self.experience = tuple(spans)
        self.degrees = tuple(
            Degree(
                d.level,
                d.field,
                d.it_related,
                dt.date(d.completed_year, 6, 30) if d.completed_year else None,
            )
            for d in answers.education
        )
        self.held = [
            HeldCert(c.code, "earned", earned_on=min(dt.date(c.year, 7, 1), today))
            for c in answers.earned
        ]
        self.used: set[str] = set()

    def earned(self, code: str, on: dt.date) -> None:
        self.held.append(HeldCert(code, "earned", earned_on=on))

    def earliest(self, code: str) -> tuple[dt.date, str]:
        """The first day ``code`` can be sat, and a note saying how that was decided."""
        if self.rules is not None:
            facts = Facts(self.experience, self.degrees, tuple(self.held))
            try:
                answer = evaluate_certification(code, facts, self.rules, self.today)
            except (ValueError, KeyError, TypeError):
                answer = None
            if answer is not None and answer.error is None and answer.eligible_on is not None:
                self.used.add("engine")
                day = max(answer.eligible_on, self.today)
                return day, (
                    f"Projected eligibility: {format_date(day)} (rule as of "
                    f"{format_date(answer.as_of)}, {answer.source}), assuming full-time "
                    "security work since your career start."
                )
            if answer is None and self._no_rule(code):
                return self.today, ""
        years = self.certs[code].experience_years if code in self.certs else None
        if not years:
            return self.today, ""
        self.used.add("catalog")
        day = max(_add_years(self.career_start, math.ceil(years)), self.today)
        return day, (
            f"Estimated eligibility: {format_date(day)} ({years:g} years of experience counted "
            "from your career start, from the catalog)."
        )

    def _no_rule(self, code: str) -> bool:
        assert self.rules is not None
        return not any(r.cert_code == code and r.kind == "experience" for r in self.rules)

    @property
    def source(self) -> str:
        if self.used == {"engine", "catalog"}:
            return "engine and catalog"
        return next(iter(self.used), "engine" if self.rules is not None else "catalog")


def build_template(
    answers: WizardAnswers,
    today: dt.date,
    *,
    ladder: Sequence[CatalogRole],
    certs: Mapping[str, CertFacts],
    rules: Sequence[RuleVersion] | None,
    existing_names: Sequence[str] = (),
) -> PlanTemplate:
    """The plan for ``answers`` (pure: no database). ``rules=None`` uses catalog years only."""
    errors = validate_answers(answers, today, list(certs))
    if errors:
        raise InvalidDraftError(errors)
    ladder = sorted(ladder, key=lambda r: r.order)
    rungs = _stage_rungs(answers, ladder)
    dates, warnings = _stage_dates(rungs, answers, today)
    stages = [
        _Stage(short_role(r.role), r.order, start, end, r.typical_certifications)
        for r, (start, end) in zip(rungs, dates, strict=True)
    ]
    weekly = answers.weekly_study_hours
    manager_stage = next((s for s in stages if s.order >= MANAGER_ORDER), stages[-1])
    management_from = today if stages[0].order >= MANAGER_ORDER else manager_stage.start
    eligibility = _Eligibility(answers, today, certs, rules, management_from)

    # Milestones: the current job into the ledger, then each new role.
    first = stages[0]
    first.items.append(
        ItemTemplate(
            "ledger",
            "experience",
            "Log your jobs in the Experience ledger",
            min(today + dt.timedelta(days=14), first.end),
            notes="Eligibility dates become exact once your real work history is logged.",
        )
    )
    for stage in stages[1:]:
        stage.items.append(
            ItemTemplate(
                f"role:{stage.order}",
                "experience",
                f"Start as {stage.role}",
                stage.start,
                notes="A milestone: the role this stage is named after.",
            )
        )

    _add_certifications(answers, today, stages, certs, eligibility, weekly)
    _add_learning(answers, stages, weekly)
    if eligibility.used == {"catalog"} or rules is None:
        warnings.append(
            "Certification dates use the catalog's experience years (the eligibility engine "
            "could not answer); check them on the Certifications screen."
        )
    name = _plan_name(answers, existing_names)
    return PlanTemplate(
        name=name,
        target_role=answers.target_role,
        target_date=dt.date(answers.target_year, 1, 1),
        stages=tuple(
            StageTemplate(
                s.role,
                s.order,
                s.start,
                s.end,
                tuple(sorted(s.items, key=lambda i: (i.due or s.start, i.key))),
            )
            for s in stages
        ),
        eligibility_source=eligibility.source,
        warnings=tuple(warnings),
    )


def _plan_name(answers: WizardAnswers, existing: Sequence[str]) -> str:
    base = f"Road to {answers.target_role} {answers.target_year}"
    name, n = base, 2
    lowered = {e.lower() for e in existing}
    while name.lower() in lowered:
        name, n = f"{base} ({n})", n + 1
    return name


def _add_certifications(
    answers: WizardAnswers,
    today: dt.date,
    stages: list[_Stage],
    certs: Mapping[str, CertFacts],
    eligibility: _Eligibility,
    weekly: float,
) -> None:
    """Certification goals in track order, each after the previous one and once eligible."""
    held = {c.code for c in answers.earned}
    senior = stages[0].order >= MANAGER_ORDER
    codes = [
        c
        for c in TRACK_CERTIFICATIONS[answers.track]
        if c in certs
        and c not in held
        and not (senior and certs[c].level in ("entry", "intermediate"))
    ]
    previous: str | None = None
    ready = today
    for code in codes:
        cert = certs[code]
        hours = STUDY_HOURS.get(code, STUDY_HOURS_BY_LEVEL.get(cert.level, 100.0))
        study = _study_days(hours, weekly)
        eligible_on, why = eligibility.earliest(code)
        # In the first stage where the ladder lists it as typical, after the previous goal
        # and its study time, and never before the person is eligible.
        home = next((s for s in stages if code in s.typical), None)
        preferred = home.start + dt.timedelta(days=study) if home else today
        due = max(ready + dt.timedelta(days=study), eligible_on, preferred)
        stage = _stage_for(stages, due)
        course_key = f"course:{code}"
        course_due = min(
            due, max(due - dt.timedelta(days=study // 2), today + dt.timedelta(days=7))
        )
        course_stage = _stage_for(stages, course_due)
        course_stage.items.append(
            ItemTemplate(
                course_key,
                "course",
                f"Cybrary: {code} exam preparation",
                course_due,
                hours=30,
                notes="Cybrary (named in the CSO career guides) has prep paths for the major "
                "exams; check its current plans and prices.",
                depends_on=(f"cert:{previous}",) if previous else (),
            )
        )
        fee = (
            f"Exam fee about {format_money(Money(cert.exam_price, USD))} (catalog). "
            if cert.exam_price
            else ""
        )
        stage.items.append(
            ItemTemplate(
                f"cert:{code}",
                "certification",
                f"Pass {code}",
                due,
                hours=hours,
                exam_fee_usd=cert.exam_price,
                ref_code=code,
                notes=f"{cert.name}. {fee}{why}".strip(),
                depends_on=((f"cert:{previous}",) if previous else ()) + (course_key,),
            )
        )
        eligibility.earned(code, due)
        previous = code
        ready = due


def _add_learning(answers: WizardAnswers, stages: list[_Stage], weekly: float) -> None:
    """Skills, reading, courses and the degree the source articles name, by ladder level."""
    del weekly  # hours are per item; the pace check on the roadmap uses the weekly budget
    entries: list[tuple[int, float, ItemTemplate]] = []

    def add(level: int, fraction: float, key: str, kind: str, title: str, **kw: Any) -> None:
        entries.append((level, fraction, ItemTemplate(key, kind, title, None, **kw)))

    add(
        3,
        0.3,
        "skill:technical",
        "skill",
        "Technical expertise: firewalls, intrusion detection, access control, encryption",
        hours=60,
        notes="The technical grounding every CSO guide lists.",
    )
    add(
        3,
        0.1,
        "read:news",
        "skill",
        "Read Security Magazine and CSO Online every week",
        hours=26,
        notes="Industry reading the CSO guides recommend; about 30 minutes a week.",
    )
    add(
        4,
        0.2,
        "skill:leadership",
        "skill",
        "Leadership: lead a team and a security programme",
        hours=20,
    )
    add(
        4,
        0.35,
        "course:linkedin-leadership",
        "course",
        "LinkedIn Learning: a course on leading teams and communicating risk",
        hours=12,
        notes="LinkedIn Learning is one of the resources the CSO guides name.",
    )
    add(
        4,
        0.5,
        "skill:communication",
        "skill",
        "Communication: brief executives and non-technical staff",
        hours=20,
    )
    add(
        4,
        0.7,
        "skill:risk",
        "skill",
        "Risk management: run a risk assessment end to end",
        hours=30,
    )
    add(
        4,
        0.1,
        "experience:management",
        "experience",
        "Take charge of a security function (management experience)",
        notes="CISM and CPP count years spent managing a security function.",
    )
    add(
        5,
        0.25,
        "skill:business",
        "skill",
        "Business acumen: own a security budget, vendors and contracts",
        hours=25,
    )
    add(
        5,
        0.45,
        "skill:regulations",
        "skill",
        "Regulations: HIPAA, GDPR and CCPA",
        hours=30,
        notes="Compliance is one of a CSO's core duties in the source articles.",
    )
    add(
        5,
        0.6,
        "course:linkedin-business",
        "course",
        "LinkedIn Learning: a course on finance and strategy for managers",
        hours=10,
    )
    add(
        5,
        0.75,
        "experience:conference",
        "experience",
        "Attend a security industry conference",
        cost=None,
        notes="Conferences are where the guides suggest meeting peers and keeping current.",
    )
    if not any(d.level in ("master", "doctorate") for d in answers.education):
        add(
            4,
            0.95,
            "education:master",
            "education",
            "Master's degree in security management, criminal justice or computer science",
            hours=900,
            notes="Many employers prefer a master's for CSO roles (source articles). Hours are "
            "a planning estimate for a part-time programme; add the tuition when you know it.",
        )
    for level, fraction, item in entries:
        stage = _stage_at_level(stages, level)
        due = _within(stage, fraction)
        stage.items.append(dataclasses.replace(item, due=due))


# --- database ------------------------------------------------------------------------------


def load_cert_facts(session: Session) -> dict[str, CertFacts]:
    """The catalog as stored in the database (fees and experience years from its details)."""
    result: dict[str, CertFacts] = {}
    rows = session.scalars(select(Certification).options(selectinload(Certification.domains)))
    for cert in rows:
        try:
            details = json.loads(cert.details_json or "{}")
        except ValueError:
            details = {}
        fees = details.get("fees") or {}
        prereq = details.get("prerequisites") or {}
        upkeep = details.get("maintenance") or {}
        price = fees.get("exam_price_usd")
        years = prereq.get("experience_years")
        cycle = upkeep.get("cycle_years")
        result[cert.code] = CertFacts(
            code=cert.code,
            name=cert.name,
            level=cert.level,
            exam_price=float(price) if isinstance(price, int | float) else None,
            experience_years=float(years) if isinstance(years, int | float) else None,
            cycle_years=cycle if isinstance(cycle, int) else None,
            domains=tuple(d.name for d in cert.domains),
        )
    return result


def template_inputs(session: Session, catalog: Catalog | None = None) -> dict[str, Any]:
    """What :func:`build_template` needs from the database and catalog, read once (the wizard
    drafts several target years from the same inputs)."""
    catalog = catalog or load_bundled_catalog()
    try:
        rules: list[RuleVersion] | None = load_rules(session)
    except (ValueError, KeyError):
        rules = None
    return {
        "ladder": catalog.roles,
        "certs": load_cert_facts(session),
        "rules": rules,
        "existing_names": session.scalars(select(Plan.name)).all(),
    }


def preview_plan(
    session: Session,
    answers: WizardAnswers,
    today: dt.date,
    *,
    catalog: Catalog | None = None,
) -> PlanTemplate:
    """The plan the answers would create (reads only; for the wizard's summary page)."""
    return build_template(answers, today, **template_inputs(session, catalog))


def generate_plan(
    session: Session,
    answers: WizardAnswers,
    today: dt.date,
    *,
    catalog: Catalog | None = None,
    plan_only: bool = False,
) -> GeneratedPlan:
    """Write the profile, degrees, earned certifications and the active plan (no commit).

    ``plan_only`` (a new plan from a template in a file that already has a profile) writes the
    plan alone: the degrees and certifications in the answers are the stored ones.
    """
    template = preview_plan(session, answers, today, catalog=catalog)
    certs = load_cert_facts(session)
    person = session.scalar(select(Profile).order_by(Profile.id).limit(1))
    if person is None:
        person = Profile(name="")
        session.add(person)
        plan_only = False
    if plan_only:
        session.flush()
        return GeneratedPlan(_write_plan(session, template), person.id, template)
    person.name = answers.name.strip()
    person.current_role = answers.current_role.strip()
    person.career_start_year = answers.career_start_year
    person.target_role = answers.target_role
    person.target_date = template.target_date
    person.track = answers.track
    person.weekly_study_hours = answers.weekly_study_hours
    person.currency = answers.currency
    for degree in answers.education:
        session.add(
            Education(
                level=degree.level,
                field=degree.field.strip(),
                it_related=degree.it_related,
                completed_on=dt.date(degree.completed_year, 6, 30)
                if degree.completed_year
                else None,
            )
        )
    for earned in answers.earned:
        _write_earned(session, earned, certs.get(earned.code), today)
    draft_career_entry(session, answers, today, certs)
    session.flush()
    return GeneratedPlan(_write_plan(session, template), person.id, template)


WIZARD = "wizard"


def draft_career_entry(
    session: Session,
    answers: WizardAnswers,
    today: dt.date,
    certs: Mapping[str, CertFacts] | None = None,
) -> ExperienceEntry | None:
    """The career start as an editable ledger entry drafted by the wizard, so that experience
    years, the salary band and eligibility follow from what the person said.

    One entry from 1 January of the start year, ongoing, full time; its start day is estimated
    (the wizard asks for a year). It carries the assumption the wizard's plan makes ("full-time
    security work since your career start", :class:`_Eligibility`): tagged with every exam
    domain of ``certs``, for the person to narrow down. A ledger the person already keeps is
    left alone; running the wizard again moves its own draft.
    """
    start = dt.date(answers.career_start_year, 1, 1)
    if start > today:
        return None
    entries = session.scalars(select(ExperienceEntry)).all()
    mine = [e for e in entries if e.drafted_by == WIZARD]
    if entries and not mine:
        return None
    entry = mine[0] if mine else ExperienceEntry(drafted_by=WIZARD)
    entry.employer = "My security career (drafted by the wizard)"
    entry.title = answers.current_role.strip() or "Security work"
    entry.start = start
    entry.end = None
    entry.hours_per_week = 40.0
    entry.paid = True
    entry.management = False
    entry.notes = (
        f"Drafted by the first-run wizard from “my security career started in "
        f"{answers.career_start_year}”. The start date is estimated (1 January), and it is "
        "tagged with every exam domain, as the plan assumes. Split it into your real jobs, with "
        "their dates, hours and the domains they covered, for exact eligibility."
    )
    if mine:
        entry.domains = []
        session.flush()  # the old tags go before the same ones come back
    entry.domains = [
        ExperienceDomain(cert_code=code, domain=domain)
        for code, facts in sorted((certs or {}).items())
        for domain in dict.fromkeys(facts.domains)
    ]
    if not mine:
        session.add(entry)
    session.flush()
    return entry


def _write_plan(session: Session, template: PlanTemplate) -> int:
    """The template's plan, stages, items and dependencies, made the active plan."""
    plan_id = plans.create_plan(session, template.name, template.target_role, activate=True)
    ids: dict[str, int] = {}
    for stage in template.stages:
        stage_id = plans.add_stage(session, plan_id, StageDraft(stage.role, stage.start, stage.end))
        for item in stage.items:
            ids[item.key] = plans.add_item(
                session,
                stage_id,
                ItemDraft(
                    title=item.title,
                    kind=item.kind,
                    ref_code=item.ref_code,
                    due=item.due,
                    cost=item.cost,
                    hours=item.hours,
                    notes=item.notes,
                ),
            )
    for item in template.items:
        for key in item.depends_on:
            if key in ids:
                plans.add_dependency(session, ids[item.key], ids[key])
    session.flush()
    return plan_id


def _write_earned(
    session: Session, earned: EarnedCertification, cert: CertFacts | None, today: dt.date
) -> None:
    """One held certification; the wizard asks what is *held*, so every cycle since is assumed
    renewed and the expiry is the end of the current cycle (the user can correct it)."""
    earned_on = min(dt.date(earned.year, 7, 1), today)
    expires = None
    if cert is not None and cert.cycle_years:
        cycles = 1
        while _add_years(earned_on, cert.cycle_years * cycles) <= today:
            cycles += 1
        expires = _add_years(earned_on, cert.cycle_years * cycles) - dt.timedelta(days=1)
    row = session.scalar(
        select(HeldCertification).where(HeldCertification.cert_code == earned.code)
    )
    if row is None:
        row = HeldCertification(cert_code=earned.code)
        session.add(row)
    row.status = "earned"
    if not row.notes:
        row.notes = (
            "Added by the first-run wizard: the certification and expiry dates are estimated; "
            "check them and the credential ID."
        )
    row.earned_on = earned_on
    row.expires_on = expires
    # Both dates are the app's guesses (the wizard asks for a year): shown "estimated".
    row.earned_estimated = True
    row.expires_estimated = expires is not None
