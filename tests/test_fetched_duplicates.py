"""The deprecated synchronous `POST /api/v1/articles` with a `url`, for a page whose text is
in the desk already: it answers 409 `duplicate` as before, and keeps the page's address and
snapshot on the article that has none, as the background import does (it threw the page
away). Pages come from a local HTTP server on loopback."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from factcheck.models import Article, Event, User
from tests.conftest import build_app, token_for
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve
from tests.ingest.samples import ARTICLE_HTML

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
