"""matching: claims linked to earlier fact-checks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

A migration must work with the previous release of the code still running,
and must not hold long locks on big tables.
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("linked_entry_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_linked_entry_id_archive_entries"),
            "archive_entries",
            ["linked_entry_id"],
            ["id"],
        )


def downgrade() -> None:

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_claims_linked_entry_id_archive_entries"), type_="foreignkey"
        )
        batch_op.drop_column("linked_entry_id")
