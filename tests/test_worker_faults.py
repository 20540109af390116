"""A gunicorn worker killed with SIGKILL in the middle of take-next leaves no claim
half-assigned: every taken claim has its holder, its lease and its event, or none of them."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.models import Article, Claim, ClaimStatus, Role
from factcheck.web.database import Database

REPO = Path(__file__).resolve().parents[1]
CLAIMS = 300


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workers(master: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry.name))
    return children


def _seed(url: str) -> str:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with Database(engine).factory() as session:
        editor = accounts.create_user(
            session, email="e@example.org", password="x" * 12, role=Role.EDITOR
        )
        article = Article(title="Load", body="x", body_sha256="0" * 64, created_by_id=editor.id)
        session.add(article)
        session.flush()
        session.execute(
            insert(Claim),
            [
                {
                    "article_id": article.id,
                    "text": f"claim {i}",
                    "source_sentence": "x",
                    "span_start": 0,
                    "span_end": 1,
                    "position": i,
                    "score": 0.5,
                    "reasons": [],
                    "status": ClaimStatus.QUEUED,
                }
                for i in range(CLAIMS)
            ],
        )
        raw, _ = accounts.create_token(session, editor)
        session.commit()
    engine.dispose()
    return raw


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find gunicorn's workers")
def test_killing_a_worker_during_take_next_leaves_no_half_assigned_claim(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/faults.sqlite3"
    token = _seed(url)
    port = _free_port()
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": url,
        "FACTCHECK_SECRET_KEY": "faults-" + "k" * 32,
        "FACTCHECK_SITE_URL": f"http://127.0.0.1:{port}",
    }
    master = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "wsgi:app",
        ],
        cwd=REPO,
        env=env,
    )
    try:
        for _ in range(100):
            if len(_workers(master.pid)) == 2:
                break
            time.sleep(0.1)
        taken: list[int] = []
        failures: list[str] = []
        lock = threading.Lock()
        empty = threading.Event()

        def take() -> None:
            for _ in range(CLAIMS * 3):  # bounded: enough for the whole queue and retries
                if empty.is_set():
                    return
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                try:
                    conn.request(
                        "POST",
                        "/api/v1/queue/next",
                        headers={"Authorization": f"Bearer {token}", "Content-Length": "0"},
                    )
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        failures.append(type(exc).__name__)  # the killed worker's request
                    continue
                finally:
                    conn.close()
                if response.status == 204:
                    empty.set()
                elif response.status == 200:
                    with lock:
                        taken.append(int(body.split(b'"id":')[1].split(b",")[0]))

        threads = [threading.Thread(target=take) for _ in range(4)]
        for thread in threads:
            thread.start()
        for _ in range(200):
            if len(taken) >= 40:
                break
            time.sleep(0.02)
        victim = _workers(master.pid)[0]
        os.kill(victim, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=120)
        assert empty.is_set(), "the queue was emptied after the worker died"
    finally:
        master.send_signal(signal.SIGTERM)
        master.wait(timeout=30)

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT id, status, assignee_id, lease_expires_at FROM claims")
        ).all()
        takes = conn.execute(
            text("SELECT entity_id, count(*) FROM events WHERE action = 'take' GROUP BY entity_id")
        ).all()
    engine.dispose()
    events = dict(takes)
    assert {row.status for row in rows} == {"in_progress"}, "every claim was taken once"
    for row in rows:
        assert row.assignee_id is not None and row.lease_expires_at is not None, row
        assert events.get(row.id) == 1, f"claim {row.id} has {events.get(row.id)} take events"
    assert len(set(taken)) == len(taken), "no claim was handed out twice"
