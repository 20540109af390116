"""articles remember whether candidates were asked for in any language

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-05

- articles.any_language: the editor (or the API's `propose_in_any_language`) asked for
  candidates even if the article is not in English, on the paste, upload or link form. The
  language model's rewrite of the candidates (a job, later) reads it, so that it proposes
  no sentence the choice held back.

Articles added before the upgrade are NULL (the choice was not kept): for them the rewrite
tells it from the candidates they got, as the desk's note does. Downgrading drops the
column.
"""

import sqlalchemy as sa
from alembic import op


revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("any_language", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("any_language")
