"""The match index in the database: the first stage of "has this been checked before?".

Every worker and host reads the same index, so nothing that grows with the archive is built
or kept in a worker's memory, and nothing is rebuilt when a worker starts.

* Writing: :func:`put` indexes imported fact-checks and our own published claims (their
  normalized terms, and their claim's embedding, computed once: here for our claims, by the
  embed_archive_entries job for imports, match_vectors.embed_waiting); :func:`drop_claims` takes
  claims out. Both keep the archive-wide counts (MatchTerm, MatchTotals) in step, in
  the caller's transaction (they flush, never commit).
* Reading is factcheck.domain.match_search: the counts for a query's terms, and the
  entries the full-text index finds most likely to match.

The first stage on PostgreSQL is a GIN-indexed tsvector, scored in SQL with BM25F weights
(idf from MatchTerm); on SQLite it is the FTS5 table ``match_fts`` ranked by its bm25().
Either way the candidates are then re-scored in Python by the same code, so both databases
rank alike. To keep a query's cost bounded on a large archive, the full-text query asks for
the entries that hold one of the query's rarer terms (up to CANDIDATE_BUDGET entries in all)
or two of its commoner ones; an entry sharing a single very common word is not a candidate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from factcheck.domain.claimreview_jsonld import claim_date
from factcheck.matching import normalize
from factcheck.matching.embedding import Embedder, default_embedder, to_bytes
from factcheck.models import ArchiveEntry, Article, ArticleStatus, Claim, ClaimStatus
from factcheck.models.matching import MatchEntry, MatchTerm, MatchTotals

ARCHIVE = "archive:"
OURS = "claim:"
# Longer "words" (pasted URLs without spaces, base64) are not words: never indexed.
MAX_TERM_LENGTH = 64


@dataclass(frozen=True)
class Source:
    """An entry to index: an imported fact-check or one of our published claims."""

    key: str  # ARCHIVE or OURS followed by the row id
    claim: str
    title: str | None = None
    made_on: dt.date | None = None
    article_id: int | None = None  # our claims' article


def archive_source(entry: ArchiveEntry) -> Source:
    return Source(f"{ARCHIVE}{entry.id}", entry.claim, entry.title, entry.published_on)


def claim_source(claim: Claim) -> Source:
    """One of our published claims: its text, its article's title and the claim's date."""
    return Source(
        f"{OURS}{claim.id}", claim.text, claim.article.title, made_on(claim), claim.article_id
    )


def made_on(claim: Claim) -> dt.date:
    """When a claim was made, for matching: its own date, else its article's publication
    date, else the day the desk received the article (articles are mostly about the news)."""
    return claim_date(claim, claim.article) or claim.article.created_at.date()


def embedded_text(claim: str | None, title: str | None) -> str:
    """What an entry's embedding is computed from: its claim (its title if it has none)."""
    return claim or title or ""


def index_terms(text: str | None) -> list[str]:
    """The terms stored and searched for ``text``."""
    return [term for term in normalize(text or "") if len(term) <= MAX_TERM_LENGTH]


# Writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    id: int
    claim_terms: str
    title_terms: str


def put(
    session: Session,
    sources: Sequence[Source],
    embedder: Embedder | None = None,
    *,
    embed_now: bool = True,
) -> None:
    """Index ``sources`` (the same key again replaces its row) and update the counts.

    ``embed_now=False`` stores the terms only and leaves the embedding NULL for
    match_vectors.embed_waiting (the embed_archive_entries job): imports in a request embed nothing.
    """
    if not sources:
        return
    sources = list({source.key: source for source in sources}.values())
    vectors: Iterable[Any] = (
        (embedder or default_embedder()).embed([embedded_text(s.claim, s.title) for s in sources])
        if embed_now
        else [None] * len(sources)
    )
    values = [_values(source, vector) for source, vector in zip(sources, vectors, strict=True)]
    old = _existing(session, [source.key for source in sources])
    fresh = [v for v in values if _key_of(v) not in old]
    stale = [v | {"id": old[_key_of(v)].id} for v in values if _key_of(v) in old]
    new_ids = _insert(session, fresh)
    if stale:
        session.execute(update(MatchEntry), stale)
    if dialect(session) == "sqlite":
        _fts_replace(session, stale, [v | {"id": i} for v, i in zip(fresh, new_ids, strict=True)])
    _count(session, added=values, removed=list(old.values()))


def drop_claims(session: Session, claim_ids: Iterable[int]) -> None:
    """Take our claims out of the index (unknown ids are ignored)."""
    old = _existing(session, [f"{OURS}{claim_id}" for claim_id in claim_ids])
    if not old:
        return
    ids = [row.id for row in old.values()]
    if dialect(session) == "sqlite":
        session.execute(text("DELETE FROM match_fts WHERE rowid = :id"), [{"id": i} for i in ids])
    session.execute(delete(MatchEntry).where(MatchEntry.id.in_(ids)))
    _count(session, added=[], removed=list(old.values()))


def _values(source: Source, vector: Any) -> dict[str, Any]:
    claim_terms = index_terms(source.claim)
    title_terms = index_terms(source.title)
    kind, _, row_id = source.key.partition(":")
    return {
        "archive_entry_id": int(row_id) if kind + ":" == ARCHIVE else None,
        "claim_id": int(row_id) if kind + ":" == OURS else None,
        "article_id": source.article_id,
        "claim_terms": " ".join(claim_terms),
        "title_terms": " ".join(title_terms),
        "claim_length": len(claim_terms),
        "title_length": len(title_terms),
        "made_on": source.made_on,
        "embedding": to_bytes(vector) if vector is not None else None,
    }


def _key_of(values: dict[str, Any]) -> str:
    if values["archive_entry_id"] is not None:
        return f"{ARCHIVE}{values['archive_entry_id']}"
    return f"{OURS}{values['claim_id']}"


def _existing(session: Session, keys: Sequence[str]) -> dict[str, _Row]:
    archive_ids = [int(k.removeprefix(ARCHIVE)) for k in keys if k.startswith(ARCHIVE)]
    claim_ids = [int(k.removeprefix(OURS)) for k in keys if k.startswith(OURS)]
    found: dict[str, _Row] = {}
    columns = (MatchEntry.id, MatchEntry.claim_terms, MatchEntry.title_terms)
    if archive_ids:
        query = select(MatchEntry.archive_entry_id, *columns).where(
            MatchEntry.archive_entry_id.in_(archive_ids)
        )
        for source_id, *row in session.execute(query):
            found[f"{ARCHIVE}{source_id}"] = _Row(*row)
    if claim_ids:
        query = select(MatchEntry.claim_id, *columns).where(MatchEntry.claim_id.in_(claim_ids))
        for source_id, *row in session.execute(query):
            found[f"{OURS}{source_id}"] = _Row(*row)
    return found


def _insert(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(MatchEntry).returning(MatchEntry.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))


def _fts_replace(
    session: Session, replaced: list[dict[str, Any]], added: list[dict[str, Any]]
) -> None:
    if replaced:
        session.execute(
            text("DELETE FROM match_fts WHERE rowid = :id"), [{"id": v["id"]} for v in replaced]
        )
    rows = [
        {"id": v["id"], "claim_terms": v["claim_terms"], "title_terms": v["title_terms"]}
        for v in [*replaced, *added]
    ]
    if rows:
        session.execute(
            text(
                "INSERT INTO match_fts (rowid, claim_terms, title_terms) "
                "VALUES (:id, :claim_terms, :title_terms)"
            ),
            rows,
        )


def _count(session: Session, *, added: list[dict[str, Any]], removed: list[_Row]) -> None:
    """Apply what changed to the document frequencies and totals.

    The totals row is updated first: every writer locks it before any term, so two
    transactions never wait on each other's terms in opposite orders.
    """
    old_claims = [row.claim_terms.split() for row in removed]
    old_titles = [row.title_terms.split() for row in removed]
    session.execute(
        update(MatchTotals)
        .where(MatchTotals.id == 1)
        .values(
            entries=MatchTotals.entries + len(added) - len(removed),
            claim_terms=MatchTotals.claim_terms
            + sum(v["claim_length"] for v in added)
            - sum(map(len, old_claims)),
            title_terms=MatchTotals.title_terms
            + sum(v["title_length"] for v in added)
            - sum(map(len, old_titles)),
        )
    )
    delta: Counter[str] = Counter()
    for values in added:
        delta.update(set(values["claim_terms"].split()) | set(values["title_terms"].split()))
    for claim_terms, title_terms in zip(old_claims, old_titles, strict=True):
        delta.subtract(set(claim_terms) | set(title_terms))
    changes = sorted((term, n) for term, n in delta.items() if n)
    if not changes:
        return
    session.execute(_upsert_terms(session), [{"term": t, "entries": n} for t, n in changes])
    gone = [term for term, n in changes if n < 0]
    if gone:
        session.execute(delete(MatchTerm).where(MatchTerm.term.in_(gone), MatchTerm.entries <= 0))


def _upsert_terms(session: Session) -> Any:
    dialect_insert: Callable[..., Any] = (
        sqlite.insert if dialect(session) == "sqlite" else postgresql.insert
    )
    statement = dialect_insert(MatchTerm)
    return statement.on_conflict_do_update(
        index_elements=[MatchTerm.term],
        set_={"entries": MatchTerm.entries + statement.excluded.entries},
    )


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def refresh_statistics(session: Session) -> None:
    """After a bulk import: let PostgreSQL's planner see the new rows at once, rather than
    when autovacuum gets to them (SQLite plans full-text queries without statistics)."""
    if dialect(session) == "postgresql":
        session.execute(text("ANALYZE archive_entries, match_entries, match_terms"))


# Backfill ---------------------------------------------------------------------------------


def backfill(
    session: Session,
    *,
    batch: int = 1000,
    on_batch: Callable[[Session, int], None] | None = None,
    embedder: Embedder | None = None,
) -> int:
    """Index what is not indexed yet: archive entries and published claims of published
    articles (rows written before migration 0011, or by an older release). Return how many.

    ``on_batch(session, count)`` runs after each batch (the CLI commits there and moves its
    progress bar), so memory stays bounded on any archive size.
    """
    done = 0
    for sources in _unindexed(session, batch):
        put(session, sources, embedder)
        session.flush()
        done += len(sources)
        if on_batch is not None:
            on_batch(session, len(sources))
    return done


def unindexed_count(session: Session) -> int:
    """How many entries :func:`backfill` would index."""
    archive = session.scalar(_count_of(_unindexed_archive_ids()))
    claims = session.scalar(_count_of(_unindexed_claim_ids()))
    return int(archive or 0) + int(claims or 0)


def _count_of(query: Any) -> Any:
    return select(func.count()).select_from(query.subquery())


def _unindexed_archive_ids() -> Any:
    indexed = select(MatchEntry.archive_entry_id).where(MatchEntry.archive_entry_id.is_not(None))
    return select(ArchiveEntry.id).where(ArchiveEntry.id.not_in(indexed))


def _unindexed_claim_ids() -> Any:
    indexed = select(MatchEntry.claim_id).where(MatchEntry.claim_id.is_not(None))
    return (
        select(Claim.id)
        .join(Claim.article)
        .where(
            Claim.status == ClaimStatus.PUBLISHED,
            Article.status == ArticleStatus.PUBLISHED,
            Claim.id.not_in(indexed),
        )
    )


def _unindexed(session: Session, batch: int) -> Iterable[list[Source]]:
    while True:
        ids = list(session.scalars(_unindexed_archive_ids().order_by(ArchiveEntry.id).limit(batch)))
        if not ids:
            break
        entries = session.scalars(select(ArchiveEntry).where(ArchiveEntry.id.in_(ids)))
        yield [archive_source(entry) for entry in entries]
    while True:
        ids = list(session.scalars(_unindexed_claim_ids().order_by(Claim.id).limit(batch)))
        if not ids:
            break
        claims = session.scalars(select(Claim).where(Claim.id.in_(ids)))
        yield [claim_source(claim) for claim in claims]
