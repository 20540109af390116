"""Fixtures for the extraction tests: the project's own texts and the optional shared data.

Helpers are offered as fixtures (not imports) so the tests work whatever the package layout
of tests/ is.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The research data lives in the `shared` folder beside the repository root; it is never
# committed, so tests that need it skip when it is absent.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

Spans = list[tuple[int, int]]


def _read(name: str) -> str:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _check_exact_spans(text: str, spans: Spans) -> None:
    """The segmentation contract: ordered, trimmed, non-overlapping, nothing dropped."""
    previous_end = 0
    covered = [False] * len(text)
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace(), (start, text[start:end])
        assert not text[end - 1].isspace(), (end, text[start:end])
        for index in range(start, end):
            covered[index] = True
        previous_end = end
    missed = [i for i, char in enumerate(text) if not char.isspace() and not covered[i]]
    assert missed == [], f"characters outside every span at {missed[:5]}"


@pytest.fixture
def read_fixture() -> Callable[[str], str]:
    """Read a fixture text exactly as stored (no newline translation)."""
    return _read


@pytest.fixture
def check_exact_spans() -> Callable[[str, Spans], None]:
    return _check_exact_spans


def _shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared research data not available at {path.resolve()}")
    return path


@pytest.fixture
def shared_articles() -> Path:
    """../shared/data/articles, or skip with a clear message."""
    return _shared_path("data", "articles")


@pytest.fixture
def seed_article() -> str:
    """The seed article's text, or skip with a clear message."""
    return _shared_path("data", "articles", "seed", "000_5e3cbf4abdf09e18.txt").read_text(
        encoding="utf-8"
    )
