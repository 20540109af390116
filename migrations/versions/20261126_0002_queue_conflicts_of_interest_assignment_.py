"""queue: conflicts of interest, assignment time, sort indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

A migration must work with the previous release of the code still running,
and must not hold long locks on big tables.
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("claimant", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "claim_id IS NOT NULL OR claimant IS NOT NULL", name=op.f("ck_conflicts_has_target")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_conflicts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_conflicts_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
    )
    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conflicts_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_conflicts_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_claims_status_due", ["status", "due_at", "id"], unique=False)
        batch_op.create_index("ix_claims_status_id", ["status", "id"], unique=False)
        batch_op.create_index(
            "ix_claims_status_score", ["status", sa.text("score DESC"), "id"], unique=False
        )
        batch_op.create_index(
            "ix_claims_status_lease", ["status", "lease_expires_at"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index("ix_claims_status_lease")
        batch_op.drop_index("ix_claims_status_score")
        batch_op.drop_index("ix_claims_status_id")
        batch_op.drop_index("ix_claims_status_due")
        batch_op.drop_column("assigned_at")

    with op.batch_alter_table("conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conflicts_user_id"))
        batch_op.drop_index(batch_op.f("ix_conflicts_claim_id"))

    op.drop_table("conflicts")
