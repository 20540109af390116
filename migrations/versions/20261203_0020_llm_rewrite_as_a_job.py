"""the language model's rewrite of an article's candidates runs as a job

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

- articles.llm_rewrite_status: pending (the job asks the model; the local candidates show
  meanwhile), done, failed; NULL when no model was configured.
- articles.llm_rewrite_notice: why the rewrite failed, shown in the desk and the API.
"""

import sqlalchemy as sa
from alembic import op


revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("llm_rewrite_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("llm_rewrite_notice", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("llm_rewrite_notice")
        batch.drop_column("llm_rewrite_status")
