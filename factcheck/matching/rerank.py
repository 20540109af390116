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

The stage that matters is :func:`fuse`: BM25 fused with the cosine similarity of sentence
embeddings (embedding.py), which sees paraphrases with few shared words, and, when the query
and the entry have dates, with :func:`recency`.

Contract of :func:`rerank`: it returns every candidate exactly once with its final score,
best first (ties by entry id), and the final score is never below the first-stage score, so
positive scores stay positive.
"""

from __future__ import annotations

import math
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


def fuse(
    ranked: list[tuple[Candidate, float]], bonuses: list[float]
) -> list[tuple[Candidate, float]]:
    """BM25 scaled to the best candidate's, plus each candidate's bonus.

    BM25 scores are not comparable across queries while the bonuses (embedding similarity,
    recency) are, so BM25 is divided by the query's best score before they are added.
    ``ranked`` must be best first and ``bonuses`` aligned with it and not negative; the result
    is best first, ties by entry id.
    """
    best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
    fused = [
        (candidate, score / best + bonus)
        for (candidate, score), bonus in zip(ranked, bonuses, strict=True)
    ]
    fused.sort(key=lambda item: (-item[1], item[0].entry_id))
    return fused


def similarity_bonus(cosine: float, weight: float) -> float:
    """``weight`` x (1 + cosine): the "1 +" adds the same to every candidate (the order is
    that of ``weight * cosine``) and keeps the bonus, and so the final score, positive."""
    return weight * (1.0 + cosine)


def recency(query_day: int, entry_day: int | None, scale_days: float, slack_days: float) -> float:
    """How likely, by date alone, a fact-check is the one for a claim made on ``query_day``.

    Days are proleptic ordinals (``date.toordinal()``). A claim is fact-checked after it is
    made, and the claims that come back are mostly from the same news cycle: a fact-check
    dated up to ``slack_days`` after the query (time zones, "stated on" versus publication
    dates) or any time before it gets ``exp(-age / scale_days)``, 1 for the same day; a later
    one, or one with no date, gets 0.
    """
    if entry_day is None:
        return 0.0
    age = query_day - entry_day
    if age < -slack_days:
        return 0.0
    return math.exp(-max(age, 0) / scale_days)
