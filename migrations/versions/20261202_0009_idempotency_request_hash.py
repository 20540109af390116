"""idempotency: remember which request a key was first used for

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

A key reused with another body, path or method is refused (422) instead of replaying the
first answer; rows written before this revision have no hash and are matched by endpoint
as before.
"""

import sqlalchemy as sa
from alembic import op


revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("request_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("request_hash")
