"""topics, related fact-checks, and the vocabulary for spelling suggestions

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

Topics are tagged on claims (readers follow rated claims); related_claims keeps the
matcher's choice for each published claim, so the cached public page does no matching.
The search vocabulary: on PostgreSQL a table of each published claim's words with a
pg_trgm index (similarity finds "zaporizhzhia" for "zaporizhia"); on SQLite an FTS5 table
without stemming and its fts5vocab view (the search index stems, which would suggest
"economi"). Both are filled from the search index as it stands.
"""

import sqlalchemy as sa
from alembic import op


revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def _create_vocabulary() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE search_index_spelling USING fts5("
            "words, tokenize = 'unicode61 remove_diacritics 0')"
        )
        op.execute(
            "CREATE VIRTUAL TABLE search_index_vocabulary "
            "USING fts5vocab(search_index_spelling, row)"
        )
        # Existing entries: the tokenizer splits them (digits kept: harmless, never close).
        op.execute(
            "INSERT INTO search_index_spelling (rowid, words) "
            "SELECT rowid, lower(title || ' ' || claim || ' ' || explanation) FROM search_index"
        )
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        """
        CREATE TABLE search_index_words (
            claim_id INTEGER NOT NULL REFERENCES claims (id),
            word TEXT NOT NULL,
            PRIMARY KEY (claim_id, word)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_search_index_words_word ON search_index_words "
        "USING GIN (word gin_trgm_ops)"
    )
    # The same words factcheck.domain.search.vocabulary_words keeps: lower-cased, 4+ letters.
    op.execute(
        "INSERT INTO search_index_words (claim_id, word) "
        "SELECT DISTINCT claim_id, lower(w) FROM search_index, "
        "regexp_split_to_table(title || ' ' || claim || ' ' || explanation, '[^[:alpha:]]+') w "
        "WHERE char_length(w) BETWEEN 4 AND 40"
    )


def upgrade() -> None:
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("name", name=op.f("uq_topics_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "claim_topics",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_topics_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_claim_topics_topic_id_topics")
        ),
        sa.PrimaryKeyConstraint("claim_id", "topic_id", name=op.f("pk_claim_topics")),
    )
    op.create_index(op.f("ix_claim_topics_topic_id"), "claim_topics", ["topic_id"])
    op.create_table(
        "related_claims",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("related_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_related_claims_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["related_id"], ["claims.id"], name=op.f("fk_related_claims_related_id_claims")
        ),
        sa.PrimaryKeyConstraint("claim_id", "related_id", name=op.f("pk_related_claims")),
    )
    op.create_index(op.f("ix_related_claims_related_id"), "related_claims", ["related_id"])
    _create_vocabulary()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE search_index_vocabulary")
        op.execute("DROP TABLE search_index_spelling")
    else:
        # The extension stays: other databases' objects may use it, and it is harmless.
        op.execute("DROP TABLE search_index_words")
    op.drop_index(op.f("ix_related_claims_related_id"), table_name="related_claims")
    op.drop_table("related_claims")
    op.drop_index(op.f("ix_claim_topics_topic_id"), table_name="claim_topics")
    op.drop_table("claim_topics")
    op.drop_table("topics")
