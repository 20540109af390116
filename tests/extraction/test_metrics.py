"""Evaluation measures, checked against figures worked out by hand."""

from __future__ import annotations

import pytest

from factcheck.extraction.metrics import (
    average_precision,
    best_f1_threshold,
    evaluate,
    precision_recall_f1,
)


def test_precision_recall_f1() -> None:
    labels = [1, 0, 1, 0]
    scores = [0.9, 0.8, 0.3, 0.1]
    assert precision_recall_f1(labels, scores, 0.5) == pytest.approx((0.5, 0.5, 0.5))


def test_average_precision_matches_the_step_definition() -> None:
    # Ranked: 1 (P=1/1), 0, 1 (P=2/3): AP = (1 + 2/3) / 2.
    assert average_precision([1, 0, 1, 0], [0.9, 0.8, 0.3, 0.1]) == pytest.approx(5 / 6)


def test_tied_scores_form_one_step() -> None:
    assert average_precision([1, 0], [0.5, 0.5]) == pytest.approx(0.5)


def test_best_threshold_separates_the_classes() -> None:
    labels = [1, 1, 0, 0]
    scores = [0.9, 0.7, 0.4, 0.2]
    threshold = best_f1_threshold(labels, scores)
    assert 0.4 < threshold <= 0.7
    assert evaluate(labels, scores, threshold).f1 == pytest.approx(1.0)
