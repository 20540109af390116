"""The optional language model in the desk, as a job: an article is added at once with the
local model's candidates and a pending rewrite; the job replaces the untouched candidates
with the model's claims, or keeps them with the model's notice and a "Try again"."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import create_app
from factcheck.domain import articles
from factcheck.domain.articles import REWRITE_PENDING
from factcheck.domain.limits import Limits
from factcheck.extraction import LLMConfig, extract, score_alone, segment
from factcheck.jobs import queue
from factcheck.jobs.queue import huey
from factcheck.jobs.registry import TASKS
from factcheck.models import Article, ArticleMatchState, Event, LlmRewriteStatus, Role, User
from tests.conftest import (
    a_bug_of_ours,
    build_app,
    login,
    login_with_csrf,
    make_user,
    run_queued_jobs,
    run_with_every_retry,
    token_for,
    wipe,
)
from tests.extraction.test_llm import FakeLLM, claims_reply, fake_llm  # noqa: F401
from tests.fixtures import ARTICLE, FACTUAL
from tests.ingest.conftest import Site, site  # noqa: F401 - a fixture

SPANS = segment(ARTICLE)
FACTUAL_INDEX = next(i for i, (start, end) in enumerate(SPANS) if ARTICLE[start:end] == FACTUAL)
FIRST = ARTICLE[SPANS[0][0] : SPANS[0][1]]
REWRITES = [
    {"sentence": FACTUAL_INDEX, "text": "The new flood barrier will protect 3,200 homes."},
    {"sentence": FACTUAL_INDEX, "text": "The barrier is on the Harbourside estuary."},
    {"sentence": 0, "text": "Harbourside council approved 48 million pounds for flood defences."},
]
FALLBACK = "showing the local model&#39;s candidates"


@pytest.fixture
def model_app(
    engine: Engine,
    session_factory: sessionmaker[Session],
    fake_llm: FakeLLM,  # noqa: F811
) -> Iterator[Flask]:
    """The model is configured; jobs wait in the queue (in memory) until `_work` runs them."""
    config = LLMConfig(url=fake_llm.url, model="fake", timeout=10)
    app = build_app(engine, session_factory, LLM=config, FETCH_ALLOW="127.0.0.1/32")
    huey.immediate = False
    try:
        yield app
    finally:
        huey.flush()
        queue.bind(app)


def _work(app: Flask) -> list[str]:
    """Run what waits in the queue, as the worker would; return the jobs that ran, in order.
    find_earlier_checks is left out: it follows every change to an article's claims."""
    return [name for name in run_queued_jobs(app) if name != "find_earlier_checks"]


def _add(client: FlaskClient, headers: dict[str, str], title: str = "With a model") -> Any:
    response = client.post(
        "/api/v1/articles", headers=headers, json={"title": title, "text": ARTICLE}
    )
    assert response.status_code == 201, response.json
    return response.json


def _texts(article: Any) -> list[str]:
    return sorted(claim["text"] for claim in article["claims"])


def _local_texts() -> list[str]:
    return sorted(s.display_text for s in extract(ARTICLE) if s.checkworthy)


def test_adding_an_article_does_not_wait_for_the_model(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.delay = 5.0
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    started = time.monotonic()
    created = _add(client, token_for(db_session, editor))
    assert time.monotonic() - started < 2.5, "the response waited for the model"
    assert fake_llm.requests == []
    assert _texts(created) == _local_texts() and FACTUAL in _texts(created)
    assert created["llm_rewrite"] == {"status": "pending", "notice": None}
    assert created["notices"] == [REWRITE_PENDING]


def test_the_job_rewrites_the_candidates_keeping_their_spans_once(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    created = _add(client, headers)
    replaced = {claim["id"] for claim in created["claims"]}

    assert _work(model_app) == ["rewrite_candidates"]
    article = client.get(f"/api/v1/articles/{created['id']}", headers=headers).json
    assert _texts(article) == sorted(item["text"] for item in REWRITES)
    assert article["llm_rewrite"] == {"status": "done", "notice": None}
    for claim in article["claims"]:
        expected = FACTUAL if claim["text"] != REWRITES[2]["text"] else FIRST
        assert ARTICLE[claim["start"] : claim["end"]] == expected
    assert fake_llm.requests[0]["json"]["model"] == "fake"
    new_ids = [claim["id"] for claim in article["claims"]]
    events = db_session.scalars(select(Event).where(Event.entity_type == "claim")).all()
    assert {(e.entity_id, e.action, e.actor_id) for e in events if e.entity_id in new_ids} == {
        (claim_id, "extract", editor.id) for claim_id in new_ids
    }
    assert {e.entity_id for e in events if e.action == "llm_replaced"} == replaced

    # Run again (a retry, an admin's "run again"): nothing is pending, nothing changes.
    with model_app.app_context():
        TASKS["rewrite_candidates"].call_local(created["id"])
    assert _work(model_app) == [] and len(fake_llm.requests) == 1
    again = client.get(f"/api/v1/articles/{created['id']}", headers=headers).json
    assert [c["id"] for c in again["claims"]] == new_ids


def test_an_article_fetched_by_a_job_is_rewritten_by_the_next_one(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
    site: Site,  # noqa: F811
) -> None:
    fake_llm.reply = claims_reply([{"sentence": 0, "text": "Rewritten from the fetched page."}])
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    response = client.post(
        "/api/v1/articles/imports", headers=headers, json={"url": site.url("/article")}
    )
    assert response.status_code == 202, response.json
    assert _work(model_app) == ["ingest_url", "rewrite_candidates"]
    done = client.get(response.json["status_url"], headers=headers).json
    article = client.get(f"/api/v1/articles/{done['article_id']}", headers=headers).json
    assert article["llm_rewrite"]["status"] == "done"
    assert _texts(article) == ["Rewritten from the fetched page."]


def test_a_candidate_an_editor_decided_on_is_kept(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    created = _add(client, headers)
    factual = next(c for c in created["claims"] if c["text"] == FACTUAL)
    accepted = client.post(f"/api/v1/claims/{factual['id']}/accept", headers=headers)
    assert accepted.status_code == 200, accepted.json

    _work(model_app)
    article = client.get(f"/api/v1/articles/{created['id']}", headers=headers).json
    kept = next(c for c in article["claims"] if c["id"] == factual["id"])
    assert (kept["text"], kept["status"]) == (FACTUAL, "queued")
    assert REWRITES[2]["text"] in _texts(article), "the untouched candidate was rewritten"
    on_factual = [c for c in article["claims"] if c["start"] == factual["start"]]
    assert on_factual == [kept], "no rewrite beside the editor's decision"


def test_a_failed_rewrite_keeps_the_local_candidates_and_may_be_tried_again(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = (500, b"upstream exploded")
    client = model_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Fallback", "text": ARTICLE})
    assert response.status_code == 302
    page_url = response.headers["Location"]
    pending = client.get(page_url).get_data(as_text=True)
    assert "The language model is rewriting the candidates…" in pending
    state_url = re.search(r'data-poll="([^"]+)"', pending)
    assert state_url is not None and "data-poll-reload" in pending
    assert client.get(state_url.group(1)).json["status"] == "pending"

    _work(model_app)
    state = client.get(state_url.group(1)).json
    assert state["status"] == "failed" and FALLBACK in state["text"]
    page = client.get(page_url).get_data(as_text=True)
    assert FALLBACK in page and "HTTP error 500" in page and "Try again" in page
    assert "rewriting the candidates…" not in page
    article = db_session.scalars(select(Article).where(Article.title == "Fallback")).one()
    assert sorted(claim.text for claim in article.claims) == _local_texts()

    fake_llm.reply = claims_reply(REWRITES)
    again = client.post(f"/desk/articles/{article.id}/llm-retry", follow_redirects=True)
    assert "Asking the language model again" in again.get_data(as_text=True)
    retried = db_session.scalars(
        select(Event).where(Event.entity_id == article.id, Event.action == "rewrite_candidates")
    ).one()
    assert (retried.actor_id, retried.entity_type) == (editor.id, "article")
    assert _work(model_app) == ["rewrite_candidates"]
    done = client.get(page_url).get_data(as_text=True)
    assert "The new flood barrier will protect 3,200 homes." in done
    assert "Try again" not in done and "Candidates rewritten by the language model" in done


def test_a_rewrite_whose_job_fails_on_every_try_fails_with_a_notice_not_pending_for_ever(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error of ours, not the model's answer: before session 16 the desk said "rewriting
    # the candidates" for ever
    from factcheck.domain import llm_rewrites

    monkeypatch.setattr(llm_rewrites, "ask_model", a_bug_of_ours)
    client = model_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Broken", "text": ARTICLE})
    ran = run_with_every_retry(model_app)
    assert ran.count("rewrite_candidates") == 5
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "something went wrong on our side" in page and "Try again" in page
    assert "rewriting the candidates…" not in page and "a bug of ours" not in page
    article = db_session.scalars(select(Article).where(Article.title == "Broken")).one()
    assert article.llm_rewrite_status is LlmRewriteStatus.FAILED
    assert sorted(claim.text for claim in article.claims) == _local_texts()


def test_try_again_needs_an_editor_and_the_form_token(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    checker: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = (200, b"not json")
    config = LLMConfig(url=fake_llm.url, model="fake", timeout=10)
    app = build_app(engine, session_factory, LLM=config, WTF_CSRF_ENABLED=True)
    created = _add(app.test_client(), token_for(db_session, editor))  # its job runs after it
    page_url = f"/desk/articles/{created['id']}"
    as_checker = app.test_client()
    login_with_csrf(as_checker, checker)
    page = as_checker.get(page_url).get_data(as_text=True)
    assert "not valid JSON" in page and "Try again" not in page

    client = app.test_client()
    login_with_csrf(client, editor)
    refused = client.post(f"{page_url}/llm-retry", follow_redirects=True)
    assert "The form expired" in refused.get_data(as_text=True)
    assert len(fake_llm.requests) == 1
    page = client.get(page_url).get_data(as_text=True)
    form = re.search(
        r'action="([^"]+/llm-retry)">\s*<input type="hidden" name="csrf_token" '
        r'value="([^"]+)"',
        page,
    )
    assert form, page
    fake_llm.reply = claims_reply(REWRITES)
    client.post(form.group(1), data={"csrf_token": form.group(2)})  # the job runs after it
    assert len(fake_llm.requests) == 2
    article = client.get(page_url).get_data(as_text=True)
    assert "The barrier is on the Harbourside estuary." in article


def test_the_state_says_when_rewritten_claims_are_ready(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    created = _add(client, token_for(db_session, editor))
    login(client, editor)
    _work(model_app)
    state = client.get(f"/desk/articles/{created['id']}/llm-state").json
    assert state["status"] == "done"
    assert "Rewritten claims are ready" in state["text"] and "show them" in state["text"]


def test_the_job_holds_no_write_lock_while_the_model_thinks(
    engine: Engine,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    """On its own engine and pool, as the worker runs: a write made while the job waits on
    the model goes through at once (a job holding the write lock kept it 10 s on SQLite)."""
    fake_llm.delay = 4.0
    fake_llm.reply = claims_reply(REWRITES)
    app = create_app(
        {
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "TESTING": True,
            "LLM": LLMConfig(url=fake_llm.url, model="fake", timeout=10),
        }
    )
    database = app.extensions["factcheck.db"]
    try:
        with database.factory() as session:
            editor = make_user(session, Role.EDITOR)
            article = articles.create_article(
                session, creator=editor, title="Slow model", body=ARTICLE, limits=Limits(1000)
            )
            article.llm_rewrite_status = LlmRewriteStatus.PENDING
            session.commit()
            article_id = article.id
        worker = threading.Thread(target=TASKS["rewrite_candidates"].call_local, args=(article_id,))
        worker.start()
        deadline = time.monotonic() + 10
        while not fake_llm.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake_llm.requests, "the job never asked the model"
        started = time.monotonic()
        with database.factory() as session:
            make_user(session, Role.CHECKER)
            session.commit()
        assert time.monotonic() - started < 2.0, "the write waited for the job"
        worker.join(30)
        with database.factory() as session:
            done = session.get(Article, article_id)
            assert done is not None and done.llm_rewrite_status is LlmRewriteStatus.DONE
            assert sorted(c.text for c in done.claims) == sorted(i["text"] for i in REWRITES)
    finally:
        database.engine.dispose()
        wipe(engine)


def test_the_rewritten_claims_are_searched_for_earlier_fact_checks(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    created = _add(client, token_for(db_session, editor))
    ran = run_queued_jobs(model_app)
    # The local candidates' search, the rewrite, then a search for the claims it wrote.
    assert ran == ["find_earlier_checks", "rewrite_candidates", "find_earlier_checks"]
    db_session.expire_all()
    state = db_session.get(ArticleMatchState, created["id"])
    assert state is not None and state.requested == state.answered == 2


def test_a_rewritten_claim_is_scored_on_its_own_words(
    model_app: Flask,
    db_session: Session,
    editor: User,
    fake_llm: FakeLLM,  # noqa: F811
) -> None:
    """The model's claims kept the score and reasons of the sentence they came from: "The
    barrier is on the Harbourside estuary." showed the sentence's number as its reason."""
    fake_llm.reply = claims_reply(REWRITES)
    client = model_app.test_client()
    headers = token_for(db_session, editor)
    created = _add(client, headers)
    _work(model_app)
    article = client.get(f"/api/v1/articles/{created['id']}", headers=headers).json
    for claim in article["claims"]:
        alone = score_alone(claim["text"])
        assert claim["score"] == pytest.approx(alone.score, abs=1e-4), claim["text"]
        assert claim["kind"] == alone.kind
        assert [r["text"] for r in claim["reasons"]] == [r.text for r in alone.reasons]
    estuary = next(c for c in article["claims"] if "estuary" in c["text"])
    assert not any(r["kind"] == "number" for r in estuary["reasons"])
