"""Benchmark the claim queue over HTTP: gunicorn on PostgreSQL, 1, 4 and 16 checkers.

take: each checker is one wrk thread with one connection and its own API token, POSTing
/api/v1/queue/next until the queue is empty (bench/lua/take_next.lua). Prints takes per
second, duplicates (must be 0), lost claims (must be 0), refused requests, the audit events
written (one per take) and wrk's own CPU share, for each level of concurrency.

scale: the queue page's p95 latency with 1,000 and 100,000 claims and their ratio
(target: at most 1.5), timed request by request by a Python client.

    python bench/queue.py [--only take|scale] [--url postgresql+psycopg://postgres@...]

It creates and drops a database of its own next to the one named by --url.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named queue.py: keep its folder off the path so `import queue` finds the stdlib.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import re
import time
from collections import Counter
from http.cookiejar import CookieJar
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

from sqlalchemy import Engine, insert, text, update

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import wrk
from bench.support import (
    DEFAULT_URL,
    SECRET_KEY,
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


def run_level(
    engine: Engine, port: int, article_id: int, tokens: list[str], checkers: int, claims: int
) -> dict[str, float]:
    """`checkers` wrk threads, one connection and one token each, drain `claims` claims."""
    fill_queue(engine, article_id, claims)
    with engine.connect() as conn:
        queued = set(conn.scalars(text("SELECT id FROM claims WHERE status = 'queued'")))
        takes_before = conn.scalar(text("SELECT count(*) FROM events WHERE action = 'take'"))

    def drained() -> bool:
        with engine.connect() as conn:
            return not conn.scalar(text("SELECT 1 FROM claims WHERE status = 'queued' LIMIT 1"))

    result = wrk.run(
        f"http://127.0.0.1:{port}/api/v1/queue/next",
        seconds=600, connections=checkers, threads=checkers, script="take_next.lua",
        env={"BENCH_TOKENS": ",".join(tokens[:checkers])}, stop_when=drained,
    )  # fmt: skip
    taken = [int(i) for line in re.findall(r"^taken (.*)$", result.output, re.M)
             for i in line.split(",") if i]  # fmt: skip
    failures = sum(int(n) for n in re.findall(r"^failures (\d+)$", result.output, re.M))
    counts = Counter(taken)
    with engine.connect() as conn:
        still_queued = conn.scalar(text("SELECT count(*) FROM claims WHERE status = 'queued'"))
        takes_after = conn.scalar(text("SELECT count(*) FROM events WHERE action = 'take'"))
    return {
        "takes_per_s": len(taken) / result.seconds,
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "lost": len(queued - set(counts)) + (still_queued or 0),
        "taken": len(taken),
        "failures": failures,
        "audit_events": (takes_after or 0) - (takes_before or 0),
        "run": result,  # type: ignore[dict-item]
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
    parser.add_argument("--url", default=DEFAULT_URL)
    parser.add_argument("--only", choices=("take", "scale"), help="run one part")
    parser.add_argument("--claims", type=int, default=CLAIMS_PER_LEVEL, help="per level")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="e.g. 1,4,16")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    print(wrk.load_note())
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
        env = {"FACTCHECK_DATABASE_URL": db_url, "FACTCHECK_SECRET_KEY": SECRET_KEY}
        process = start_gunicorn("wsgi:app", port, env, workers=args.workers)
        if args.only != "scale":
            take(engine, port, article_id, tokens, args)
        if args.only != "take":
            queue_page(engine, port, article_id)
    finally:
        stop(process)
        engine.dispose()
        drop_database(admin, db_url)


def take(
    engine: Engine, port: int, article_id: int, tokens: list[str], args: argparse.Namespace
) -> None:
    missing = wrk.require_wrk()
    if missing:
        print(f"SKIP take-next: {missing}")
        return
    levels = [int(n) for n in args.levels.split(",")]
    print(
        f"take-next over HTTP: wrk, one thread, connection and token per checker; gunicorn "
        f"{args.workers} sync workers; PostgreSQL; {args.claims} claims drained per level"
    )
    print(
        f"{'checkers':>9} {'takes/s':>9} {'duplicates':>11} {'lost':>5} {'errors':>7} "
        f"{'audit events':>13}  generator"
    )
    for checkers in levels:
        result = run_level(engine, port, article_id, tokens, checkers, args.claims)
        run: wrk.Run = result["run"]  # type: ignore[assignment]
        print(
            f"{checkers:>9} {result['takes_per_s']:>9.1f} {result['duplicates']:>11} "
            f"{result['lost']:>5} {result['failures']:>7} {result['audit_events']:>13}  "
            f"{run.cpu_note()}"
        )
    print(f"  {wrk.load_note()}")


def queue_page(engine: Engine, port: int, article_id: int) -> None:
    """The queue page's p95 with 1,000 and 100,000 claims: single requests, one at a time,
    timed by a Python client (a percentile needs each request's own time; one request at a
    time leaves the client nothing to saturate)."""
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
        f"{large * 1000:.1f} ms with 100,000; ratio {large / small:.2f} (target <= 1.5); "
        f"{wrk.load_note()}"
    )


if __name__ == "__main__":
    main()
