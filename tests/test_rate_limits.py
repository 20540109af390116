"""Rate limits on expensive endpoints: 429 with Retry-After, in memory and in Redis."""

from __future__ import annotations

import io
import re
import socket
import uuid
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import Article, User
from tests.conftest import build_app, login, token_for


def _limited_app(engine: Engine, factory: sessionmaker[Session], **config: Any) -> Flask:
    return build_app(engine, factory, RATELIMIT_ENABLED=True, **config)


def test_readers_search_is_limited_per_address(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    app = _limited_app(engine, session_factory, RATE_LIMIT_READS="3/minute")
    client = app.test_client()
    reader = {"REMOTE_ADDR": "198.51.100.7"}
    for _ in range(3):
        assert client.get("/search?q=homes", environ_base=reader).status_code == 200
    elsewhere = {"Referer": "https://attacker.example/phish"}
    refused = client.get("/search?q=homes", environ_base=reader, headers=elsewhere)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = refused.get_data(as_text=True)
    assert "Too many requests" in page
    assert "attacker.example" not in page, "no link back to another site"
    assert "was not saved" not in page, "a search saves nothing"
    other = client.get("/search?q=homes", environ_base={"REMOTE_ADDR": "198.51.100.8"})
    assert other.status_code == 200, "another reader is not refused"


def test_made_up_tokens_do_not_escape_the_limit_on_public_reads(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, editor: User
) -> None:
    # Found in session 19: each made-up token was a key of its own, and a public read never
    # checks its token, so a new one per request was never refused.
    app = _limited_app(engine, session_factory, RATE_LIMIT_READS="3/minute")
    client = app.test_client()
    reader = {"REMOTE_ADDR": "198.51.100.9"}
    answers = [
        client.get(
            "/api/v1/published", environ_base=reader, headers={"Authorization": f"Bearer x{n}"}
        ).status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]
    # A token that works is counted on its own, as before.
    real = token_for(db_session, editor)
    assert client.get("/api/v1/published", environ_base=reader, headers=real).status_code == 200


def test_extraction_is_limited_per_token_with_the_json_error(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    checker: User,
) -> None:
    app = _limited_app(engine, session_factory, RATE_LIMIT_EXTRACT="2/minute")
    client = app.test_client()
    first_token = token_for(db_session, editor)
    body = {"text": "Unemployment fell to 4.1% in March, the statistics office said."}
    for _ in range(2):
        assert client.post("/api/v1/extract", headers=first_token, json=body).status_code == 200
    refused = client.post("/api/v1/extract", headers=first_token, json=body)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert refused.json["error"]["code"] == "too_many_requests"
    error = refused.json["error"]
    # Retry-After is written a moment after the body: a second boundary may fall between.
    assert 0 <= error["retry_after"] - int(refused.headers["Retry-After"]) <= 1
    assert "2 per 1 minute" in error["message"]
    assert f"Retry in {error['retry_after']} second" in error["message"]
    other_token = token_for(db_session, checker)
    assert client.post("/api/v1/extract", headers=other_token, json=body).status_code == 200


def test_an_editor_refused_an_upload_is_told_when_to_retry_and_led_back(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, editor: User
) -> None:
    """An editor adding a morning's articles from files reaches the limit: the page says
    how long to wait and that the file was not added, and links back to the form."""
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    app = _limited_app(engine, session_factory, RATE_LIMIT_FETCH="2/minute")
    client = app.test_client()
    login(client, editor)
    form_page = "http://factcheck.test/desk/articles/new"

    def upload(number: int) -> Any:
        text = f"Harbour report {number}\n\nThe harbour handled 4.2 million tonnes in 2025."
        boundary, body = encode_multipart(
            MultiDict({"upload-file": FileStorage(io.BytesIO(text.encode()), f"{number}.txt")})
        )
        return client.post(
            "/desk/articles/upload",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
            headers={"Referer": form_page},
        )

    assert [upload(number).status_code for number in range(2)] == [302, 302]
    refused = upload(2)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429
    wait = re.search(r"Try again in (\d+) seconds?\.", page)
    assert wait is not None, page
    assert 0 <= int(wait.group(1)) - int(refused.headers["Retry-After"]) <= 1
    assert "2 per 1 minute" in page
    assert "was not saved" in page
    assert f'href="{form_page}"' in page
    assert db_session.query(Article).count() == 2


def test_a_replayed_write_does_not_spend_the_write_budget(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, editor: User
) -> None:
    """A client that timed out and sends the same write again with its Idempotency-Key does
    the right thing: it gets the stored answer, even with the budget spent, and the replay
    leaves the budget as it was. Before, each replay counted, and was refused with 429."""
    app = _limited_app(engine, session_factory, RATE_LIMIT_FETCH="2/minute")
    client = app.test_client()
    token = token_for(db_session, editor)

    def create(key: str, title: str) -> Any:
        body = {"title": title, "text": f"The council spent 4 million pounds on {title}."}
        return client.post("/api/v1/articles", headers={**token, "Idempotency-Key": key}, json=body)

    first = create("roads-1", "Roads")
    assert first.status_code == 201
    for _ in range(3):
        again = create("roads-1", "Roads")
        assert again.status_code == 201, again.json
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.json["id"] == first.json["id"]
    assert create("bridges-1", "Bridges").status_code == 201, "the second write of two"
    # The budget is spent now; a replay still gets its answer, a new write does not.
    assert create("roads-1", "Roads").status_code == 201
    assert create("tunnels-1", "Tunnels").status_code == 429
    # The same key with another request is no replay: it counts, and is refused.
    assert create("roads-1", "Other roads").status_code == 429
    assert db_session.query(Article).filter(Article.title.in_(["Roads", "Bridges"])).count() == 2


def test_a_limit_set_to_off_is_not_applied(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    app = _limited_app(engine, session_factory, RATE_LIMIT_READS="off")
    client = app.test_client()
    assert all(client.get("/api/v1/published").status_code == 200 for _ in range(70))


def _redis_url() -> str | None:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        if probe.connect_ex(("127.0.0.1", 6379)) != 0:
            return None
    return "redis://127.0.0.1:6379/0"


def test_with_redis_every_worker_shares_the_count(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379 to share the counts in")
    prefix = f"factcheck-test-{uuid.uuid4().hex}"  # this test's keys only
    workers = [
        _limited_app(
            engine,
            session_factory,
            REDIS_URL=url,
            RATELIMIT_KEY_PREFIX=prefix,
            RATE_LIMIT_READS="3/minute",
        ).test_client()
        for _ in range(2)
    ]
    reader = {"REMOTE_ADDR": "203.0.113.50"}
    statuses = [
        workers[n % 2].get("/api/v1/published", environ_base=reader).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    import redis

    client = redis.Redis.from_url(url)
    try:
        stale = client.keys(f"*{prefix}*")
        assert stale, "the counts were kept in Redis"
        client.delete(*stale)
    finally:
        client.close()


def test_an_answered_read_tells_its_limit_but_not_to_retry_after(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    # Before: every answer of a limited endpoint carried Retry-After (the seconds to the
    # window's end), 200s and 304s too; a partner's client that honours it waited up to a
    # minute between pages of /api/v1/published. It belongs to the 429 alone.
    app = _limited_app(engine, session_factory, RATE_LIMIT_READS="2/minute")
    client = app.test_client()
    answered = client.get("/api/v1/published")
    assert answered.status_code == 200 and answered.headers["X-RateLimit-Remaining"] == "1"
    assert "Retry-After" not in answered.headers
    again = client.get("/api/v1/published", headers={"If-None-Match": answered.headers["ETag"]})
    assert again.status_code == 304 and "Retry-After" not in again.headers
    refused = client.get("/api/v1/published")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
