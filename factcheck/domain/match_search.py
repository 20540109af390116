"""Reading the match index: the first stage of "has this been checked before?".

:func:`collection` reads the archive-wide counts (kept by factcheck.domain.match_index) for a
query's terms; :func:`candidates` asks the full-text index for the entries most likely to
match (at most ``limit``) and returns them with what the ranking needs
(factcheck.matching.ranking). On PostgreSQL a GIN-indexed tsvector, scored in SQL with BM25F
weights; on SQLite the FTS5 table ``match_fts`` ranked by its bm25(). To keep a query's cost
bounded, it asks for the entries that hold one of the query's rarer terms (up to
CANDIDATE_BUDGET entries in all) or two of its commoner ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.domain import match_index
from factcheck.domain.match_index import ARCHIVE, OURS
from factcheck.matching import Candidate, Collection, ScoringParams
from factcheck.matching.embedding import from_bytes
from factcheck.models.matching import MatchEntry, MatchTerm, MatchTotals

# A query's rarer terms, rarest first, are taken while the entries holding them add up to at
# most this many (the rarest is always taken): any one of them makes a candidate.
CANDIDATE_BUDGET = 2_000
# Entries holding two of the query's commoner terms are candidates too: pairs among this many.
PAIR_TERMS = 8
# A hard ceiling on the rows one query reads from the full-text index (queries of very
# common words only); past it the candidates are whichever rows came first.
SCAN_LIMIT = 10_000


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
    ours_only: bool = False  # our published claims only (related fact-checks)
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
    if match_index.dialect(session) == "sqlite":
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
    if scope.ours_only:
        clauses.append("match_entries.claim_id IS NOT NULL")
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
