"""Fees the person confirmed or edited (the budget shows catalog fees as estimated until then).

Revision ID: 0004_money
Revises: 0001_initial
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_money"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fee_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(length=8), nullable=False),
        sa.Column("confirmed_on", sa.Date(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_fee_record_amount_nonneg")),
        sa.CheckConstraint("length(currency) = 3", name=op.f("ck_fee_record_currency_code")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fee_record")),
        sa.UniqueConstraint("key", name=op.f("uq_fee_record_key")),
    )


def downgrade() -> None:
    op.drop_table("fee_record")
