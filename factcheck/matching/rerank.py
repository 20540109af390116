# mypy: disallow-untyped-defs
"""Second stage: re-score the first stage's best candidates with evidence BM25 cannot see.

BM25 adds up matching terms independently. What it misses for "is this the same claim?" is
**entry coverage**: how much of the fact-check's own wording (idf-weighted) the query
contains. A fact-check is a short summary of one claim; a tweet or a debate sentence that
repeats that claim contains most of it, while one that merely shares a popular name covers a
small part of a long entry. The final score is ``bm25 * (1 + coverage_weight * coverage)``.

Measured (docs/matching.md): the gain is within noise on the dev sets, so the default weight
is 0 and :class:`~factcheck.matching.index.MatchIndex` skips this stage; it stays available
for an archive where it helps.

The stage that matters is :func:`fuse_similarity`: BM25 fused with the cosine
similarity of sentence embeddings (embedding.py), which sees paraphrases with few shared words.

Contract of :func:`rerank`: it returns every candidate exactly once with its final score,
best first (ties by entry id), and the final score is never below the first-stage score, so
positive scores stay positive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    first_stage_score: float
    claim_terms: tuple[str, ...]
    title_terms: tuple[str, ...]


def rerank(
    query_terms: list[str],
    candidates: list[Candidate],
    idf: Callable[[str], float],
    coverage_weight: float,
) -> list[tuple[Candidate, float]]:
    """Candidates with their final scores, best first (see the module contract)."""
    query_set = set(query_terms)
    scored = []
    for candidate in candidates:
        boost = coverage_weight * _entry_coverage(query_set, candidate, idf)
        scored.append((candidate, candidate.first_stage_score * (1.0 + boost)))
    scored.sort(key=lambda item: (-item[1], item[0].entry_id))
    return scored


def _entry_coverage(
    query_set: set[str], candidate: Candidate, idf: Callable[[str], float]
) -> float:
    """The idf-weighted share of the entry's distinct terms that the query contains, in [0, 1]."""
    entry_terms = set(candidate.claim_terms) | set(candidate.title_terms)
    total = sum(idf(t) for t in entry_terms)
    shared = sum(idf(t) for t in entry_terms & query_set)
    return shared / total if total else 0.0


def fuse_similarity(
    ranked: list[tuple[Candidate, float]], similarities: list[float], weight: float
) -> list[tuple[Candidate, float]]:
    """BM25 scaled to the best candidate's, plus ``weight`` x (1 + cosine similarity).

    BM25 scores are not comparable across queries while a cosine is, so BM25 is divided by
    the query's best score before the two are added. The "1 +" adds the same amount to every
    candidate (the order is that of ``bm25 / best + weight * cos``) and keeps the final score
    positive. ``ranked`` must be best first and ``similarities`` aligned with it; the result is
    best first, ties by entry id.
    """
    best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
    fused = [
        (candidate, score / best + weight * (1.0 + cos))
        for (candidate, score), cos in zip(ranked, similarities, strict=True)
    ]
    fused.sort(key=lambda item: (-item[1], item[0].entry_id))
    return fused
