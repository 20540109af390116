"""The news check-worthiness labels (data/annotations, docs/annotation.md) are well formed.

The format checks need nothing but the repository; the hash and segmenter checks need the
articles in ../shared/data/articles and skip without them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "data" / "annotations" / "news_sentences.jsonl"
TOUGH = REPO / "data" / "annotations" / "news_sentences_tough.jsonl"
LABEL_FILES = pytest.mark.parametrize("labels", [LABELS, TOUGH], ids=["bbc", "tough"])
ARTICLES = REPO.parent / "shared" / "data" / "articles"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "news_labels", REPO / "scripts" / "news_labels.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


news_labels = _load_script()


def _records(labels: Path = LABELS) -> list[dict[str, Any]]:
    return news_labels.read_records(labels)


def _articles() -> Path:
    if not ARTICLES.is_dir():
        pytest.skip(f"shared research data not available at {ARTICLES.resolve()}")
    return ARTICLES


@LABEL_FILES
def test_the_labels_file_is_well_formed(labels: Path) -> None:
    records = _records(labels)
    assert records
    assert news_labels.format_errors(records) == []
    assert all(set(record) == set(news_labels.FIELDS) for record in records)
    assert not any("text" in record or "sentence" in record for record in records)


def test_the_bbc_labels_keep_the_split_and_the_size_the_guideline_promises() -> None:
    records = _records()
    held_out = [record for record in records if record["split"] == "heldout"]
    assert len(records) >= 800 and len(held_out) >= 300
    assert {record["file"] for record in held_out} == {f"{n:03d}.txt" for n in range(31, 51)}
    assert all(int(record["file"][:3]) <= 50 for record in records)
    assert all(record["split"] == "heldout" for record in _records(TOUGH))


@LABEL_FILES
def test_whole_articles_are_labelled_and_never_the_seed(labels: Path) -> None:
    records = _records(labels)
    assert all(not record["file"].startswith("000_") for record in records)
    # Every sentence of an article that was started is labelled: the title starts at 0.
    files = {record["file"] for record in records}
    assert all(any(r["file"] == f and r["start"] == 0 for r in records) for f in files)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"text": "A sentence."}, "fields"),
        ({"kind": "fact"}, "unknown kind"),
        ({"label": 2}, "label must be 0 or 1"),
        ({"label": True}, "label must be 0 or 1"),
        ({"split": "test"}, "unknown split"),
        ({"split": "heldout"}, "belongs to the train split"),
        ({"start": 9, "end": 3}, "start and end"),
        ({"sha256": "ABC"}, "sha256"),
        ({"file": "articles/001.txt"}, "bare article file name"),
    ],
)
def test_the_format_check_names_each_fault(change: dict[str, object], complaint: str) -> None:
    good = {"file": "001.txt", "start": 0, "end": 5, "sha256": "0" * 64, "label": 0,
            "kind": "boilerplate", "split": "train"}  # fmt: skip
    assert news_labels.format_errors([good]) == []
    errors = news_labels.format_errors([{**good, **change}])
    assert len(errors) == 1 and complaint in errors[0], errors


def test_the_format_check_finds_overlapping_spans() -> None:
    first = {"file": "040.txt", "start": 0, "end": 10, "sha256": "0" * 64, "label": 1,
             "kind": "event", "split": "heldout"}  # fmt: skip
    errors = news_labels.format_errors([first, {**first, "start": 9, "end": 20}])
    assert errors == ["040.txt: spans overlap at 9"]


def test_a_line_that_is_not_json_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps({"file": "001.txt"}) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(news_labels.LabelError, match="line 2"):
        news_labels.read_records(path)


def test_a_missing_articles_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(news_labels.ArticlesMissing, match="absent"):
        next(news_labels.iter_labelled(tmp_path / "nowhere", LABELS))


@LABEL_FILES
def test_every_hash_matches_the_article_text(labels: Path) -> None:
    articles = _articles()
    sentences = list(news_labels.iter_labelled(articles, labels))
    assert len(sentences) == len(_records(labels))
    assert all(sentence.text.strip() == sentence.text != "" for sentence in sentences)


def test_a_changed_article_is_caught(tmp_path: Path) -> None:
    articles = _articles()
    first = _records()[0]
    text = news_labels.read_article(articles / first["file"])
    (tmp_path / first["file"]).write_text("X" + text[1:], encoding="utf-8", newline="")
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps(first) + "\n", encoding="utf-8")
    with pytest.raises(news_labels.LabelError, match="hash does not match"):
        list(news_labels.iter_labelled(tmp_path, labels))


@LABEL_FILES
def test_every_label_is_a_sentence_of_the_apps_segmenter(labels: Path) -> None:
    assert news_labels.unsegmented(_articles(), labels) == []


# The made-up articles (data/made_up/news.txt, trained on, and forecasts.txt, tried and kept
# aside: docs/model-card.md): our own text, read without ../shared.
MADE_UP_FILES = [news_labels.MADE_UP, news_labels.MADE_UP.with_name("forecasts.txt")]


def test_the_trained_made_up_articles_are_enough_to_matter() -> None:
    articles = news_labels.read_made_up()
    assert len(articles) >= 25 and sum(len(a.sentences) for a in articles) >= 250


@pytest.mark.parametrize("path", MADE_UP_FILES, ids=lambda path: path.name)
def test_the_made_up_articles_segment_as_written(path: Path) -> None:
    articles = news_labels.read_made_up(path)
    sentences = [row for article in articles for row in article.sentences]
    assert articles
    for article in articles:
        first_start, first_end, label, kind = article.sentences[0]
        assert (first_start, label, kind) == (0, 0, "boilerplate"), article.name
        assert article.text[first_start:first_end].strip()
    labels = [label for _, _, label, _ in sentences]
    assert 0.25 < sum(labels) / len(labels) < 0.5  # about as many claims as real news
    assert all(kind in news_labels.FACTUAL_KINDS for _, _, label, kind in sentences if label)


@pytest.mark.parametrize("path", MADE_UP_FILES, ids=lambda path: path.name)
def test_no_made_up_sentence_is_a_test_sentence(path: Path) -> None:
    """The extraction tests' sentences are written apart from the training set, so that a
    test never passes because the network was trained on its sentence."""
    tests = "".join(
        test_file.read_text(encoding="utf-8") for test_file in (REPO / "tests").rglob("*.py")
    )
    shared = [
        article.text[start:end]
        for article in news_labels.read_made_up(path)
        for start, end, _, _ in article.sentences
        if len(article.text[start:end]) > 30 and article.text[start:end] in tests
    ]
    assert shared == []


def test_a_made_up_line_without_its_label_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("= x1\n# A headline\nquantity | Sales rose by 4%.\n", encoding="utf-8")
    with pytest.raises(news_labels.LabelError, match=re.escape("news.txt:3: expected 'label kind")):
        news_labels.read_made_up(path)


def test_a_made_up_line_the_segmenter_cuts_in_two_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(
        "= x1\n# A headline\n1 quantity | Sales rose by 4%. Profits fell by 2%.\n",
        encoding="utf-8",
    )
    with pytest.raises(
        news_labels.LabelError, match=re.escape("x1: the segmenter cuts 'Sales rose by 4%.'")
    ):
        news_labels.read_made_up(path)
