"""when "Archive now" was asked for, and by whom

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-03

- evidence.archive_requested_at, evidence.archive_requested_by_id: a source still pending ten
  minutes after "Archive now" (its job lost between the commit and the queue) is asked for
  again by the periodic resume_lost_jobs, on behalf of the person who asked.
"""

import sqlalchemy as sa
from alembic import op


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(
            sa.Column("archive_requested_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("archive_requested_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_evidence_archive_requested_by_id_users",
            "users",
            ["archive_requested_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_constraint("fk_evidence_archive_requested_by_id_users", type_="foreignkey")
        batch.drop_column("archive_requested_by_id")
        batch.drop_column("archive_requested_at")
