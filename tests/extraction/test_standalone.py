"""A standalone sentence (a debate line, a post: what CheckThat! scores) is read by the network
trained on such sentences, at its own threshold; an article is read sentence by sentence in
context. Before, a lone sentence went through the article reading, whose network and
threshold were tuned on news: the product's CT24 dev-test F1 was 0.52 while the model card
reported 0.725 for a network the product never ran."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.extract_cli import extract_command
from factcheck.extraction import (
    extract,
    extract_as,
    extract_sentence,
    is_standalone,
    standalone_threshold,
)
from factcheck.extraction.network import debate_network, load_network
from factcheck.extraction.score import score_sentences
from factcheck.extraction.signals import sentence_cues, signals_of
from factcheck.models import User
from tests.conftest import token_for

CLAIM = "We cut the deficit by $400 billion in our first four years."
ARTICLE = (
    "Ruritania cuts its deficit\n\n"
    "The finance ministry said the deficit fell by 2% last year. Critics called it a fluke."
)


def _as_the_benchmark_reads_it(text: str) -> float:
    """The score bench/extract.py reports for CT24: the debate-stage network, no article."""
    found = sentence_cues([text])
    signals = np.concatenate([signals_of(text, [(0, len(text))], found, news=False)])
    [scored] = score_sentences([text], signals, found, debate_network(load_network()))
    return scored.score


def test_a_lone_sentence_is_read_as_a_standalone_sentence() -> None:
    how, [sentence] = extract_as(CLAIM)
    assert how == "sentence"
    assert sentence.score == pytest.approx(_as_the_benchmark_reads_it(CLAIM))
    assert sentence.checkworthy == (sentence.score >= standalone_threshold())
    assert standalone_threshold() == pytest.approx(debate_network(load_network()).threshold)
    assert (sentence.start, sentence.end, sentence.text) == (0, len(CLAIM), CLAIM)


def test_an_article_is_read_as_an_article() -> None:
    how, sentences = extract_as(ARTICLE)
    assert how == "article"
    assert sentences == extract(ARTICLE)
    assert not is_standalone(ARTICLE)
    assert not is_standalone("Prices rose. Then they fell.")
    # Longer than any sentence the cues read: an article, and segmented once only.
    assert not is_standalone("A" * 2_001) and is_standalone("A" * 2_000)


def test_the_reading_can_be_chosen() -> None:
    assert extract_as(CLAIM, "article") == ("article", extract(CLAIM))
    two = "  Prices rose by 5%. Then they fell.\n"
    how, [whole] = extract_as(two, "sentence")
    assert how == "sentence"
    assert two[whole.start : whole.end] == whole.text == "Prices rose by 5%. Then they fell."


def test_a_threshold_given_applies_to_a_standalone_sentence() -> None:
    [sentence] = extract_sentence(CLAIM, threshold=1.0)
    assert not sentence.checkworthy
    [sentence] = extract_sentence(CLAIM, threshold=0.0)
    assert sentence.checkworthy
    with pytest.raises(ValueError):
        extract_sentence(CLAIM, threshold=1.5)


def test_a_blank_text_has_no_sentence() -> None:
    assert extract_as("  \n ", "sentence") == ("sentence", [])
    assert extract_as("") == ("article", [])


def test_the_api_says_how_it_read_the_text(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    lone = client.post("/api/v1/extract", headers=headers, json={"text": CLAIM})
    assert lone.status_code == 200, lone.json
    assert lone.json["read_as"] == "sentence"
    assert lone.json["sentences"][0]["score"] == pytest.approx(_as_the_benchmark_reads_it(CLAIM))
    forced = client.post(
        "/api/v1/extract", headers=headers, json={"text": CLAIM, "read_as": "article"}
    )
    assert forced.json["read_as"] == "article"
    article = client.post("/api/v1/extract", headers=headers, json={"text": ARTICLE})
    assert article.json["read_as"] == "article" and len(article.json["sentences"]) == 3
    wrong = client.post(
        "/api/v1/extract", headers=headers, json={"text": CLAIM, "read_as": "tweet"}
    )
    assert wrong.status_code in (400, 422)
    assert set(wrong.json["error"]) >= {"code", "message"} and "read_as" in json.dumps(wrong.json)
    spec = client.get("/api/v1/openapi.json").json
    declared = spec["components"]["schemas"]["ExtractText"]["properties"]["read_as"]
    assert declared["enum"] == ["auto", "article", "sentence"]


def test_the_command_line_reads_lines_as_sentences_unless_told() -> None:
    runner = CliRunner()
    lines = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate([CLAIM, ARTICLE]))
    done = runner.invoke(extract_command, ["--jsonl"], input=lines + "\n")
    assert done.exit_code == 0, done.output
    outputs = [json.loads(line) for line in done.output.splitlines()]
    assert [o["read_as"] for o in outputs] == ["sentence", "article"]
    assert outputs[0]["sentences"][0]["score"] == pytest.approx(_as_the_benchmark_reads_it(CLAIM))
    done = runner.invoke(extract_command, ["--jsonl", "--read-as", "article"], input=lines + "\n")
    assert [json.loads(line)["read_as"] for line in done.output.splitlines()] == [
        "article",
        "article",
    ]
