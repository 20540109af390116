"""Benchmark the public site: a spike on one fact-check page, and latency as it grows.

Prints, in one run:
- spike: the fact-check page's requests per second divided by a bare Flask hello
  route's (bench/hello_app.py), both under gunicorn with 3 sync workers, the page from
  SQLite with the demo data and the request log on, driven by wrk (-t1 -c16) in
  alternating rounds; each round prints wrk's own CPU share (target: at least 0.6);
- scale: the p95 latency of the public listing and of search with 20,000 published
  fact-checks, divided by the p95 with 200 (target: at most 1.2), on PostgreSQL. Two
  databases, one per size, each behind its own gunicorn, answer the same requests in
  turn. These are single requests, one at a time, timed by a Python client: a latency
  percentile needs each request's own time, and one request at a time leaves the client
  nothing to saturate (wrk's latency histogram would mix in queueing at 16 connections).

    python bench/public.py [--only spike|scale] [--url postgresql+psycopg://...]
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py sits beside this file: keep the folder off the path so `import queue`
# finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import datetime as dt
import http.client
import json
import os
import random
import sqlite3
import subprocess
import tempfile
import time
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, insert, select, text

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
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Rating,
    Role,
    Verdict,
    VerdictStatus,
)
from factcheck.web.database import Database

ROUNDS = 5
ROUND_SECONDS = 4.0
CLIENTS = 16
LATENCY_REQUESTS = 300
SHARED = REPO.parent / "shared" / "data" / "claim_matching"


def _pseudo_vocabulary(size: int, rng: random.Random) -> list[str]:
    syllables = ["ba", "ko", "ri", "den", "sal", "mu", "tor", "vi", "len", "qua", "pe", "zor"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


class Corpus:
    """Claims to publish: real fact-checks from ../shared when present, else made-up text."""

    def __init__(self) -> None:
        self.texts = self._shared() or []
        self.source = "claim_matching fact-checks from ../shared/data" if self.texts else ""
        if not self.texts:
            rng = random.Random(3)
            vocabulary = _pseudo_vocabulary(20_000, rng)
            # Zipf-like: word k is drawn with weight 1/k, like real text.
            weights = [1 / (k + 1) for k in range(len(vocabulary))]
            self.texts = [
                " ".join(rng.choices(vocabulary, weights, k=14)).capitalize() + "."
                for _ in range(20_000)
            ]
            self.source = "made-up text (../shared/data is absent), 20,000-word Zipf vocabulary"

    @staticmethod
    def _shared() -> list[str]:
        texts = []
        for folder in ("ct2021_task2b_en", "ct2020_task2_en"):
            path = SHARED / folder / "verified_claims.jsonl"
            if path.exists():
                for line in path.read_text(encoding="utf-8").splitlines():
                    item = json.loads(line)
                    texts.append(" ".join(filter(None, [item.get("claim"), item.get("title")])))
        return texts[:20_000]

    def queries(self, count: int, seed: int, among: int) -> list[str]:
        """Two-word searches as readers type them, drawn from the first `among` texts."""
        rng = random.Random(seed)
        result = []
        while len(result) < count:
            words = [w for w in self.texts[rng.randrange(among)].split() if len(w) > 4]
            if len(words) >= 2:
                result.append(
                    "+".join(quote(w.strip(".,;:!?\"'()").lower()) for w in rng.sample(words, 2))
                )
        return result


def publish(engine: Engine, editor_id: int, texts: list[str], seed: int) -> None:
    """One published article with one rated claim per text, written straight to the tables."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=400 * seed)
    with engine.begin() as conn:
        ratings = list(conn.execute(select(Rating.id)).scalars())
        for offset in range(0, len(texts), 1000):
            batch = list(enumerate(texts[offset : offset + 1000], start=offset))
            stamps = [start + dt.timedelta(minutes=37 * i) for i, _ in batch]
            article_rows = [
                {
                    "title": f"Fact-check {seed}-{i}: {text[:80]}",
                    "body": "x",
                    "body_sha256": "0" * 64,
                    "status": ArticleStatus.PUBLISHED,
                    "created_by_id": editor_id,
                    "published_at": stamp,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for (i, text), stamp in zip(batch, stamps, strict=True)
            ]
            article_ids = conn.execute(insert(Article).returning(Article.id), article_rows)
            claim_rows = [
                {
                    "article_id": article_id,
                    "text": text,
                    "source_sentence": "x",
                    "span_start": 0,
                    "span_end": 1,
                    "position": 0,
                    "score": 0.9,
                    "reasons": [],
                    "status": ClaimStatus.PUBLISHED,
                    "claimant": "Someone",
                    "published_at": stamp,
                }
                for article_id, (_, text), stamp in zip(
                    article_ids.scalars().all(), batch, stamps, strict=True
                )
            ]
            claim_ids = conn.execute(insert(Claim).returning(Claim.id), claim_rows).scalars().all()
            verdict_ids = (
                conn.execute(
                    insert(Verdict).returning(Verdict.id),
                    [
                        {
                            "claim_id": claim_id,
                            "rating_id": rng.choice(ratings),
                            "explanation": "See the sources.",
                            "author_id": editor_id,
                            "status": VerdictStatus.APPROVED,
                            "reviewed_at": start,
                        }
                        for claim_id in claim_ids
                    ],
                )
                .scalars()
                .all()
            )
            for claim_id, verdict_id, row in zip(claim_ids, verdict_ids, claim_rows, strict=True):
                conn.execute(
                    text("UPDATE claims SET published_verdict_id = :v WHERE id = :c"),
                    {"v": verdict_id, "c": claim_id},
                )
                conn.execute(
                    text(
                        "INSERT INTO search_index (claim_id, title, claim, explanation) "
                        "VALUES (:c, '', :t, '')"
                    ),
                    {"c": claim_id, "t": row["text"]},
                )
        conn.execute(text("ANALYZE"))


def _timed_get(port: int, path: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise SystemExit(f"{path} answered {response.status}")
    return elapsed


def _interleaved_latencies(
    small_port: int, large_port: int, paths: list[str]
) -> tuple[list[float], list[float]]:
    small, large = [], []
    for i, path in enumerate(paths):
        # Alternate which size goes first, so neither always meets a just-woken worker.
        order = [(small_port, small), (large_port, large)]
        for port, samples in order if i % 2 else reversed(order):
            samples.append(_timed_get(port, path))
    return small[20:], large[20:]  # the first requests warm the workers up


def _query_paths(corpus: Corpus, seed: int) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    listing = [
        f"/api/v1/published?limit=20&rating={rng.choice(['', 'true', 'false'])}"
        for _ in range(LATENCY_REQUESTS)
    ]
    # Drawn from the first 200 texts, so the same searches find results at both sizes.
    searches = [f"/search?q={q}" for q in corpus.queries(LATENCY_REQUESTS, seed, among=200)]
    return listing, searches


def _editor(engine: Engine) -> int:
    with Database(engine).factory() as session:
        editor = accounts.create_user(
            session, email="bench@example.org", password="bench password", role=Role.EDITOR
        )
        session.commit()
        return editor.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=DEFAULT_URL, help="PostgreSQL, for the scale rows")
    parser.add_argument("--only", choices=("spike", "scale"), help="run one part")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=float, default=ROUND_SECONDS)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers, both apps")
    args = parser.parse_args()
    print(wrk.load_note())
    if args.only != "scale":
        spike(args.rounds, args.seconds, args.workers)
    if args.only != "spike":
        scale(args.url)


def _seed_sqlite(folder: Path, env: dict[str, str]) -> str:
    """A migrated SQLite database with the demo data; return the published article's page."""
    for command in (["init-db"], ["seed-demo"]):
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *command],
            cwd=REPO, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    with sqlite3.connect(folder / "bench.db") as conn:
        (article_id,) = conn.execute(
            "SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1"
        ).fetchone()
    return f"/factchecks/{article_id}"


def spike(rounds: int, seconds: float, workers: int) -> None:
    """The cached fact-check page against a bare Flask route: wrk, alternating rounds."""
    missing = wrk.require_wrk()
    if missing:
        print(f"SKIP spike: {missing}")
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            "FACTCHECK_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "FACTCHECK_SECRET_KEY": SECRET_KEY,
            "FACTCHECK_TRUSTED_HOSTS": "127.0.0.1",
        }
        page = _seed_sqlite(folder, env)
        app_port, hello_port = free_port(), free_port()
        log = folder / "requests.log"
        processes = [
            start_gunicorn("wsgi:app", app_port, env, workers=workers, log=log),
            start_gunicorn("bench.hello_app:app", hello_port, {}, workers=workers),
        ]
        try:
            _spike_rounds(
                f"http://127.0.0.1:{app_port}{page}", f"http://127.0.0.1:{hello_port}/",
                rounds, seconds, workers,
            )  # fmt: skip
            lines = log.read_text(encoding="utf-8", errors="replace").count("\n")
            print(f"  request log: {lines:,} lines written by the app's workers")
        finally:
            for process in processes:
                stop(process)


def _spike_rounds(page: str, hello: str, rounds: int, seconds: float, workers: int) -> None:
    for url in (page, hello):  # warm-up: fill the page cache, import lazily loaded modules
        wrk.run(url, seconds=1, connections=CLIENTS)
    print(
        f"fact-check page against a bare Flask hello route: wrk -t1 -c{CLIENTS}, "
        f"{rounds} alternating rounds of {seconds:.0f} s, gunicorn {workers} sync workers, "
        "SQLite, request log on (to a file)"
    )
    totals: dict[str, list[wrk.Run]] = {"page": [], "hello": []}
    for i in range(rounds):
        order = [("page", page), ("hello", hello)]
        for name, url in order if i % 2 == 0 else reversed(order):
            result = wrk.run(url, seconds=seconds, connections=CLIENTS)
            if result.non_2xx or result.socket_errors:
                raise SystemExit(f"{name}: {result.non_2xx} errors {result.socket_errors}")
            totals[name].append(result)
            print(f"  round {i + 1} {name:5} {result.per_second:7.0f} req/s; {result.cpu_note()}")
    rate = {k: sum(r.requests for r in v) / sum(r.seconds for r in v) for k, v in totals.items()}
    share = max(r.generator_share for v in totals.values() for r in v)
    print(
        f"fact-check page {rate['page']:.0f} req/s, hello route {rate['hello']:.0f} req/s: "
        f"ratio {rate['page'] / rate['hello']:.2f} (target >= 0.6, stretch 0.8); "
        f"wrk used at most {share:.0%} of one core; {wrk.load_note()}"
    )


def scale(url: str) -> None:
    """Listing and search p95 with 200 and 20,000 published fact-checks (PostgreSQL)."""
    try:
        small_url, admin = create_database(url)
        large_url, large_admin = create_database(url)
    except Exception as exc:
        print(f"SKIP scale: PostgreSQL is not reachable at {url}: {exc}")
        return
    small, large = make_engine(small_url), make_engine(large_url)
    processes = []
    try:
        corpus = Corpus()
        print(f"data: {corpus.source}")
        for engine, count in ((small, 200), (large, 20_000)):
            migrate.upgrade(engine)
            editor_id = _editor(engine)
            publish(engine, editor_id, corpus.texts[:200], seed=1)
            publish(engine, editor_id, corpus.texts[200:count], seed=2)
        # No page cache (every request reaches the database) and no reader rate limit
        # (one client sends hundreds of requests a minute).
        nocache = {
            "FACTCHECK_SECRET_KEY": SECRET_KEY,
            "FACTCHECK_PUBLIC_CACHE_SECONDS": "0",
            "FACTCHECK_RATE_LIMIT_READS": "off",
        }
        small_port, large_port = free_port(), free_port()
        processes.append(
            start_gunicorn("wsgi:app", small_port, {**nocache, "FACTCHECK_DATABASE_URL": small_url})
        )
        processes.append(
            start_gunicorn("wsgi:app", large_port, {**nocache, "FACTCHECK_DATABASE_URL": large_url})
        )
        latency_ratio(small_port, large_port, corpus)
        print(f"  {wrk.load_note()}")
    finally:
        for process in processes:
            stop(process)
        for engine in (small, large):
            engine.dispose()
        drop_database(admin, small_url)
        drop_database(large_admin, large_url)


def latency_ratio(small_port: int, large_port: int, corpus: Corpus) -> None:
    """p95 at 20,000 fact-checks over p95 at 200, one server per size.

    The two servers answer the same requests in turn, request by request, so that a burst
    of load elsewhere on the machine hits both sizes alike instead of only one of them.
    """
    listing, searches = _query_paths(corpus, seed=7)
    for name, paths in (("listing", listing), ("search", searches)):
        small, large = _interleaved_latencies(small_port, large_port, paths)
        print(
            f"{name} p95: {p95(small) * 1000:.1f} ms with 200 fact-checks, "
            f"{p95(large) * 1000:.1f} ms with 20,000; ratio {p95(large) / p95(small):.2f} "
            "(target <= 1.2; page cache off; requests to the two sizes interleaved)"
        )


if __name__ == "__main__":
    main()
