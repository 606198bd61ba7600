"""Typed SQLAlchemy 2.0 models for everything a person keeps in CSO Planner.

Names are plain (``Certification``, ``ExperienceEntry``); the ``...Model`` suffix is kept for
Qt models in ``cso_planner/ui``. Enumerations are stored as short strings checked by the
database so a hand-edited file cannot hold a value the app does not understand.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION: Final = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

EDUCATION_LEVELS: Final = ("associate", "bachelor", "master", "doctorate")
CERT_STATUSES: Final = ("planned", "studying", "scheduled", "earned", "expired")
ITEM_KINDS: Final = ("certification", "course", "experience", "education", "skill")
# How each kind reads on screen and in the PDF.
ITEM_KIND_LABELS: Final = {
    "certification": "Certification",
    "course": "Course",
    "experience": "Experience",
    "education": "Education",
    "skill": "Skill",
}
ITEM_STATUSES: Final = ("planned", "in_progress", "done", "skipped")
RULE_KINDS: Final = ("experience", "maintenance", "waiver_list")
# Where a CPE claim stands with the issuer (see services/claims.py).
CLAIM_STATUSES: Final = ("not_submitted", "submitted", "accepted")
# What a proof file can be attached to (one of the four link columns of ``attachment``).
ATTACHMENT_OWNERS: Final = ("cpe_activity", "course", "held_certification", "experience_entry")
# "exam:<code>" or "fee:<certification code or issuer>:<year>" (see services/budget.py).
FEE_KEY_PATTERN: Final = r"^(exam:[^:\s]+|fee:[^:]+:[0-9]{4})$"


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AppMeta(Base):
    """Key/value facts about the file itself (catalog version, clean-shutdown flag...)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Profile(Base):
    """The one person this file belongs to (a single row)."""

    __tablename__ = "profile"
    __table_args__ = (CheckConstraint("weekly_study_hours >= 0", name="study_hours_nonneg"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    current_role: Mapped[str] = mapped_column(Text, default="")
    career_start_year: Mapped[int | None] = mapped_column(Integer)
    target_role: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    track: Mapped[str] = mapped_column(String(32), default="technical")
    weekly_study_hours: Mapped[float] = mapped_column(Float, default=6.0)
    currency: Mapped[str] = mapped_column(String(8), default="USD")


class Education(Base):
    __tablename__ = "education"
    __table_args__ = (CheckConstraint(_in("level", EDUCATION_LEVELS), name="level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(Text, default="")
    it_related: Mapped[bool] = mapped_column(Boolean, default=False)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)


class Certification(Base):
    """A certification from the bundled catalog (CISSP, CPP, CCISO...)."""

    __tablename__ = "certification"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    issuer: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(32))
    area: Mapped[str] = mapped_column(Text)
    # Exam facts, fees, prerequisites text, typical prior/next, sources: shown, not computed on.
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    catalog_version: Mapped[str] = mapped_column(String(32))
    # Added by the person (Catalog → New certification…), not by the bundled catalog: catalog
    # updates never change or remove it, and exports carry it.
    added_by_user: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    domains: Mapped[list[ExamDomain]] = relationship(
        back_populates="certification", order_by="ExamDomain.position", cascade="all"
    )
    rules: Mapped[list[Rule]] = relationship(back_populates="certification", cascade="all")


class ExamDomain(Base):
    __tablename__ = "exam_domain"
    __table_args__ = (UniqueConstraint("cert_code", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cert_code: Mapped[str] = mapped_column(
        ForeignKey("certification.code", ondelete="CASCADE", onupdate="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    weight_percent: Mapped[float | None] = mapped_column(Float)

    certification: Mapped[Certification] = relationship(back_populates="domains")


class Rule(Base):
    """One version of a certification rule, as data, with its source and dates.

    ``params_json`` comes from the bundled catalog and is replaced by catalog upgrades;
    ``user_params_json`` is the user's local correction and is never touched by an upgrade.
    """

    __tablename__ = "rule"
    __table_args__ = (CheckConstraint(_in("kind", RULE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    cert_code: Mapped[str] = mapped_column(
        ForeignKey("certification.code", ondelete="CASCADE", onupdate="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))
    effective_from: Mapped[dt.date | None] = mapped_column(Date)
    effective_to: Mapped[dt.date | None] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    sources_json: Mapped[str] = mapped_column(Text, default="[]")
    notes: Mapped[str] = mapped_column(Text, default="")
    params_json: Mapped[str] = mapped_column(Text, default="{}")
    user_params_json: Mapped[str | None] = mapped_column(Text)
    user_notes: Mapped[str] = mapped_column(Text, default="")
    user_edited_on: Mapped[dt.date | None] = mapped_column(Date)
    # Why no issuer page backs this rule ("" when one does); shown next to the rule.
    unverified: Mapped[str] = mapped_column(Text, default="", server_default="")

    certification: Mapped[Certification] = relationship(back_populates="rules")


class ExperienceEntry(Base):
    """One job (or internship) in the person's ledger."""

    __tablename__ = "experience_entry"
    __table_args__ = (
        CheckConstraint('"end" IS NULL OR "end" >= start', name="end_after_start"),
        CheckConstraint("hours_per_week > 0 AND hours_per_week <= 168", name="hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    hours_per_week: Mapped[float] = mapped_column(Float, default=40.0)
    paid: Mapped[bool] = mapped_column(Boolean, default=True)
    management: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # "wizard": drafted by the first-run wizard from the career start year (null: the person's).
    drafted_by: Mapped[str | None] = mapped_column(String(32))

    domains: Mapped[list[ExperienceDomain]] = relationship(
        back_populates="entry", cascade="all, delete-orphan", order_by="ExperienceDomain.id"
    )


class ExperienceDomain(Base):
    """An exam domain of one certification that a job covered."""

    __tablename__ = "experience_domain"
    __table_args__ = (UniqueConstraint("entry_id", "cert_code", "domain"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("experience_entry.id", ondelete="CASCADE"), index=True
    )
    cert_code: Mapped[str] = mapped_column(
        ForeignKey("certification.code", ondelete="RESTRICT", onupdate="CASCADE")
    )
    domain: Mapped[str] = mapped_column(Text)

    entry: Mapped[ExperienceEntry] = relationship(back_populates="domains")


class HeldCertification(Base):
    """A certification the person holds, is studying for, or plans."""

    __tablename__ = "held_certification"
    __table_args__ = (CheckConstraint(_in("status", CERT_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cert_code: Mapped[str] = mapped_column(
        ForeignKey("certification.code", ondelete="RESTRICT", onupdate="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(16), default="planned")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    exam_date: Mapped[dt.date | None] = mapped_column(Date)
    earned_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    endorsed_on: Mapped[dt.date | None] = mapped_column(Date)
    credential_id: Mapped[str | None] = mapped_column(Text)
    employer_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The app estimated the date (first-run wizard); shown "estimated" until the person edits it.
    expires_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    earned_estimated: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class CpeActivity(Base):
    __tablename__ = "cpe_activity"
    __table_args__ = (CheckConstraint("credits > 0", name="credits_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    activity: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text, default="")
    credits: Mapped[float] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")

    allocations: Mapped[list[CpeAllocation]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="CpeAllocation.id"
    )


class CpeAllocation(Base):
    """One CPE activity claimed for one certification (an activity may count for several).

    ``credits`` and ``category`` are this certification's own figures (``None``: the
    activity's); ``domain`` is the exam domain the issuer asks for; ``status`` says whether the
    claim was submitted to the issuer (on ``submitted_on``) or accepted.
    """

    __tablename__ = "cpe_allocation"
    __table_args__ = (
        UniqueConstraint("activity_id", "cert_code"),
        CheckConstraint("credits IS NULL OR credits > 0", name="claim_credits_positive"),
        CheckConstraint(_in("status", CLAIM_STATUSES), name="claim_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("cpe_activity.id", ondelete="CASCADE"), index=True
    )
    cert_code: Mapped[str] = mapped_column(
        ForeignKey("certification.code", ondelete="RESTRICT", onupdate="CASCADE")
    )
    credits: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(Text)
    domain: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(16), default="not_submitted", server_default="not_submitted"
    )
    submitted_on: Mapped[dt.date | None] = mapped_column(Date)

    activity: Mapped[CpeActivity] = relationship(back_populates="allocations")


class Plan(Base):
    """A roadmap; several may exist (what-if copies), exactly one is active."""

    __tablename__ = "plan"
    __table_args__ = (
        # At most one active plan, enforced by the database itself.
        Index("ix_plan_one_active", "active", unique=True, sqlite_where=text("active = 1")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    target_role: Mapped[str] = mapped_column(Text, default="")

    stages: Mapped[list[Stage]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Stage.position"
    )


class Stage(Base):
    """A role on the ladder within a plan, with its dates."""

    __tablename__ = "stage"
    __table_args__ = (
        CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(Text)
    start: Mapped[dt.date | None] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)

    plan: Mapped[Plan] = relationship(back_populates="stages")
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="stage", cascade="all, delete-orphan", order_by="PlanItem.position"
    )


class PlanItem(Base):
    """A dated step of a stage: a certification goal, course, milestone, degree or skill."""

    __tablename__ = "plan_item"
    __table_args__ = (
        CheckConstraint(_in("kind", ITEM_KINDS), name="kind"),
        CheckConstraint(_in("status", ITEM_STATUSES), name="status"),
        CheckConstraint("cost IS NULL OR cost >= 0", name="cost_nonneg"),
        CheckConstraint("hours IS NULL OR hours >= 0", name="hours_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    ref_code: Mapped[str | None] = mapped_column(
        ForeignKey("certification.code", ondelete="SET NULL", onupdate="CASCADE")
    )
    due: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    cost: Mapped[float | None] = mapped_column(Float)
    hours: Mapped[float | None] = mapped_column(Float)
    employer_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    stage: Mapped[Stage] = relationship(back_populates="items")


class ItemDependency(Base):
    """``item`` cannot start before ``depends_on`` is done (cycles refused by the service)."""

    __tablename__ = "item_dependency"
    __table_args__ = (CheckConstraint("item_id <> depends_on_id", name="not_self"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True
    )
    depends_on_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint("hours >= 0", name="hours_nonneg"),
        CheckConstraint("cost >= 0", name="cost_nonneg"),
        CheckConstraint("cpe_credits >= 0", name="cpe_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    cpe_credits: Mapped[float] = mapped_column(Float, default=0.0)
    employer_paid: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_item.id", ondelete="SET NULL")
    )
    notes: Mapped[str] = mapped_column(Text, default="")


class FeeRecord(Base):
    """A fee the app estimated from the catalog, as the person confirmed or edited it.

    ``key`` names the fee (``exam:CISSP``, ``fee:ISC2:2026``); ``amount`` is in ``currency``
    (the catalog's US dollars when confirmed as shown, any currency when edited). Without a
    record the budget shows the catalog's figure as estimated and never counts it as spent.
    """

    __tablename__ = "fee_record"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_nonneg"),
        CheckConstraint("length(currency) = 3", name="currency_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    amount: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(8))
    confirmed_on: Mapped[dt.date] = mapped_column(Date)


class Attachment(Base):
    """A proof file attached to one CPE activity, course, held certification or job.

    The content lives in the proof store (``db/proofs.py``: a second SQLite file beside the
    database, keyed by SHA-256, so the same file attached twice is stored once); this row
    names it. Exactly one of the four owner columns is set; deleting the owner deletes its rows.
    """

    __tablename__ = "attachment"
    __table_args__ = (
        CheckConstraint(
            "(cpe_activity_id IS NOT NULL) + (course_id IS NOT NULL)"
            " + (held_certification_id IS NOT NULL) + (experience_entry_id IS NOT NULL) = 1",
            name="one_owner",
        ),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("size >= 0", name="size_nonneg"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    added_on: Mapped[dt.date] = mapped_column(Date)
    cpe_activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("cpe_activity.id", ondelete="CASCADE"), index=True
    )
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE"), index=True
    )
    held_certification_id: Mapped[int | None] = mapped_column(
        ForeignKey("held_certification.id", ondelete="CASCADE"), index=True
    )
    experience_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("experience_entry.id", ondelete="CASCADE"), index=True
    )
