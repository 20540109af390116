"""A cached public page costs almost nothing: no database session, no user loaded, no SQL.

The security headers, the session checks and CSRF stay on every response (their own tests:
test_security_headers.py, test_security.py); these tests pin what a page-cache hit skips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User
from factcheck.web import signin
from factcheck.web.database import Database
from tests.conftest import build_app, login, token_for
from tests.publishing_helpers import publish_one


class Spy:
    """What the request did: sessions opened, users loaded, SQL statements sent."""

    def __init__(self, app: Flask, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sessions: list[bool] = []
        self.users: list[str] = []
        self.statements: list[str] = []
        database: Database = app.extensions["factcheck.db"]
        opened = database.session

        def session(*, writes: bool) -> Session:
            self.sessions.append(writes)
            return opened(writes=writes)

        monkeypatch.setattr(database, "session", session)
        loader: Callable[[str], Any] = signin.login_manager._user_callback  # type: ignore[attr-defined]

        def load(user_id: str) -> Any:
            self.users.append(user_id)
            return loader(user_id)

        monkeypatch.setattr(signin.login_manager, "_user_callback", load)
        event.listen(engine, "before_cursor_execute", self._statement)
        self._engine = engine

    def _statement(self, *args: Any) -> None:
        self.statements.append(args[2])

    def clear(self) -> None:
        self.sessions.clear()
        self.users.clear()
        self.statements.clear()

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._statement)


@pytest.fixture
def page(db_session: Session, editor: User, editor2: User, checker: User) -> str:
    article, _claim = publish_one(db_session, editor, editor2, checker)
    return f"/factchecks/{article.id}"


def test_a_cached_page_opens_no_session_and_loads_no_user(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    page: str,
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300, RATELIMIT_ENABLED=True)
    spy = Spy(app, engine, monkeypatch)
    try:
        reader = app.test_client()
        assert reader.get(page).status_code == 200  # fills the cache: reads the database
        assert spy.sessions == [False] and spy.statements
        spy.clear()
        hit = reader.get(page)
        assert hit.status_code == 200 and hit.headers["X-Frame-Options"] == "DENY"
        assert (spy.sessions, spy.users, spy.statements) == ([], [], [])
    finally:
        spy.close()


def test_a_signed_in_editor_still_gets_a_fresh_page_with_their_user_loaded(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    page: str,
    editor: User,
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)
    app.test_client().get(page)  # cached for readers
    staff = app.test_client()
    login(staff, editor)
    spy = Spy(app, engine, monkeypatch)
    try:
        response = staff.get(page)
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert spy.users == [f"{editor.id}:{editor.session_version}"] and spy.sessions
    finally:
        spy.close()


def _token_lookups(statements: list[str]) -> int:
    return sum(
        1 for s in statements if s.lstrip().upper().startswith("SELECT") and "api_tokens" in s
    )


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        # Rate-limited: the limiter asks whose token it is before the view runs.
        ("POST", "/api/v1/extract", {"text": "Unemployment fell to 4.1% in March."}),
        ("POST", "/api/v1/articles", {"title": "Roads", "text": "The council spent 4 million."}),
        # Not limited.
        ("GET", "/api/v1/queue", None),
        ("POST", "/api/v1/queue/next", None),
    ],
)
def test_an_api_request_looks_its_token_up_once(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    db_session: Session,
    editor: User,
    method: str,
    path: str,
    body: dict[str, str] | None,
) -> None:
    """Before, a rate-limited operation looked the token up twice: once to count the
    request against it, once to authenticate the caller."""
    app = build_app(engine, session_factory, RATELIMIT_ENABLED=True)
    headers = token_for(db_session, editor)
    spy = Spy(app, engine, monkeypatch)
    try:
        response = app.test_client().open(path, method=method, headers=headers, json=body)
        assert response.status_code < 300, response.json
        assert _token_lookups(spy.statements) == 1
    finally:
        spy.close()


def test_a_wrong_token_is_looked_up_once_and_refused(
    engine: Engine,
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = build_app(engine, session_factory, RATELIMIT_ENABLED=True)
    spy = Spy(app, engine, monkeypatch)
    try:
        body = {"text": "Unemployment fell to 4.1% in March."}
        headers = {"Authorization": "Bearer fct_not-a-token"}
        response = app.test_client().post("/api/v1/extract", headers=headers, json=body)
        assert response.status_code == 401
        assert response.json["error"]["message"] == "The API token is not valid."
        assert _token_lookups(spy.statements) == 1
    finally:
        spy.close()
