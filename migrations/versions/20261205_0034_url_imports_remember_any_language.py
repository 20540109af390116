"""url imports remember whether candidates were asked for in any language

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05

- url_imports.any_language: the editor (or the API's `propose_in_any_language`) asked for
  candidates even if the page is not in English. The job that fetches the page reads it,
  so a retry asks the same.

Imports made before the upgrade are false (the choice was not offered). Downgrading drops
the column.
"""

import sqlalchemy as sa
from alembic import op


revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("url_imports", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("any_language", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("url_imports", schema=None) as batch_op:
        batch_op.drop_column("any_language")
