"""The optional language model in the desk: rewritten claims, or local ones with a notice."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.extraction import LLMConfig, segment
from factcheck.models import Article, User
from tests.conftest import build_app, login, token_for
from tests.extraction.test_llm import FakeLLM, claims_reply, fake_llm  # noqa: F401
from tests.fixtures import ARTICLE, FACTUAL


def _app(engine: Engine, factory: sessionmaker[Session], fake: FakeLLM) -> Flask:
    return build_app(engine, factory, LLM=LLMConfig(url=fake.url, model="fake", timeout=2))


def test_the_model_rewrites_candidates_and_keeps_their_spans(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    spans = segment(ARTICLE)
    index = next(i for i, (start, end) in enumerate(spans) if ARTICLE[start:end] == FACTUAL)
    fake_llm.reply = claims_reply(
        [
            {"sentence": index, "text": "The new flood barrier will protect 3,200 homes."},
            {"sentence": index, "text": "The barrier is on the Harbourside estuary."},
        ]
    )
    client = _app(engine, session_factory, fake_llm).test_client()
    response = client.post(
        "/api/v1/articles",
        headers=token_for(db_session, editor),
        json={"title": "With a model", "text": ARTICLE},
    )
    assert response.status_code == 201, response.json
    claims = response.json["claims"]
    assert sorted(c["text"] for c in claims) == [
        "The barrier is on the Harbourside estuary.",
        "The new flood barrier will protect 3,200 homes.",
    ]
    assert all(ARTICLE[c["start"] : c["end"]] == FACTUAL for c in claims)
    assert response.json["notices"] == []
    assert fake_llm.requests[0]["json"]["model"] == "fake"


def test_a_failing_model_falls_back_with_a_visible_notice(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = (500, b"upstream exploded")
    app = _app(engine, session_factory, fake_llm)
    client = app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Fallback", "text": ARTICLE})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "showing the local model&#39;s candidates" in page
    article = db_session.scalars(select(Article).where(Article.title == "Fallback")).one()
    assert any(claim.text == FACTUAL for claim in article.claims)
