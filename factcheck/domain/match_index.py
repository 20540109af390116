"""The match index in the database: the first stage of "has this been checked before?".

Every worker and host reads the same index, so nothing that grows with the archive is built
or kept in a worker's memory, and nothing is rebuilt when a worker starts.

* Writing: :func:`put` indexes imported fact-checks and our own published claims (their
  normalized terms, and their claim's embedding, computed here once); :func:`drop_claims`
  takes claims out. Both keep the archive-wide counts (MatchTerm, MatchTotals) in step, in
  the caller's transaction (they flush, never commit).
* Reading: :func:`collection` reads those counts for a query's terms; :func:`candidates`
  asks the full-text index for the entries most likely to match (at most ``limit``) and
  returns them with what the ranking needs (factcheck.matching.ranking).

The first stage on PostgreSQL is a GIN-indexed tsvector, scored in SQL with BM25F weights
(idf from MatchTerm); on SQLite it is the FTS5 table ``match_fts`` ranked by its bm25().
Either way the candidates are then re-scored in Python by the same code, so both databases
rank alike. To keep a query's cost bounded on a large archive, the full-text query asks for
the entries that hold one of the query's rarer terms (up to CANDIDATE_BUDGET entries in all)
or two of its commoner ones; an entry sharing a single very common word is not a candidate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from factcheck.domain.claimreview_jsonld import claim_date
from factcheck.matching import Candidate, Collection, ScoringParams, normalize
from factcheck.matching.embedding import Embedder, default_embedder, from_bytes, to_bytes
from factcheck.models import ArchiveEntry, Article, ArticleStatus, Claim, ClaimStatus
from factcheck.models.matching import MatchEntry, MatchTerm, MatchTotals

ARCHIVE = "archive:"
OURS = "claim:"
# Longer "words" (pasted URLs without spaces, base64) are not words: never indexed.
MAX_TERM_LENGTH = 64
# A query's rarer terms, rarest first, are taken while the entries holding them add up to at
# most this many (the rarest is always taken): any one of them makes a candidate.
CANDIDATE_BUDGET = 2_000
# Entries holding two of the query's commoner terms are candidates too: pairs among this many.
PAIR_TERMS = 8
# A hard ceiling on the rows one query reads from the full-text index (queries of very
# common words only); past it the candidates are whichever rows came first.
SCAN_LIMIT = 10_000


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


def index_terms(text: str | None) -> list[str]:
    """The terms stored and searched for ``text``."""
    return [term for term in normalize(text or "") if len(term) <= MAX_TERM_LENGTH]


# Writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    id: int
    claim_terms: str
    title_terms: str


def put(session: Session, sources: Sequence[Source], embedder: Embedder | None = None) -> None:
    """Index ``sources`` (the same key again replaces its row) and update the counts."""
    if not sources:
        return
    sources = list({source.key: source for source in sources}.values())
    vectors = (embedder or default_embedder()).embed([s.claim or s.title or "" for s in sources])
    values = [_values(source, vector) for source, vector in zip(sources, vectors, strict=True)]
    old = _existing(session, [source.key for source in sources])
    fresh = [v for v in values if _key_of(v) not in old]
    stale = [v | {"id": old[_key_of(v)].id} for v in values if _key_of(v) in old]
    new_ids = _insert(session, fresh)
    if stale:
        session.execute(update(MatchEntry), stale)
    if _dialect(session) == "sqlite":
        _fts_replace(session, stale, [v | {"id": i} for v, i in zip(fresh, new_ids, strict=True)])
    _count(session, added=values, removed=list(old.values()))


def drop_claims(session: Session, claim_ids: Iterable[int]) -> None:
    """Take our claims out of the index (unknown ids are ignored)."""
    old = _existing(session, [f"{OURS}{claim_id}" for claim_id in claim_ids])
    if not old:
        return
    ids = [row.id for row in old.values()]
    if _dialect(session) == "sqlite":
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
        "embedding": to_bytes(vector),
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
        sqlite.insert if _dialect(session) == "sqlite" else postgresql.insert
    )
    statement = dialect_insert(MatchTerm)
    return statement.on_conflict_do_update(
        index_elements=[MatchTerm.term],
        set_={"entries": MatchTerm.entries + statement.excluded.entries},
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def refresh_statistics(session: Session) -> None:
    """After a bulk import: let PostgreSQL's planner see the new rows at once, rather than
    when autovacuum gets to them (SQLite plans full-text queries without statistics)."""
    if _dialect(session) == "postgresql":
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


# Reading ----------------------------------------------------------------------------------


def collection(session: Session, terms: Iterable[str]) -> Collection:
    """The archive-wide counts BM25 needs, for these query terms."""
    totals = session.execute(
        select(MatchTotals.entries, MatchTotals.claim_terms, MatchTotals.title_terms).where(
            MatchTotals.id == 1
        )
    ).one_or_none()
    wanted = sorted(set(terms))
    frequencies = (
        dict(
            session.execute(
                select(MatchTerm.term, MatchTerm.entries).where(MatchTerm.term.in_(wanted))
            )
            .tuples()
            .all()
        )
        if wanted
        else {}
    )
    if totals is None:
        return Collection(0, 0, 0, frequencies)
    return Collection(totals[0], totals[1], totals[2], frequencies)


@dataclass(frozen=True)
class Scope:
    """Which entries a search may return."""

    archive_only: bool = False  # other outlets' fact-checks only (reader search)
    exclude_article: int | None = None  # never our claims from this article


EVERYWHERE = Scope()
DEFAULT_PARAMS = ScoringParams()


def candidates(
    session: Session,
    terms: Sequence[str],
    collection: Collection,
    *,
    limit: int,
    scope: Scope = EVERYWHERE,
    params: ScoringParams = DEFAULT_PARAMS,
) -> list[Candidate]:
    """At most ``limit`` entries likely to match a query with these terms, loaded for ranking."""
    known = sorted(
        {
            t
            for t in terms
            if collection.document_frequency.get(t, 0) > 0 and _SAFE_TERM.fullmatch(t)
        },
        key=lambda t: (collection.document_frequency[t], t),
    )
    if not known or limit <= 0:
        return []
    rare, common = _split(known, collection)
    if _dialect(session) == "sqlite":
        ids = _sqlite_first_stage(session, rare, common, limit, scope)
    else:
        ids = _postgresql_first_stage(
            session, known, rare, common, collection, limit, scope, params
        )
    return _load(session, ids)


def _split(known: list[str], collection: Collection) -> tuple[list[str], list[str]]:
    """The rarer terms (any one makes a candidate) and the commoner ones (two are needed)."""
    rare: list[str] = []
    total = 0
    for term in known:
        frequency = collection.document_frequency[term]
        if rare and total + frequency > CANDIDATE_BUDGET:
            break
        rare.append(term)
        total += frequency
    return rare, known[len(rare) :][:PAIR_TERMS]


def _pairs(common: list[str]) -> list[tuple[str, str]]:
    return list(combinations(common, 2))


def _sqlite_first_stage(
    session: Session, rare: list[str], common: list[str], limit: int, scope: Scope
) -> list[int]:
    alternatives = [f'"{t}"' for t in rare] + [f'("{a}" AND "{b}")' for a, b in _pairs(common)]
    where, params = _scope_sql(scope)
    join = " JOIN match_entries ON match_entries.id = match_fts.rowid" if where else ""
    sql = (
        "SELECT match_fts.rowid FROM match_fts"
        + join
        + " WHERE match_fts MATCH :match"
        + where
        # Column weights as in ScoringParams: claim 1.0, title 0.7.
        + " ORDER BY bm25(match_fts, 1.0, 0.7), match_fts.rowid LIMIT :limit"
    )
    params |= {"match": " OR ".join(alternatives), "limit": limit}
    return list(session.scalars(text(sql), params))


def _scope_sql(scope: Scope) -> tuple[str, dict[str, Any]]:
    clauses, params = [], {}
    if scope.archive_only:
        clauses.append("match_entries.archive_entry_id IS NOT NULL")
    if scope.exclude_article is not None:
        clauses.append("(match_entries.article_id IS NULL OR match_entries.article_id <> :article)")
        params["article"] = scope.exclude_article
    return "".join(f" AND {clause}" for clause in clauses), params


def _postgresql_first_stage(
    session: Session,
    known: list[str],
    rare: list[str],
    common: list[str],
    collection: Collection,
    limit: int,
    scope: Scope,
    p: ScoringParams,
) -> list[int]:
    """BM25F in SQL over the rows the GIN index finds, with each term present or not (in
    short claims a term rarely repeats; the exact score is computed in Python afterwards).

    The tsqueries are written into the statement as constants (terms are [a-z0-9.] only),
    so PostgreSQL parses each once per query, not once per row."""
    alternatives = [f"'{t}'" for t in rare] + [f"('{a}' & '{b}')" for a, b in _pairs(common)]
    where, params = _scope_sql(scope)
    params |= {"scan": SCAN_LIMIT, "limit": limit}
    claim = f"{p.claim_weight} / claim_norm"
    title = f"{p.title_weight} / title_norm"
    parts = []
    for i, term in enumerate(known):
        params[f"idf{i}"] = collection.idf(term) * (p.k1 + 1.0)

        def gain(tf: str, i: int = i) -> str:
            return f":idf{i} * ({tf}) / ({tf} + {p.k1})"

        # Absent (the usual case): one test. Present: in the claim, the title, or both.
        parts.append(
            f"CASE WHEN NOT document @@ {_tsquery(term)} THEN 0 "
            f"WHEN document @@ {_tsquery(term, 'A')} THEN CASE "
            f"WHEN document @@ {_tsquery(term, 'B')} THEN {gain(f'{claim} + {title}')} "
            f"ELSE {gain(claim)} END ELSE {gain(title)} END"
        )
    sql = (
        "WITH hits AS (SELECT id, document, "
        f"{1 - p.claim_b} + {p.claim_b * 1.0 / collection.average_claim} * claim_length "
        "AS claim_norm, "
        f"{1 - p.title_b} + {p.title_b * 1.0 / collection.average_title} * title_length "
        "AS title_norm "
        f"FROM match_entries WHERE document @@ {_literal(' | '.join(alternatives))}::tsquery"
        + where
        + " LIMIT :scan) SELECT id FROM hits ORDER BY "
        + " + ".join(parts)
        + " DESC, id LIMIT :limit"
    )
    return list(session.scalars(text(sql), params))


_SAFE_TERM = re.compile(r"[a-z0-9.]+")


def _tsquery(term: str, weight: str = "") -> str:
    # "\\:" keeps SQLAlchemy's text() from reading ":A" as a bind parameter.
    return _literal(f"'{term}'" + (f"\\:{weight}" if weight else "")) + "::tsquery"


def _literal(value: str) -> str:
    """A constant for a tsquery made of normalized terms (checked: nothing else gets in)."""
    for term in re.findall(r"'([^']*)'", value):
        if not _SAFE_TERM.fullmatch(term):
            raise ValueError(f"not a normalized term: {term!r}")
    return "'" + value.replace("'", "''") + "'"


def _load(session: Session, ids: list[int]) -> list[Candidate]:
    if not ids:
        return []
    query = select(
        MatchEntry.archive_entry_id,
        MatchEntry.claim_id,
        MatchEntry.claim_terms,
        MatchEntry.title_terms,
        MatchEntry.made_on,
        MatchEntry.embedding,
    ).where(MatchEntry.id.in_(ids))
    return [
        Candidate(
            f"{ARCHIVE}{archive_id}" if archive_id is not None else f"{OURS}{claim_id}",
            tuple(claim_terms.split()),
            tuple(title_terms.split()),
            made_on.toordinal() if made_on is not None else None,
            from_bytes(embedding),
        )
        for archive_id, claim_id, claim_terms, title_terms, made_on, embedding in session.execute(
            query
        )
    ]
