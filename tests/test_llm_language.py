"""The language model's rewrite keeps to the article's language rule (docs/llm.md): an
article not in English gets candidates only from its English paragraphs unless the editor
asked, and the rewrite may reword those, not add the sentences the rule held back, however
the article came in. It never brings back a candidate an editor rejected or merged either.
Every text here is made up for these tests."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import article_language
from factcheck.domain.llm_rewrites import NOT_IN_ENGLISH
from factcheck.extraction import extract, language
from factcheck.models import Article, Claim, ClaimStatus, Event, User
from tests.conftest import login, token_for
from tests.extraction.test_llm import FakeLLM, claims_reply, fake_llm  # noqa: F401
from tests.fixtures import ARTICLE
from tests.ingest.conftest import Site
from tests.test_article_language import MIXED
from tests.test_article_language_imports import FRENCH, site  # noqa: F401
from tests.test_llm_app import _work, model_app  # noqa: F401

# The page at /creches as its import stores it: the headline, then one line a paragraph.
FETCHED = "Crèches à Vérignac\n" + FRENCH.replace("\n\n", "\n")
ENGLISH_LEAD = (
    "The French budget minister defended her spending plans on Thursday as new figures "
    "showed the deficit widening."
)
ENGLISH_PARAGRAPH = (
    "Hospital waiting lists grew by 18% in 2025, according to the national audit office."
)


def _every_sentence_rewritten(text: str) -> Any:
    """The model's answer: a claim for every sentence, worded as the model would."""
    return claims_reply([
        {"sentence": index, "text": f"Claim {index} as the language model worded it."}
        for index in range(len(extract(text)))
    ])  # fmt: skip


def _the_article(session: Session) -> Article:
    session.expire_all()
    return session.scalars(select(Article)).one()


def _sentences_of(article: Article) -> list[str]:
    return sorted(article.body[c.span_start : c.span_end] for c in article.claims)


def test_a_rewrite_keeps_a_mostly_french_article_to_its_english_paragraphs(
    model_app: Flask,  # noqa: F811
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = _every_sentence_rewritten(MIXED)
    client = model_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Budget", "text": MIXED})
    assert _sentences_of(_the_article(db_session)) == [ENGLISH_PARAGRAPH]

    assert _work(model_app) == ["rewrite_candidates"]
    article = _the_article(db_session)
    # The model picks among the English paragraphs' sentences, as in an English article
    # (the first one, which the local model passed over, too), and rewords them; the French
    # sentences stay held back.
    assert _sentences_of(article) == sorted([ENGLISH_LEAD, ENGLISH_PARAGRAPH])
    assert sorted(c.text for c in article.claims) == [
        "Claim 0 as the language model worded it.",
        "Claim 3 as the language model worded it.",
    ]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert language.MIXED_NOTE.format(name="French") in page
    assert "proposed as asked" not in page
    history = db_session.scalars(select(Event).where(Event.action == "llm_rewrite")).one()
    assert history.note is not None and f"3 claims left out: {NOT_IN_ENGLISH}" in history.note


@pytest.mark.parametrize(("french_claim", "asked"), [(False, False), (True, True)])
def test_an_article_added_before_the_choice_was_kept_is_read_from_its_claims(
    french_claim: bool, asked: bool
) -> None:
    # Added before migration 0035 (any_language None), as the desk's note reads it: a
    # claim outside the English paragraphs means candidates were asked for.
    article = Article(body=MIXED, language="fr", any_language=None)
    spans = [(351, 434)] + ([(112, 225)] if french_claim else [])
    article.claims = [Claim(span_start=start, span_end=end) for start, end in spans]
    parts = article_language.proposable_parts(article)
    assert (parts is None) is asked
    article.any_language = False  # kept: the claims say nothing
    assert article_language.proposable_parts(article) is not None


def test_a_rewrite_proposes_no_candidate_in_an_uploaded_french_article(
    model_app: Flask,  # noqa: F811
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = _every_sentence_rewritten(FRENCH)
    client = model_app.test_client()
    login(client, editor)
    data = {"upload-file": (io.BytesIO(FRENCH.encode()), "creches.txt")}
    response = client.post("/desk/articles/upload", data=data)
    assert _work(model_app) == ["rewrite_candidates"]
    article = _the_article(db_session)
    assert article.llm_rewrite_status is not None and article.claims == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert language.NOTE.format(name="French") in page and "proposed as asked" not in page


@pytest.mark.parametrize("ticked", [False, True])
def test_a_rewrite_of_an_article_added_by_link_follows_the_choice(
    model_app: Flask,  # noqa: F811
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
    site: Site,  # noqa: F811
    ticked: bool,
) -> None:
    fake_llm.reply = _every_sentence_rewritten(FETCHED)
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    body = {"url": site.url("/creches"), "propose_in_any_language": ticked}
    response = client.post("/api/v1/articles/imports", headers=headers, json=body)
    assert response.status_code == 202, response.json
    assert _work(model_app) == ["ingest_url", "rewrite_candidates"]
    article = _the_article(db_session)
    assert article.body == FETCHED
    shown = client.get(f"/api/v1/articles/{article.id}", headers=headers).json
    assert shown["llm_rewrite"]["status"] == "done"
    if ticked:  # asked: the model picks among every sentence, as for English
        assert len(shown["claims"]) == len(extract(FETCHED))
        assert shown["notices"] == [language.NOTE_WHEN_ASKED.format(name="French")]
    else:
        assert shown["claims"] == []
        assert shown["notices"] == [language.NOTE.format(name="French")]


def test_a_rewrite_may_propose_every_sentence_when_the_editor_asked(
    model_app: Flask,  # noqa: F811
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = _every_sentence_rewritten(MIXED)
    client = model_app.test_client()
    login(client, editor)
    data = {"title": "Budget", "text": MIXED, "any_language": "y"}
    client.post("/desk/articles/new", data=data)
    _work(model_app)
    article = _the_article(db_session)
    assert len(article.claims) == len(extract(MIXED))


def _api_article(client: FlaskClient, headers: dict[str, str], article_id: int) -> Any:
    return client.get(f"/api/v1/articles/{article_id}", headers=headers).json


def test_a_rewrite_never_brings_back_a_candidate_an_editor_rejected_or_merged(
    model_app: Flask,  # noqa: F811
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = _every_sentence_rewritten(ARTICLE)
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    created = client.post(
        "/api/v1/articles", headers=headers, json={"title": "Triaged", "text": ARTICLE}
    ).json
    first, second, third = sorted(created["claims"], key=lambda c: c["start"])
    rejected = client.post(f"/api/v1/claims/{first['id']}/reject", headers=headers)
    assert rejected.status_code == 200, rejected.json
    merged = client.post(
        f"/api/v1/articles/{created['id']}/merge",
        headers=headers,
        json={"claim_ids": [second["id"], third["id"]], "text": "Two facts, merged."},
    )
    assert merged.status_code == 201, merged.json

    _work(model_app)
    article = _api_article(client, headers, created["id"])
    assert article["llm_rewrite"]["status"] == "done"
    decided = {(c["start"], c["end"]) for c in (first, second, third)}
    on_decided = [c for c in article["claims"] if (c["start"], c["end"]) in decided]
    assert sorted(c["id"] for c in on_decided) == sorted(c["id"] for c in (first, second, third))
    assert {c["status"] for c in on_decided} == {ClaimStatus.REJECTED.value}
    assert "Two facts, merged." in [c["text"] for c in article["claims"]]
    rewritten = [c for c in article["claims"] if "language model worded" in c["text"]]
    assert rewritten and all((c["start"], c["end"]) not in decided for c in rewritten)
