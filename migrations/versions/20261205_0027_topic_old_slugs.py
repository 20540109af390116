"""a renamed topic's old addresses

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05

- topic_old_slugs: an address a topic had before a rename. Its page and Atom feed answer a
  permanent redirect to the topic's address now, so readers' links and feed subscriptions
  keep working. A topic created or renamed to that address takes it over (the row goes).
"""

import sqlalchemy as sa
from alembic import op


revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "topic_old_slugs",
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name="fk_topic_old_slugs_topic_id_topics"
        ),
        sa.PrimaryKeyConstraint("slug", name="pk_topic_old_slugs"),
    )
    op.create_index("ix_topic_old_slugs_topic_id", "topic_old_slugs", ["topic_id"])


def downgrade() -> None:
    op.drop_index("ix_topic_old_slugs_topic_id", table_name="topic_old_slugs")
    op.drop_table("topic_old_slugs")
