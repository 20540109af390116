"""articles remember the words their page declares when fewer came through

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-05

- articles.declared_words: the word count the page the article was fetched from declares
  for it (schema.org wordCount, from 50 to 100,000), kept only when the text that came
  through has under half of it: the page may have been cut short. The desk and the API say
  so, as for a page for subscribers.

Articles added before the upgrade are NULL (nothing was told then). Downgrading drops the
column.
"""

import sqlalchemy as sa
from alembic import op


revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("declared_words", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("declared_words")
