"""Evaluation measures for the check-worthy class, in pure Python.

Used by scripts/train_scorer.py and bench/extract.py so that both report the same figures;
the definitions match scikit-learn's precision_recall_fscore_support and
average_precision_score for binary labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1 of the positive class at a threshold, plus average precision."""

    precision: float
    recall: float
    f1: float
    average_precision: float
    threshold: float

    def line(self) -> str:
        """One-line summary for reports."""
        return (
            f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"AP {self.average_precision:.3f}  (threshold {self.threshold:.3f})"
        )


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def precision_recall_f1(
    labels: Sequence[int], scores: Sequence[float], threshold: float
) -> tuple[float, float, float]:
    """Precision, recall and F1 of label 1 when predicting 1 for score >= threshold."""
    true_pos = sum(1 for y, s in zip(labels, scores, strict=True) if s >= threshold and y == 1)
    predicted = sum(1 for s in scores if s >= threshold)
    actual = sum(1 for y in labels if y == 1)
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / actual if actual else 0.0
    return precision, recall, _f1(precision, recall)


def average_precision(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the precision-recall curve as a step function (scikit-learn's AP)."""
    actual = sum(1 for y in labels if y == 1)
    if actual == 0:
        return 0.0
    pairs = sorted(zip(scores, labels, strict=True), key=lambda pair: -pair[0])
    total, true_pos, seen, index = 0.0, 0, 0, 0
    while index < len(pairs):
        # Tied scores form one step of the curve.
        score = pairs[index][0]
        step_pos = 0
        while index < len(pairs) and pairs[index][0] == score:
            step_pos += pairs[index][1]
            seen += 1
            index += 1
        true_pos += step_pos
        total += (step_pos / actual) * (true_pos / seen)
    return total


def best_f1_threshold(labels: Sequence[int], scores: Sequence[float]) -> float:
    """A threshold that maximises F1 (ties go to the higher threshold).

    It is placed halfway between the lowest score accepted and the next score below, so that
    small numeric differences (e.g. rounded weights) do not flip a decision.
    """
    distinct = sorted(set(scores), reverse=True)
    best_index, best_f1 = 0, -1.0
    for index, threshold in enumerate(distinct):
        f1 = precision_recall_f1(labels, scores, threshold)[2]
        if f1 > best_f1:
            best_index, best_f1 = index, f1
    lower = distinct[best_index + 1] if best_index + 1 < len(distinct) else 0.0
    return (distinct[best_index] + lower) / 2


def evaluate(labels: Sequence[int], scores: Sequence[float], threshold: float) -> Scores:
    """All figures for one labelled set at one threshold."""
    precision, recall, f1 = precision_recall_f1(labels, scores, threshold)
    return Scores(precision, recall, f1, average_precision(labels, scores), threshold)
