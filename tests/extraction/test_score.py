"""The exported model and the pure-Python scorer."""

from __future__ import annotations

import json
import sys

import pytest

from factcheck.extraction.features import feature_dict
from factcheck.extraction.score import (
    DEFAULT_THRESHOLD,
    MODEL_PATH,
    Model,
    Reason,
    load_model,
    model_from_dict,
    score_sentence,
)

FACT = (
    "According to his estimates, the number of soldiers at the plant increased from 500 to 1,500."
)
OPINION = "In my opinion, they are preparing to leave, and that is a terrible sign."
PREDICTION = "They will probably try to retreat soon."


def test_model_file_is_small_plain_json() -> None:
    assert MODEL_PATH.stat().st_size < 2_000_000
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data) >= {"format", "bias", "threshold", "weights"}
    assert all(name[:2] in ("w:", "c:", "h:") for name in data["weights"])


def test_default_threshold_matches_the_model_file() -> None:
    assert load_model().threshold == pytest.approx(DEFAULT_THRESHOLD)


def test_scoring_does_not_need_scikit_learn() -> None:
    score_sentence(FACT)
    assert "sklearn" not in sys.modules


def test_factual_numeric_attributed_sentence_outranks_opinion_and_prediction() -> None:
    fact = score_sentence(FACT)[0]
    assert fact > score_sentence(OPINION)[0]
    assert fact > score_sentence(PREDICTION)[0]
    assert (
        fact >= DEFAULT_THRESHOLD > max(score_sentence(OPINION)[0], score_sentence(PREDICTION)[0])
    )


def test_reasons_are_signed_sorted_and_labelled() -> None:
    _, reasons = score_sentence(FACT)
    by_kind = {reason.kind: reason for reason in reasons}
    assert by_kind["number"].text == "500 to 1,500"
    assert by_kind["number"].weight > 0
    assert by_kind["number"].label() == "a number: 500 to 1,500"
    assert by_kind["attributed"].label() == "attributed: According to his estimates"
    weights = [abs(reason.weight) for reason in reasons]
    assert weights == sorted(weights, reverse=True)
    _, opinion_reasons = score_sentence(OPINION)
    opinion = next(r for r in opinion_reasons if r.kind == "opinion")
    assert opinion.weight < 0


def test_question_is_a_negative_reason() -> None:
    score, reasons = score_sentence("Did unemployment fall last year?")
    question = next(reason for reason in reasons if reason.kind == "question")
    assert question.weight < 0 and question.label() == "question"
    assert score < score_sentence("Unemployment fell last year.")[0]


def test_score_is_the_logistic_of_bias_plus_contributions() -> None:
    weights = {"h:number": 2.0, "w:rose": 1.0}
    model = Model(bias=-1.0, weights=weights, threshold=0.5, meta={})
    sentence = "Prices rose 5%."
    features = feature_dict(sentence)
    logit = -1.0 + sum(weights.get(name, 0.0) * value for name, value in features.items())
    score, reasons = score_sentence(sentence, model)
    assert score == pytest.approx(1 / (1 + 2.718281828459045 ** (-logit)))
    assert Reason("number", "5%", 2.0) in reasons


def test_empty_sentence_scores_the_bias_only() -> None:
    model = Model(bias=0.0, weights={}, threshold=0.5, meta={})
    assert score_sentence("", model) == (0.5, ())


def test_unknown_model_format_is_rejected() -> None:
    with pytest.raises(ValueError, match="format"):
        model_from_dict({"format": "pickle", "bias": 0, "weights": {}, "threshold": 0.5})
