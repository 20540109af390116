"""1,000 notification e-mails through the real queue, a real worker and a local SMTP server.

    .venv/bin/python bench/notifications.py [--events 1000] [--threads 4] [--redis]

A scratch SQLite database (the default deployment; `--redis` keeps the queue in Redis on
127.0.0.1:6379 instead) gets N queued claims and one checker. With no worker running, an
editor assigns every claim (each commit queues a notification job); then `factcheck worker`
starts, and an aiosmtpd server on loopback receives the e-mails. Printed: how long the
worker took to deliver them all (e-mails per second) and, per e-mail, the time from the
assignment's commit to its arrival (median, p95, max). The time the jobs waited before the
worker started is left out: it starts the clock at the worker's start for those.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
# Not bench/ itself on the path: bench/public.py would hide the `public` package aiosmtpd uses.
sys.path[0] = str(REPO)

from aiosmtpd.controller import Controller  # noqa: E402

from bench.support import SECRET_KEY, free_port  # noqa: E402


class Arrivals:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.times.append(time.time())
        return "250 OK"


def _seed(url: str, events: int) -> list[float]:
    """Migrate, add the people and the claims, assign each claim; return commit times."""
    from factcheck import create_app, migrate
    from factcheck.db import make_engine
    from factcheck.domain import accounts, queue
    from factcheck.models import Article, Claim, ClaimStatus, Role

    engine = make_engine(url)
    migrate.upgrade(engine)
    app = create_app({"DATABASE_URL": url, "JOBS_RUN_NOW": False, "TESTING": True})
    committed: list[float] = []
    with app.app_context():
        database = app.extensions["factcheck.db"]
        with database.session(writes=True) as session:
            editor = accounts.create_user(
                session, email="editor@example.org", password="x" * 12, role=Role.EDITOR
            )
            checker = accounts.create_user(
                session, email="checker@example.org", password="x" * 12, role=Role.CHECKER
            )
            article = Article(
                title="Bench", body="x", body_sha256="0" * 64, created_by_id=editor.id
            )
            session.add(article)
            session.flush()
            claims = [
                Claim(
                    article_id=article.id,
                    text=f"The bench claim number {i} rose 3% in 2025.",
                    source_sentence="x",
                    span_start=0,
                    span_end=1,
                    position=i,
                    score=0.5,
                    reasons=[],
                    status=ClaimStatus.QUEUED,
                )
                for i in range(events)
            ]
            session.add_all(claims)
            session.commit()
            for claim in claims:
                queue.assign(session, claim, checker, editor)
                session.commit()  # queues notify_about_event after the commit
                committed.append(time.time())
    engine.dispose()
    return committed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", action="store_true", help="queue in Redis on 127.0.0.1:6379")
    args = parser.parse_args()

    arrivals = Arrivals()
    port = free_port()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=port)
    smtp.start()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        env = {
            **os.environ,
            "FACTCHECK_DATABASE_URL": url,
            "FACTCHECK_SECRET_KEY": SECRET_KEY,
            "FACTCHECK_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "FACTCHECK_SITE_URL": "https://desk.example.org",
        }
        if args.redis:
            env["FACTCHECK_REDIS_URL"] = "redis://127.0.0.1:6379/13"
            os.environ["FACTCHECK_REDIS_URL"] = env["FACTCHECK_REDIS_URL"]
        os.environ.update({k: v for k, v in env.items() if k.startswith("FACTCHECK_")})
        from factcheck.jobs.queue import huey

        committed = _seed(url, args.events)
        waiting = huey.pending_count()
        started = time.time()
        command = ["flask", "--app", "wsgi", "worker", "--threads", str(args.threads)]
        worker = subprocess.Popen(
            [sys.executable, "-m", *command],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 600
            while len(arrivals.times) < args.events and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=60)
            smtp.stop()
            huey.flush()
    done = sorted(arrivals.times)
    elapsed = (done[-1] - started) if done else float("nan")
    latencies = sorted(
        arrival - max(commit, started) for commit, arrival in zip(committed, done, strict=False)
    )
    print(f"notification e-mails: {len(done)} of {args.events} delivered ({waiting} jobs queued)")
    print(f"queue: {'Redis' if args.redis else 'SQLite file'}; worker threads: {args.threads}")
    rate = len(done) / elapsed
    print(f"worker: all delivered {elapsed:.1f} s after it started: {rate:.0f} e-mails/s")
    if latencies:
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            "event to delivery (from the later of commit and worker start): "
            f"median {statistics.median(latencies):.2f} s, p95 {p95:.2f} s, "
            f"max {latencies[-1]:.2f} s"
        )
    print(f"measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
