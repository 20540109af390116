# mypy: disallow-untyped-defs
"""The incremental inverted index and its BM25F scorer.

Contract of :class:`MatchIndex`:

* ``add(entry_id, claim, title)`` makes the entry searchable at once; adding an id that is
  already there replaces that entry. ``remove(entry_id)`` forgets it (unknown ids are
  ignored). Neither rebuilds anything: collection statistics (document frequencies, average
  field lengths) are kept as running counts and read at query time, so scores are always those
  of the current archive.
* ``search(text, k)`` returns at most ``k`` matches, best first, each with a positive score
  and the normalized terms it shares with the query. An empty index, an empty query, a query
  of stop words only, or ``k <= 0`` give ``[]``. Ties are broken by entry id, so results are
  deterministic.
* It is safe to call ``search`` from many threads while another thread calls ``add`` or
  ``remove``: a readers/writer lock guards the index.

Scoring: BM25F picks the candidates; by default the best ``rerank_depth`` of them are then
re-scored with the cosine similarity of static sentence embeddings (embedding.py), which
catches paraphrases BM25 cannot see. Each entry is embedded once, when it is added, so the
index stays incremental. ``ScoringParams(embedding_weight=0)`` gives the purely lexical
matcher (and loads no model). When the query and an entry both have a date, a recency bonus
(rerank.recency) is added too: the fact-check for a claim is most often dated a little before
it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from factcheck.matching.embedding import Embedder, Vectors, default_embedder
from factcheck.matching.normalize import normalize
from factcheck.matching.rerank import Candidate, fuse, recency, rerank, similarity_bonus
from factcheck.matching.rwlock import ReadWriteLock


@dataclass(frozen=True)
class Match:
    """One archive entry that matches a query."""

    entry_id: str
    score: float
    # The normalized terms the query shares with the entry, most informative first.
    shared_terms: tuple[str, ...]


@dataclass(frozen=True)
class ScoringParams:
    """BM25F parameters (see docs/matching.md for how they were chosen)."""

    k1: float = 1.2
    claim_weight: float = 1.0
    title_weight: float = 0.7
    claim_b: float = 0.75
    title_b: float = 0.75
    # The second stage (rerank.py): how many first-stage candidates it re-scores.
    rerank_depth: int = 100
    # Weight of entry coverage. 0 turns it off: its measured gain was within noise.
    coverage_weight: float = 0.0
    # Weight of the embedding similarity against BM25 scaled to the query's best hit (1.0);
    # 0 turns it off. See docs/matching.md for the values tried.
    embedding_weight: float = 1.0
    # Weight of recency (rerank.recency) when the query and an entry both have a date; 0 turns
    # it off. An entry's bonus halves every ~0.7 x date_scale_days of age.
    date_weight: float = 0.5
    date_scale_days: float = 365.0
    date_slack_days: float = 7.0


@dataclass(frozen=True)
class _Entry:
    claim_terms: tuple[str, ...]
    title_terms: tuple[str, ...]


class MatchIndex:
    """An incremental index: entries are added/removed as they arrive; never rebuilt per query."""

    def __init__(
        self, params: ScoringParams | None = None, *, embedder: Embedder | None = None
    ) -> None:
        self._params = params or ScoringParams()
        self._embedder: Embedder | None = None
        if self._params.embedding_weight:
            self._embedder = embedder or default_embedder()
        self._lock = ReadWriteLock()
        self._entries: dict[str, _Entry] = {}
        # entry_id -> unit vector of its claim (only when embeddings are on)
        self._vectors: dict[str, Vectors] = {}
        # entry_id -> the entry's date as an ordinal (only entries that have one)
        self._days: dict[str, int] = {}
        # term -> {entry_id: (tf in claim, tf in title)}
        self._postings: dict[str, dict[str, tuple[int, int]]] = {}
        self._total_claim_len = 0
        self._total_title_len = 0

    def add(
        self, entry_id: str, claim: str, title: str | None = None, *, date: dt.date | None = None
    ) -> None:
        """Index an entry (``date``: when the claim was made or checked); the same id replaces
        an entry."""
        entry = _Entry(tuple(normalize(claim)), tuple(normalize(title or "")))
        # Embedded outside the lock: searches need not wait for it. The claim alone is
        # embedded: PolitiFact-style titles are editorial ("X falsely says ...") and adding
        # them lowered the debate set's MAP (docs/matching.md).
        vector = self._embed(claim or title or "")
        with self._lock.writing():
            self._unindex(entry_id)
            self._index(entry_id, entry)
            if vector is not None:
                self._vectors[entry_id] = vector
            if date is not None:
                self._days[entry_id] = date.toordinal()

    def remove(self, entry_id: str) -> None:
        """Forget an entry; an unknown id is ignored."""
        with self._lock.writing():
            self._unindex(entry_id)

    def __len__(self) -> int:
        with self._lock.reading():
            return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        with self._lock.reading():
            return entry_id in self._entries

    def search(self, text: str, k: int = 10, *, date: dt.date | None = None) -> list[Match]:
        """The best ``k`` entries for ``text``, best first (see the module contract).

        ``date`` is when the claim was made: entries dated shortly before it rank higher."""
        query_terms = normalize(text)
        # An empty archive (the usual case on a new desk) needs no query embedding.
        if k <= 0 or not query_terms or not self._entries:
            return []
        query_vector = self._embed(text)
        with self._lock.reading():
            if not self._entries:
                return []
            first_stage = self._bm25f(query_terms)
            query_day = date.toordinal() if date is not None and self._params.date_weight else None
            depth = max(k, self._params.rerank_depth) if self._reranks(query_day) else k
            top = sorted(first_stage.items(), key=lambda item: (-item[1], item[0]))[:depth]
            candidates = [
                Candidate(entry_id, score, self._entries[entry_id].claim_terms,
                          self._entries[entry_id].title_terms)
                for entry_id, score in top
            ]  # fmt: skip
            ranked = self._second_stage(query_terms, query_vector, query_day, candidates)[:k]
            return [
                Match(c.entry_id, score, _shared_terms(query_terms, c, self._idf))
                for c, score in ranked
            ]

    def _embed(self, text: str) -> Vectors | None:
        if self._embedder is None:
            return None
        vector: Vectors = self._embedder.embed([text])[0]
        return vector

    def _reranks(self, query_day: int | None) -> bool:
        return bool(self._params.coverage_weight or self._embedder or query_day is not None)

    def _second_stage(
        self,
        query_terms: list[str],
        query_vector: Vectors | None,
        query_day: int | None,
        candidates: list[Candidate],
    ) -> list[tuple[Candidate, float]]:
        """Coverage (if on), then fusion with embedding similarity and recency (each if on);
        candidates come best first."""
        p = self._params
        ranked = [(c, c.first_stage_score) for c in candidates]
        if p.coverage_weight:
            ranked = rerank(query_terms, candidates, self._idf, p.coverage_weight)
        if not ranked or (query_vector is None and query_day is None):
            return ranked
        bonuses = [0.0] * len(ranked)
        if query_vector is not None:
            matrix = np.stack([self._vectors[c.entry_id] for c, _ in ranked])
            similarities = (matrix @ query_vector).tolist()
            bonuses = [similarity_bonus(cos, p.embedding_weight) for cos in similarities]
        if query_day is not None:
            days = [self._days.get(c.entry_id) for c, _ in ranked]
            recencies = [
                recency(query_day, day, p.date_scale_days, p.date_slack_days) for day in days
            ]
            bonuses = [b + p.date_weight * r for b, r in zip(bonuses, recencies, strict=True)]
        return fuse(ranked, bonuses)

    # -- writing (caller holds the write lock) ------------------------------------------------

    def _index(self, entry_id: str, entry: _Entry) -> None:
        claim_tf = Counter(entry.claim_terms)
        title_tf = Counter(entry.title_terms)
        for term in claim_tf.keys() | title_tf.keys():
            self._postings.setdefault(term, {})[entry_id] = (claim_tf[term], title_tf[term])
        self._entries[entry_id] = entry
        self._total_claim_len += len(entry.claim_terms)
        self._total_title_len += len(entry.title_terms)

    def _unindex(self, entry_id: str) -> None:
        entry = self._entries.pop(entry_id, None)
        if entry is None:
            return
        self._vectors.pop(entry_id, None)
        self._days.pop(entry_id, None)
        for term in set(entry.claim_terms) | set(entry.title_terms):
            posting = self._postings[term]
            del posting[entry_id]
            if not posting:
                del self._postings[term]
        self._total_claim_len -= len(entry.claim_terms)
        self._total_title_len -= len(entry.title_terms)

    # -- reading (caller holds the read lock) --------------------------------------------------

    def _idf(self, term: str) -> float:
        """BM25's idf, floored at zero-ish so a term in most entries never counts against."""
        n = len(self._entries)
        df = len(self._postings.get(term, ()))
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def _bm25f(self, query_terms: list[str]) -> dict[str, float]:
        """BM25F: field term frequencies, length-normalized and weighted, saturated once."""
        p = self._params
        n = len(self._entries)
        avg_claim = max(self._total_claim_len / n, 1.0)
        avg_title = max(self._total_title_len / n, 1.0)
        scores: dict[str, float] = {}
        for term, query_tf in Counter(query_terms).items():
            posting = self._postings.get(term)
            if not posting:
                continue
            idf = self._idf(term)
            for entry_id, (claim_tf, title_tf) in posting.items():
                entry = self._entries[entry_id]
                tf = 0.0
                if claim_tf:
                    norm = 1.0 - p.claim_b + p.claim_b * len(entry.claim_terms) / avg_claim
                    tf += p.claim_weight * claim_tf / norm
                if title_tf:
                    norm = 1.0 - p.title_b + p.title_b * len(entry.title_terms) / avg_title
                    tf += p.title_weight * title_tf / norm
                gain = query_tf * idf * tf * (p.k1 + 1.0) / (tf + p.k1)
                scores[entry_id] = scores.get(entry_id, 0.0) + gain
        return scores


def _shared_terms(
    query_terms: list[str], candidate: Candidate, idf: Callable[[str], float]
) -> tuple[str, ...]:
    """Query terms found in the entry, rarest (most telling) first, each once."""
    entry_terms = set(candidate.claim_terms) | set(candidate.title_terms)
    shared = {t for t in query_terms if t in entry_terms}
    return tuple(sorted(shared, key=lambda t: (-idf(t), t)))
