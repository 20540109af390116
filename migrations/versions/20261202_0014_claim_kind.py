"""claims: the kind of claim the extractor saw (quantity, event, prediction, ...)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

The extractor now gives every sentence a kind (factcheck.extraction.kinds.KINDS); the desk
shows it on each candidate and filters by it. Claims extracted before stay NULL.
"""

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("kind")
