"""Per-certification CPE claims (credits, category, domain, submission) and proof files.

Existing allocations become claims with the activity's own credits and category, not submitted.
The proof files' content lives in a second SQLite file (``cso_planner/db/proofs.py``); the
``attachment`` table names which file belongs to which activity, course, certification or job.

Revision ID: 0006_proofs_and_claims
Revises: 0004_money
Create Date: 2026-12-04 01:06:26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_proofs_and_claims"
down_revision: str | None = "0004_money"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_COLUMNS = (
    "credits FLOAT CONSTRAINT ck_cpe_allocation_claim_credits_positive"
    " CHECK (credits IS NULL OR credits > 0)",
    "category TEXT",
    "domain TEXT",
    "status VARCHAR(16) DEFAULT 'not_submitted' NOT NULL"
    " CONSTRAINT ck_cpe_allocation_claim_status"
    " CHECK (status IN ('not_submitted', 'submitted', 'accepted'))",
    "submitted_on DATE",
)


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_on", sa.Date(), nullable=False),
        sa.Column("cpe_activity_id", sa.Integer(), nullable=True),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("held_certification_id", sa.Integer(), nullable=True),
        sa.Column("experience_entry_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(cpe_activity_id IS NOT NULL) + (course_id IS NOT NULL)"
            " + (held_certification_id IS NOT NULL) + (experience_entry_id IS NOT NULL) = 1",
            name=op.f("ck_attachment_one_owner"),
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_attachment_sha256_length")),
        sa.CheckConstraint("size >= 0", name=op.f("ck_attachment_size_nonneg")),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["course.id"],
            name=op.f("fk_attachment_course_id_course"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cpe_activity_id"],
            ["cpe_activity.id"],
            name=op.f("fk_attachment_cpe_activity_id_cpe_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["experience_entry_id"],
            ["experience_entry.id"],
            name=op.f("fk_attachment_experience_entry_id_experience_entry"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["held_certification_id"],
            ["held_certification.id"],
            name=op.f("fk_attachment_held_certification_id_held_certification"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_attachment_cpe_activity_id"), ["cpe_activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attachment_experience_entry_id"), ["experience_entry_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attachment_held_certification_id"),
            ["held_certification_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    # Plain ALTER TABLE (no table rebuild): the columns and their checks are appended, so a
    # downgrade (DROP COLUMN, SQLite 3.35+) gives back the 0004 table exactly.
    for column in CLAIM_COLUMNS:
        op.execute(f"ALTER TABLE cpe_allocation ADD COLUMN {column}")


def downgrade() -> None:
    for column in reversed(CLAIM_COLUMNS):
        op.execute(f"ALTER TABLE cpe_allocation DROP COLUMN {column.split()[0]}")

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_held_certification_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_experience_entry_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_cpe_activity_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_course_id"))

    op.drop_table("attachment")
