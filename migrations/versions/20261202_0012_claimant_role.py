"""claims: the claimant's role, kept apart from the canonical name

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

Extraction now gives one canonical name per person within an article ("Palaniappan
Chidambaram") and the role the article gives them ("finance minister"). Rows written
before this revision have no role.
"""

import sqlalchemy as sa
from alembic import op


revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("claimant_role", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("claimant_role")
