"""Sessions, login throttling, token scopes, idempotency, health, faults, logs and backups."""

from __future__ import annotations

import json
import logging
import socket
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from factcheck import create_app, migrate
from factcheck.domain import accounts, articles, queue
from factcheck.models import ApiToken, Evidence, Role, User
from tests.conftest import PASSWORD, build_app, login, make_user, token_for
from tests.fixtures import ARTICLE, FACTUAL

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
    page = client.post("/account/tokens", data={"name": "scripts", "scope": "read"})
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


def _held_claim(db_session: Session, editor: User, checker: User) -> int:
    article = articles.create_article(
        db_session, creator=editor, title="I", body=ARTICLE, max_chars=100_000
    )
    claim = next(c for c in article.claims if c.text == FACTUAL)
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    queue.assign(db_session, claim, checker, editor)
    db_session.commit()
    return claim.id


def _evidence_count(db_session: Session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Evidence)) or 0


def test_a_repeated_api_call_with_the_same_key_creates_one_record(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(db_session, editor, checker)
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
    claim_id = _held_claim(db_session, editor, checker)
    headers = {**token_for(db_session, checker), "Idempotency-Key": "bad-source-1"}
    body = {"url": "javascript:alert(1)", "stance": "supports"}
    first = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    again = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=body)
    assert first.status_code == again.status_code == 400
    assert again.json == first.json and again.headers["Idempotent-Replayed"] == "true"
    assert _evidence_count(db_session) == 0


def test_a_key_reused_with_another_body_is_refused_not_replayed(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """F9: the same key with another body replayed the first answer as if it were this one."""
    claim_id = _held_claim(db_session, editor, checker)
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
    claim_id = _held_claim(db_session, editor, checker)
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

    claim_id = _held_claim(db_session, editor, checker)
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
