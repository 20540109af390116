"""Benchmark the claim queue over HTTP: gunicorn on PostgreSQL, 1, 4 and 16 checkers.

Prints takes per second, duplicates (must be 0) and lost claims (must be 0) for each
level of concurrency, then the queue page's p95 latency with 1,000 and 100,000 claims
and their ratio (target: at most 1.5).

    python bench/queue.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/test]

It creates and drops a database of its own next to the one named by --url.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named queue.py: keep its folder off the path so `import queue` finds the stdlib.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import http.client
import json
import os
import re
import threading
import time
from collections import Counter
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

from sqlalchemy import Engine, insert, text, update

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.support import (
    create_database,
    drop_database,
    free_port,
    p95,
    start_gunicorn,
    stop,
)
from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.models import Article, Claim, ClaimStatus, Role
from factcheck.web.database import Database

PASSWORD = "benchmark password"
LEVELS = (1, 4, 16)
CLAIMS_PER_LEVEL = 2000


def seed(engine: Engine) -> tuple[int, list[str]]:
    """An editor, an article and 16 checkers with tokens; return (article id, tokens)."""
    database = Database(engine)
    with database.factory() as session:
        editor = accounts.create_user(
            session, email="bench-editor@example.org", password=PASSWORD, role=Role.EDITOR
        )
        article = Article(title="Bench", body="x", body_sha256="0" * 64, created_by_id=editor.id)
        session.add(article)
        tokens = []
        for i in range(max(LEVELS)):
            checker = accounts.create_user(
                session, email=f"bench-{i}@example.org", password=PASSWORD, role=Role.CHECKER
            )
            tokens.append(accounts.create_token(session, checker)[0])
        session.commit()
        return article.id, tokens


def fill_queue(engine: Engine, article_id: int, count: int) -> None:
    """Make exactly `count` queued claims (older claims are set aside as approved)."""
    with engine.begin() as conn:
        conn.execute(update(Claim).values(status=ClaimStatus.APPROVED, assignee_id=None))
        rows = [
            {
                "article_id": article_id,
                "text": f"bench claim {i}",
                "source_sentence": "x",
                "span_start": 0,
                "span_end": 1,
                "position": i,
                "score": (i % 100) / 100,
                "reasons": [],
                "status": ClaimStatus.QUEUED,
            }
            for i in range(count)
        ]
        for start in range(0, count, 5000):
            conn.execute(insert(Claim), rows[start : start + 5000])


def take_until_empty(
    port: int, token: str, taken: list[int], lock: threading.Lock, errors: list[str]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Length": "0"}
    try:
        while True:
            conn.request("POST", "/api/v1/queue/next", headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status == 204:
                return
            if response.status != 200:
                errors.append(f"{response.status} {body[:200]!r}")
                return
            with lock:
                taken.append(json.loads(body)["id"])
    finally:
        conn.close()


def run_level(
    engine: Engine, port: int, article_id: int, tokens: list[str], checkers: int
) -> dict[str, float]:
    fill_queue(engine, article_id, CLAIMS_PER_LEVEL)
    with engine.connect() as conn:
        queued = set(conn.scalars(text("SELECT id FROM claims WHERE status = 'queued'")))
    taken: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=take_until_empty, args=(port, tokens[i], taken, lock, errors))
        for i in range(checkers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    counts = Counter(taken)
    with engine.connect() as conn:
        still_queued = conn.scalar(text("SELECT count(*) FROM claims WHERE status = 'queued'"))
    if errors:
        print(f"  errors: {errors[:3]}")
    return {
        "takes_per_s": len(taken) / elapsed,
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "lost": len(queued - set(counts)) + (still_queued or 0),
        "taken": len(taken),
    }


def login(port: int) -> object:
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urlencode(
        {"email": "bench-editor@example.org", "password": PASSWORD, "csrf_token": token.group(1)}
    ).encode()
    opener.open(f"http://127.0.0.1:{port}/login", data=data).read()
    return opener


def p95_of_queue_page(port: int, opener: object, requests: int = 200) -> float:
    times = []
    for i in range(requests + 10):
        started = time.perf_counter()
        response = opener.open(f"http://127.0.0.1:{port}/desk/queue?sort=priority")  # type: ignore[attr-defined]
        body = response.read()
        elapsed = time.perf_counter() - started
        assert b"Take next claim" in body, "not the queue page"
        if i >= 10:  # the first requests warm the workers up
            times.append(elapsed)
    return p95(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--url",
        default=os.environ.get(
            "FACTCHECK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    try:
        db_url, admin = create_database(args.url)
    except Exception as exc:
        print(f"SKIP: PostgreSQL is not reachable at {args.url}: {exc}")
        return
    engine = make_engine(db_url)
    port = free_port()
    process = None
    try:
        migrate.upgrade(engine)
        article_id, tokens = seed(engine)
        process = start_gunicorn(
            "wsgi:app",
            port,
            {"FACTCHECK_DATABASE_URL": db_url, "FACTCHECK_SECRET_KEY": "bench-secret"},
        )
        print(f"take-next over HTTP: gunicorn, 4 workers, PostgreSQL, {CLAIMS_PER_LEVEL} claims")
        print(f"{'checkers':>9} {'takes/s':>9} {'duplicates':>11} {'lost':>5}")
        for checkers in LEVELS:
            result = run_level(engine, port, article_id, tokens, checkers)
            print(
                f"{checkers:>9} {result['takes_per_s']:>9.1f} {result['duplicates']:>11} "
                f"{result['lost']:>5}"
            )
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE events"))  # the trigger refuses DELETE on events
        opener = login(port)
        fill_queue(engine, article_id, 1_000)
        small = p95_of_queue_page(port, opener)
        fill_queue(engine, article_id, 100_000)
        with engine.connect() as conn:
            conn.execute(text("ANALYZE claims"))
            conn.commit()
        large = p95_of_queue_page(port, opener)
        print(
            f"queue page p95: {small * 1000:.1f} ms with 1,000 claims, "
            f"{large * 1000:.1f} ms with 100,000; ratio {large / small:.2f} (target <= 1.5)"
        )
    finally:
        stop(process)
        engine.dispose()
        drop_database(admin, db_url)


if __name__ == "__main__":
    main()
