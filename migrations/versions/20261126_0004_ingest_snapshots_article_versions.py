"""ingest: snapshots, article versions

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

A migration must work with the previous release of the code still running,
and must not hold long locks on big tables.
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("final_url", sa.String(length=2048), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["fetched_by_id"], ["users.id"], name=op.f("fk_snapshots_fetched_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_snapshots")),
    )
    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshots_sha256"), ["sha256"], unique=False)

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("previous_version_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_articles_source_url"), ["source_url"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_previous_version_id_articles"),
            "articles",
            ["previous_version_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_articles_snapshot_id_snapshots"), "snapshots", ["snapshot_id"], ["id"]
        )

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_snapshot_id_snapshots"), "snapshots", ["snapshot_id"], ["id"]
        )


def downgrade() -> None:

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_evidence_snapshot_id_snapshots"), type_="foreignkey"
        )
        batch_op.drop_column("snapshot_id")

    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_articles_snapshot_id_snapshots"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_articles_previous_version_id_articles"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_articles_source_url"))
        batch_op.drop_column("previous_version_id")
        batch_op.drop_column("snapshot_id")

    with op.batch_alter_table("snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshots_sha256"))

    op.drop_table("snapshots")
