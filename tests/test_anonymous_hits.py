"""A reader's repeat visit to a kept public page is answered before Flask runs
(`factcheck.public.cache.AnonymousHits`), with the very page and headers Flask sent.

What must not change: a signed-in editor, a request with credentials, a cookie or a
validator, a write, an expired page, another host or scheme, and a rate-limited endpoint
all still go through Flask; the hit has its own request id and log line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from flask import Flask, Response, request_started
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from factcheck.models import Article, Claim, User
from factcheck.public import cache
from tests.conftest import build_app, login, token_for
from tests.publishing_helpers import publish_one

SUMMARY = "Close, but not quite."


@pytest.fixture
def published(
    db_session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim]:
    return publish_one(db_session, editor, editor2, checker)


@pytest.fixture
def app(engine: Engine, session_factory: sessionmaker[Session]) -> Flask:
    return build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)


@pytest.fixture
def flask_runs(app: Flask) -> Iterator[list[str]]:
    """The paths of the requests that Flask itself handled."""
    handled: list[str] = []

    def note(sender: Flask, **extra: object) -> None:
        from flask import request

        handled.append(request.path)

    request_started.connect(note, app)
    yield handled
    request_started.disconnect(note, app)


def _page(published: tuple[Article, Claim]) -> str:
    return f"/factchecks/{published[0].id}"


def _headers_but_the_request_id(response: TestResponse) -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in response.headers if name != "X-Request-ID")


def test_a_repeat_visit_gets_the_same_page_without_flask(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    reader = app.test_client()
    first = reader.get(_page(published))
    again = reader.get(_page(published))
    assert first.status_code == again.status_code == 200
    assert flask_runs == [_page(published)]  # the second never reached Flask
    assert again.get_data() == first.get_data() and SUMMARY in again.get_data(as_text=True)
    # Security, caching and validator headers, exactly as Flask sent them.
    assert _headers_but_the_request_id(again) == _headers_but_the_request_id(first)
    assert again.headers["Content-Security-Policy"] and again.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=60"
    assert again.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    # Another reader, another client: the same kept page.
    assert app.test_client().get(_page(published)).get_data() == first.get_data()
    assert flask_runs == [_page(published)]


def test_the_hit_logs_its_request_and_keeps_a_supplied_request_id(
    app: Flask, published: tuple[Article, Claim], caplog: pytest.LogCaptureFixture
) -> None:
    reader = app.test_client()
    reader.get(_page(published))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="factcheck.request"):
        hit = reader.get(_page(published), headers={"X-Request-ID": "edge-4f2a9c"})
    assert hit.headers["X-Request-ID"] == "edge-4f2a9c"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factcheck.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["request_id"] == "edge-4f2a9c" and line["method"] == "GET"
    assert (line["path"], line["status"], line["user_id"]) == (_page(published), 200, None)
    assert line["remote_addr"] == "127.0.0.1" and line["duration_ms"] >= 0
    # A request id that does not look like one is replaced, as Flask's hook does.
    assert reader.get(_page(published), headers={"X-Request-ID": "<x>"}).headers[
        "X-Request-ID"
    ] not in ("", "<x>")


def test_a_reader_with_any_cookie_goes_through_flask(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    app.test_client().get(_page(published))
    flask_runs.clear()
    reader = app.test_client()
    reader.set_cookie("theme", "dark", domain="factcheck.test")
    assert reader.get(_page(published)).status_code == 200
    assert flask_runs == [_page(published)]


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer not-a-token"},
        {"If-Modified-Since": "Wed, 01 Jan 2025 00:00:00 GMT"},
        {"Range": "bytes=0-99"},
    ],
)
def test_a_request_with_credentials_or_conditions_goes_through_flask(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim], headers: dict[str, str]
) -> None:
    app.test_client().get(_page(published))
    flask_runs.clear()
    assert app.test_client().get(_page(published), headers=headers).status_code in (200, 206)
    assert flask_runs == [_page(published)]


def test_a_revalidation_still_gets_its_304(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    etag = app.test_client().get(_page(published)).headers["ETag"]
    again = app.test_client().get(_page(published), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_head_request_goes_through_flask(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    app.test_client().get(_page(published))
    head = app.test_client().head(_page(published))
    assert head.status_code == 200 and head.get_data() == b""
    assert flask_runs == [_page(published)] * 2


def test_a_signed_in_editor_never_gets_the_kept_page(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim], editor: User
) -> None:
    app.test_client().get(_page(published))
    staff = app.test_client()
    login(staff, editor)
    flask_runs.clear()
    response = staff.get(_page(published))
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert flask_runs == [_page(published)]


def test_a_write_in_this_worker_forgets_the_kept_pages(
    app: Flask,
    db_session: Session,
    editor: User,
    published: tuple[Article, Claim],
) -> None:
    article, claim = published
    reader = app.test_client()
    reader.get(_page(published))
    article.summary = "Changed behind the cache's back."
    db_session.commit()
    assert SUMMARY in reader.get(_page(published)).get_data(as_text=True)  # kept
    # A refused write changes nothing, and forgets nothing.
    refused = app.test_client().post(
        f"/api/v1/claims/{claim.id}/details",
        headers=token_for(db_session, editor),
        json={"claimant": "Ana Silva"},
    )
    assert refused.status_code == 409  # a published claim's details are not edited here
    assert SUMMARY in reader.get(_page(published)).get_data(as_text=True)
    login(app.test_client(), editor)  # a write that succeeds: a sign-in
    assert "Changed behind" in reader.get(_page(published)).get_data(as_text=True)


def test_a_kept_page_expires(
    app: Flask,
    flask_runs: list[str],
    published: tuple[Article, Claim],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [1000.0]
    monkeypatch.setattr(cache, "clock", lambda: now[0])
    reader = app.test_client()
    reader.get(_page(published))
    now[0] += 299
    reader.get(_page(published))
    assert len(flask_runs) == 1
    now[0] += 2  # past PUBLIC_CACHE_SECONDS since the page was kept
    reader.get(_page(published))
    assert len(flask_runs) == 2


def test_https_and_http_are_kept_apart(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    plain = app.test_client().get(_page(published))
    assert "Strict-Transport-Security" not in plain.headers
    secure = app.test_client().get(_page(published), base_url="https://factcheck.test")
    assert secure.headers["Strict-Transport-Security"]
    assert len(flask_runs) == 2
    again = app.test_client().get(_page(published), base_url="https://factcheck.test")
    assert again.headers["Strict-Transport-Security"] and len(flask_runs) == 2


def test_behind_a_proxy_the_forwarded_scheme_and_host_key_the_page(
    engine: Engine, session_factory: sessionmaker[Session], published: tuple[Article, Claim]
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300, PROXY_HOPS=1)
    reader = app.test_client()
    over_http = {"X-Forwarded-Proto": "http", "X-Forwarded-For": "203.0.113.7"}
    over_https = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    plain = reader.get(_page(published), headers=over_http)
    assert "Strict-Transport-Security" not in plain.headers
    for _ in range(2):
        response = reader.get(_page(published), headers=over_https)
        assert response.headers["Strict-Transport-Security"]


def test_a_rate_limited_endpoint_is_never_answered_before_flask(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    """Its limit must count every request; none of today's cached pages is limited, so
    the page is named one here."""
    hits = app.wsgi_app
    assert isinstance(hits, cache.AnonymousHits)
    hits.never = frozenset({"public.factcheck"})
    reader = app.test_client()
    reader.get(_page(published))
    reader.get(_page(published))
    assert flask_runs == [_page(published)] * 2


def test_a_page_that_sets_a_cookie_is_not_kept(
    app: Flask, flask_runs: list[str], published: tuple[Article, Claim]
) -> None:
    """Here a hook after the view sets it; the page cache inside Flask never sees it."""

    @app.after_request
    def remember_the_visit(response: Response) -> Response:
        response.set_cookie("visited", "1")
        return response

    reader: FlaskClient = app.test_client(use_cookies=False)
    for _ in range(2):
        assert reader.get(_page(published)).headers["Set-Cookie"].startswith("visited=1")
    assert flask_runs == [_page(published)] * 2


def test_without_a_page_cache_every_request_goes_through_flask(
    engine: Engine, session_factory: sessionmaker[Session], published: tuple[Article, Claim]
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=0)
    handled: list[bool] = []
    request_started.connect(lambda sender, **extra: handled.append(True), app, weak=False)
    reader = app.test_client()
    reader.get(_page(published))
    reader.get(_page(published))
    assert handled == [True, True]


def test_query_strings_cannot_fill_a_worker_with_copies_of_a_page(
    app: Flask, published: tuple[Article, Claim], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each query string is a page of its own; the bytes kept stay bounded all the same."""
    size = len(app.test_client().get(_page(published)).get_data())
    budget = 3 * size + 100
    monkeypatch.setattr(cache, "MAX_BYTES", budget)
    reader = app.test_client()
    for copy in range(20):
        answer = reader.get(f"{_page(published)}?copy={copy}")
        assert answer.status_code == 200 and SUMMARY in answer.get_data(as_text=True)
        for name in ("factcheck.page_cache", "factcheck.finished_pages"):
            store = app.extensions[name]
            assert store.size <= budget and len(store.pages) <= 3


def test_a_page_larger_than_the_budget_is_served_but_never_kept(
    app: Flask,
    flask_runs: list[str],
    published: tuple[Article, Claim],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache, "MAX_BYTES", 1000)
    reader = app.test_client()
    for _ in range(2):
        answer = reader.get(_page(published))
        assert answer.status_code == 200 and len(answer.get_data()) > 1000
    assert flask_runs == [_page(published)] * 2
    assert app.extensions["factcheck.finished_pages"].size == 0


def test_a_page_kept_again_under_its_key_is_counted_once() -> None:
    store: cache.PageStore[cache.FinishedPage] = cache.PageStore()
    for stored_at in (1.0, 2.0, 3.0):
        store.put("http://factcheck.test/?", cache.FinishedPage(stored_at, "200 OK", [], b"x" * 10))
    assert store.size == 10 and len(store.pages) == 1
    store.put("http://factcheck.test/about?", cache.FinishedPage(4.0, "200 OK", [], b"y" * 5))
    assert store.size == 15
    store.clear()
    assert (store.size, store.pages) == (0, {})
