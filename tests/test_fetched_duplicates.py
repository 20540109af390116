"""The deprecated synchronous `POST /api/v1/articles` with a `url`, for a page whose text is
in the desk already: it answers 409 `duplicate` as before, and keeps the page's address and
snapshot on the article that has none, as the background import does (it threw the page
away). Pages come from a local HTTP server on loopback."""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from factcheck.domain import articles
from factcheck.models import Article, Event, User
from tests.conftest import build_app, token_for
from tests.fixtures import ARTICLE
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve
from tests.ingest.samples import ARTICLE_HTML
from tests.test_write_lock import Desk, desk

__all__ = ["desk"]  # the app on a real server, each request with its own connection

KEPT = "Its address and a snapshot of the page were kept on it."


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(SiteHandler)))


@pytest.fixture
def allowed_app(engine: Engine, session_factory: sessionmaker[Session]) -> Flask:
    return build_app(engine, session_factory, FETCH_ALLOW="127.0.0.1/32")


def _uploaded(app: Flask, headers: dict[str, str]) -> int:
    """The article page as an uploaded file: in the desk with no address nor snapshot."""
    boundary, body = encode_multipart(
        MultiDict({"file": FileStorage(io.BytesIO(ARTICLE_HTML.encode()), filename="fares.html")})
    )
    response = app.test_client().post(
        "/api/v1/articles/upload",
        headers=headers,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    return int(response.json["id"])


def test_fetching_a_page_whose_text_is_in_the_desk_keeps_its_address_and_says_so(
    allowed_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    headers = token_for(db_session, editor)
    first_id = _uploaded(allowed_app, headers)
    client = allowed_app.test_client()
    keyed = {**headers, "Idempotency-Key": "fetch-1"}

    answer = client.post("/api/v1/articles", headers=keyed, json={"url": site.url("/article")})

    assert answer.status_code == 409
    error = answer.json["error"]
    assert (error["code"], error["existing_id"]) == ("duplicate", first_id)
    assert f"already in the desk as #{first_id}" in error["message"]
    assert error["message"].endswith(KEPT)
    assert answer.headers["Deprecation"] == "true"
    db_session.expire_all()
    first = db_session.get(Article, first_id)
    assert first is not None and first.source_url == site.url("/article")
    assert first.snapshot is not None and first.snapshot.body == ARTICLE_HTML.encode()
    assert db_session.scalar(select(func.count()).select_from(Article)) == 1
    notes = db_session.scalars(select(Event.note).where(Event.entity_type == "article"))
    assert f"address and snapshot kept from {site.url('/article')}" in list(notes)

    replay = client.post("/api/v1/articles", headers=keyed, json={"url": site.url("/article")})
    assert (replay.status_code, replay.json) == (409, answer.json)

    again = client.post("/api/v1/articles", headers=headers, json={"url": site.url("/redirect")})
    assert again.status_code == 409
    assert again.json["error"]["existing_id"] == first_id
    assert KEPT not in again.json["error"]["message"], "an address it has is never replaced"
    db_session.expire_all()
    assert db_session.get(Article, first_id).source_url == site.url("/article")  # type: ignore[union-attr]


def test_pasting_text_in_the_desk_still_answers_duplicate_and_keeps_nothing(
    allowed_app: Flask, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    client = allowed_app.test_client()
    body = {"title": "T", "text": "Unemployment fell to 3.1 percent in May, the office said."}
    first = client.post("/api/v1/articles", headers=headers, json=body)
    again = client.post("/api/v1/articles", headers=headers, json=body)
    assert again.status_code == 409
    assert again.json["error"]["existing_id"] == first.json["id"]
    assert KEPT not in again.json["error"]["message"]


def test_one_article_added_twice_at_once_is_stored_once(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two editors paste one article at the same moment (or a URL import is asked twice and
    two worker threads fetch it): on PostgreSQL both looked for a duplicate before either
    stored it, and the desk got two copies, each with its own candidates to triage. Now the
    second waits for the first, then hears "already in the desk"."""
    both_looked = threading.Barrier(2, timeout=3)
    find_duplicate = articles.find_duplicate

    def look_together(*arguments: Any, **keywords: Any) -> Any:
        found = find_duplicate(*arguments, **keywords)
        with contextlib.suppress(threading.BrokenBarrierError):  # one waited on the other
            both_looked.wait()
        return found

    monkeypatch.setattr(articles, "find_duplicate", look_together)
    answers: list[int] = []

    def paste() -> None:
        body = {"title": "Pasted twice", "text": ARTICLE + "\n\nPasted at once."}
        answers.append(desk.api("/api/v1/articles", body, desk.editor_token)[0])

    editors = [threading.Thread(target=paste) for _ in range(2)]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(30)
    assert sorted(answers) == [201, 409]
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).where(Article.title == "Pasted twice"))
    assert stored == 1
