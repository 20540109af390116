# mypy: disallow-untyped-defs
"""Second stage: re-score the first stage's best candidates with evidence BM25 cannot see.

:func:`fuse` adds to BM25 (scaled to the query's best candidate) the cosine similarity of
static sentence embeddings (embedding.py), which sees paraphrases with few shared words, and,
when the query and the entry have dates, :func:`recency`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def fuse(ranked: Sequence[tuple[T, float]], bonuses: Sequence[float]) -> list[tuple[T, float]]:
    """BM25 scaled to the best candidate's, plus each candidate's bonus.

    BM25 scores are not comparable across queries while the bonuses (embedding similarity,
    recency) are, so BM25 is divided by the query's best score before they are added.
    ``ranked`` must be best first and ``bonuses`` aligned with it and not negative; the result
    is best first, in the input order among equal scores (callers break ties beforehand).
    """
    best = ranked[0][1] if ranked and ranked[0][1] > 0 else 1.0
    fused = [
        (candidate, score / best + bonus)
        for (candidate, score), bonus in zip(ranked, bonuses, strict=True)
    ]
    fused.sort(key=lambda item: -item[1])
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
