"""Train the check-worthiness scorer and export it as plain JSON.

    python scripts/train_scorer.py [--data DIR] [--out factcheck/extraction/model.json]

Trains a logistic regression on CT24 English train over the features of
factcheck.extraction.features, keeps the strongest n-gram weights, then evaluates the
exported model through the runtime scorer (so the figures are those of the shipped file) on
CT24 dev and dev-test. The decision threshold is tuned on dev-test for F1. The model never
sees dev or dev-test while fitting. Deterministic: the same data gives the same file.

Needs the "train" extra (scikit-learn, numpy); the app itself does not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from factcheck.extraction.features import feature_dict  # noqa: E402
from factcheck.extraction.metrics import Scores, best_f1_threshold, evaluate  # noqa: E402
from factcheck.extraction.score import MODEL_FORMAT, model_from_dict, score_sentence  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "checkworthiness"
DEFAULT_OUT = REPO_ROOT / "factcheck" / "extraction" / "model.json"
TRAIN, DEV, DEVTEST = "ct24_en.train.jsonl", "ct24_en.dev.jsonl", "ct24_en.devtest.jsonl"
VERDICTS = "claimbuster.train.jsonl"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="checkworthiness dir")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="model file to write")
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 regularisation")
    parser.add_argument(
        "--max-ngrams", type=int, default=30000, help="n-gram weights kept (largest |w|)"
    )
    parser.add_argument(
        "--ufs-weight",
        type=float,
        default=0.5,
        help="sample weight of ClaimBuster UFS (unimportant factual) training negatives",
    )
    return parser.parse_args(argv)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sample_weights(train: list[dict[str, Any]], data: Path, ufs_weight: float) -> list[float]:
    """Down-weight UFS negatives: factual but unimportant, they blur the decision boundary."""
    verdict_file = data / VERDICTS
    if not verdict_file.exists() or ufs_weight == 1.0:
        return [1.0] * len(train)
    verdicts = {row["text"]: row["verdict"] for row in read_jsonl(verdict_file)}
    return [
        ufs_weight if row["label"] == 0 and verdicts.get(row["text"]) == "UFS" else 1.0
        for row in train
    ]


def fit(
    train: list[dict[str, Any]], weights: list[float], c: float
) -> tuple[float, dict[str, float]]:
    """Fit the logistic regression; return intercept and weight per feature name."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([feature_dict(row["text"]) for row in train])
    labels = [row["label"] for row in train]
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, tol=1e-6)
    model.fit(matrix, labels, sample_weight=weights)
    names = vectorizer.get_feature_names_out()
    return float(model.intercept_[0]), {
        str(name): float(w) for name, w in zip(names, model.coef_[0], strict=True)
    }


def prune(weights: dict[str, float], max_ngrams: int) -> dict[str, float]:
    """Keep every cue weight and the `max_ngrams` n-gram weights of largest magnitude."""
    cue_weights = {k: w for k, w in weights.items() if k.startswith("h:")}
    ngrams = sorted(
        ((k, w) for k, w in weights.items() if not k.startswith("h:")),
        key=lambda item: (-abs(item[1]), item[0]),
    )
    kept = dict(ngrams[:max_ngrams])
    return {k: float(f"{w:.5g}") for k, w in sorted({**cue_weights, **kept}.items())}


def scores_of(model_data: dict[str, Any], rows: list[dict[str, Any]]) -> list[float]:
    model = model_from_dict(model_data)
    return [score_sentence(row["text"], model)[0] for row in rows]


def report(name: str, scores: Scores) -> dict[str, float]:
    print(f"{name:>18}: {scores.line()}")
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "average_precision": round(scores.average_precision, 4),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not (args.data / TRAIN).exists():
        print(f"training data not found: {args.data / TRAIN} (use --data)", file=sys.stderr)
        return 2
    train, dev, devtest = (read_jsonl(args.data / name) for name in (TRAIN, DEV, DEVTEST))
    bias, weights = fit(train, sample_weights(train, args.data, args.ufs_weight), args.c)
    model_data: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "bias": round(bias, 6),
        "threshold": 0.5,
        "weights": prune(weights, args.max_ngrams),
    }
    dev_scores, devtest_scores = scores_of(model_data, dev), scores_of(model_data, devtest)
    dev_labels = [row["label"] for row in dev]
    devtest_labels = [row["label"] for row in devtest]
    threshold = round(best_f1_threshold(devtest_labels, devtest_scores), 4)
    dev_threshold = round(best_f1_threshold(dev_labels, dev_scores), 4)
    print(f"n-gram+cue weights kept: {len(model_data['weights'])} of {len(weights)}")
    print(f"threshold tuned on dev-test for F1: {threshold}")
    metrics = {
        "dev": report("dev", evaluate(dev_labels, dev_scores, threshold)),
        "devtest": report("dev-test", evaluate(devtest_labels, devtest_scores, threshold)),
        "devtest_at_dev_threshold": report(
            f"dev-test@{dev_threshold}", evaluate(devtest_labels, devtest_scores, dev_threshold)
        ),
    }
    model_data.update(
        threshold=threshold,
        metrics=metrics,
        training={
            "data": [TRAIN, VERDICTS],
            "tuned_on": [DEV, DEVTEST],
            "c": args.c,
            "class_weight": "balanced",
            "ufs_weight": args.ufs_weight,
            "max_ngrams": args.max_ngrams,
            "dev_threshold": dev_threshold,
        },
    )
    args.out.write_text(json.dumps(model_data, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
