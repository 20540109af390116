"""Checks on the real articles in ../shared; they skip when that folder is absent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factcheck.extraction import ExtractedSentence, extract, segment

FACTS = (
    "According to his estimates, the number of Russian soldiers",
    "Reuters, citing four anonymous diplomats, reports",
    "The ZNPP and the city of Energodar are connected",
    "The measures described by two Ukrainians",
)
OPINIONS_AND_PREDICTIONS = (
    '"In my opinion, they are preparing for evacuation',
    "He added that, in his opinion,",
    "According to Kotin, Russian troops will be forced",
    "Instead, they will try to force the Russians",
    "does not believe that the defenders will launch",
)


def _find(sentences: list[ExtractedSentence], fragment: str) -> ExtractedSentence:
    matches = [s for s in sentences if fragment in s.text]
    assert len(matches) == 1, f"expected one sentence containing {fragment!r}"
    return matches[0]


def test_seed_article_ranks_facts_above_opinions_and_predictions(seed_article: str) -> None:
    sentences = extract(seed_article)
    facts = [_find(sentences, fragment) for fragment in FACTS]
    views = [_find(sentences, fragment) for fragment in OPINIONS_AND_PREDICTIONS]
    assert min(s.score for s in facts) > max(s.score for s in views)
    assert all(s.checkworthy for s in facts)


def test_seed_article_claimants(seed_article: str) -> None:
    sentences = extract(seed_article)
    estimates = _find(sentences, "According to his estimates")
    assert estimates.claimant == "Petro Kotin"
    assert any(r.kind == "number" and r.text == "500 to 1,500" for r in estimates.reasons)
    assert any(r.label() == "attributed: According to his estimates" for r in estimates.reasons)
    citing = _find(sentences, "Reuters, citing four anonymous diplomats")
    assert citing.claimant == "Reuters"
    assert _find(sentences, "In my opinion, they are preparing").claimant == "Petro Kotin"


def test_spans_are_exact_on_every_article(
    shared_articles: Path, check_exact_spans: Callable[[str, list[tuple[int, int]]], None]
) -> None:
    paths = sorted(shared_articles.glob("*.txt")) + sorted(shared_articles.glob("seed/*.txt"))
    assert paths, "no articles found"
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        result = extract(text)
        assert all(text[s.start : s.end] == s.text for s in result), path.name
        sentences = segment(text)
        check_exact_spans(text, sentences)
        assert len(result) == len(sentences), path.name
        for (start, end), item in zip(sentences, result, strict=True):
            assert start <= item.start < item.end <= end, path.name


def test_seed_article_lead_ins_are_cut_from_the_candidate_text(seed_article: str) -> None:
    sentences = extract(seed_article)
    details = _find(sentences, "The measures described by two Ukrainians")
    quote = _find(sentences, "New trenches have been dug")
    for sentence in (details, quote):
        assert seed_article[sentence.start : sentence.end] == sentence.text
        assert sentence.text[0].isupper(), "no lead-in, no quotation mark"
    assert seed_article[details.start - len("Details: ") : details.start] == "Details: "


# Issue 15 allows at most one of these four to be proposed; we hold the line at none.
ISSUE_VIEWS = (
    '"In my opinion, they are preparing for evacuation',
    "According to Kotin, Russian troops will be forced",
    "does not believe that the defenders will launch",
    "At the same time, although",
)


def test_seed_article_proposes_none_of_the_issues_opinions_and_predictions(
    seed_article: str,
) -> None:
    sentences = extract(seed_article)
    assert [f for f in ISSUE_VIEWS if _find(sentences, f).checkworthy] == []


@pytest.mark.parametrize("fragment", OPINIONS_AND_PREDICTIONS)
def test_seed_article_proposes_none_of_its_opinions_and_predictions(
    seed_article: str, fragment: str
) -> None:
    assert not _find(extract(seed_article), fragment).checkworthy
