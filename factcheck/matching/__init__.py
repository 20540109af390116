# mypy: disallow-untyped-defs
"""Match an incoming claim against the archive of published fact-checks.

"Has this been checked before?" -- CLEF CheckThat! Task 2 style. A pure library: no Flask,
no database. See docs/matching.md.
"""

from factcheck.matching.index import Match, MatchIndex, ScoringParams
from factcheck.matching.normalize import normalize

__all__ = ["Match", "MatchIndex", "ScoringParams", "normalize"]
