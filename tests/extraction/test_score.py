"""Scores, kinds and reasons of single sentences (made-up text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import load_file, save_file

from factcheck.extraction import extract, score
from factcheck.extraction.network import encode, heads, load_network, network_from_file, token_ids
from factcheck.extraction.score import Reason, score_sentence
from factcheck.extraction.segment import segment
from factcheck.extraction.signals import sentence_cues, signals_of

FACT = (
    "According to his estimates, the number of soldiers at the plant increased from 500 to 1,500."
)
OPINION = "In my opinion, they are preparing to leave, and that is a terrible sign."
PREDICTION = "They will probably try to retreat soon."


def test_factual_numeric_attributed_sentence_outranks_opinion_and_prediction() -> None:
    fact = score_sentence(FACT)[0]
    assert fact > score_sentence(OPINION)[0]
    assert fact > score_sentence(PREDICTION)[0]


def test_reasons_are_signed_sorted_and_labelled() -> None:
    _, reasons = score_sentence(FACT)
    by_kind = {reason.kind: reason for reason in reasons}
    assert by_kind["number"].text == "500 to 1,500"
    assert by_kind["number"].label() == "a number: 500 to 1,500"
    assert by_kind["attributed"].label() == "attributed: According to his estimates"
    weights = [abs(reason.weight) for reason in reasons if reason.kind != "kind"]
    assert weights == sorted(weights, reverse=True)
    _, opinion_reasons = score_sentence(OPINION)
    assert any(r.label() == "an opinion: In my opinion … terrible" for r in opinion_reasons)


def test_question_is_a_reason() -> None:
    _, reasons = score_sentence("Did unemployment fall last year?")
    assert any(reason.label() == "a question" for reason in reasons)


def test_label_of_a_reason_without_evidence() -> None:
    assert Reason("question", "", -1.0).label() == "a question"
    assert Reason("prediction", "predicted … would", -1.0).label() == (
        "a forecast: predicted … would"
    )


def test_unknown_weights_format_is_rejected(tmp_path: Path) -> None:
    from factcheck.extraction.network import WEIGHTS_PATH

    path = tmp_path / "other.safetensors"
    save_file(load_file(str(WEIGHTS_PATH)), str(path), metadata={"config": '{"format": "x"}'})
    with pytest.raises(ValueError, match="format"):
        network_from_file(path)


def test_reasons_are_the_same_whatever_the_slice_of_switched_signals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Contributions are computed in slices so that a long text of short sentences keeps its
    # memory bounded; the slicing must not change a single weight.
    text = (
        "The council said 40% of the 1,200 roads were repaired in 2024. I think it is great. "
        "Will it last? Mr Lind, the finance minister, predicted growth of 4.3% next year. "
    ) * 3
    whole = [s.reasons for s in extract(text)]
    monkeypatch.setattr(score, "_CONTRIBUTION_ROWS", 3)
    assert [s.reasons for s in extract(text)] == whole


def test_each_reason_weight_is_the_logit_change_when_its_signal_is_switched_off() -> None:
    """The weights are computed from the dense layer's inputs; recomputed the long way
    (the whole network run again with the one signal at zero), they agree."""
    network = load_network()
    text = (
        "Unemployment in Ruritania fell to 5.2% in March, the statistics office said. "
        '"We are thrilled," said Ms Halvorsen. Will the bridge open before the election?'
    )
    spans = segment(text)
    sentences = [text[start:end] for start, end in spans]
    signals = signals_of(text, spans, sentence_cues(sentences))
    pooled = encode(network, token_ids(sentences))

    def logits(switched: np.ndarray) -> np.ndarray:
        score, _ = heads(network, pooled, switched)
        clipped = np.clip(score.astype(np.float64), 1e-38, 1 - 1e-12)
        return np.log(clipped / (1 - clipped))

    fast = score._contributions(network, pooled, signals)
    base = logits(signals)
    active = np.argwhere(signals != 0)
    assert len(active) >= 5
    for row, column in active:
        switched = signals.copy()
        switched[row, column] = 0.0
        expected = base[row] - logits(switched)[row]
        assert fast[row, column] == pytest.approx(expected, abs=2e-3)
    assert not fast[signals == 0].any()


@pytest.mark.parametrize(
    ("sentence", "noun"),
    [
        ("The United States imported 4 million tonnes of Norland steel in 2023.", "States"),
        ("Ruritania Reports, the weekly paper, printed 12,000 copies last year.", "Reports"),
        ("The report on the Eastfield bridge ran to 300 pages.", "report"),
        ("Their claims about the harbour fees were repeated at 14 meetings.", "claims"),
    ],
)
def test_a_noun_that_looks_like_a_reporting_verb_is_no_attribution_reason(
    sentence: str, noun: str
) -> None:
    """The attribution cue reads its verbs in any case, and the network was trained on it as
    it is; but "attributed: States" explains nothing to an editor."""
    _, reasons = score_sentence(sentence)
    shown = [reason.label() for reason in reasons]
    assert not any(label.startswith("attributed") for label in shown), shown
    assert not any(noun in label for label in shown), shown


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        (
            "Exports fell by 12% in 2023, the Norland statistics office reported on Monday.",
            "attributed: reported",
        ),
        ("Two studies looking at this said the tunnel cost 40 million.", "attributed: said"),
        (
            "The minister's answer: Added 1,900 new jobs in Eastfield last year.",
            "attributed: Added",
        ),
    ],
)
def test_a_reporting_verb_is_still_an_attribution_reason(sentence: str, reason: str) -> None:
    _, reasons = score_sentence(sentence)
    assert reason in [shown.label() for shown in reasons]


def test_a_reason_does_not_repeat_words_it_already_shows() -> None:
    """The quantity "4 million" and the number word "million" are one piece of evidence."""
    _, reasons = score_sentence("Eastfield's ferries carried 4 million passengers in 1998.")
    shown = [reason.label() for reason in reasons]
    assert "a number: 4 million" in shown, shown
    assert "a date: in 1998" in shown, shown


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The minister, Theresa May, said 4,000 new nurses had been hired in 2004.", "May"),
        ("Exports to the US rose by 11% in 2023, to 2.3 million tonnes.", "US"),
        ("Jobs in Great Yarmouth fell by 900 in 2022, the council said.", "Great"),
    ],
)
def test_a_name_is_not_shown_as_a_hedge_a_pronoun_or_an_opinion(sentence: str, name: str) -> None:
    _, reasons = score_sentence(sentence)
    shown = [reason.label() for reason in reasons if reason.kind != "attributed"]
    assert not any(name in label for label in shown), shown
    assert not any(label in ("a hedge", "first person", "an opinion") for label in shown), shown
