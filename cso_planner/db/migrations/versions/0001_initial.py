"""Initial schema: profile, education, ledger, catalog, certifications, CPE, plans, courses.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22 09:04:00.547897
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from cso_planner.db.engine import APPLICATION_ID

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Mark the file as ours so a foreign SQLite database is never mistaken for one of ours.
    op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.create_table(
        "app_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_meta")),
    )
    op.create_table(
        "certification",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("issuer", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("details_json", sa.Text(), nullable=False),
        sa.Column("catalog_version", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_certification")),
    )
    op.create_table(
        "cpe_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("activity", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("credits", sa.Float(), nullable=False),
        sa.Column("category", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("credits > 0", name=op.f("ck_cpe_activity_credits_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpe_activity")),
    )
    with op.batch_alter_table("cpe_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cpe_activity_date"), ["date"], unique=False)

    op.create_table(
        "education",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("it_related", sa.Boolean(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "level IN ('associate', 'bachelor', 'master', 'doctorate')",
            name=op.f("ck_education_level"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_education")),
    )
    op.create_table(
        "experience_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("hours_per_week", sa.Float(), nullable=False),
        sa.Column("paid", sa.Boolean(), nullable=False),
        sa.Column("management", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            '"end" IS NULL OR "end" >= start', name=op.f("ck_experience_entry_end_after_start")
        ),
        sa.CheckConstraint(
            "hours_per_week > 0 AND hours_per_week <= 168", name=op.f("ck_experience_entry_hours")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience_entry")),
    )
    op.create_table(
        "plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("target_role", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan")),
        sa.UniqueConstraint("name", name=op.f("uq_plan_name")),
    )
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(
            "ix_plan_one_active", ["active"], unique=True, sqlite_where=sa.text("active = 1")
        )

    op.create_table(
        "profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("current_role", sa.Text(), nullable=False),
        sa.Column("career_start_year", sa.Integer(), nullable=True),
        sa.Column("target_role", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("weekly_study_hours", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.CheckConstraint("weekly_study_hours >= 0", name=op.f("ck_profile_study_hours_nonneg")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
    )
    op.create_table(
        "cpe_allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("cert_code", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["cpe_activity.id"],
            name=op.f("fk_cpe_allocation_activity_id_cpe_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cert_code"],
            ["certification.code"],
            name=op.f("fk_cpe_allocation_cert_code_certification"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cpe_allocation")),
        sa.UniqueConstraint("activity_id", "cert_code", name=op.f("uq_cpe_allocation_activity_id")),
    )
    with op.batch_alter_table("cpe_allocation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cpe_allocation_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "exam_domain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cert_code", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("weight_percent", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["cert_code"],
            ["certification.code"],
            name=op.f("fk_exam_domain_cert_code_certification"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_domain")),
        sa.UniqueConstraint("cert_code", "name", name=op.f("uq_exam_domain_cert_code")),
    )
    op.create_table(
        "experience_domain",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("cert_code", sa.String(length=32), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cert_code"],
            ["certification.code"],
            name=op.f("fk_experience_domain_cert_code_certification"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["experience_entry.id"],
            name=op.f("fk_experience_domain_entry_id_experience_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience_domain")),
        sa.UniqueConstraint(
            "entry_id", "cert_code", "domain", name=op.f("uq_experience_domain_entry_id")
        ),
    )
    with op.batch_alter_table("experience_domain", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_experience_domain_entry_id"), ["entry_id"], unique=False
        )

    op.create_table(
        "held_certification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cert_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("exam_date", sa.Date(), nullable=True),
        sa.Column("earned_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("endorsed_on", sa.Date(), nullable=True),
        sa.Column("credential_id", sa.Text(), nullable=True),
        sa.Column("employer_paid", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('planned', 'studying', 'scheduled', 'earned', 'expired')",
            name=op.f("ck_held_certification_status"),
        ),
        sa.ForeignKeyConstraint(
            ["cert_code"],
            ["certification.code"],
            name=op.f("fk_held_certification_cert_code_certification"),
            onupdate="CASCADE",
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_certification")),
        sa.UniqueConstraint("cert_code", name=op.f("uq_held_certification_cert_code")),
    )
    op.create_table(
        "rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("cert_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("sources_json", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column("user_params_json", sa.Text(), nullable=True),
        sa.Column("user_notes", sa.Text(), nullable=False),
        sa.Column("user_edited_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('experience', 'maintenance', 'waiver_list')", name=op.f("ck_rule_kind")
        ),
        sa.ForeignKeyConstraint(
            ["cert_code"],
            ["certification.code"],
            name=op.f("fk_rule_cert_code_certification"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule")),
        sa.UniqueConstraint("key", name=op.f("uq_rule_key")),
    )
    op.create_table(
        "stage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.CheckConstraint(
            '"end" IS NULL OR start IS NULL OR "end" >= start',
            name=op.f("ck_stage_end_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plan.id"], name=op.f("fk_stage_plan_id_plan"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage")),
    )
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stage_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "plan_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("ref_code", sa.String(length=32), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("cost", sa.Float(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=True),
        sa.Column("employer_paid", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('certification', 'course', 'experience', 'education', 'skill')",
            name=op.f("ck_plan_item_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'in_progress', 'done', 'skipped')",
            name=op.f("ck_plan_item_status"),
        ),
        sa.CheckConstraint("cost IS NULL OR cost >= 0", name=op.f("ck_plan_item_cost_nonneg")),
        sa.CheckConstraint("hours IS NULL OR hours >= 0", name=op.f("ck_plan_item_hours_nonneg")),
        sa.ForeignKeyConstraint(
            ["ref_code"],
            ["certification.code"],
            name=op.f("fk_plan_item_ref_code_certification"),
            onupdate="CASCADE",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["stage_id"], ["stage.id"], name=op.f("fk_plan_item_stage_id_stage"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_item")),
    )
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_item_stage_id"), ["stage_id"], unique=False)

    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("provider", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("cpe_credits", sa.Float(), nullable=False),
        sa.Column("employer_paid", sa.Boolean(), nullable=False),
        sa.Column("plan_item_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("cost >= 0", name=op.f("ck_course_cost_nonneg")),
        sa.CheckConstraint("cpe_credits >= 0", name=op.f("ck_course_cpe_nonneg")),
        sa.CheckConstraint("hours >= 0", name=op.f("ck_course_hours_nonneg")),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_course_progress_range")
        ),
        sa.ForeignKeyConstraint(
            ["plan_item_id"],
            ["plan_item.id"],
            name=op.f("fk_course_plan_item_id_plan_item"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
    )
    op.create_table(
        "item_dependency",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("depends_on_id", sa.Integer(), nullable=False),
        sa.CheckConstraint("item_id <> depends_on_id", name=op.f("ck_item_dependency_not_self")),
        sa.ForeignKeyConstraint(
            ["depends_on_id"],
            ["plan_item.id"],
            name=op.f("fk_item_dependency_depends_on_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["plan_item.id"],
            name=op.f("fk_item_dependency_item_id_plan_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "depends_on_id", name=op.f("pk_item_dependency")),
    )
    with op.batch_alter_table("item_dependency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_item_dependency_depends_on_id"), ["depends_on_id"], unique=False
        )


def downgrade() -> None:
    op.execute("PRAGMA application_id = 0")
    with op.batch_alter_table("item_dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_dependency_depends_on_id"))

    op.drop_table("item_dependency")
    op.drop_table("course")
    with op.batch_alter_table("plan_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_item_stage_id"))

    op.drop_table("plan_item")
    with op.batch_alter_table("stage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_plan_id"))

    op.drop_table("stage")
    op.drop_table("rule")
    op.drop_table("held_certification")
    with op.batch_alter_table("experience_domain", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_experience_domain_entry_id"))

    op.drop_table("experience_domain")
    op.drop_table("exam_domain")
    with op.batch_alter_table("cpe_allocation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cpe_allocation_activity_id"))

    op.drop_table("cpe_allocation")
    op.drop_table("profile")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_one_active", sqlite_where=sa.text("active = 1"))

    op.drop_table("plan")
    op.drop_table("experience_entry")
    op.drop_table("education")
    with op.batch_alter_table("cpe_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cpe_activity_date"))

    op.drop_table("cpe_activity")
    op.drop_table("certification")
    op.drop_table("app_meta")
