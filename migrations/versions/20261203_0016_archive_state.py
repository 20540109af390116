"""evidence: why the last "Archive now" failed, and when

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

A source shows its archive state on the claim page: archived (it has a snapshot), failed
with the reason (these columns), or not archived yet. A later success clears the failure.
"""

import sqlalchemy as sa
from alembic import op


revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("archive_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("archive_failed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("archive_failed_at")
        batch.drop_column("archive_error")
