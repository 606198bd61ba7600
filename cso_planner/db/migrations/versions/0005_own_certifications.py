"""Catalog trust and own certifications.

``rule.unverified``: why no issuer page backs a rule ("" when the issuer's page does); shown
next to the rule in the app, the PDF and the CLI. ``certification.added_by_user``: a
certification the person added themselves (Catalog → New certification…); catalog updates
never touch it.

Revision ID: 0005_own_certifications
Revises: 0003_lifecycle
Create Date: 2026-12-04 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_own_certifications"
down_revision: str | None = "0003_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): rebuilding ``certification`` would cascade-delete
    # the rows that reference it.
    op.add_column("rule", sa.Column("unverified", sa.Text(), nullable=False, server_default=""))
    op.add_column(
        "certification",
        sa.Column("added_by_user", sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    with op.batch_alter_table("certification") as batch:
        batch.drop_column("added_by_user")
    with op.batch_alter_table("rule") as batch:
        batch.drop_column("unverified")
