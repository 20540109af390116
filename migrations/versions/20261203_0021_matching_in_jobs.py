"""matching work in jobs: embeddings of imported fact-checks, stored suggestions

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-03

- match_entries: a partial index on the entries without an embedding. An import stores its
  fact-checks and their terms and leaves the embedding to the embed_archive_entries job,
  which finds the waiting rows through this index.
- article_match_states: whether an article's stored suggestions answer the latest change to
  its claims (requested / answered).
- claim_suggestions: the earlier fact-checks the find_earlier_checks job found per claim,
  read by the desk's article page instead of searching on every render.
"""

import sqlalchemy as sa
from alembic import op


revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_match_entries_unembedded",
        "match_entries",
        ["id"],
        postgresql_where=sa.text("embedding IS NULL"),
        sqlite_where=sa.text("embedding IS NULL"),
    )
    op.create_table(
        "article_match_states",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("requested", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_article_match_states_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name="pk_article_match_states"),
    )
    op.create_table(
        "claim_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=40), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("shared_terms", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name="fk_claim_suggestions_claim_id_claims",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_claim_suggestions"),
        sa.UniqueConstraint("claim_id", "rank", name="uq_claim_suggestions_claim_id"),
    )


def downgrade() -> None:
    op.drop_table("claim_suggestions")
    op.drop_table("article_match_states")
    op.drop_index("ix_match_entries_unembedded", table_name="match_entries")
