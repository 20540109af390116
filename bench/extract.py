"""Benchmark the claim extractor: hostile text, quality on CT24 dev-test, speed against pysbd.

    python bench/extract.py [--shared ../shared] [--repeat 3]

Prints the time of full extraction on each hostile text of tests/extraction/hostile.py at
200,000 characters, the longest article accepted (target < 2 s each); precision, recall, F1
and average precision of the shipped model on dev-test at the default threshold; sentences
per second of full extraction (segmentation + scoring + attribution) and of pysbd
segmentation alone, paragraph by paragraph, over every article in shared/data/articles;
their time ratio (target <= 1.3); and the time for the longest article. Skips the parts
that need the shared data folder, with a message, when it is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from factcheck.extraction import DEFAULT_THRESHOLD, extract  # noqa: E402
from factcheck.extraction.metrics import evaluate  # noqa: E402
from factcheck.extraction.score import load_model, score_sentence  # noqa: E402
from factcheck.extraction.segment import paragraphs  # noqa: E402
from tests.extraction.hostile import FAMILIES  # noqa: E402

TARGET_RATIO = 1.3
HOSTILE_CHARS = 200_000
HOSTILE_TARGET = 2.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is kept")
    return parser.parse_args()


def read_articles(folder: Path) -> list[tuple[str, str]]:
    paths = sorted(folder.glob("*.txt")) + sorted(folder.glob("seed/*.txt"))
    return [(path.name, path.read_text(encoding="utf-8")) for path in paths]


def best_time(run: Callable[[], int], repeat: int) -> tuple[float, int]:
    """Fastest wall time over `repeat` runs and the count `run` returns."""
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return best, count


def _count_sentences(text: str) -> int:
    return len(extract(text))


def hostile(repeat: int) -> None:
    """Wall time of extract() on each hostile text at the longest accepted length."""
    load_model()
    print(f"hostile text, {HOSTILE_CHARS:,} characters each (target < {HOSTILE_TARGET:g} s):")
    for family in FAMILIES:
        text = family.build(HOSTILE_CHARS)
        seconds, count = best_time(partial(_count_sentences, text), repeat)
        verdict = "OK" if seconds < HOSTILE_TARGET else "TOO SLOW"
        print(f"  {family.label!r:24} {count:7d} sentences {seconds:7.3f}s {verdict}")


def quality(data: Path) -> None:
    path = data / "ct24_en.devtest.jsonl"
    if not path.exists():
        print(f"dev-test not found at {path}; skipping quality")
        return
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    model = load_model()
    scores = [score_sentence(row["text"], model)[0] for row in rows]
    figures = evaluate([row["label"] for row in rows], scores, DEFAULT_THRESHOLD)
    print(f"dev-test quality ({len(rows)} sentences): {figures.line()}")


def speed(articles: list[tuple[str, str]], repeat: int) -> None:
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    def run_pysbd() -> int:
        return sum(
            len(segmenter.segment(text[start:end]))
            for _, text in articles
            for start, end in paragraphs(text)
        )

    def run_extract() -> int:
        return sum(len(extract(text)) for _, text in articles)

    load_model()  # loading the model file once is not per-request work
    chars = sum(len(text) for _, text in articles)
    extract_time, extract_count = best_time(run_extract, repeat)
    pysbd_time, pysbd_count = best_time(run_pysbd, repeat)
    print(f"corpus: {len(articles)} articles, {chars:,} characters")
    print(
        f"full extraction:  {extract_count:6d} sentences in {extract_time:7.3f}s "
        f"= {extract_count / extract_time:8.0f} sentences/s"
    )
    print(
        f"pysbd segmenting: {pysbd_count:6d} sentences in {pysbd_time:7.3f}s "
        f"= {pysbd_count / pysbd_time:8.0f} sentences/s"
    )
    ratio = extract_time / pysbd_time
    verdict = "OK" if ratio <= TARGET_RATIO else "TOO SLOW"
    print(f"time ratio extraction / pysbd: {ratio:.3f} (target <= {TARGET_RATIO}) {verdict}")
    name, longest = max(articles, key=lambda item: len(item[1]))
    longest_time, count = best_time(lambda: len(extract(longest)), repeat)
    print(
        f"longest article {name} ({len(longest):,} chars, {count} sentences): {longest_time:.3f}s"
    )
    # The corpus has no 50,000-character article: join real ones until there is one.
    joined, parts = "", iter(sorted(articles, key=lambda item: -len(item[1])))
    while len(joined) < 50_000:
        joined += next(parts)[1] + "\n\n"
    joined_time, count = best_time(lambda: len(extract(joined)), repeat)
    verdict = "OK" if joined_time < 1.0 else "TOO SLOW"
    print(
        f"joined articles ({len(joined):,} chars, {count} sentences): {joined_time:.3f}s "
        f"(target < 1 s) {verdict}"
    )


def main() -> int:
    args = parse_args()
    hostile(args.repeat)
    data = args.shared / "data"
    if not data.is_dir():
        print(f"SKIPPED: shared data folder not found at {data.resolve()}")
        return 0
    quality(data / "checkworthiness")
    articles_dir = data / "articles"
    if not articles_dir.is_dir():
        print(f"SKIPPED speed: no articles at {articles_dir}")
        return 0
    speed(read_articles(articles_dir), args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
