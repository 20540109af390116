"""articles say when their page is for subscribers

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-05

- articles.for_subscribers: the page the article was fetched from says it is for
  subscribers (schema.org isAccessibleForFree false, or article:content_tier locked), so
  its text may be only the part shown to everyone. The desk and the API say so.

Articles added before the upgrade are false (nothing was told then). Downgrading drops the
column.
"""

import sqlalchemy as sa
from alembic import op


revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("for_subscribers", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("for_subscribers")
