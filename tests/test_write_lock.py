"""One slow request never stalls the desk (F3), on a real server with a real engine.

These tests run the app under a threaded server with its own engine and connection pool,
as production does: the shared-connection fixture of the other tests would hide a request
waiting on its own lock. While a URL import waits on a slow page, a sign-in and an API
comment must go through at once. Before, the import held SQLite's write lock from the
moment it loaded the user, so both failed with 503 after the 10-second busy timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from sqlalchemy import Engine, select, text
from werkzeug.serving import make_server

from factcheck import create_app, idempotency
from factcheck.domain import accounts, articles, queue, webhook_endpoints
from factcheck.domain.limits import Limits
from factcheck.jobs import tasks
from factcheck.models import (
    Delivery,
    Event,
    Notification,
    NotificationKind,
    Role,
    User,
    WebhookDelivery,
    WebhookEvent,
)
from tests.conftest import PASSWORD, wipe
from tests.fixtures import ARTICLE, FACTUAL

SLOW_PAGE_SECONDS = 4.0
# Far below the 10 s the blocked requests used to wait, far above a loaded machine's jitter.
PROMPT_SECONDS = 3.0
SLOW_ARTICLE = (
    "<html><head><title>Harbour works</title></head><body><article>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.split("\n\n"))
    + "</article></body></html>"
)


class _SlowPage(BaseHTTPRequestHandler):
    started = threading.Event()

    def do_GET(self) -> None:
        _SlowPage.started.set()
        time.sleep(SLOW_PAGE_SECONDS)
        body = SLOW_ARTICLE.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@dataclass
class Desk:
    app: Flask
    port: int
    slow_url: str
    editor_token: str
    checker_token: str
    checker_email: str
    claim_id: int

    def call(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, float]:
        """Status, body and seconds taken of one request on a fresh connection."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.monotonic()
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data, time.monotonic() - started

    def api(
        self, path: str, payload: dict[str, Any], token: str, **headers: str
    ) -> tuple[int, Any, float]:
        status, data, seconds = self.call(
            "POST",
            path,
            json.dumps(payload).encode(),
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json", **headers},
        )
        return status, json.loads(data or b"null"), seconds


def _forget_committed(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM idempotency_keys"))
        conn.execute(text("DELETE FROM login_attempts"))
    wipe(engine)


@pytest.fixture
def desk(engine: Engine) -> Iterator[Desk]:
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(
        {
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "FETCH_ALLOW": "127.0.0.1/32",
            "SITE_URL": "http://factcheck.test",
        }
    )
    with app.extensions["factcheck.db"].factory() as session:
        editor = accounts.create_user(
            session,
            email="slow-editor@example.org",
            password=PASSWORD,
            role=Role.EDITOR,
            display_name="Sal Editor",
        )
        checker = accounts.create_user(
            session,
            email="quick-checker@example.org",
            password=PASSWORD,
            role=Role.CHECKER,
            display_name="Quinn Checker",
        )
        article = articles.create_article(
            session,
            creator=editor,
            title="Held",
            body=ARTICLE,
            limits=Limits(max_chars=100_000),
            force=True,
        )
        claim = next(c for c in article.claims if c.text == FACTUAL)
        articles.triage(session, claim, "accept", editor, expected_version=None)
        queue.assign(session, claim, checker, editor)
        editor_token, _ = accounts.create_token(session, editor)
        checker_token, _ = accounts.create_token(session, checker)
        session.commit()
        claim_id = claim.id
    slow = ThreadingHTTPServer(("127.0.0.1", 0), _SlowPage)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (slow, server)]
    for thread in threads:
        thread.start()
    _SlowPage.started.clear()
    try:
        yield Desk(
            app=app,
            port=server.server_port,
            slow_url=f"http://127.0.0.1:{slow.server_port}/harbour-works",
            editor_token=editor_token,
            checker_token=checker_token,
            checker_email="quick-checker@example.org",
            claim_id=claim_id,
        )
    finally:
        for running in (server, slow):
            running.shutdown()
            running.server_close()
        app.extensions["factcheck.db"].engine.dispose()
        _forget_committed(engine)


def test_a_slow_import_keeps_no_one_waiting(desk: Desk) -> None:
    outcome: dict[str, Any] = {}

    def slow_import() -> None:
        outcome["import"] = desk.api(
            "/api/v1/articles",
            {"url": desk.slow_url, "force": True},
            desk.editor_token,
            # The key is looked up before the view, and saved with its answer: neither may
            # hold a lock while the page is fetched.
            **{"Idempotency-Key": "slow-import-1"},
        )

    importer = threading.Thread(target=slow_import)
    importer.start()
    assert _SlowPage.started.wait(10), "the import never reached the slow page"

    sign_in = urllib.parse.urlencode({"email": desk.checker_email, "password": PASSWORD})
    status, _, sign_in_seconds = desk.call(
        "POST", "/login", sign_in.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 302, "the sign-in was refused while the import ran"
    status, body, comment_seconds = desk.api(
        f"/api/v1/claims/{desk.claim_id}/comments",
        {"body": "Source found, writing it up."},
        desk.checker_token,
    )
    assert status == 201, body
    importer.join(30)
    assert outcome["import"][0] == 201, outcome["import"][1]
    assert outcome["import"][2] >= SLOW_PAGE_SECONDS  # the import really was in flight
    assert sign_in_seconds < PROMPT_SECONDS and comment_seconds < PROMPT_SECONDS


def _comment_while_a_job_waits(
    desk: Desk, run_job: Callable[[], object], waiting: threading.Event
) -> None:
    """Run the job in a thread of its own; once it waits on its slow peer, a checker's
    comment must go through at once."""

    def run() -> None:
        with desk.app.app_context():
            run_job()

    job = threading.Thread(target=run)
    job.start()
    try:
        assert waiting.wait(10), "the job never reached its slow peer"
        status, body, seconds = desk.api(
            f"/api/v1/claims/{desk.claim_id}/comments",
            {"body": "Written while a job waits on its peer."},
            desk.checker_token,
        )
    finally:
        job.join(30)
    assert status == 201, body
    assert seconds < PROMPT_SECONDS


class _SlowReceiver(BaseHTTPRequestHandler):
    started = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _SlowReceiver.started.set()
        time.sleep(SLOW_PAGE_SECONDS)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


def test_a_slow_webhook_receiver_keeps_no_one_waiting(desk: Desk) -> None:
    """Found in session 19: the delivery job posted inside its transaction, which on SQLite
    holds the write lock, so every desk write waited 10 s and failed (503) while a slow
    endpoint answered, again on each retry."""
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _SlowReceiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    _SlowReceiver.started.clear()
    with desk.app.extensions["factcheck.db"].factory() as session:
        admin = accounts.create_user(
            session,
            email="hook-admin@example.org",
            password=PASSWORD,
            role=Role.ADMIN,
            display_name="Hal Admin",
        )
        endpoint = webhook_endpoints.create_endpoint(
            session,
            admin,
            url=f"http://127.0.0.1:{receiver.server_address[1]}/hook",
            events=["claim_state"],
            payload_format="json",
            allow=("127.0.0.1/32",),  # the receiver stands in for the web on loopback
        )
        event = session.scalars(select(Event).where(Event.entity_id == desk.claim_id)).first()
        assert event is not None
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id,
            event=WebhookEvent.CLAIM_STATE,
            source_event_id=event.id,
            payload={"event": "claim_state"},
        )
        session.add(delivery)
        session.commit()
        delivery_id = delivery.id

    try:
        _comment_while_a_job_waits(
            desk, lambda: tasks.deliver_webhook.func(delivery_id), _SlowReceiver.started
        )
    finally:
        receiver.shutdown()
        receiver.server_close()
    with desk.app.extensions["factcheck.db"].factory() as session:
        assert session.get(WebhookDelivery, delivery_id).status.value == "delivered"


class _SlowMailServer:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        _SlowMailServer.started.set()
        await asyncio.sleep(SLOW_PAGE_SECONDS)
        return "250 OK"

    started = threading.Event()


def test_a_slow_mail_server_keeps_no_one_waiting(desk: Desk) -> None:
    """Found in session 19 by reading the webhook's fault: an e-mail was sent inside the
    job's transaction too, holding SQLite's write lock while the mail server answered."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_SlowMailServer(), hostname="127.0.0.1", port=port)
    controller.start()
    _SlowMailServer.started.clear()
    desk.app.config["SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    with desk.app.extensions["factcheck.db"].factory() as session:
        checker = session.scalars(select(User).where(User.email == desk.checker_email)).one()
        notification = Notification(
            user_id=checker.id,
            kind=NotificationKind.ASSIGNED,
            claim_id=desk.claim_id,
            message="A claim was assigned to you.",
            dedupe_key="slow-mail-1",
            shown_in_app=True,
            email=Delivery.IMMEDIATELY,
        )
        session.add(notification)
        session.commit()
        notification_id = notification.id

    try:
        _comment_while_a_job_waits(
            desk, lambda: tasks.email_notification.func(notification_id), _SlowMailServer.started
        )
    finally:
        controller.stop()
    with desk.app.extensions["factcheck.db"].factory() as session:
        sent = session.get(Notification, notification_id)
        assert sent is not None and sent.emailed_at is not None


def test_idempotent_writes_on_a_real_server(desk: Desk, engine: Engine) -> None:
    """The key is kept in the request's own session: the first write, its replay, a
    reused key and a replayed refusal all answer at once (the key's second connection
    used to wait on the request's own write lock: 503 after 10 s)."""
    path = f"/api/v1/claims/{desk.claim_id}/comments"
    token = desk.checker_token
    desk.api(path, {"body": "Warm up: the token's last use is now recorded."}, token)
    first = desk.api(path, {"body": "Once only."}, token, **{"Idempotency-Key": "c-1"})
    again = desk.api(path, {"body": "Once only."}, token, **{"Idempotency-Key": "c-1"})
    reused = desk.api(path, {"body": "Another."}, token, **{"Idempotency-Key": "c-1"})
    refused = desk.api(path, {"body": ""}, token, **{"Idempotency-Key": "c-2"})
    refused_again = desk.api(path, {"body": ""}, token, **{"Idempotency-Key": "c-2"})
    assert first[0] == again[0] == 201 and again[1] == first[1]
    assert reused[0] == 422 and reused[1]["error"]["code"] == "idempotency_key_reused"
    assert refused[0] == refused_again[0] == 422 and refused_again[1] == refused[1]
    assert max(answer[2] for answer in (first, again, reused, refused)) < PROMPT_SECONDS
    with engine.connect() as conn:
        bodies = list(
            conn.scalars(
                text("SELECT body FROM comments WHERE claim_id = :id"), {"id": desk.claim_id}
            )
        )
    assert bodies.count("Once only.") == 1 and "Another." not in bodies


def test_one_key_sent_twice_at_once_writes_once(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both requests look the key up before either has saved it. The key is saved with the
    write, in the request's one commit, so the unique key lets one of them through; the
    other rolls back what it did and answers with the first one's answer. (On SQLite the
    second waits for the first's write lock before it can look, and replays the answer.)"""
    both_looked = threading.Barrier(2, timeout=3)
    begin = idempotency.begin

    def begin_together(user: Any) -> Any:
        attempt = begin(user)
        # One request may wait on the other's lock (SQLite): then there is no race to stage.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return attempt

    monkeypatch.setattr(idempotency, "begin", begin_together)
    path = f"/api/v1/claims/{desk.claim_id}/comments"
    answers: list[tuple[int, Any, float]] = []

    def send() -> None:
        answers.append(
            desk.api(
                path, {"body": "Twice at once."}, desk.checker_token, **{"Idempotency-Key": "t-2"}
            )
        )

    senders = [threading.Thread(target=send) for _ in range(2)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join(30)
    assert [answer[0] for answer in answers] == [201, 201], answers
    assert answers[0][1] == answers[1][1]
    with engine.connect() as conn:
        count = conn.scalar(
            text("SELECT count(*) FROM comments WHERE body = :body"), {"body": "Twice at once."}
        )
    assert count == 1


def test_a_read_whose_token_use_cannot_join_its_transaction_still_answers(
    desk: Desk, engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A read with a token not used for a minute writes the token's last use. Written in
    the read's own transaction, it failed at once on SQLite whenever another connection had
    written meanwhile; and the log line, reading the caller from the closed session, turned
    the 503 into a 500. Another connection writes here while the read is under way."""
    from factcheck.api import reads

    list_claims = reads.listing.list_claims

    def read_while_another_writes(*args: Any, **kwargs: Any) -> Any:
        page = list_claims(*args, **kwargs)  # the read has begun
        with engine.begin() as conn:
            conn.execute(text("UPDATE api_tokens SET name = 'elsewhere' WHERE name IS NULL"))
        return page

    monkeypatch.setattr(reads.listing, "list_claims", read_while_another_writes)
    caplog.set_level(logging.INFO, logger="factcheck")  # the request log line is written
    status, body, _ = desk.call(
        "GET", "/api/v1/queue?limit=1", headers={"Authorization": f"Bearer {desk.editor_token}"}
    )
    assert status == 200, body
    assert "items" in json.loads(body)
