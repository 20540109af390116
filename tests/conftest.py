"""Shared fixtures: the schema comes from the Alembic migrations, each test rolls back.

Set FACTCHECK_TEST_DATABASE_URL to run the suite on PostgreSQL; the default is a
temporary SQLite file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

os.environ.setdefault("FACTCHECK_SECRET_KEY", "test-secret-key-not-for-production")

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.models import Claim, Role, User
from factcheck.web.database import Database

# Loaded before any test module builds its own settings, which inherit from it: a failing
# example prints the @reproduce_failure(...) line that replays it exactly. The test order
# comes from pytest-randomly, whose `--randomly-seed=N` is printed at the top of every run.
hypothesis_settings.register_profile("factcheck", print_blob=True)
hypothesis_settings.load_profile("factcheck")

PASSWORD = "correct horse battery"


def test_database_url(tmp_dir: str) -> str:
    return os.environ.get("FACTCHECK_TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.sqlite3"


def reset_database(engine: Engine) -> None:
    """Drop everything, so that the migrations build the schema from nothing."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = test_database_url(str(tmp_path_factory.mktemp("db")))
    engine = make_engine(url)
    reset_database(engine)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    # Production parameters cost ~50 ms a hash; tests create many users.
    monkeypatch.setattr(
        accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection in an outer transaction that is rolled back after the test."""
    conn = engine.connect()
    transaction = conn.begin()
    yield conn
    transaction.rollback()
    conn.close()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    # Commits inside the app release a savepoint; the outer transaction still rolls back.
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db_session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session


def build_app(engine: Engine, factory: sessionmaker[Session], **config: Any) -> Flask:
    settings: dict[str, Any] = {
        "TESTING": True,
        "DATABASE": Database(engine, factory),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "factcheck.test",
        # Most tests change data behind the app's back; test_publishing covers the cache.
        "PUBLIC_CACHE_SECONDS": 0,
        # The fuzzers and journeys send far more requests than a person; the limits have
        # their own tests (tests/test_rate_limits.py).
        "RATELIMIT_ENABLED": False,
    }
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def app(engine: Engine, session_factory: sessionmaker[Session]) -> Flask:
    return build_app(engine, session_factory)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def make_user(session: Session, role: Role, name: str | None = None) -> User:
    name = name or f"{role.value}-{os.urandom(3).hex()}"
    user = accounts.create_user(
        session,
        email=f"{name}@example.org",
        password=PASSWORD,
        role=role,
        display_name=name.title(),
    )
    session.commit()
    return user


@pytest.fixture
def editor(db_session: Session) -> User:
    return make_user(db_session, Role.EDITOR, "edith")


@pytest.fixture
def editor2(db_session: Session) -> User:
    return make_user(db_session, Role.EDITOR, "eli")


@pytest.fixture
def checker(db_session: Session) -> User:
    return make_user(db_session, Role.CHECKER, "chris")


@pytest.fixture
def checker2(db_session: Session) -> User:
    return make_user(db_session, Role.CHECKER, "cora")


@pytest.fixture
def admin(db_session: Session) -> User:
    return make_user(db_session, Role.ADMIN, "ada")


def candidate_claim(session: Session, editor: User, *, title: str = "Accept me") -> Claim:
    """The factual claim of a new article (tests.fixtures), still a candidate, committed."""
    from factcheck.domain import articles
    from factcheck.domain.limits import Limits
    from tests.fixtures import ARTICLE, FACTUAL

    article = articles.create_article(
        session,
        creator=editor,
        title=title,
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    session.commit()
    return next(c for c in article.claims if c.text == FACTUAL)


def held_claim(
    session: Session, editor: User, checker: User, *, title: str = "Held", source: bool = False
) -> Claim:
    """The factual claim of a new article (tests.fixtures), accepted and given to
    `checker`, with one supporting source when `source` (a verdict needs one), committed."""
    from factcheck.domain import articles, queue, research

    claim = candidate_claim(session, editor, title=title)
    articles.triage(session, claim, "accept", editor, expected_version=None)
    queue.assign(session, claim, checker, editor)
    if source:
        research.add_evidence(
            session, claim, checker, url="https://example.org/budget", stance="supports"
        )
    session.commit()
    return claim


def error_summary(page: str) -> str:
    """The inside of a page's error summary (the box that names every problem of a form)."""
    found = re.search(r'<div class="error-summary"(.*?)</div>', page, re.S)
    assert found, page
    return found.group(1)


def login(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


def csrf_token_of(page: str) -> str:
    """The CSRF token of the (first) form of a page."""
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def login_with_csrf(client: FlaskClient, user: User) -> None:
    """Sign in on an app that checks CSRF tokens, with the sign-in page's own token."""
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    data = {"email": user.email, "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302


def run_job(app: Flask, name: str, *arguments: Any) -> None:
    """Run a background job now, as the worker would: for data a test made through the
    domain, whose jobs had no app to run in."""
    from factcheck.jobs.registry import TASKS

    with app.app_context():
        TASKS[name](*arguments)


@pytest.fixture
def queued_app(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[Flask]:
    """Loopback may be fetched; jobs wait in the queue until `run_queued_jobs` runs them, as
    they wait for a worker."""
    from factcheck.jobs import queue

    app = build_app(engine, session_factory, FETCH_ALLOW="127.0.0.1/32")
    queue.huey.immediate = False
    try:
        yield app
    finally:
        queue.huey.flush()
        queue.bind(app)


def run_queued_jobs(app: Flask) -> list[str]:
    """Run what waits in the queue, as the worker would (jobs they queue too); return the
    names of the jobs that ran, in order."""
    from factcheck.jobs.queue import huey

    ran = []
    with app.app_context():
        while (task := huey.dequeue()) is not None:
            huey.execute(task)
            ran.append(task.name)
    return ran


def run_with_every_retry(app: Flask) -> list[str]:
    """:func:`run_queued_jobs`, and each retry of a failing job as it falls due, until the
    queue and its schedule are empty; return the names of the jobs that ran."""
    from factcheck.jobs.queue import huey

    ran = []
    with app.app_context():
        while True:
            task = huey.dequeue()
            if task is None:
                scheduled = huey.scheduled()
                if not scheduled:
                    return ran
                huey.storage.flush_schedule()
                task = scheduled[0]
            huey.execute(task, timestamp=task.eta)
            ran.append(task.name)


def a_bug_of_ours(*_: object, **__: object) -> None:
    """A stand-in for a job's work that fails on every try, by an error of ours."""
    raise RuntimeError("a bug of ours")


def token_for(session: Session, user: User) -> dict[str, str]:
    raw, _token = accounts.create_token(session, user)
    session.commit()
    return {"Authorization": f"Bearer {raw}"}


# Tables that tests writing real commits may fill, children before parents.
WRITTEN_TABLES = [
    "claim_suggestions",
    "article_match_states",
    "webhook_attempts",
    "webhook_deliveries",
    "webhook_endpoints",
    "url_imports",
    "related_claims",
    "claim_topics",
    "topics",
    "rating_definitions",
    "match_entries",
    "match_terms",
    "review_votes",
    "notifications",
    "notification_preferences",
    "job_failures",
    "comments",
    "reply_requests",
    "verdict_drafts",
    "corrections",
    "conflicts",
    "evidence",
    "search_index",
    "verdicts",
    "claims",
    "claimant_names",
    "claimants",
    "articles",
    "snapshots",
    "archive_entries",
    "api_tokens",
    "login_attempts",
    "site_pages",
    "users",
]


def wipe(engine: Engine) -> None:
    """Remove what committed tests wrote. The audit trail refuses DELETE (append-only
    triggers), so it is truncated on PostgreSQL, which fires no DELETE trigger, and emptied
    on SQLite with its triggers dropped and made again, as they were."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("TRUNCATE events"))
        else:
            _empty_events_on_sqlite(conn)
        conn.execute(text("UPDATE claims SET published_verdict_id = NULL"))
        # The spelling vocabulary, beside the search index (not a model: one per dialect).
        if engine.dialect.name == "postgresql":
            conn.execute(text("DELETE FROM search_index_words"))
        else:
            conn.execute(text("DELETE FROM search_index_spelling"))
        for table in WRITTEN_TABLES:
            conn.execute(text(f"DELETE FROM {table}"))
        if engine.dialect.name == "sqlite":
            conn.execute(text("DELETE FROM match_fts"))
        conn.execute(text("UPDATE match_totals SET entries = 0, claim_terms = 0, title_terms = 0"))


def _empty_events_on_sqlite(conn: Connection) -> None:
    """DELETE FROM events, with the append-only triggers (revision 0037) out of the way."""
    triggers = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
    ).all()
    for name, _ in triggers:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    conn.execute(text("DELETE FROM events"))
    for _, sql in triggers:
        conn.execute(text(sql))
