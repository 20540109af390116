"""Embeddings of imported fact-checks, computed by a job after the import (not in its request).

An import stores each entry and its terms (factcheck.domain.match_index.put with
``embed_now=False``); the embed_archive_entries job then fills the embeddings in batches,
only for rows still without one, so running it again does nothing. Until its embedding is
in, an entry is found by its words: the ranking gives it no similarity bonus and its
confidence is its overlap alone (factcheck.matching.ranking).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from factcheck.domain.match_index import embedded_text
from factcheck.matching.embedding import Embedder, default_embedder, to_bytes
from factcheck.models import ArchiveEntry, Claim
from factcheck.models.matching import MatchEntry


@dataclass(frozen=True)
class Waiting:
    """An entry whose embedding is still to be computed, with the text it is computed from."""

    id: int
    claim_terms: str
    text: str


def waiting_for_vectors(session: Session) -> int:
    """How many imported fact-checks wait for their embedding (matched by words meanwhile)."""
    query = select(func.count()).where(
        MatchEntry.embedding.is_(None), MatchEntry.archive_entry_id.is_not(None)
    )
    return int(session.scalar(query) or 0)


def unembedded(session: Session, limit: int) -> list[Waiting]:
    """Up to ``limit`` entries without an embedding, oldest first (a partial index finds them)."""
    query = (
        select(MatchEntry.id, MatchEntry.claim_terms, ArchiveEntry.claim, ArchiveEntry.title,
               Claim.text)
        .outerjoin(ArchiveEntry, ArchiveEntry.id == MatchEntry.archive_entry_id)
        .outerjoin(Claim, Claim.id == MatchEntry.claim_id)
        .where(MatchEntry.embedding.is_(None))
        .order_by(MatchEntry.id)
        .limit(limit)
    )  # fmt: skip
    return [
        Waiting(row_id, terms, embedded_text(claim, title) or (our_text or ""))
        for row_id, terms, claim, title, our_text in session.execute(query)
    ]


def store_vectors(session: Session, rows: Sequence[Waiting], vectors: Iterable[Any]) -> None:
    """Keep the embeddings computed for ``rows``. A row re-imported with other words since it
    was read, or embedded meanwhile by another run, is left alone (its own run embeds it)."""
    if not rows:
        return
    table = MatchEntry.__table__
    assert isinstance(table, Table)
    statement = (
        update(table)
        .where(
            table.c.id == bindparam("row_id"),
            table.c.embedding.is_(None),
            table.c.claim_terms == bindparam("terms"),
        )
        .values(embedding=bindparam("vector"))
    )
    session.connection().execute(
        statement,
        [
            {"row_id": row.id, "terms": row.claim_terms, "vector": to_bytes(vector)}
            for row, vector in zip(rows, vectors, strict=True)
        ],
    )


def embed_waiting(session: Session, *, batch: int, embedder: Embedder | None = None) -> int:
    """Embed up to ``batch`` waiting entries; return how many (0: nothing was waiting)."""
    rows = unembedded(session, batch)
    if rows:
        vectors = (embedder or default_embedder()).embed([row.text for row in rows])
        store_vectors(session, rows, vectors)
    return len(rows)
