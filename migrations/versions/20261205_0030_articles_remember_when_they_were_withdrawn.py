"""articles remember when they were withdrawn

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-05

- articles.withdrawn_at: when the fact-check was withdrawn (NULL unless it is). Readers
  and the API showed updated_at, which any later edit of the article moves.

A withdrawn article is filled from its latest "withdraw" event (the audit trail), or from
updated_at when it has none.
"""

import sqlalchemy as sa
from alembic import op


revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE articles SET withdrawn_at = COALESCE("
        "(SELECT MAX(events.created_at) FROM events WHERE events.entity_type = 'article'"
        " AND events.entity_id = articles.id AND events.action = 'withdraw'), updated_at)"
        " WHERE status = 'withdrawn'"
    )


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("withdrawn_at")
