"""Recency: when a claim was made tells which of two like fact-checks is the one for it.

The texts are written for these tests (no text from the research data sets). The lexical
matcher (no embedding model) keeps them quick; the date bonus works the same on top of the
embedding fusion.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from factcheck.matching import MatchIndex, ScoringParams
from factcheck.matching.rerank import recency

CLAIM = "The state's jobless rate fell to 3 percent last year."
MADE = dt.date(2024, 6, 1)


def index_of_two(params: ScoringParams | None = None) -> MatchIndex:
    """The same claim checked twice: "a-old" in 2012 and "b-recent" a month before MADE.

    With no date the two tie and the entry id decides ("a-old" first)."""
    index = MatchIndex(params or ScoringParams(embedding_weight=0.0))
    index.add("a-old", CLAIM, date=dt.date(2012, 3, 3))
    index.add("b-recent", CLAIM, date=dt.date(2024, 5, 1))
    return index


def ranked(index: MatchIndex, day: dt.date | None) -> list[str]:
    return [m.entry_id for m in index.search("jobless rate fell to 3 percent", date=day)]


def test_without_a_date_the_tie_goes_to_the_entry_id() -> None:
    assert ranked(index_of_two(), None) == ["a-old", "b-recent"]


def test_the_fact_check_from_shortly_before_the_claim_comes_first() -> None:
    assert ranked(index_of_two(), MADE) == ["b-recent", "a-old"]
    # A claim made in 2012 is the old fact-check's, not one written twelve years later.
    assert ranked(index_of_two(), dt.date(2012, 3, 10)) == ["a-old", "b-recent"]


def test_the_date_only_breaks_near_ties_it_does_not_override_the_text() -> None:
    index = index_of_two()
    index.add("c-unrelated", "The mayor raised the water rate.", date=MADE)
    found = ranked(index, MADE)
    # Shares only "rate"; the recency bonus (0.5 at most) does not lift it over the 2012 check.
    assert found == ["b-recent", "a-old", "c-unrelated"]


def test_date_weight_zero_turns_the_bonus_off() -> None:
    index = index_of_two(ScoringParams(embedding_weight=0.0, date_weight=0.0))
    assert ranked(index, MADE) == ["a-old", "b-recent"]


def test_replacing_or_removing_an_entry_forgets_its_date() -> None:
    index = index_of_two()
    index.add("b-recent", CLAIM)  # re-imported without a date
    assert ranked(index, MADE) == ["a-old", "b-recent"]
    index.add("b-recent", CLAIM, date=dt.date(2024, 5, 1))
    index.remove("b-recent")
    index.add("b-recent", CLAIM)
    assert ranked(index, MADE) == ["a-old", "b-recent"]


def test_scores_stay_positive_and_carry_the_bonus() -> None:
    recent, old = index_of_two().search(CLAIM, date=MADE)
    assert old.score > 0
    assert recent.score - old.score == pytest.approx(
        0.5 * (math.exp(-31 / 365) - math.exp(-(MADE - dt.date(2012, 3, 3)).days / 365))
    )


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (0, 1.0),
        (365, math.exp(-1)),
        (-7, 1.0),  # dated a few days after the claim: time zones, publication dates
        (-8, 0.0),  # checked well after: not a check of this claim
    ],
)
def test_recency_decays_with_age_and_refuses_later_fact_checks(
    age_days: int, expected: float
) -> None:
    query_day = MADE.toordinal()
    assert recency(query_day, query_day - age_days, 365, 7) == pytest.approx(expected)


def test_an_entry_without_a_date_gets_no_bonus() -> None:
    assert recency(MADE.toordinal(), None, 365, 7) == 0.0
