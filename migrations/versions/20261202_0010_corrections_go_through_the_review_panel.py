"""corrections go through the review panel

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

A correction of a published verdict is first proposed as a verdict of its own, which the
panel votes on like any other; its reason waits on that verdict until the correction is
approved and readers see it.
"""

import sqlalchemy as sa
from alembic import op


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("correction_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_column("correction_reason")
