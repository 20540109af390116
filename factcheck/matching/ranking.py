# mypy: disallow-untyped-defs
"""Rank the candidates a first stage found: BM25F, then fusion with embeddings and recency.

The first stage (the database's full-text index, factcheck.domain.match_index) only says
which entries may match and returns at most a few hundred of them. This module scores them
exactly the same way whatever found them, so SQLite and PostgreSQL rank alike:

* :func:`bm25f` -- BM25F over two fields, claim and title, with the archive-wide statistics
  of :class:`Collection` (document frequencies and average field lengths, kept in the
  database as entries come and go);
* :func:`rank` -- the best ``rerank_depth`` candidates by BM25F re-scored as
  ``bm25 / best bm25 + embedding_weight x (1 + cos) + date_weight x recency``, each match with
  the reasons it matched and a confidence (explain.py).

Contract of :func:`rank`: at most ``k`` matches, best first, scores positive, ties broken by
entry id (deterministic). A query without terms, no candidates or ``k <= 0`` give ``[]``.
A candidate that shares no term with the query is never returned: the first stage decides
what can match, the second only reorders.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from factcheck.matching.embedding import Vectors
from factcheck.matching.explain import Reasons, confidence, reasons
from factcheck.matching.rerank import fuse, recency, similarity_bonus


@dataclass(frozen=True)
class ScoringParams:
    """BM25F and fusion parameters (see docs/matching.md for how they were chosen)."""

    k1: float = 1.2
    claim_weight: float = 1.0
    title_weight: float = 0.7
    claim_b: float = 0.75
    title_b: float = 0.75
    # How many candidates, best by BM25F, the fusion re-scores.
    rerank_depth: int = 100
    # Weight of the embedding similarity against BM25 scaled to the query's best hit (1.0);
    # 0 turns it off. See docs/matching.md for the values tried.
    embedding_weight: float = 1.0
    # Weight of recency (rerank.recency) when the query and an entry both have a date; 0 turns
    # it off. An entry's bonus halves every ~0.7 x date_scale_days of age.
    date_weight: float = 0.5
    date_scale_days: float = 365.0
    date_slack_days: float = 7.0


@dataclass(frozen=True)
class Collection:
    """What BM25 needs to know about the whole archive, read from the database per query."""

    entries: int
    claim_terms: int  # the number of terms in all claims together
    title_terms: int
    # Entries holding each query term (in claim or title); a term missing here is in none.
    document_frequency: Mapping[str, int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        """BM25's idf, floored at zero-ish so a term in most entries never counts against."""
        df = self.document_frequency.get(term, 0)
        return math.log(1.0 + (self.entries - df + 0.5) / (df + 0.5))

    @property
    def average_claim(self) -> float:
        return max(self.claim_terms / self.entries, 1.0) if self.entries else 1.0

    @property
    def average_title(self) -> float:
        return max(self.title_terms / self.entries, 1.0) if self.entries else 1.0


@dataclass(frozen=True)
class Candidate:
    """An entry the first stage found, with what the second stage reads of it."""

    entry_id: str
    claim_terms: tuple[str, ...]
    title_terms: tuple[str, ...] = ()
    day: int | None = None  # when its claim was made (or checked), as a date ordinal
    vector: Vectors | None = None  # its claim's stored embedding


@dataclass(frozen=True)
class Query:
    """A claim to look for: its terms (normalize.terms_and_words), vector and day."""

    terms: tuple[tuple[str, str], ...]
    vector: Vectors | None = None
    day: int | None = None

    @property
    def stems(self) -> list[str]:
        return [stem for stem, _word in self.terms]


@dataclass(frozen=True)
class Match:
    """One archive entry that matches a query."""

    entry_id: str
    score: float
    # The normalized terms the query shares with the entry, most informative first.
    shared_terms: tuple[str, ...]
    reasons: Reasons
    # How sure the match is, comparable across queries (explain.confidence), in [0, 1].
    confidence: float = 0.0
    similarity: float | None = None  # cosine of the two claims' embeddings


def bm25f(
    query_terms: Sequence[str], candidate: Candidate, collection: Collection, p: ScoringParams
) -> float:
    """BM25F: field term frequencies, length-normalized and weighted, saturated once."""
    return _bm25f(_weights(query_terms, collection), candidate, collection, p)


def _weights(query_terms: Sequence[str], collection: Collection) -> list[tuple[str, float]]:
    """Each distinct query term with its idf times its count in the query."""
    return [(term, n * collection.idf(term)) for term, n in Counter(query_terms).items()]


def _bm25f(
    weights: list[tuple[str, float]], candidate: Candidate, collection: Collection, p: ScoringParams
) -> float:
    claim, title = candidate.claim_terms, candidate.title_terms
    claim_norm = 1.0 - p.claim_b + p.claim_b * len(claim) / collection.average_claim
    title_norm = 1.0 - p.title_b + p.title_b * len(title) / collection.average_title
    score = 0.0
    for term, weight in weights:
        tf = p.claim_weight * claim.count(term) / claim_norm
        if title:
            tf += p.title_weight * title.count(term) / title_norm
        if tf:
            score += weight * tf * (p.k1 + 1.0) / (tf + p.k1)
    return score


def rank(
    query: Query,
    candidates: Sequence[Candidate],
    collection: Collection,
    params: ScoringParams,
    k: int,
) -> list[Match]:
    """The best ``k`` candidates for ``query``, best first (see the module contract)."""
    stems = query.stems
    if k <= 0 or not stems:
        return []
    weights = _weights(stems, collection)
    scored = [(c, _bm25f(weights, c, collection, params)) for c in candidates]
    scored = [(c, s) for c, s in scored if s > 0]
    scored.sort(key=lambda item: (-item[1], item[0].entry_id))
    scored = scored[: max(k, params.rerank_depth)]
    similarities = _similarities(query, [c for c, _ in scored])
    embedded = similarities is not None and params.embedding_weight > 0
    dated = query.day is not None and params.date_weight > 0
    bonuses = [0.0] * len(scored)
    if similarities is not None and embedded:
        # An entry whose vector is not stored yet gets no bonus (as for a cosine of 0).
        bonuses = [similarity_bonus(cos or 0.0, params.embedding_weight) for cos in similarities]
    if query.day is not None and dated:
        bonuses = [
            bonus
            + params.date_weight
            * recency(query.day, c.day, params.date_scale_days, params.date_slack_days)
            for bonus, (c, _) in zip(bonuses, scored, strict=True)
        ]
    cosine = dict(zip((c.entry_id for c, _ in scored), similarities or (), strict=False))
    # Without an embedding or a date there is nothing to fuse: the scores stay BM25F's.
    fused = fuse(scored, bonuses) if embedded or dated else scored
    fused.sort(key=lambda item: (-item[1], item[0].entry_id))
    return [_match(query, c, score, collection, cosine.get(c.entry_id)) for c, score in fused[:k]]


def _similarities(query: Query, candidates: list[Candidate]) -> list[float | None] | None:
    """Each candidate's cosine with the query; None for one without a usable stored vector
    (an imported fact-check whose embedding a job has not computed yet): its confidence is
    then its overlap alone, so it is still suggested by its words."""
    if query.vector is None or not candidates:
        return None
    zero = np.zeros_like(query.vector)
    vectors = [c.vector if c.vector is not None and c.vector.shape == zero.shape else None
               for c in candidates]  # fmt: skip
    cosines: list[float] = (
        np.stack([zero if v is None else v for v in vectors]) @ query.vector
    ).tolist()
    return [None if v is None else cos for cos, v in zip(cosines, vectors, strict=True)]


def _match(
    query: Query,
    candidate: Candidate,
    score: float,
    collection: Collection,
    similarity: float | None,
) -> Match:
    why = reasons(query.terms, candidate.claim_terms, candidate.title_terms, collection.idf)
    return Match(
        candidate.entry_id,
        score,
        why.shared_terms,
        why,
        confidence(why, similarity),
        similarity,
    )
