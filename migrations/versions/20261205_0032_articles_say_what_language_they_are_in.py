"""articles say what language they are in

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-05

- articles.language: the language the article's text looks to be in (ISO 639-1 or 639-3
  code, such as "fr"), detected when it is added. The desk says when an article is not in
  English, and proposes no candidates for it unless asked.

Articles added before the upgrade keep NULL ("not told"), read as English as before.
Downgrading drops the column.
"""

import sqlalchemy as sa
from alembic import op


revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("language")
