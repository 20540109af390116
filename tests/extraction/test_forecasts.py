"""A sentence framed as a forecast is a prediction in an article, however precise its number.

Made-up sentences only (docs/annotation.md: "Forecasts, even with numbers").
"""

from __future__ import annotations

import pytest

from factcheck.extraction import extract
from factcheck.extraction.forecasts import forecast_frame
from factcheck.extraction.pipeline import extract_sentence, standalone_threshold

FRAMED = {
    "Timber exports are forecast to reach 3 million tonnes in 2027.": "are forecast to",
    "Growth is projected at 1.4% next year and 1.9% in 2029.": "is projected at",
    "The port is set to handle 40% more containers by 2030.": "is set to",
    "The union expects the harvest to recover to 4.2 million tonnes.": "expects",
    "The board is forecasting 2 million visitors in 2028.": "forecasting",
    "It forecast that inflation would fall to 2.1% by 2029.": "forecast that",
    "Mr Vell predicted the economy would shrink by 1%.": "predicted … would",
    "The agency's projections suggest the town will double in size.": "projections suggest",
    "At this rate the city is on track to miss its target by 3,000 homes.": "is on track to",
    "Rents are likely to rise by a fifth before 2030.": "are likely to",
}

NOT_FRAMED = [
    # The claim is the vote; the forecast is a relative clause about the road.
    "Councillors voted 29 to 14 for the bypass, which is expected to cost £80m.",
    # Forecasts as nouns, and an outcome compared with a forecast.
    "Sales beat forecasts by 3% in the first quarter.",
    "Profits were in line with forecasts.",
    "Borrowing was £31bn, £2bn less than the £33bn predicted in the spring budget.",
    # A scheduled event and an announced measure are facts by the guideline.
    "Work on the bridge is due to start in May.",
    "Students will pay 30% less for rail tickets from 1 March, the ministry announced.",
    # A decision, not a forecast.
    "The central bank's main rate was set to 4.5% in June.",
    # Nouns that look like the verbs.
    "The council approved 14 housing projects last year.",
]


@pytest.mark.parametrize(("sentence", "frame"), FRAMED.items())
def test_a_forecast_frame_is_found(sentence: str, frame: str) -> None:
    assert forecast_frame(sentence) == frame


@pytest.mark.parametrize("sentence", NOT_FRAMED)
def test_what_is_no_forecast_frame(sentence: str) -> None:
    assert forecast_frame(sentence) is None


def test_a_framed_forecast_in_an_article_is_a_prediction_with_one_forecast_reason() -> None:
    [sentence] = extract("Timber exports are forecast to reach 3 million tonnes in 2027.")
    assert (sentence.kind, sentence.checkworthy) == ("prediction", False)
    labels = [reason.label() for reason in sentence.reasons]
    assert [label for label in labels if label.startswith("a forecast")] == [
        "a forecast: are forecast to"
    ]
    assert labels[-1] == "kind: a prediction"


def test_an_article_keeps_its_facts_beside_a_forecast() -> None:
    article = (
        "Timber exports rose by 12% to 2.4 million tonnes last year, the trade ministry said. "
        "They are forecast to reach 3 million tonnes in 2027."
    )
    fact, forecast = extract(article)
    assert fact.checkworthy and fact.kind == "quantity"
    assert not forecast.checkworthy and forecast.kind == "prediction"


def test_a_standalone_sentence_keeps_the_debates_reading() -> None:
    """CheckThat! labels a forecast with a number check-worthy about half of the time, and
    a standalone sentence is what it scores: the frame does not gate that reading."""
    [alone] = extract_sentence("Timber exports are forecast to reach 3 million tonnes in 2027.")
    assert alone.score >= standalone_threshold()
    assert alone.checkworthy
