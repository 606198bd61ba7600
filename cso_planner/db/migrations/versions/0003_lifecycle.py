"""Dates the app estimated, and ledger entries the wizard drafted.

``held_certification.expires_estimated`` / ``earned_estimated``: the date was estimated by the
app (the first-run wizard asks for a year, not a day), so every view labels it "estimated" until
the person edits it. ``experience_entry.drafted_by``: "wizard" for the entry the first-run
wizard drafted from the career start year (editable like any other; null for the person's own).

Revision ID: 0003_lifecycle
Revises: 0006_proofs_and_claims (re-chained after merging main; reserved on 0004_money)
Create Date: 2026-12-04 01:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_lifecycle"
down_revision: str | None = "0006_proofs_and_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (no table rebuild): the existing rows read "not estimated".
    op.add_column(
        "held_certification",
        sa.Column("expires_estimated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "held_certification",
        sa.Column("earned_estimated", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("experience_entry", sa.Column("drafted_by", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("experience_entry", "drafted_by")
    op.drop_column("held_certification", "earned_estimated")
    op.drop_column("held_certification", "expires_estimated")
