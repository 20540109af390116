"""The public contract of factcheck.extraction."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from factcheck.extraction import (
    DEFAULT_THRESHOLD,
    FACTUAL_KINDS,
    ExtractedSentence,
    Reason,
    extract,
    segment,
    sentence_to_dict,
)

BODY = (
    "Prices fell 4% in March, the statistics office said.\r\n\r\n"
    "I think that is wonderful news. Will it last?\n"
    "Maria Ortiz, citing customs data, said exports rose to $1.2bn."
)


def test_every_sentence_in_order_with_exact_spans() -> None:
    result = extract(BODY)
    assert [(s.start, s.end) for s in result] == segment(BODY)
    assert all(BODY[s.start : s.end] == s.text for s in result)
    assert len(result) == 4


def test_scores_reasons_and_claimants() -> None:
    fact, opinion, question, cited = extract(BODY)
    assert all(0.0 <= s.score <= 1.0 for s in (fact, opinion, question, cited))
    assert fact.score > opinion.score and fact.score > question.score
    assert fact.claimant == "statistics office"
    assert cited.claimant == "Maria Ortiz"
    attributed = next(r for r in cited.reasons if r.kind == "attributed")
    assert attributed.text == "Maria Ortiz, citing customs data, said"
    assert opinion.claimant is None
    for sentence in (fact, opinion, question, cited):
        assert sentence.reasons, "every score is explained"
        magnitudes = [abs(r.weight) for r in sentence.reasons]
        assert magnitudes == sorted(magnitudes, reverse=True)


@pytest.mark.parametrize("threshold", [0.0, 0.3, DEFAULT_THRESHOLD, 0.7, 1.0])
def test_threshold_decides_checkworthy(threshold: float) -> None:
    result = extract(BODY, threshold=threshold)
    # Issue 15: a sentence of a non-factual kind (a forecast, an opinion) is never a candidate.
    assert [s.checkworthy for s in result] == [
        s.score >= threshold and s.kind in FACTUAL_KINDS for s in result
    ]


def test_default_threshold_is_used_when_none_given() -> None:
    assert [s.checkworthy for s in extract(BODY)] == [
        s.checkworthy for s in extract(BODY, threshold=DEFAULT_THRESHOLD)
    ]


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_out_of_range_threshold_is_rejected(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        extract(BODY, threshold=threshold)


def test_empty_text_gives_no_sentences() -> None:
    assert extract("") == []
    assert extract(" \r\n ") == []


def test_sentence_to_dict_is_json_serialisable() -> None:
    sentence = extract(BODY)[0]
    data = json.loads(json.dumps(sentence_to_dict(sentence)))
    assert set(data) == {
        "text",
        "start",
        "end",
        "score",
        "checkworthy",
        "reasons",
        "claimant",
        "claimant_role",
        "display_text",
        "layout",
        "kind",
    }
    assert data["text"] == sentence.text and data["start"] == sentence.start
    assert data["reasons"][0] == {
        "kind": sentence.reasons[0].kind,
        "text": sentence.reasons[0].text,
        "weight": sentence.reasons[0].weight,
        "label": sentence.reasons[0].label(),
    }


def test_dataclasses_are_frozen() -> None:
    sentence = extract(BODY)[0]
    assert isinstance(sentence, ExtractedSentence)
    assert all(isinstance(r, Reason) for r in sentence.reasons)
    with pytest.raises(AttributeError):
        sentence.score = 1.0  # type: ignore[misc]


def test_fixture_texts_keep_every_sentence(
    read_fixture: Callable[[str], str],
    check_exact_spans: Callable[[str, list[tuple[int, int]]], None],
) -> None:
    for name in ("dateline.txt", "quotes.txt", "bullets.txt", "unicode.txt"):
        text = read_fixture(name)
        result = extract(text)
        check_exact_spans(text, segment(text))
        _check_inside_sentences(text, result)


def _check_inside_sentences(text: str, result: list[ExtractedSentence]) -> None:
    """One result per sentence, its cleaned span inside the sentence and exact."""
    sentences = segment(text)
    assert len(result) == len(sentences)
    for (start, end), item in zip(sentences, result, strict=True):
        assert start <= item.start < item.end <= end
        assert text[item.start : item.end] == item.text == item.text.strip()


NEWS = (
    "Harbourside council approved 48 million pounds for sea walls on Tuesday, according to "
    "the council's finance chief, Maria Lopes.\n\n"
    "The new wall will protect 3,200 homes, she said. Work starts in April.\n\n"
    "Unemployment fell to 4.1 percent last year, the Office for National Statistics reported.\n"
)


def test_claimants_on_a_news_article() -> None:
    result = extract(NEWS)
    assert all(NEWS[s.start : s.end] == s.text for s in result)
    assert [s.claimant for s in result] == [
        "Maria Lopes",
        "Maria Lopes",
        None,
        "Office for National Statistics",
    ]
    attributed = next(r for r in result[0].reasons if r.kind == "attributed")
    assert attributed.text == "according to the council's finance chief, Maria Lopes"
