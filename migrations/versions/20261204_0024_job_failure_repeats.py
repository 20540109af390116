"""a failed job counts its repeats

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04

- job_failures.repeats: how many times the same job, with the same arguments, failed its
  last try while its entry waited to be run again. A periodic job failing on every run was
  one entry per run on Admin → Jobs (every minute for lease expiry).
"""

import sqlalchemy as sa
from alembic import op


revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_failures") as batch:
        batch.add_column(sa.Column("repeats", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("job_failures") as batch:
        batch.drop_column("repeats")
