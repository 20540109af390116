"""The match index: what "has this been checked before?" searches, kept in the database.

One row per searchable entry: an imported fact-check (ArchiveEntry) or one of our own
published claims. Each row holds the entry's normalized terms (factcheck.matching.normalize),
which the database's full-text index searches (a generated tsvector with a GIN index on
PostgreSQL, the FTS5 table ``match_fts`` on SQLite, both made by migration 0011), and the
embedding of its claim, computed once: when one of our claims is published, and by a job
soon after an imported fact-check is stored (until then the entry is matched by its words).
MatchTerm and MatchTotals hold the archive-wide counts BM25 needs (document frequencies,
field lengths), kept in step by factcheck.domain.match_index.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, LargeBinary, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import Base


class MatchEntry(Base):
    __tablename__ = "match_entries"
    __table_args__ = (
        CheckConstraint("(archive_entry_id IS NULL) <> (claim_id IS NULL)", name="one_source"),
        # The entries still waiting for their embedding (imports leave it to a job).
        Index(
            "ix_match_entries_unembedded",
            "id",
            postgresql_where=text("embedding IS NULL"),
            sqlite_where=text("embedding IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    archive_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("archive_entries.id", ondelete="CASCADE"), unique=True
    )
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("claims.id", ondelete="CASCADE"), unique=True
    )
    # Our own claims: their article, so that a claim is never matched with its neighbours.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # Normalized terms in text order, separated by single spaces.
    claim_terms: Mapped[str] = mapped_column(Text)
    title_terms: Mapped[str] = mapped_column(Text)
    # How many terms each field has (BM25's length normalization, read in SQL).
    claim_length: Mapped[int]
    title_length: Mapped[int]
    # When the checked claim was made (or, failing that, checked): the recency bonus.
    made_on: Mapped[dt.date | None]
    # The claim's unit embedding, float16 little-endian (factcheck.matching.embedding); NULL
    # until the embed_archive_entries job computes it for an imported fact-check.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)


class MatchTerm(Base):
    """How many entries hold a term, in their claim or title."""

    __tablename__ = "match_terms"

    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    entries: Mapped[int]


class MatchTotals(Base):
    """One row: the number of entries and of terms in all claims and all titles."""

    __tablename__ = "match_totals"

    id: Mapped[int] = mapped_column(primary_key=True)
    entries: Mapped[int]
    claim_terms: Mapped[int]
    title_terms: Mapped[int]
