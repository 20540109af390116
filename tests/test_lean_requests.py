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
from tests.conftest import build_app, login
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
