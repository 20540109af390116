"""Sessions, login throttling, token scopes, idempotency, health, faults, logs and backups."""

from __future__ import annotations

import json
import logging
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.test import TestResponse

from factcheck import create_app, migrate
from factcheck.domain import accounts
from factcheck.models import ApiToken, Evidence, Role, User
from tests.conftest import PASSWORD, build_app, held_claim, login, make_user, token_for, wipe

# Sessions ---------------------------------------------------------------------------------


def test_sign_in_starts_a_fresh_session(client: FlaskClient, editor: User) -> None:
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, editor)
    with client.session_transaction() as session:
        assert "planted" not in session


def test_a_password_change_ends_other_sessions(app: Flask, editor: User) -> None:
    here, elsewhere = app.test_client(), app.test_client()
    login(here, editor)
    login(elsewhere, editor)
    response = here.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/desk/").status_code == 200, "this browser stays signed in"
    assert elsewhere.get("/desk/").status_code == 302, "the other session has ended"
    assert (
        here.post(
            "/account/password", data={"current": "wrong", "new": "x" * 12, "confirm": "x" * 12}
        ).status_code
        == 400
    )


def test_guessing_the_current_password_on_the_account_page_is_throttled(
    app: Flask, editor: User
) -> None:
    """A signed-in session (a laptop left open, a stolen cookie) could try passwords on the
    account page as fast as they hash, with none of the sign-in's limits, and learn the
    password that outlives the session. Wrong guesses count as failed sign-ins."""
    client = app.test_client()
    login(client, editor)
    new = "a brand new passphrase"

    def change(current: str) -> TestResponse:
        data = {"current": current, "new": new, "confirm": new}
        return client.post("/account/password", data=data)

    assert [change(f"guess {n}").status_code for n in range(5)] == [400] * 5
    refused = change(PASSWORD)  # the right one, after five wrong ones, waits too
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins. Try again in 15 minutes." in refused.get_data(as_text=True)


@pytest.mark.parametrize(("key", "age"), [("seen_at", 3 * 3600), ("login_at", 13 * 3600)])
def test_idle_and_absolute_timeouts(app: Flask, editor: User, key: str, age: int) -> None:
    client = app.test_client()
    login(client, editor)
    assert client.get("/desk/").status_code == 200
    with client.session_transaction() as session:
        session[key] = int(time.time()) - age
    response = client.get("/desk/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "Your session expired" in client.get("/login").get_data(as_text=True)


# Login throttling -------------------------------------------------------------------------


def _fail(client: FlaskClient, email: str, address: str = "203.0.113.9") -> int:
    return client.post(
        "/login",
        data={"email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_five_failures_lock_the_account_for_a_while(client: FlaskClient, editor: User) -> None:
    assert [_fail(client, editor.email) for _ in range(5)] == [200] * 5
    response = client.post(
        "/login",
        data={"email": editor.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins. Try again in 15 minutes." in response.get_data(as_text=True)


def test_an_address_that_tries_many_accounts_is_slowed(client: FlaskClient) -> None:
    codes = [_fail(client, f"someone{i}@example.org") for i in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


def test_every_app_server_sees_the_same_counts(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    one = build_app(engine, session_factory).test_client()
    two = build_app(engine, session_factory).test_client()
    for client in (one, two, one, two, one):
        _fail(client, editor.email)
    assert _fail(two, editor.email) == 429


def _redis_url() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/15"
    except OSError:
        return None


def test_redis_counts_when_configured(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379 to test the Redis counter against")
    import redis

    client_redis = redis.Redis.from_url(url)
    client_redis.flushdb()
    client = build_app(engine, session_factory, REDIS_URL=url).test_client()
    assert [_fail(client, editor.email) for _ in range(6)][-1] == 429
    assert int(client_redis.get(f"factcheck:login:email:{editor.email}")) == 5
    client_redis.flushdb()
    client_redis.close()


def _wrong_passwords_at_once(app: Flask, email: str, attempts: int) -> list[int]:
    """`attempts` sign-ins with a wrong password, sent together from as many threads."""
    start = threading.Barrier(attempts)
    statuses: list[int] = []

    def attempt() -> None:
        client = app.test_client()
        start.wait()
        statuses.append(_fail(client, email))

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.fixture
def committed_app(engine: Engine) -> Iterator[tuple[Flask, User]]:
    """An app whose requests each use their own connection and commit for real. Writes
    begin DEFERRED on SQLite, so that the write lock is not what serialises them."""
    factory = sessionmaker(
        bind=engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
    )
    with factory() as session:
        user = make_user(session, Role.EDITOR, "many-tries")
    yield build_app(engine, factory), user
    wipe(engine)


def test_forty_wrong_passwords_at_once_get_five_tries(
    committed_app: tuple[Flask, User],
) -> None:
    app, user = committed_app
    statuses = _wrong_passwords_at_once(app, user.email, 40)
    assert sorted(statuses) == [200] * 5 + [429] * 35


def test_forty_wrong_passwords_at_once_get_five_tries_with_redis(
    committed_app: tuple[Flask, User],
) -> None:
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis on 127.0.0.1:6379 to test the Redis counter against")
    import redis

    app, user = committed_app
    app.config["REDIS_URL"] = url
    client_redis = redis.Redis.from_url(url)
    name = f"factcheck:login:email:{user.email}"
    client_redis.delete(name)
    try:
        statuses = _wrong_passwords_at_once(app, user.email, 40)
        assert sorted(statuses) == [200] * 5 + [429] * 35
        assert int(client_redis.get(name)) == 5, "refused attempts gave their count back"
    finally:
        client_redis.delete(name, "factcheck:login:ip:203.0.113.9")
        client_redis.close()


# Tokens and idempotency -------------------------------------------------------------------


def test_read_tokens_cannot_write(client: FlaskClient, db_session: Session, checker: User) -> None:
    raw, _ = accounts.create_token(db_session, checker, scope="read")
    db_session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/queue", headers=headers).status_code == 200
    response = client.post("/api/v1/queue/next", headers=headers)
    assert response.status_code == 403 and "may only read" in response.json["error"]["message"]


def test_the_tokens_page_creates_lists_and_revokes(
    app: Flask, db_session: Session, checker: User
) -> None:
    client = app.test_client()
    login(client, checker)
    made = {"name": "scripts", "scope": "read", "password": PASSWORD}
    page = client.post("/account/tokens", data=made)
    assert page.status_code == 201
    raw = page.get_data(as_text=True).split('<code class="token">')[1].split("</code>")[0]
    client.get("/api/v1/queue", headers={"Authorization": f"Bearer {raw}"})
    listing = client.get("/account/").get_data(as_text=True)
    assert "scripts" in listing and "never" not in listing.split("scripts")[1].split("</tr>")[0]
    token = db_session.scalars(select(ApiToken).where(ApiToken.name == "scripts")).one()
    client.post(f"/account/tokens/{token.id}/revoke")
    assert (
        client.get("/api/v1/queue", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (None, "Type your password to create a token."),
        ("", "Type your password to create a token."),
        ("not my password", "The password is wrong. Type the one you sign in with."),
    ],
)
def test_making_a_token_on_the_account_page_asks_for_the_password(
    app: Flask, db_session: Session, checker: User, password: str | None, message: str
) -> None:
    """A token outlives the session that made it: a stolen session cookie, or a laptop left
    signed in, could leave one behind. Making one asks for the password again, as code
    hosts do; what was typed in the other fields is kept."""
    client = app.test_client()
    login(client, checker)
    data = {"name": "nightly scripts", "scope": "write"}
    if password is not None:
        data["password"] = password
    refused = client.post("/account/tokens", data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert message in page and '<code class="token">' not in page
    assert 'value="nightly scripts"' in page
    assert '<option selected value="write">' in page
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0
    made = client.post("/account/tokens", data={**data, "password": PASSWORD})
    assert made.status_code == 201 and '<code class="token">' in made.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalars(select(ApiToken.name)).all() == ["nightly scripts"]


def test_guessing_the_password_by_making_tokens_is_throttled(
    app: Flask, db_session: Session, editor: User
) -> None:
    """Wrong passwords on the token form count as failed sign-ins, with those of the
    password-change form: a session cannot guess the password there either."""
    client = app.test_client()
    login(client, editor)

    def make(password: str) -> TestResponse:
        data = {"name": "scripts", "scope": "read", "password": password}
        return client.post("/account/tokens", data=data)

    new = "a brand new passphrase"
    changes = [{"current": f"guess {n}", "new": new, "confirm": new} for n in range(2)]
    assert [client.post("/account/password", data=c).status_code for c in changes] == [400] * 2
    assert [make(f"guess {n}").status_code for n in range(3)] == [400] * 3
    refused = make(PASSWORD)  # the right one, after five wrong ones, waits too
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins. Try again in 15 minutes." in page
    assert 'value="scripts"' in page
    assert db_session.scalar(select(func.count()).select_from(ApiToken)) == 0


def _evidence_count(db_session: Session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Evidence)) or 0


def test_a_repeated_api_call_with_the_same_key_creates_one_record(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    headers = {**token_for(db_session, checker), "Idempotency-Key": "add-source-1"}
    body = {"url": "https://example.org/once", "stance": "supports"}
    first = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    again = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    assert first.status_code == again.status_code == 201
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _evidence_count(db_session) == 1
    other = client.post(f"/api/v1/claims/{claim_id}/comments", headers=headers, json={"body": "hi"})
    assert other.status_code == 422
    assert other.json["error"]["code"] == "idempotency_key_reused"


def test_a_refused_write_retried_with_its_key_hears_the_same_refusal(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """F9: a refused write used to leave its key pending, so every retry heard 409."""
    claim_id = held_claim(db_session, editor, checker).id
    headers = {**token_for(db_session, checker), "Idempotency-Key": "bad-source-1"}
    body = {"url": "javascript:alert(1)", "stance": "supports"}
    first = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    again = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    assert first.status_code == again.status_code == 422  # not an http(s) URL: the shape
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _evidence_count(db_session) == 0


def test_a_key_reused_with_another_body_is_refused_not_replayed(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """F9: the same key with another body replayed the first answer as if it were this one."""
    claim_id = held_claim(db_session, editor, checker).id
    headers = {**token_for(db_session, checker), "Idempotency-Key": "source-7"}
    url = f"/api/v1/claims/{claim_id}/evidence"
    first = client.post(
        url, headers=headers, json={"url": "https://a.example/1", "stance": "supports"}
    )
    other = client.post(
        url, headers=headers, json={"url": "https://b.example/2", "stance": "refutes"}
    )
    assert first.status_code == 201
    assert other.status_code == 422 and other.json["error"]["code"] == "idempotency_key_reused"
    assert "Idempotent-Replayed" not in other.headers
    assert _evidence_count(db_session) == 1


def test_a_double_submitted_form_creates_one_record(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    client = app.test_client()
    login(client, checker)
    form = {"url": "https://example.org/twice", "stance": "supports", "form_token": "t-123"}
    assert client.post(f"/desk/claims/{claim_id}/evidence", data=form).status_code == 302
    again = client.post(f"/desk/claims/{claim_id}/evidence", data=form)
    assert again.status_code == 302
    assert _evidence_count(db_session) == 1
    assert "already sent" in client.get(again.headers["Location"]).get_data(as_text=True)


# Health, faults, logs, backups ------------------------------------------------------------


def test_health_and_readiness(client: FlaskClient) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ready"}


def test_a_missing_database_gives_a_friendly_503_and_recovery(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet"
    app = create_app({"DATABASE_URL": f"sqlite:///{folder}/db.sqlite3", "TESTING": True})
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The database is not reachable right now" in page and "Traceback" not in page
    assert client.get("/api/v1/published").json["error"]["code"] == "unavailable"
    assert client.get("/readyz").status_code == 503
    assert client.get("/healthz").status_code == 200
    folder.mkdir()
    migrate.upgrade(app.extensions["factcheck.db"].engine)
    assert client.get("/").status_code == 200, "recovers without a restart"
    app.extensions["factcheck.db"].engine.dispose()


def test_request_logs_carry_a_request_id(
    client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="factcheck.request"):
        response = client.get("/healthz", headers={"X-Request-ID": "trace-abc-123"})
        client.get("/healthz", headers={"X-Request-ID": "<script>"})
    assert response.headers["X-Request-ID"] == "trace-abc-123"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factcheck.request"]
    assert lines[0]["request_id"] == "trace-abc-123" and lines[0]["status"] == 200
    assert lines[1]["request_id"] != "<script>" and len(lines[1]["request_id"]) == 32


def test_request_logs_name_the_user_of_an_api_token(
    client: FlaskClient, db_session: Session, checker: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="factcheck.request"):
        client.get("/api/v1/queue", headers=token_for(db_session, checker))
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factcheck.request"]
    assert lines[-1]["path"] == "/api/v1/queue" and lines[-1]["user_id"] == str(checker.id)


def test_backup_and_restore_keeps_every_record(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/live.sqlite3"
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    engine = app.extensions["factcheck.db"].engine
    migrate.upgrade(engine)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    target = tmp_path / "backup.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # never overwrites
    restored = create_engine(f"sqlite:///{target}")
    tables = ["users", "articles", "claims", "evidence", "verdicts", "events", "ratings"]
    with engine.connect() as live, restored.connect() as copy:
        for table in tables:
            count = f"SELECT count(*) FROM {table}"
            assert copy.execute(text(count)).scalar() == live.execute(text(count)).scalar(), table
        assert copy.execute(text("SELECT count(*) FROM claims")).scalar() > 0
    restored.dispose()
    engine.dispose()


def test_an_old_password_hash_is_upgraded_at_sign_in(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    editor.password_hash = weak.hash(PASSWORD)
    db_session.commit()
    login(client, editor)
    db_session.refresh(editor)
    assert editor.password_hash.startswith("$argon2id$")
    assert "m=8," not in editor.password_hash, "rehashed with the current parameters"


def test_a_double_submitted_comment_is_added_once(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    from factcheck.models import Comment

    claim_id = held_claim(db_session, editor, checker).id
    client = app.test_client()
    login(client, checker)
    form = {"body": "Which budget year?", "form_token": "c-456"}
    client.post(f"/desk/claims/{claim_id}/comments", data=form)
    again = client.post(f"/desk/claims/{claim_id}/comments", data=form)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Comment)) == 1
    assert "already sent" in client.get(again.headers["Location"]).get_data(as_text=True)


def test_signed_in_desk_pages_say_503_while_the_database_is_down(tmp_path: Path) -> None:
    """F11: the 503 page itself loaded the signed-in user from the missing database (500)."""
    folder = tmp_path / "data"
    folder.mkdir()
    url = f"sqlite:///{folder}/db.sqlite3"
    app = create_app({"DATABASE_URL": url, "TESTING": True, "WTF_CSRF_ENABLED": False})
    engine = app.extensions["factcheck.db"].engine
    migrate.upgrade(engine)
    with app.extensions["factcheck.db"].factory() as session:
        editor = make_user(session, Role.EDITOR, "down")
    client = app.test_client()
    login(client, editor)
    assert client.get("/desk/").status_code == 200
    engine.dispose()
    folder.rename(tmp_path / "gone")  # the disk went away
    for path in ("/desk/", "/desk/queue", "/account/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "The database is not reachable right now" in response.get_data(as_text=True)
    (tmp_path / "gone").rename(folder)
    assert client.get("/desk/").status_code == 200, "recovers without a restart"


# Host safety and the page cache ------------------------------------------------------------

POISON = "poison-host.test"


def _public_paths(article_id: int, claim_id: int) -> list[str]:
    return [
        "/",
        f"/factchecks/{article_id}",
        f"/claims/{claim_id}",
        "/feeds/factchecks.atom",
        "/feeds/corrections.atom",
    ]


def test_a_forged_host_header_never_reaches_other_readers(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    from tests.publishing_helpers import publish_one

    article, claim = publish_one(db_session, editor, editor2, checker)
    # No FACTCHECK_SITE_URL: absolute URLs follow each request's own host.
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300, SERVER_NAME=None)
    attacker, reader = app.test_client(), app.test_client()
    for path in _public_paths(article.id, claim.id):
        attacker.get(path, headers={"Host": POISON})
        page = reader.get(path, base_url="https://factcheck.example").get_data(as_text=True)
        assert POISON not in page, path
        assert "https://factcheck.example/" in page, path


def test_with_a_site_url_absolute_links_ignore_the_host_header(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    from tests.publishing_helpers import publish_one

    article, claim = publish_one(db_session, editor, editor2, checker)
    app = build_app(
        engine,
        session_factory,
        PUBLIC_CACHE_SECONDS=300,
        SERVER_NAME=None,
        SITE_URL="https://factcheck.example",
    )
    attacker = app.test_client()
    for path in [*_public_paths(article.id, claim.id), "/api/v1/openapi.json"]:
        page = attacker.get(path, headers={"Host": POISON}).get_data(as_text=True)
        assert POISON not in page, path
        assert "https://factcheck.example/" in page, path


def test_trusted_hosts_refuse_any_other_host(
    engine: Engine, session_factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.config import settings_from_env

    monkeypatch.setenv("FACTCHECK_TRUSTED_HOSTS", "factcheck.example, .factcheck.example")
    trusted = settings_from_env(Path("instance")).as_flask_config()["TRUSTED_HOSTS"]
    assert trusted == ["factcheck.example", ".factcheck.example"]
    app = build_app(engine, session_factory, SERVER_NAME=None, TRUSTED_HOSTS=trusted)
    client = app.test_client()
    assert client.get("/", headers={"Host": "www.factcheck.example"}).status_code == 200
    refused = client.get("/", headers={"Host": POISON})
    assert refused.status_code == 400 and POISON not in refused.get_data(as_text=True)


def test_a_flash_message_is_never_served_to_the_next_visitor(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)
    leaving = app.test_client()
    login(leaving, editor)
    response = leaving.post("/logout", follow_redirects=True)
    assert "Signed out." in response.get_data(as_text=True)
    assert "Signed out." not in app.test_client().get("/").get_data(as_text=True)


def test_a_request_with_a_session_is_neither_served_nor_stored_by_the_page_cache(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    from tests.publishing_helpers import publish_one

    article, _claim = publish_one(db_session, editor, editor2, checker)
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)
    path = f"/factchecks/{article.id}"
    visitor = app.test_client()
    with visitor.session_transaction() as session:
        session["anything"] = "of theirs"
    assert visitor.get(path).headers["Cache-Control"] == "private, no-cache"
    article.summary = "Changed after the visit."
    db_session.commit()
    assert "Changed after the visit." in app.test_client().get(path).get_data(as_text=True)
    article.summary = "Changed again."
    db_session.commit()
    assert "Changed again." in visitor.get(path).get_data(as_text=True), "never from the cache"


def test_serving_needs_a_site_url_or_trusted_hosts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/serve.sqlite3"
    monkeypatch.delenv("FACTCHECK_SITE_URL", raising=False)
    monkeypatch.delenv("FACTCHECK_TRUSTED_HOSTS", raising=False)
    with pytest.raises(RuntimeError, match="FACTCHECK_SITE_URL"):
        create_app({"DATABASE_URL": url})
    for settings in ({"SITE_URL": "https://factcheck.example"}, {"TRUSTED_HOSTS": ["a.example"]}):
        create_app({"DATABASE_URL": url, **settings}).extensions["factcheck.db"].engine.dispose()
    # Development and the command line need neither: `flask run`, `flask init-db`.
    for settings in ({"TESTING": True}, {"DEBUG": True}):
        create_app({"DATABASE_URL": url, **settings}).extensions["factcheck.db"].engine.dispose()
    monkeypatch.setenv("FACTCHECK_SITE_URL", "https://factcheck.example")
    create_app({"DATABASE_URL": url}).extensions["factcheck.db"].engine.dispose()


# Readiness details, backups, tokens after a password change --------------------------------

OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def test_readiness_details_are_for_this_machine_and_admins_only(tmp_path: Path) -> None:
    missing = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/gone/db.sqlite3", "TESTING": True})
    client = missing.test_client()
    assert client.get("/readyz", environ_base=OUTSIDE).json == {"status": "unavailable"}
    assert "unable to open" in client.get("/readyz").json["database"]  # from this machine
    forwarded = client.get("/readyz", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.json == {"status": "unavailable"}, "a local proxy's visitors are not local"
    missing.extensions["factcheck.db"].engine.dispose()

    behind = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/old.sqlite3", "TESTING": True})
    database = behind.extensions["factcheck.db"]
    migrate.upgrade(database.engine)
    with database.factory() as session:
        admin = token_for(session, make_user(session, Role.ADMIN, "ready-admin"))
        editor = token_for(session, make_user(session, Role.EDITOR, "ready-editor"))
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    client = behind.test_client()
    assert client.get("/readyz", environ_base=OUTSIDE).json == {"status": "unavailable"}
    assert client.get("/readyz", environ_base=OUTSIDE, headers=editor).json == {
        "status": "unavailable"
    }
    answer = client.get("/readyz", environ_base=OUTSIDE, headers=admin)
    assert answer.status_code == 503 and "run init-db" in answer.json["database"]
    database.engine.dispose()


def test_a_backup_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/live.sqlite3"
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    migrate.upgrade(app.extensions["factcheck.db"].engine)
    target = tmp_path / "backup.sqlite3"
    previous = os.umask(0o022)  # the usual umask, which leaves new files world-readable
    try:
        result = app.test_cli_runner().invoke(args=["backup", str(target)])
    finally:
        os.umask(previous)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    app.extensions["factcheck.db"].engine.dispose()


def test_a_password_change_revokes_the_api_tokens_and_says_so(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    headers = token_for(db_session, editor)
    token_for(db_session, editor)
    assert client.get("/api/v1/queue", headers=headers).status_code == 200
    login(client, editor)
    new = "a brand new passphrase"
    response = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": new, "confirm": new},
        follow_redirects=True,
    )
    assert (
        "Password changed. Your other sessions have been signed out and your 2 API tokens "
        "revoked." in response.get_data(as_text=True)
    )
    refused = client.get("/api/v1/queue", headers=headers)
    assert refused.status_code == 401
    assert refused.json["error"]["message"] == "The API token has been revoked."
