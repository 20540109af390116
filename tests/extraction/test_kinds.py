"""Claim kinds and candidates on made-up news (issue 15): facts become candidates; forecasts,
opinions, beliefs, bios, headlines, lead-ins and questions do not, whatever numbers or
names they carry, and every sentence says which kind it is and why."""

from __future__ import annotations

import pytest

from factcheck.extraction import FACTUAL_KINDS, KINDS, ExtractedSentence, extract
from factcheck.extraction.score import score_sentence

ARTICLE = "\n\n".join([
    "Ruritania lifts spending on rural schools",
    "The Ruritanian parliament approved the new mining law on Tuesday.",
    "Unemployment in Ruritania fell to 5.2% in March, down from 6.1% a year earlier.",
    "According to the national statistics office, timber exports rose by 12% last year.",
    "Analysts at Norland Bank predicted that the economy would grow by 4.1% next year.",
    '"We are thrilled with how quickly our customers have taken to it," said Ms Halvorsen.',
    "The harbour master does not believe that the new quay will be ready before the winter.",
    "In her budget, the finance minister has:",
    "Will the new bridge open before the election?",
    "Tomas Reyes is a freelance writer who covers farming and the weather for the paper.",
])  # fmt: skip

FACTS = {
    "The Ruritanian parliament approved": "event",
    "Unemployment in Ruritania fell": "quantity",
    "According to the national statistics office": "attributed",
}
NOT_CANDIDATES = [
    "Ruritania lifts spending",
    "Analysts at Norland Bank predicted",
    '"We are thrilled',
    "does not believe",
    "In her budget",
    "Will the new bridge",
    "Tomas Reyes is a freelance writer",
]


@pytest.fixture(scope="module")
def sentences() -> list[ExtractedSentence]:
    return extract(ARTICLE)


def _find(sentences: list[ExtractedSentence], fragment: str) -> ExtractedSentence:
    [found] = [s for s in sentences if fragment in s.text]
    return found


@pytest.mark.parametrize("fragment", FACTS)
def test_facts_are_candidates_of_a_factual_kind(
    sentences: list[ExtractedSentence], fragment: str
) -> None:
    sentence = _find(sentences, fragment)
    assert sentence.checkworthy
    assert sentence.kind in FACTUAL_KINDS


@pytest.mark.parametrize("fragment", NOT_CANDIDATES)
def test_views_and_boilerplate_are_not_candidates(
    sentences: list[ExtractedSentence], fragment: str
) -> None:
    assert not _find(sentences, fragment).checkworthy


@pytest.mark.parametrize("fragment", NOT_CANDIDATES)
def test_views_and_boilerplate_are_not_of_a_factual_kind(
    sentences: list[ExtractedSentence], fragment: str
) -> None:
    assert _find(sentences, fragment).kind not in FACTUAL_KINDS


@pytest.mark.parametrize(
    ("fragment", "kind"),
    [
        ("Analysts at Norland Bank predicted", "prediction"),
        ("Will the new bridge", "question"),
        ("Ruritania lifts spending", "boilerplate"),
        ("In her budget", "boilerplate"),
    ],
)
def test_kind_of_a_forecast_and_a_question(
    sentences: list[ExtractedSentence], fragment: str, kind: str
) -> None:
    assert _find(sentences, fragment).kind == kind


def test_every_sentence_has_a_known_kind_shown_as_a_reason(
    sentences: list[ExtractedSentence],
) -> None:
    for sentence in sentences:
        assert sentence.kind in KINDS
        assert any(r.kind == "kind" for r in sentence.reasons)


def test_reasons_show_evidence_not_bare_capitalised_words(
    sentences: list[ExtractedSentence],
) -> None:
    labels = [r.label() for s in sentences for r in s.reasons]
    assert all(not label.startswith(("a named entity", "wording")) for label in labels)
    forecast = _find(sentences, "Analysts at Norland Bank predicted")
    assert any(r.label().startswith("a forecast: ") for r in forecast.reasons)
    number = _find(sentences, "Unemployment in Ruritania fell")
    assert any(r.label() == "a number: 5.2%, 6.1%" for r in number.reasons)


def test_a_sentence_alone_scores_the_same_every_time() -> None:
    sentence = "Timber exports from Port Vell rose by 12% in the year to March."
    assert score_sentence(sentence) == score_sentence(sentence)


def test_the_api_declares_the_same_kinds() -> None:
    from typing import get_args

    from factcheck.api.schemas.responses import ClaimKind

    assert get_args(ClaimKind) == KINDS


def test_a_past_event_with_a_number_is_a_candidate() -> None:
    [sentence] = extract(
        "The harbour tunnel closed for 14 days in 2024 after floods, the operator said."
    )
    assert sentence.checkworthy and sentence.kind in FACTUAL_KINDS


FORECASTS = [
    "Ruritania's economy is expected to grow by 2.5% next year, the central bank said.",
    "The ministry expects inflation to fall to 3% by the end of the year.",
    # The network alone proposed these two as quantities: their number and future year
    # outweigh the forecast word. The forecast frame reads them as predictions.
    "Timber exports are forecast to reach 3 million tonnes in 2027.",
    "The port is set to handle 40% more containers by 2030, officials said.",
]


@pytest.mark.parametrize("forecast", FORECASTS)
def test_a_forecast_with_a_number_is_not_a_candidate(forecast: str) -> None:
    [sentence] = extract(forecast)
    assert not sentence.checkworthy
    assert any(r.label().startswith("a forecast: ") for r in sentence.reasons)
