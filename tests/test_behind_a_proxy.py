"""Behind nginx: the client's address comes from X-Forwarded-For, and sign-in throttling
never lets a flood of failures lock a real account out (docs/deploy.md, docs/security.md)."""

from __future__ import annotations

import json
import logging

import pytest
from flask import Flask, request
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User
from tests.conftest import PASSWORD, build_app

PROXY = "192.0.2.1"  # nginx, as the app sees it
ATTACKER = "198.51.100.66"
NEWSROOM = "203.0.113.20"


@pytest.fixture
def proxied_app(engine: Engine, session_factory: sessionmaker[Session]) -> Flask:
    return build_app(engine, session_factory, PROXY_HOPS=1)


def _sign_in(client: FlaskClient, email: str, password: str, client_address: str) -> int:
    """POST /login through the proxy for a client at `client_address`; the status code."""
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": PROXY},
        headers={"X-Forwarded-For": client_address},
    ).status_code


def _flood(client: FlaskClient, client_address: str, count: int = 50) -> list[int]:
    return [
        _sign_in(client, f"made-up-{n}@example.org", "wrong password", client_address)
        for n in range(count)
    ]


def test_a_flood_through_the_proxy_leaves_an_editor_elsewhere_signing_in(
    proxied_app: Flask, editor: User
) -> None:
    codes = _flood(proxied_app.test_client(), ATTACKER)
    assert codes[:20] == [200] * 20 and set(codes[20:]) == {429}, "the flooder is slowed"
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302


def test_a_flood_from_the_editors_own_address_leaves_them_signing_in(
    proxied_app: Flask, editor: User
) -> None:
    # The editor has signed in from the newsroom before; someone on its network floods.
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302
    assert 429 in _flood(proxied_app.test_client(), NEWSROOM)
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302


def test_failures_for_an_account_elsewhere_do_not_lock_its_owner_out(
    proxied_app: Flask, editor: User
) -> None:
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302
    attacker = proxied_app.test_client()
    codes = [_sign_in(attacker, editor.email, "guess", ATTACKER) for _ in range(8)]
    assert codes[:5] == [200] * 5 and set(codes[5:]) == {429}, "guessing is still limited"
    assert _sign_in(attacker, editor.email, PASSWORD, ATTACKER) == 429, "even the right one"
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302


def test_a_known_address_still_limits_guessing_there(proxied_app: Flask, editor: User) -> None:
    assert _sign_in(proxied_app.test_client(), editor.email, PASSWORD, NEWSROOM) == 302
    client = proxied_app.test_client()
    codes = [_sign_in(client, editor.email, "guess", NEWSROOM) for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_flooding_address_is_refused_for_accounts_never_signed_in_from_it(
    proxied_app: Flask, editor: User
) -> None:
    """Password spraying from one address stops at the address limit, right guess or not."""
    _flood(proxied_app.test_client(), ATTACKER, count=20)
    response = proxied_app.test_client().post(
        "/login",
        data={"email": editor.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": PROXY},
        headers={"X-Forwarded-For": ATTACKER},
    )
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_without_proxy_hops_a_forged_forwarded_for_changes_nothing(
    client: FlaskClient, editor: User
) -> None:
    codes = [
        client.post(
            "/login",
            data={"email": f"made-up-{n}@example.org", "password": "wrong"},
            environ_base={"REMOTE_ADDR": ATTACKER},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        ).status_code
        for n in range(21)
    ]
    assert codes[20] == 429, "one address, whatever X-Forwarded-For says"


def test_the_request_log_names_the_client_behind_the_proxy(
    proxied_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="factcheck.request"):
        proxied_app.test_client().get(
            "/healthz",
            environ_base={"REMOTE_ADDR": PROXY},
            headers={"X-Forwarded-For": f"{ATTACKER}, {NEWSROOM}"},
        )
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "factcheck.request"]
    # One hop: the address nginx appended, not the one the client wrote itself.
    assert lines[-1]["remote_addr"] == NEWSROOM


def test_one_hop_takes_the_scheme_and_host_the_proxy_saw(proxied_app: Flask) -> None:
    proxied_app.add_url_rule("/_seen", "seen", lambda: request.url)
    seen = proxied_app.test_client().get(
        "/_seen",
        environ_base={"REMOTE_ADDR": PROXY},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "factcheck.example.org"},
    )
    assert seen.get_data(as_text=True) == "https://factcheck.example.org/_seen"
