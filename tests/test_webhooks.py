"""Webhooks (docs/webhooks.md) against a real HTTP receiver on loopback: signed deliveries
verify, a receiver that fails twice gets the third try, an admin's redelivery arrives, and
a private address is refused unless FACTCHECK_FETCH_ALLOW allows it."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import workflow
from factcheck.domain.workflow import Action
from factcheck.jobs import queue, tasks
from factcheck.jobs.queue import huey
from factcheck.models import Claim, Event, User, WebhookDelivery, WebhookEndpoint
from tests.conftest import build_app, login
from tests.factories import ArticleFactory, ClaimFactory, bind

DOCS = Path(__file__).resolve().parents[1] / "docs" / "webhooks.md"


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    path: str = ""


@dataclass
class Receiver:
    """What the endpoint got, and the statuses it answers with, in order (then 200)."""

    url: str = ""
    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    delay: float = 0.0  # seconds before each answer


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(Received(dict(self.headers.items()), body, self.path))
            time.sleep(state.delay)
            status = state.answers.pop(0) if state.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/factcheck"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _allowing(engine: Engine, factory: sessionmaker[Session], allow: str | None) -> Flask:
    return build_app(engine, factory, FETCH_ALLOW=allow)


@pytest.fixture
def hook_app(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[Flask]:
    """An app whose fetch guard lets loopback through, with jobs waiting in a queue in
    memory (run by `_drain`, as a worker would) instead of at once."""
    app = _allowing(engine, session_factory, "127.0.0.1")
    huey.immediate = False
    try:
        yield app
    finally:
        huey.flush()
        queue.bind(app)


def _drain(app: Flask) -> list[float]:
    """Run every queued and scheduled job as a worker would, each when it is due; return
    the delays the scheduled ones (retries) waited."""
    delays = []
    with app.app_context():
        for _ in range(50):
            task = huey.dequeue()
            due = None
            if task is None:
                scheduled = huey.scheduled()
                if not scheduled:
                    return delays
                huey.storage.flush_schedule()
                for later in scheduled[1:]:
                    huey.storage.add_to_schedule(huey.serialize_task(later), later.eta, False)
                task, due = scheduled[0], scheduled[0].eta
                # A test that ran the first try itself has no try of this drain before it:
                # the delay counts from now then (the first test of a process had none at all).
                now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                last = _failed_at[-1] if _failed_at else now
                delays.append(round((due - last).total_seconds()))
            _failed_at.append(dt.datetime.now(dt.UTC).replace(tzinfo=None))
            huey.execute(task, timestamp=due)
    raise AssertionError("the queue never emptied")


_failed_at: list[dt.datetime] = []


def _verify() -> Callable[[str, str, bytes], bool]:
    """The receiver's check, exactly as docs/webhooks.md gives it."""
    snippet = re.search(r"```python\n(.*?)```", DOCS.read_text(), re.S)
    assert snippet is not None
    namespace: dict[str, Any] = {}
    exec(snippet.group(1), namespace)
    return namespace["verify_signature"]  # type: ignore[no-any-return]


def _add_endpoint(
    client: FlaskClient, admin: User, url: str, *, events: tuple[str, ...], style: str = "json"
) -> WebhookEndpoint:
    login(client, admin)
    response = client.post(
        "/desk/admin/webhooks",
        data={"url": url, "events": list(events), "payload_format": style},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.headers["Location"])
    assert b"whsec_" in page.data  # the secret, for the receiver
    secret = re.search(rb"whsec_[0-9a-f]+", page.data)
    assert secret is not None
    return WebhookEndpoint(url=url, secret=secret.group().decode())


def _accept_a_claim(app: Flask, session: Session, editor: User) -> Claim:
    bind(session)
    claim = ClaimFactory(article=ArticleFactory(created_by_id=editor.id))
    session.commit()
    with app.app_context():
        workflow.transition(session, claim, Action.ACCEPT, editor)
        session.commit()
    return claim


def test_signed_deliveries_verify(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    endpoint = _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    claim = _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)

    assert len(receiver.received) == 1
    got = receiver.received[0]
    verify = _verify()
    assert verify(endpoint.secret, got.headers["Factcheck-Signature"], got.body)
    assert not verify(endpoint.secret, got.headers["Factcheck-Signature"], got.body + b" ")
    assert not verify("whsec_other", got.headers["Factcheck-Signature"], got.body)
    payload = json.loads(got.body)
    assert payload["type"] == "claim_state" and got.headers["Factcheck-Event"] == "claim_state"
    assert (payload["from_status"], payload["to_status"]) == ("candidate", "queued")
    assert payload["claim"]["id"] == claim.id
    assert payload["claim"]["url"].endswith(f"/desk/claims/{claim.id}")
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    assert delivery.status.value == "delivered" and delivery.attempts == 1


def test_slack_format_and_only_the_events_asked_for(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",), style="slack")
    _add_endpoint(client, admin, receiver.url + "/publications", events=("publication",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    assert len(receiver.received) == 1, "the publication endpoint heard nothing"
    payload = json.loads(receiver.received[0].body)
    assert list(payload) == ["text"]
    assert "candidate → queued" in payload["text"] and "Claim #" in payload["text"]


def test_slack_messages_carry_the_desk_s_text_as_text(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    """Claim text comes from articles, which outsiders write: in Slack's markup `<!channel>`
    pinged the whole channel and `<https://…|label>` showed a link under words of the
    article's choosing. Slack reads `&lt;` and `&gt;` as the characters, nothing more."""
    client = hook_app.test_client()
    _add_endpoint(client, admin, receiver.url, events=("claim_state",), style="slack")
    bind(db_session)
    hostile = "<!channel> Sign in again: <https://phish.example/login|factcheck desk> & more"
    claim = ClaimFactory(article=ArticleFactory(created_by_id=editor.id), text=hostile)
    db_session.commit()
    with hook_app.app_context():
        workflow.transition(db_session, claim, Action.ACCEPT, editor)
        db_session.commit()
    _drain(hook_app)
    text = json.loads(receiver.received[0].body)["text"]
    assert (
        "&lt;!channel&gt; Sign in again: &lt;https://phish.example/login|factcheck desk&gt;"
        " &amp; more" in text
    )
    assert text.endswith(f"/desk/claims/{claim.id}|open>")  # our own link stays a link


def test_a_receiver_that_fails_twice_gets_the_delivery_on_the_third_try(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    endpoint = _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    receiver.answers = [500, 503]
    _accept_a_claim(hook_app, db_session, editor)
    delays = _drain(hook_app)

    assert len(receiver.received) == 3
    assert delays == [30, 60], "each retry waits twice as long as the one before"
    bodies = {item.body for item in receiver.received}
    assert len(bodies) == 1, "every try sends the same body"
    verify = _verify()
    assert all(
        verify(endpoint.secret, item.headers["Factcheck-Signature"], item.body)
        for item in receiver.received
    )
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    assert [attempt.status_code for attempt in delivery.tries] == [500, 503, 200]
    assert delivery.status.value == "delivered"
    page = client.get(f"/desk/admin/webhooks/{delivery.endpoint_id}").get_data(as_text=True)
    assert "delivered" in page and ": 500" in page and ": 503" in page and ": 200" in page


def test_a_redelivery_from_the_admin_page_arrives(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    client = hook_app.test_client()
    endpoint = _add_endpoint(client, admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    _drain(hook_app)
    delivery = db_session.scalars(select(WebhookDelivery)).one()

    response = client.post(f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver")
    assert response.status_code == 302
    _drain(hook_app)

    assert len(receiver.received) == 2
    first, again = receiver.received
    assert again.body == first.body
    assert again.headers["Factcheck-Delivery"] == str(delivery.id)
    assert _verify()(endpoint.secret, again.headers["Factcheck-Signature"], again.body)
    db_session.expire_all()
    assert [attempt.redelivery for attempt in delivery.tries] == [False, True]
    actions = db_session.scalars(select(Event.action).where(Event.entity_type == "webhook"))
    assert list(actions) == ["webhook_create", "webhook_redeliver"]


def test_a_private_address_endpoint_is_refused_unless_fetch_allow_allows_it(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    admin: User,
    editor: User,
    receiver: Receiver,
) -> None:
    # Added while the allow list named it (adding is refused otherwise:
    # tests/test_webhook_addresses.py), then the allow list changed.
    _add_endpoint(
        _allowing(engine, session_factory, "127.0.0.1").test_client(),
        admin,
        receiver.url,
        events=("claim_state",),
    )
    guarded = _allowing(engine, session_factory, None)
    huey.immediate = False
    try:
        client = guarded.test_client()
        login(client, admin)
        _accept_a_claim(guarded, db_session, editor)
        assert _drain(guarded) == [], "a refusal is not retried"
        assert receiver.received == []
        delivery = db_session.scalars(select(WebhookDelivery)).one()
        assert delivery.status.value == "failed" and delivery.last_status_code is None
        assert "loopback" in (delivery.last_error or "")
        page = client.get(f"/desk/admin/webhooks/{delivery.endpoint_id}").get_data(as_text=True)
        assert "loopback" in page and "Use a public address for the endpoint" in page
        assert "ask an administrator" not in page

        allowed = _allowing(engine, session_factory, "127.0.0.1/32")
        allowed.test_client()
        login(client := allowed.test_client(), admin)
        client.post(f"/desk/admin/webhook-deliveries/{delivery.id}/redeliver")
        _drain(allowed)
        assert len(receiver.received) == 1
    finally:
        huey.flush()
        queue.bind(guarded)


def test_endpoint_form_says_what_is_wrong(client: FlaskClient, admin: User) -> None:
    login(client, admin)
    response = client.post(
        "/desk/admin/webhooks", data={"url": "javascript:alert(1)", "payload_format": "json"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose at least one event to send." in page
    response = client.post(
        "/desk/admin/webhooks",
        data={"url": "javascript:alert(1)", "events": ["claim_state"], "payload_format": "json"},
    )
    assert response.status_code == 400
    assert "must be a full http:// or https:// address" in response.get_data(as_text=True)


def test_checkers_and_editors_cannot_see_webhooks(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    assert client.get("/desk/admin/webhooks").status_code == 403


def test_a_receiver_too_slow_is_told_in_webhook_terms(
    hook_app: Flask,
    db_session: Session,
    admin: User,
    editor: User,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found in session 19: the delivery log said "factcheck waits 10 seconds for a page ...
    # or upload the article as a file", the article fetcher's words
    monkeypatch.setattr(tasks, "WEBHOOK_TIMEOUT_SECONDS", 0.3)
    receiver.delay = 1.0
    _add_endpoint(hook_app.test_client(), admin, receiver.url, events=("claim_state",))
    _accept_a_claim(hook_app, db_session, editor)
    huey_task = huey.dequeue()
    with hook_app.app_context():
        while huey_task is not None:
            huey.execute(huey_task)
            if huey_task.name == "deliver_webhook":
                break
            huey_task = huey.dequeue()
    delivery = db_session.scalars(select(WebhookDelivery)).one()
    db_session.refresh(delivery)
    assert delivery.last_error == "did not answer within 0.3 seconds"


def test_a_delivery_says_the_status_the_event_left_the_claim_in(
    hook_app: Flask, db_session: Session, admin: User, editor: User, receiver: Receiver
) -> None:
    # Found in session 19: the claim's status when the job ran ("approved" for a "submit")
    _add_endpoint(hook_app.test_client(), admin, receiver.url, events=("claim_state",))
    claim = _accept_a_claim(hook_app, db_session, editor)
    with hook_app.app_context():
        workflow.transition(db_session, claim, Action.TAKE, editor)  # before any job runs
        db_session.commit()
    _drain(hook_app)
    statuses = sorted(
        (json.loads(item.body)["to_status"], json.loads(item.body)["claim"]["status"])
        for item in receiver.received
    )
    assert statuses == [("in_progress", "in_progress"), ("queued", "queued")]
