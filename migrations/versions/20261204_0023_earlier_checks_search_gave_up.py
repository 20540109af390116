"""the search for earlier fact-checks that gave up

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04

- article_match_states.given_up: the latest request whose find_earlier_checks job failed on
  every try. The article page says the search failed and offers to search again; before,
  it said "Looking for earlier fact-checks…" for ever, and resume_lost_jobs asked for the
  failing job again every ten minutes.
"""

import sqlalchemy as sa
from alembic import op


revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_match_states") as batch:
        batch.add_column(sa.Column("given_up", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("article_match_states") as batch:
        batch.drop_column("given_up")
