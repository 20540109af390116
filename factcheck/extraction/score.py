"""Score sentences with the network, choose their kind, and explain both to an editor.

:func:`score_sentences` runs :mod:`factcheck.extraction.network` on every sentence of an
article at once. Each sentence gets

* a check-worthiness probability;
* a kind (:mod:`factcheck.extraction.kinds`), from the network's kind head when it was
  trained on labelled kinds, else from the sentence's cues;
* reasons: the cues that fired, with their evidence from the sentence ("a number: 4.5%",
  "a forecast: predicted … would") and a signed weight, the change in the network's logit
  when that signal is switched off (what the network learnt, not a hand-set weight); plus
  the context ("an opinion in a quotation", "a headline").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from factcheck.extraction.features import Cue
from factcheck.extraction.kinds import FACTUAL_KINDS, KIND_LABELS, KINDS
from factcheck.extraction.network import (
    Network,
    dense_inputs,
    encode,
    heads,
    heads_from_dense_inputs,
    load_network,
    signal_weights,
    single_threaded,
    token_ids,
)
from factcheck.extraction.signals import SIGNALS, Signals, sentence_cues, signals_of

# Tuned on the cross-validated news train labels by scripts/train_scorer.py; the weights file
# records the same value and a test checks that the two agree.
DEFAULT_THRESHOLD = 0.5047
MIN_REASON_WEIGHT = 0.01

_LABELS = {
    "number": "a number",
    "date": "a date",
    "comparison": "a comparison",
    "attributed": "attributed",
    "opinion": "an opinion",
    "prediction": "a forecast",
    "hedge": "a hedge",
    "first_person": "first person",
    "second_person": "addresses the reader",
    "question": "a question",
    "short": "a short sentence",
    "quotation": "an opinion in a quotation",
    "headline": "a headline or a line on its own",
    "lead_in": "a list lead-in",
    "llm": "language model",
    "kind": "kind",
}
# Cue kinds that never become reasons: bare capitalised words explain nothing to an editor.
_HIDDEN = frozenset(["entity"])
# Families whose reason says nothing without its evidence. A cue fires on every match, as
# the network was trained, but names ("Theresa May", "the US") and nouns ("the United
# States", "the report") are not shown as its evidence (shown_evidence.shown_matches): with none
# left, "a hedge" or "attributed" alone would mislead.
_NEEDS_EVIDENCE = frozenset(
    ["attributed", "number", "comparison", "opinion", "prediction", "hedge", "first_person",
     "second_person"]
)  # fmt: skip
# Evidence in sentence order reads as an ellipsis: "predicted … would".
_ELLIPSIS = frozenset(["prediction", "opinion", "hedge"])
_SIGNAL_INDEX = {name: index for index, name in enumerate(SIGNALS)}


@dataclass(frozen=True)
class Reason:
    """One signed contribution to a score.

    ``kind`` names the family ("number", "attributed", "opinion", "prediction", ...),
    ``text`` is the evidence from the sentence, ``weight`` the contribution to the logit:
    positive pushed the score up, negative pushed it down.
    """

    kind: str
    text: str
    weight: float

    def label(self) -> str:
        """Human-readable reason, e.g. "a number: 500 to 1,500" or "a question"."""
        name = _LABELS.get(self.kind, self.kind)
        return f"{name}: {self.text}" if self.text else name


@dataclass(frozen=True)
class Scored:
    """What the network says about one sentence."""

    score: float
    kind: str
    factual: bool
    reasons: tuple[Reason, ...]


def _kind_from_cues(found: list[Cue], row: Signals) -> str:
    """A kind from the cues alone, for a network whose kind head was not trained."""
    fired = {cue.feature for cue in found}
    if "h:question" in fired:
        return "question"
    if row[_SIGNAL_INDEX["headline"]] or row[_SIGNAL_INDEX["lead_in"]]:
        return "boilerplate"
    if fired & {"h:prediction"}:
        return "prediction"
    if fired & {"h:opinion_frame", "h:stance", "h:opinion"}:
        return "opinion"
    if fired & {"h:number", "h:money", "h:percent", "h:number_word"}:
        return "quantity"
    if "h:comparison" in fired:
        return "comparison"
    if "h:attributed" in fired:
        return "attributed"
    if "h:first_person" in fired:
        return "experience"
    return "event" if "h:date" in fired else "other"


_FACTUAL_MASK = np.array([kind in FACTUAL_KINDS for kind in KINDS])


def kind_from_head(probabilities: np.ndarray) -> str:
    """The likeliest factual kind when the factual kinds together are likelier than not,
    else the likeliest other kind."""
    factual = float(probabilities[_FACTUAL_MASK].sum()) >= 0.5
    masked = np.where(factual == _FACTUAL_MASK, probabilities, -1.0)
    return KINDS[int(masked.argmax())]


_CONTRIBUTION_ROWS = 4096


def _contributions(network: Network, pooled: np.ndarray, signals: Signals) -> np.ndarray:
    """Logit change when each active cue or context signal is switched off: (N, signals).

    A signal enters the network only through the dense layer, linearly: switching signal j
    off takes its value times row j of the signal weights away from the dense input. So
    each switched-off signal costs one vector subtraction and the small output layer, not
    a copy of its sentence's pooled features through the whole head (which made this a
    quarter of the time on a long text of short sentences)."""
    count, width = signals.shape
    inputs = dense_inputs(network, pooled, signals)
    base = _logit(network, inputs)
    weights = signal_weights(network)
    active = np.argwhere(signals != 0)
    result = np.zeros((count, width), np.float32)
    # In slices, to bound the memory of a long text with hundreds of thousands of them.
    for start in range(0, len(active), _CONTRIBUTION_ROWS):
        rows, columns = active[start : start + _CONTRIBUTION_ROWS].T
        values = signals[rows, columns].astype(np.float32)[:, None]
        switched = [
            dense_input[rows] - values * weight[columns]
            for dense_input, weight in zip(inputs, weights, strict=True)
        ]
        result[rows, columns] = base[rows] - _logit(network, switched)
    return result


def _logit(network: Network, inputs: list[np.ndarray]) -> np.ndarray:
    score, _ = heads_from_dense_inputs(network, inputs)
    # Scores of sure non-claims reach 1e-23: a floor of 1e-12 made every change below it
    # zero, and dropped the reason (a question lost "a question").
    clipped = np.clip(score.astype(np.float64), 1e-38, 1 - 1e-12)
    return np.log(clipped / (1 - clipped))


def _evidence(kind: str, texts: list[str]) -> str:
    joiner = " … " if kind in _ELLIPSIS else ", "
    return joiner.join(text for text in texts if text)


def _add_evidence(texts: list[str], piece: str) -> None:
    """Add a piece of evidence unless its words are already shown within another piece of
    the family: "3 million" and the number word "million" read as "3 million"."""
    words = piece.split()
    for index, text in enumerate(texts):
        shown = text.split()
        if _contains(shown, words):
            return
        if _contains(words, shown):
            texts[index] = piece
            return
    texts.append(piece)


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def _reasons(found: list[Cue], weights: np.ndarray, row: Signals, kind: str) -> list[Reason]:
    merged: dict[str, tuple[list[str], float]] = {}
    for cue in found:
        if cue.kind in _HIDDEN or cue.feature not in _SIGNAL_INDEX:
            continue
        texts, weight = merged.get(cue.kind, ([], 0.0))
        for piece in cue.evidence.split(", ") if cue.evidence else ():
            _add_evidence(texts, piece)
        merged[cue.kind] = (texts, weight + float(weights[_SIGNAL_INDEX[cue.feature]]))
    reasons = [
        Reason(name, _evidence(name, texts), round(weight, 4))
        for name, (texts, weight) in merged.items()
        if texts or name not in _NEEDS_EVIDENCE
    ]
    context = {
        "quotation": "in_quote" if kind == "opinion" else "",
        "headline": "headline",
        "lead_in": "lead_in",
    }
    for name, signal in context.items():
        if signal and row[_SIGNAL_INDEX[signal]]:
            reasons.append(Reason(name, "", round(float(weights[_SIGNAL_INDEX[signal]]), 4)))
    return [r for r in reasons if abs(r.weight) >= MIN_REASON_WEIGHT or r.kind == kind_cue(kind)]


def kind_reason(kind: str) -> Reason:
    """The reason that names a sentence's kind ("kind: a prediction"), listed last."""
    return Reason("kind", KIND_LABELS[kind], 0.0)


def kind_cue(kind: str) -> str:
    """The reason family that shows a kind ("prediction" for a forecast, ...)."""
    return {"quantity": "number", "prediction": "prediction", "opinion": "opinion"}.get(kind, "")


def score_sentences(
    sentences: list[str], signals: Signals, found: list[list[Cue]], network: Network | None = None
) -> list[Scored]:
    """Score, kind and reasons of every sentence (signals from signals.signals_of). A
    sentence that occurs again with the same signals is scored once."""
    network = network or load_network()
    rows: dict[tuple[str, bytes], int] = {}
    index = np.fromiter(
        (rows.setdefault((s, signals[i].tobytes()), len(rows)) for i, s in enumerate(sentences)),
        dtype=np.int64,
        count=len(sentences),
    )
    first = np.unique(index, return_index=True)[1]
    texts: dict[str, int] = {}
    text_index = np.fromiter(
        (texts.setdefault(sentences[i], len(texts)) for i in first),
        dtype=np.int64,
        count=first.size,
    )
    unique_signals = signals[first]
    with single_threaded():
        pooled = encode(network, token_ids(list(texts)))[text_index]
        scores, kind_probs = heads(network, pooled, unique_signals)
        weights = _contributions(network, pooled, unique_signals)
    learnt = bool(network.meta.get("kinds_trained"))
    unique: list[Scored] = []
    for row, i in enumerate(first):
        if learnt:
            kind = kind_from_head(kind_probs[row])
        else:
            kind = _kind_from_cues(found[i], unique_signals[row])
        reasons = _reasons(found[i], weights[row], unique_signals[row], kind)
        reasons.sort(key=lambda reason: (-abs(reason.weight), reason.kind, reason.text))
        reasons.append(kind_reason(kind))
        unique.append(Scored(float(scores[row]), kind, kind in FACTUAL_KINDS, tuple(reasons)))
    return [unique[i] for i in index]


def score_sentence(
    sentence: str, network: Network | None = None
) -> tuple[float, tuple[Reason, ...]]:
    """Score and reasons of one sentence read alone, as an article of one sentence."""
    scored = score_alone(sentence, network)
    return scored.score, scored.reasons


def score_alone(sentence: str, network: Network | None = None) -> Scored:
    """Everything the network says about one sentence read alone (a part of a split
    claim, say), as an article of one sentence."""
    found = sentence_cues([sentence])
    signals = signals_of(sentence, [(0, len(sentence))], found)
    [scored] = score_sentences([sentence], signals, found, network)
    return scored


def why_not_proposed(reasons: Sequence[Reason], limit: int = 2) -> list[Reason]:
    """What kept a sentence from being a candidate, for the desk's "Other sentences": the
    rule that read it as a headline, a page number, a forecast or other boilerplate (a
    reason with no weight), then the reasons that lowered its score most. Its kind is shown
    beside it, so the "kind" reason is not repeated."""
    rules = [reason for reason in reasons if reason.weight == 0 and reason.kind != "kind"]
    lowering = sorted((reason for reason in reasons if reason.weight < 0), key=_by_weight)
    return (rules + lowering)[:limit]


def _by_weight(reason: Reason) -> float:
    return reason.weight
