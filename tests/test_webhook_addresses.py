"""Webhook endpoints go through the fetch guard when they are added and resumed, not only
when a delivery is sent: an endpoint on a private address is refused at once, naming the
URL field, and a delivery refused for its address tells the admin what to change."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User, WebhookEndpoint
from tests.conftest import build_app, login


def _client(
    engine: Engine, factory: sessionmaker[Session], admin: User, allow: str | None = None
) -> FlaskClient:
    client = build_app(engine, factory, FETCH_ALLOW=allow).test_client()
    login(client, admin)
    return client


def _add(client: FlaskClient, url: str) -> tuple[int, str]:
    response = client.post(
        "/desk/admin/webhooks",
        data={"url": url, "events": ["claim_state"], "payload_format": "json"},
    )
    return response.status_code, response.get_data(as_text=True)


def test_an_endpoint_on_a_private_address_is_refused_when_added(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, admin: User
) -> None:
    client = _client(engine, session_factory, admin)
    status, page = _add(client, "http://192.168.1.5/hook")
    assert status == 400
    assert "URL: factcheck does not send to addresses on private networks (192.168.1.5)" in page
    assert "Use a public address" in page
    assert "ask an administrator" not in page
    assert db_session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 0
    for url in ("http://127.0.0.1:8080/hook", "http://169.254.169.254/latest", "http://[::1]/"):
        assert _add(client, url)[0] == 400, url


def test_fetch_allow_lets_a_private_endpoint_be_added(
    engine: Engine, session_factory: sessionmaker[Session], admin: User
) -> None:
    client = _client(engine, session_factory, admin, "127.0.0.1/32")
    assert _add(client, "http://127.0.0.1:8080/hook")[0] == 302


def test_a_paused_endpoint_no_longer_allowed_is_not_resumed(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    admin: User,
) -> None:
    client = _client(engine, session_factory, admin, "127.0.0.1/32")
    assert _add(client, "http://127.0.0.1:8080/hook")[0] == 302
    endpoint = db_session.scalars(select(WebhookEndpoint)).one()
    client.post(f"/desk/admin/webhooks/{endpoint.id}/active")  # pause, while allowed
    guarded = _client(engine, session_factory, admin)
    page = guarded.post(f"/desk/admin/webhooks/{endpoint.id}/active", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "loopback" in text and "Use a public address" in text
    db_session.refresh(endpoint)
    assert endpoint.active is False
