"""Stopping a real worker process (docs/jobs.md, "Running a worker"): SIGTERM, what systemd
and docker send, lets the running job finish; a job that a stop cuts short anyway is queued
again and, for a webhook, sent again with the same delivery id. And what the worker logs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from huey.storage import MemoryStorage
from sqlalchemy import Engine, text

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.jobs import queue, registry
from factcheck.jobs.queue import huey
from factcheck.models import (
    Role,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)
from factcheck.web.database import Database

REPO = Path(__file__).resolve().parents[1]
SECRET = "whsec_" + "5e" * 16
EMAIL = "stop-admin@example.org"


@dataclass
class HoldingReceiver:
    """A webhook endpoint that answers 200 only once `release` is set (or after 20 s)."""

    url: str = ""
    delivery_ids: list[str] = field(default_factory=list)
    got_one: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    status: int = 200  # what it answers once released


@pytest.fixture
def receiver() -> Iterator[HoldingReceiver]:
    state = HoldingReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            state.delivery_ids.append(self.headers["Factcheck-Delivery"])
            state.got_one.set()
            state.release.wait(20)
            try:
                self.send_response(state.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")
            except OSError:
                pass  # the worker that asked is gone

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/stop?token=receiver-token"
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class World:
    engine: Engine
    env: dict[str, str]
    delivery_id: int

    def status(self) -> str:
        with self.engine.connect() as conn:
            query = text("SELECT status FROM webhook_deliveries WHERE id = :id")
            return str(conn.scalar(query, {"id": self.delivery_id}))

    def start_worker(self, *options: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "1", *options],
            cwd=REPO,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )


@pytest.fixture
def world(tmp_path: Path, receiver: HoldingReceiver) -> Iterator[World]:
    """A database and a queue file of their own, and one webhook delivery queued."""
    url = f"sqlite:///{tmp_path}/stop.sqlite3"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Database(engine).factory() as session:
        admin = accounts.create_user(session, email=EMAIL, password="x" * 12, role=Role.ADMIN)
        endpoint = WebhookEndpoint(
            url=receiver.url,
            secret=SECRET,
            events=[WebhookEvent.CLAIM_STATE.value],
            payload_format=WebhookFormat.JSON,
            created_by_id=admin.id,
        )
        delivery = WebhookDelivery(
            endpoint=endpoint, event=WebhookEvent.CLAIM_STATE, payload={"id": "evt_1"}
        )
        session.add_all([endpoint, delivery])
        session.commit()
        delivery_id = delivery.id
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": url,
        "FACTCHECK_SECRET_KEY": "w",
        "FACTCHECK_FETCH_ALLOW": "127.0.0.1",
    }
    env.pop("FACTCHECK_REDIS_URL", None)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "JOBS_RUN_NOW": False})
    huey.flush()
    try:
        registry.enqueue("deliver_webhook", delivery_id)
        yield World(engine, env, delivery_id)
    finally:
        huey.flush()
        engine.dispose()
        queue.replace_storage(MemoryStorage(queue.QUEUE_NAME))  # closes this test's connections
        app.extensions["factcheck.db"].engine.dispose()


def _wait(condition: Callable[[], bool], worker: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert worker.poll() is None, worker.stderr.read().decode()  # type: ignore[union-attr]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def _waiting_deliveries() -> int:
    """Delivery jobs in the queue (the periodic ones come and go with the clock)."""
    return [task.name for task in huey.pending()].count("deliver_webhook")


def _stop(worker: subprocess.Popen[bytes]) -> str:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    _, stderr = worker.communicate(timeout=60)
    return stderr.decode()


def test_sigterm_lets_the_running_job_finish(world: World, receiver: HoldingReceiver) -> None:
    worker = world.start_worker()
    try:
        _wait(receiver.got_one.is_set, worker, "the delivery to reach the receiver")
        worker.send_signal(signal.SIGTERM)
        time.sleep(1)
        assert worker.poll() is None, "the worker waits for its running job"
        receiver.release.set()
        worker.wait(timeout=30)
    finally:
        log = _stop(worker)
    assert worker.returncode == 0, log
    assert world.status() == "delivered", log
    assert receiver.delivery_ids == [str(world.delivery_id)], "sent once"
    assert _waiting_deliveries() == 0


@pytest.mark.parametrize(
    "how",
    ["a second SIGTERM", "SIGTERM after --shutdown-timeout", "SIGINT (Ctrl-C) stops at once"],
)
def test_a_job_cut_short_is_queued_again_and_resent_with_its_delivery_id(
    world: World, receiver: HoldingReceiver, how: str
) -> None:
    options = ("--shutdown-timeout", "1") if "timeout" in how else ()
    worker = world.start_worker(*options)
    try:
        _wait(receiver.got_one.is_set, worker, "the delivery to reach the receiver")
        worker.send_signal(signal.SIGINT if "SIGINT" in how else signal.SIGTERM)
        if "second" in how:
            time.sleep(1)
            worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)  # without answering: the receiver still holds the request
    finally:
        log = _stop(worker)
    assert world.status() == "pending", log
    assert _waiting_deliveries() == 1, f"the job cut short waits in the queue\n{log}"

    receiver.release.set()
    worker = world.start_worker()
    try:
        _wait(lambda: world.status() == "delivered", worker, "the delivery to be sent again")
    finally:
        log = _stop(worker)
    assert receiver.delivery_ids == [str(world.delivery_id)] * 2, "the same delivery id"


def test_the_worker_logs_each_job_done_without_what_it_was_about(
    world: World, receiver: HoldingReceiver
) -> None:
    """A sysadmin reading the journal sees the worker working: one line per job done (name,
    id, time), and nothing of its arguments, addresses or secrets."""
    receiver.release.set()
    worker = world.start_worker()
    try:
        _wait(lambda: world.status() == "delivered", worker, "the delivery")
        time.sleep(0.5)  # the line follows the job's commit
    finally:
        log = _stop(worker)
    done = re.findall(
        r"^INFO \S+: Job deliver_webhook [0-9a-f-]{36} done in \d+\.\d\d s$", log, re.M
    )
    assert len(done) == 1, log
    assert "Executing" not in log, "one line per job, not Huey's two"
    assert "Received SIGTERM" in log and "All workers have stopped" in log
    assert len(log.splitlines()) < 15, log
    for private in (receiver.url, "receiver-token", "127.0.0.1", SECRET, EMAIL):
        assert private not in log


def test_a_receiver_refusing_a_delivery_is_one_warning_line_not_a_traceback(
    world: World, receiver: HoldingReceiver
) -> None:
    """Found by an integrator's walk in session 22: every refused webhook try printed
    Huey's "Unhandled exception in task" with a 20-line traceback at ERROR, for a receiver's
    ordinary 500 that the queue retries."""
    receiver.status = 500
    receiver.release.set()
    worker = world.start_worker()
    try:
        _wait(lambda: world.status() == "retrying", worker, "the failed try")
        time.sleep(0.5)
    finally:
        log = _stop(worker)
    assert "Traceback" not in log and "ERROR" not in log, log
    failed = re.findall(
        r"^WARNING \S+: Job deliver_webhook [0-9a-f-]{36} failed: webhook delivery #\d+: "
        r"The endpoint answered 500; the queue tries it again$",
        log,
        re.M,
    )
    assert len(failed) == 1, log
