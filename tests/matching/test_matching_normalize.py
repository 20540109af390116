"""normalize(): the terms that make a tweet and a fact-check headline comparable."""

from __future__ import annotations

import pytest

from factcheck.matching import normalize
from factcheck.matching.numbers import words_to_digits


def test_case_stop_words_and_stemming() -> None:
    assert normalize("The Senators WERE voting on the bills") == ["senat", "vote", "bill"]


def test_urls_and_tweet_dateline_are_stripped() -> None:
    tweet = (
        "Lawmakers vote to ban paper straws https://t.co/AbC123 "
        "pic.twitter.com/xyz \u2014 Jane Doe (@janedoe) March 3, 2019"
    )
    # The poster's name stays: tweets are often by the person a claim is about.
    assert normalize(tweet) == normalize("Lawmakers vote to ban paper straws Jane Doe")


def test_links_glued_to_words_are_stripped() -> None:
    assert normalize("watch the tapehttps://t.co/xyz now") == normalize("watch the tape now")


def test_handles_become_the_words_they_spell() -> None:
    assert normalize("@BernieSanders won #Nevada from @HillaryClinton") == normalize(
        "Bernie Sanders won Nevada from Hillary Clinton"
    )


def test_camel_case_hashtags_are_split_into_words() -> None:
    assert normalize("#StopTheSteal #COVID19Vaccine #tax_cuts") == normalize(
        "stop the steal COVID 19 vaccine tax cuts"
    )


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1,500 jobs", "1500 jobs"),
        ("5% of voters", "5 percent of voters"),
        ("5% of voters", "five per cent of voters"),
        ("$2,000,000 grant", "2000000 grant"),
        ("the 3rd term", "the 3 term"),
        ("a rate of 1.50", "a rate of 1.5"),
        ("500 people died", "five hundred people died"),
        ("2,010 votes", "two thousand and ten votes"),
        ("100 days", "a hundred days"),
    ],
)
def test_number_formats_meet(written: str, spoken: str) -> None:
    assert normalize(written) == normalize(spoken)


@pytest.mark.parametrize(
    ("contracted", "expanded"),
    [
        ("they don't pay taxes", "they do not pay taxes"),
        ("we won\u2019t build it", "we will not build it"),  # curly apostrophe
        ("she can't vote", "she cannot vote"),
        ("they're closing schools", "they are closing schools"),
    ],
)
def test_contractions_are_expanded(contracted: str, expanded: str) -> None:
    assert normalize(contracted) == normalize(expanded)


def test_possessive_does_not_leave_a_stray_term() -> None:
    assert normalize("Obama's plan") == normalize("Obama plan")


def test_us_the_country_is_not_us_the_pronoun() -> None:
    assert normalize("U.S. troops") == normalize("US troops") == normalize("United States troops")
    assert normalize("let us go") == ["go"]


def test_accents_are_folded() -> None:
    assert normalize("Pokémon café") == normalize("Pokemon cafe")


def test_empty_and_stop_word_only_text_give_no_terms() -> None:
    assert normalize("") == []
    assert normalize("   ") == []
    assert normalize("It is what it is, isn't it?") == []
    assert normalize("https://example.org pic.twitter.com/abc") == []


def test_terms_are_lower_case_ascii_letters_and_digits() -> None:
    terms = normalize(
        "\u00c7a va? 3.75% of \u20ac1,200 \u2014 \u00abGr\u00f6\u00dfe\u00bb "
        "na\u00efve r\u00e9sum\u00e9 \U0001f600 \u4e2d\u6587"
    )
    assert terms
    for term in terms:
        assert term.isascii() and term == term.lower()
        assert term.replace(".", "", 1).isalnum()


def test_words_to_digits_leaves_other_words_alone() -> None:
    assert words_to_digits(["and", "twenty", "five", "and", "cats"]) == ["and", "25", "and", "cats"]
    assert words_to_digits(["two", "hundred", "thousand"]) == ["200000"]
    assert words_to_digits(["five", "million"]) == ["5", "million"]
