# mypy: disallow-untyped-defs
"""Why a fact-check matched a claim, and how sure the match is.

An editor decides in a glance whether a suggestion is the same claim. Single shared words
("said", "new", "cut") are weak evidence, so :func:`reasons` lists first the **phrases** the
two texts share (runs of two or more adjacent terms, shown in the claim's words), then the
**numbers**, then the remaining shared words, rarest first.

:func:`confidence` turns that evidence and the embedding similarity into one number in
[0, 1] that can be compared across claims (the fused ranking score cannot: its BM25 part is
relative to the query's own best candidate). The desk shows "possibly already checked" only
above a level chosen on the visible claim-matching sets; docs/matching.md gives the level and
its precision and recall.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

# Above this, "possibly already checked"; between WEAK and this, behind "more"; below WEAK,
# not shown at all (docs/matching.md: how they were chosen, with precision and recall).
LIKELY = 0.25
WEAK = 0.15
# Cosines of right matches are mostly above this (90 % on the tuning sets); below it the
# lexical overlap counts in proportion.
SIMILARITY_FLOOR = 0.25


@dataclass(frozen=True)
class Reasons:
    """What a claim and a fact-check have in common."""

    phrases: tuple[str, ...]  # in the claim's words, e.g. "budget deficit"
    numbers: tuple[str, ...]
    words: tuple[str, ...]  # other shared words, rarest first
    shared_terms: tuple[str, ...]  # every shared term (stems), rarest first
    # The idf-weighted share of the claim's terms that the fact-check holds, in [0, 1].
    coverage: float
    # The same share of the fact-check's terms that the claim holds, in [0, 1].
    entry_coverage: float


def reasons(
    query: Sequence[tuple[str, str]],
    claim_terms: Sequence[str],
    title_terms: Sequence[str],
    idf: Callable[[str], float],
) -> Reasons:
    """The evidence that ``query`` (terms with their words) matches an entry's fields."""
    entry_terms = set(claim_terms) | set(title_terms)
    stems = [stem for stem, _ in query]
    shared = sorted({s for s in stems if s in entry_terms}, key=lambda t: (-idf(t), t))
    phrases, in_phrase = _phrases(query, _bigrams(claim_terms) | _bigrams(title_terms))
    word_of = {stem: word for stem, word in reversed(query)}  # first spelling wins
    numbers = tuple(word_of[s] for s in shared if _is_number(s))
    words = tuple(word_of[s] for s in shared if s not in in_phrase and not _is_number(s))
    return Reasons(
        phrases,
        numbers,
        words,
        tuple(shared),
        _share(set(shared), set(stems), idf),
        _share(set(shared), entry_terms, idf),
    )


def _bigrams(terms: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(terms))


def _phrases(
    query: Sequence[tuple[str, str]], entry_bigrams: set[tuple[str, str]]
) -> tuple[tuple[str, ...], set[str]]:
    """Maximal runs of query terms that follow each other in the entry too, each once."""
    phrases: list[str] = []
    covered: set[str] = set()
    start = 0
    while start < len(query):
        end = start
        while end + 1 < len(query) and (query[end][0], query[end + 1][0]) in entry_bigrams:
            end += 1
        if end > start:
            phrase = " ".join(word for _, word in query[start : end + 1])
            if phrase not in phrases:
                phrases.append(phrase)
            covered.update(stem for stem, _ in query[start : end + 1])
        start = end + 1
    return tuple(phrases), covered


def _is_number(term: str) -> bool:
    return term[:1].isdigit()


def _share(shared: set[str], whole: set[str], idf: Callable[[str], float]) -> float:
    total = sum(idf(t) for t in whole)
    return sum(idf(t) for t in shared) / total if total > 0 else 0.0


def confidence(why: Reasons, similarity: float | None) -> float:
    """How sure a match is, in [0, 1]: the geometric mean of the two coverages (an
    idf-weighted overlap of the two texts' terms), discounted when the embeddings say the
    texts are about different things (cosine below SIMILARITY_FLOOR): two unrelated news
    sentences share "said", "new" or "March" by chance. Without an embedding, the overlap
    alone. Measured on the visible claim-matching sets (docs/matching.md), this separated
    right from wrong suggestions better than either signal alone or their mean."""
    overlap = math.sqrt(why.coverage * why.entry_coverage)
    if similarity is None:
        return overlap
    return overlap * min(1.0, max(similarity, 0.0) / SIMILARITY_FLOOR)
