"""matching: the match index lives in the database, shared by every worker

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

Each worker used to build two in-memory indexes of the whole archive inside its first
request (tens of seconds and hundreds of MB per worker at 50,000 fact-checks). Now the
first stage is the database's full-text index over normalized terms, and each entry's
embedding is stored with it when it is imported or published.

- match_entries: one row per imported fact-check or published claim of ours.
- PostgreSQL: a generated tsvector (claim terms weighted A, title terms B) with a GIN index
  without a pending list (see 0008: searches must not scan an unsorted list).
- SQLite: the FTS5 table match_fts (rowid = match_entries.id), on disk and incremental.
- match_terms / match_totals: document frequencies and field lengths for BM25.

Rows that exist before this revision are indexed by `flask init-db` after it upgrades
(factcheck.domain.match_index.backfill), in batches; the tables start empty here so that the
upgrade itself stays quick and holds no long lock.
"""

import sqlalchemy as sa
from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "match_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("archive_entry_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("claim_terms", sa.Text(), nullable=False),
        sa.Column("title_terms", sa.Text(), nullable=False),
        sa.Column("claim_length", sa.Integer(), nullable=False),
        sa.Column("title_length", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(
            "(archive_entry_id IS NULL) <> (claim_id IS NULL)",
            name=op.f("ck_match_entries_one_source"),
        ),
        sa.ForeignKeyConstraint(
            ["archive_entry_id"],
            ["archive_entries.id"],
            name=op.f("fk_match_entries_archive_entry_id_archive_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_match_entries_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claims.id"],
            name=op.f("fk_match_entries_claim_id_claims"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_entries")),
        sa.UniqueConstraint("archive_entry_id", name=op.f("uq_match_entries_archive_entry_id")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_match_entries_claim_id")),
    )
    op.create_table(
        "match_terms",
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_match_terms")),
    )
    totals = op.create_table(
        "match_totals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("claim_terms", sa.Integer(), nullable=False),
        sa.Column("title_terms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_totals")),
    )
    op.bulk_insert(totals, [{"id": 1, "entries": 0, "claim_terms": 0, "title_terms": 0}])
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE match_fts USING fts5("
            "claim_terms, title_terms, tokenize = \"unicode61 tokenchars '.'\")"
        )
        return
    # The terms are already normalized and stemmed: the 'simple' configuration only splits
    # them at spaces (and keeps "1.5" whole).
    op.execute(
        "ALTER TABLE match_entries ADD COLUMN document tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple', claim_terms), 'A') || "
        "setweight(to_tsvector('simple', title_terms), 'B')) STORED"
    )
    op.execute(
        "CREATE INDEX ix_match_entries_document ON match_entries USING GIN (document) "
        "WITH (fastupdate = off)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE match_fts")
    op.drop_table("match_totals")
    op.drop_table("match_terms")
    op.drop_table("match_entries")
