"""Check-worthiness scoring with the exported linear model (pure Python, no scikit-learn).

The model is a logistic regression over the features of :mod:`factcheck.extraction.features`,
stored as plain JSON (feature name -> weight) next to this module. A score is

    sigmoid(bias + sum(weight[f] * value[f]))

and every score comes with its reasons: the hand-made cues that fired (with their signed
contribution and the evidence text) and the words whose n-grams moved the score most.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.extraction.features import (
    MAX_SENTENCE_CHARS,
    bigrams,
    cues,
    fold_token,
    normalize,
    surface_tokens,
    token_char_ngrams,
)

MODEL_PATH = Path(__file__).with_name("model.json")
MODEL_FORMAT = "factcheck-checkworthiness/1"
# Tuned on CT24 dev-test for F1 by scripts/train_scorer.py; the model file records the same
# value and a test checks that the two agree.
DEFAULT_THRESHOLD = 0.4034
WORDING_REASONS = 3
MIN_REASON_WEIGHT = 0.01

_LABELS = {
    "number": "a number",
    "date": "a date",
    "comparison": "a comparison",
    "attributed": "attributed",
    "entity": "a named entity",
    "opinion": "opinion",
    "prediction": "prediction",
    "hedge": "hedge",
    "first_person": "first person",
    "second_person": "addresses the listener",
    "question": "question",
    "short": "short sentence",
    "wording": "wording",
    "llm": "language model",
}


@dataclass(frozen=True)
class Reason:
    """One signed contribution to a score.

    ``kind`` names the feature family ("number", "attributed", "opinion", "wording", ...),
    ``text`` is the evidence from the sentence, ``weight`` the contribution to the logit:
    positive pushed the score up, negative pushed it down.
    """

    kind: str
    text: str
    weight: float

    def label(self) -> str:
        """Human-readable reason, e.g. "a number: 500 to 1,500" or "question"."""
        name = _LABELS.get(self.kind, self.kind)
        return f"{name}: {self.text}" if self.text else name


@dataclass(frozen=True)
class Model:
    """A loaded linear model: intercept, feature weights and its tuned threshold."""

    bias: float
    weights: dict[str, float]
    threshold: float
    meta: dict[str, Any]


def model_from_dict(data: dict[str, Any]) -> Model:
    """Build a Model from the JSON structure written by scripts/train_scorer.py."""
    if data.get("format") != MODEL_FORMAT:
        raise ValueError(f"unsupported model format: {data.get('format')!r}")
    return Model(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        threshold=float(data["threshold"]),
        meta={k: v for k, v in data.items() if k not in ("weights", "bias", "threshold")},
    )


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    """Load (once) and return the model stored at `path`."""
    with path.open(encoding="utf-8") as handle:
        return model_from_dict(json.load(handle))


def _sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


def _block_sum(
    grams_by_token: list[list[str]], weights: dict[str, float]
) -> tuple[float, list[float]]:
    """Scale factor of a unit-length binary block, and the raw weight sum per token.

    A gram is counted once (the features are binary), credited to the first token that
    produced it.
    """
    seen: set[str] = set()
    per_token = [0.0] * len(grams_by_token)
    for index, grams in enumerate(grams_by_token):
        for gram in grams:
            if gram not in seen:
                seen.add(gram)
                per_token[index] += weights.get(gram, 0.0)
    scale = 1.0 / math.sqrt(len(seen)) if seen else 0.0
    return scale, per_token


def _ngram_contributions(tokens: list[str], weights: dict[str, float]) -> list[float]:
    """Contribution of each token's word and character n-grams to the logit."""
    words = [["w:" + tok] for tok in tokens]
    pairs = bigrams(tokens)
    # Bigrams are credited to their first word; word unigrams and bigrams share one block.
    for index, pair in enumerate(pairs):
        words[index].append(pair)
    word_scale, word_sums = _block_sum(words, weights)
    char_scale, char_sums = _block_sum([token_char_ngrams(tok) for tok in tokens], weights)
    return [w * word_scale + c * char_scale for w, c in zip(word_sums, char_sums, strict=True)]


def _wording_reasons(surface: list[str], contributions: list[float]) -> list[Reason]:
    per_word: dict[str, float] = {}
    for word, value in zip(surface, contributions, strict=True):
        per_word[word] = per_word.get(word, 0.0) + value
    ranked = sorted(per_word.items(), key=lambda item: (-abs(item[1]), item[0]))
    return [
        Reason("wording", word, round(value, 4))
        for word, value in ranked[:WORDING_REASONS]
        if abs(value) >= MIN_REASON_WEIGHT
    ]


def _cue_reasons(normalized: str, weights: dict[str, float]) -> tuple[float, list[Reason]]:
    """Logit contribution of the hand-made cues, merged into one reason per kind."""
    total = 0.0
    merged: dict[str, tuple[str, float]] = {}
    for cue in cues(normalized):
        contribution = weights.get(cue.feature, 0.0) * cue.value
        total += contribution
        text, weight = merged.get(cue.kind, (cue.evidence, 0.0))
        merged[cue.kind] = (text or cue.evidence, weight + contribution)
    reasons = [
        Reason(kind, text, round(weight, 4))
        for kind, (text, weight) in merged.items()
        if abs(weight) >= MIN_REASON_WEIGHT
    ]
    return total, reasons


def score_sentence(sentence: str, model: Model | None = None) -> tuple[float, tuple[Reason, ...]]:
    """Check-worthiness probability of one sentence and the reasons behind it.

    Reasons are sorted by absolute weight, largest first. Only the first
    MAX_SENTENCE_CHARS characters of the sentence are read.
    """
    model = model or load_model()
    normalized = normalize(sentence[:MAX_SENTENCE_CHARS])
    surface = surface_tokens(normalized)
    contributions = _ngram_contributions([fold_token(tok) for tok in surface], model.weights)
    cue_total, reasons = _cue_reasons(normalized, model.weights)
    logit = model.bias + cue_total + sum(contributions)
    reasons += _wording_reasons(surface, contributions)
    reasons.sort(key=lambda reason: (-abs(reason.weight), reason.kind, reason.text))
    return _sigmoid(logit), tuple(reasons)
