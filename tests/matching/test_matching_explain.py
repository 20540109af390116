"""Why a fact-check matched, and how sure the match is (explain.py)."""

from __future__ import annotations

import pytest

from factcheck.matching import normalize, terms_and_words
from factcheck.matching.explain import SIMILARITY_FLOOR, Reasons, confidence, reasons


def flat_idf(term: str) -> float:
    return 1.0


def why(query: str, claim: str, title: str = "") -> Reasons:
    return reasons(terms_and_words(query), normalize(claim), normalize(title), flat_idf)


def test_shared_phrases_are_shown_in_the_claims_words() -> None:
    found = why(
        "India's budget deficits will be cut to 4.4% by March",
        "The budget deficit was cut to 4.4 percent of GDP.",
    )
    assert found.phrases == ("budget deficits cut 4.4 percent",)
    assert found.numbers == ("4.4",)
    assert "india" not in found.words and "budget" not in found.words


def test_words_that_follow_each_other_only_in_the_query_are_not_a_phrase() -> None:
    found = why(
        "The minister said the new budget would cut the deficit by March.",
        "The council said the new bridge cut commute times; it opened in March.",
    )
    assert found.phrases == ("said new",)
    assert set(found.words) == {"cut", "march"}
    assert found.numbers == ()


def test_numbers_and_words_are_listed_once_rarest_first() -> None:
    idf = {"biden": 3.0, "500": 2.0, "peopl": 1.0}.get
    found = reasons(
        terms_and_words("people Biden people 500"),
        normalize("Biden: 500 people died"),
        (),
        lambda term: idf(term) or 0.5,
    )
    assert found.shared_terms == ("biden", "500", "peopl")
    assert found.numbers == ("500",)


def test_coverage_is_the_idf_weighted_share_of_each_sides_terms() -> None:
    found = why("paper straws banned", "Paper straws are banned in all restaurants of the state")
    assert found.coverage == pytest.approx(1.0)
    assert found.entry_coverage == pytest.approx(3 / 5)  # paper straw ban / + restaur state


def test_confidence_falls_with_the_overlap_and_with_a_low_similarity() -> None:
    close = why("paper straws banned", "Paper straws are banned.")
    loose = why("paper straws banned", "Paper cups and plastic straws are sold everywhere.")
    assert confidence(close, 0.9) > confidence(loose, 0.9)
    assert confidence(close, 0.9) == confidence(close, SIMILARITY_FLOOR) == pytest.approx(1.0)
    assert confidence(close, SIMILARITY_FLOOR / 2) == pytest.approx(0.5)
    assert confidence(close, -0.2) == 0.0
    assert confidence(close, None) == pytest.approx(1.0)
