# mypy: disallow-untyped-defs
"""Match an incoming claim against the archive of published fact-checks.

"Has this been checked before?" -- CLEF CheckThat! Task 2 style. A pure library: no Flask,
no database. The first stage (which entries may match) is the database's full-text index,
in factcheck.domain.match_index; this package normalizes text, embeds it, and ranks and
explains the candidates. See docs/matching.md.
"""

from factcheck.matching.explain import Reasons
from factcheck.matching.normalize import normalize, terms_and_words
from factcheck.matching.ranking import Candidate, Collection, Match, Query, ScoringParams, rank

__all__ = [
    "Candidate",
    "Collection",
    "Match",
    "Query",
    "Reasons",
    "ScoringParams",
    "normalize",
    "rank",
    "terms_and_words",
]
