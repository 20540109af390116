"""Bounds that keep extraction linear (security finding F1): scoring and attribution read a
bounded part of each sentence and word, so that no later stage can be slow however long a
sentence is, and the memory of people read so far, now indexed, still means the same."""

from __future__ import annotations

from factcheck.extraction import attribute
from factcheck.extraction.features import MAX_SENTENCE_CHARS, MAX_TOKEN_CHARS, surface_tokens
from factcheck.extraction.score import score_sentence

_WORDS = " ".join(f"and {word}" for word in ("then", "later", "again", "still", "more")) * 120


def test_a_sentence_is_scored_on_its_first_characters_only() -> None:
    sentence = "Prices rose 5% in 2023, the statistics office said, " + _WORDS
    assert len(sentence) > MAX_SENTENCE_CHARS
    assert score_sentence(sentence) == score_sentence(sentence[:MAX_SENTENCE_CHARS])
    assert score_sentence(sentence) != score_sentence(sentence[:60])


def test_a_word_is_read_up_to_its_first_characters_only() -> None:
    assert surface_tokens("a" * 200_000 + " b") == ["a" * MAX_TOKEN_CHARS, "b"]


def test_attribution_reads_the_start_of_a_sentence_only() -> None:
    short = "Prices rose" + " and rose" * 100 + ", said Tom Breck."
    long = "Prices rose" + " and rose" * 300 + ", said Tom Breck."
    assert len(short) < MAX_SENTENCE_CHARS < len(long)
    assert [found.claimant for found in attribute([short, long])] == ["Tom Breck", None]


def test_a_surname_is_the_newest_person_named_with_it() -> None:
    sentences = [
        "Anna Smith said it rose.",
        "John Smith said it fell.",
        "Smith said it held.",
        "Anna Smith said so.",
        "Smith said it again.",
    ]
    claimants = [found.claimant for found in attribute(sentences)]
    assert claimants == ["Anna Smith", "John Smith", "John Smith", "Anna Smith", "Anna Smith"]
