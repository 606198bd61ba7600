"""Stable ids: a UUID stored with each plan item, held certification, CPE activity, course and
job, so that what names a row outside the database (a calendar UID, an exchange file) keeps
naming it after an import renumbers the rows.

Existing rows get a fresh UUID each. The column is enforced unique by an index; the app and the
importer always fill it.

Revision ID: 0002_stable_ids
Revises: 0005_own_certifications (the brief reserved 0004_money; chained after the revisions
    main gained meanwhile)
Create Date: 2026-12-04 01:30:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_stable_ids"
down_revision: str | None = "0005_own_certifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("experience_entry", "held_certification", "cpe_activity", "plan_item", "course")


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        op.add_column(table, sa.Column("uuid", sa.String(length=36), nullable=True))
        ids = [row[0] for row in bind.execute(sa.text(f"SELECT id FROM {table}"))]
        if ids:
            bind.execute(
                sa.text(f"UPDATE {table} SET uuid = :uuid WHERE id = :id"),
                [{"uuid": str(uuid.uuid4()), "id": row_id} for row_id in ids],
            )
        op.create_index(op.f(f"ix_{table}_uuid"), table, ["uuid"], unique=True)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_index(op.f(f"ix_{table}_uuid"), table_name=table)
        op.drop_column(table, "uuid")
