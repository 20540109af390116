"""Benchmark the claim matcher on CLEF CheckThat! Task 2 data, through the database.

Quality (the default): each set's archive is imported into a fresh database (a temporary
SQLite file, or a scratch PostgreSQL database beside ``--url``) with the real importer, and
each query goes through the real search (full-text first stage, stored embeddings, fusion).
Prints MAP@5, P@1 and queries per second per set.

    .venv/bin/python bench/match.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/x]
    .venv/bin/python bench/match.py --thresholds   # precision and recall at confidence levels
    .venv/bin/python bench/match.py --scale 300000 --url postgresql+psycopg://...

Scale (``--scale N``, PostgreSQL): N fact-checks -- the two sets' real ones plus synthetic
ones made at run time by splicing the first part of one real claim (and title) with the end
of another (never of a claim that a query is about), so that vocabulary and term
statistics stay realistic -- are written to a
temporary JSONL file and imported with ``flask import-factchecks``. Then gunicorn starts
with its default settings (one sync worker, 30 s timeout) and answers /api/v1/match for
every query of both sets with its date, then reader searches (/search). Prints the import
time, the first query after a fresh worker starts (three fresh workers), query p50 and p95,
the worker's RSS before the first query and after the last, and MAP@5 of both sets among
the N entries.

Dates: ct2021's fact-checks say when their claim was "stated on"; its query ids begin with
the date of the debate the sentence comes from ("2019_oct_03_221"). That set is measured with
the dates and with the text alone.

The data is research-licensed: this script only reads it, and nothing from it is written out
(the scratch databases are deleted at the end). Skips with exit code 0 when the shared data
folder is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

# bench/queue.py sits beside this file: keep the folder off the path so `import queue`
# finds the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import os
import random
import re
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bench.support import SECRET_KEY, create_database, drop_database, free_port
from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import accounts, archive, earlier_checks
from factcheck.matching import ScoringParams
from factcheck.matching.explain import LIKELY, WEAK
from factcheck.models import ArchiveEntry, Role

DATA = REPO.parent / "shared" / "data" / "claim_matching"
SETS = ("ct2020_task2_en", "ct2021_task2b_en")
CUTOFF = 5


@dataclasses.dataclass(frozen=True)
class Query:
    id: str
    text: str
    gold: frozenset[str]
    date: dt.date | None


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


DEBATE_ID = re.compile(r"(\d{4})_([a-z]{3})_(\d{1,2})_")


def debate_date(query_id: str) -> dt.date | None:
    """The date of the debate a CLEF 2021 2B query comes from, read off its id."""
    found = DEBATE_ID.match(query_id)
    if found is None:
        return None
    return dt.datetime.strptime(" ".join(found.groups()), "%Y %b %d").date()


def load_queries(folder: Path) -> list[Query]:
    return [
        Query(
            str(r["id"]),
            str(r["text"]),
            frozenset(str(g) for g in r.get("gold") or []),  # type: ignore[attr-defined]
            debate_date(str(r["id"])),
        )
        for r in read_jsonl(folder / "queries.jsonl")
    ]


def archive_lines(folder: Path) -> Iterator[str]:
    """The set's fact-checks as import lines (the importer's JSONL format)."""
    for r in read_jsonl(folder / "verified_claims.jsonl"):
        item = {"id": r["id"], "claim": r["claim"], "title": r.get("title"), "date": r.get("date")}
        yield json.dumps({**item, "outlet": str(r.get("source") or "clef")})


@contextmanager
def scratch_engine(url: str | None) -> Iterator[Engine]:
    """A new, migrated database: a temporary SQLite file, or a scratch PostgreSQL database
    beside ``url``; deleted afterwards."""
    if url is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
            migrate.upgrade(engine)
            yield engine
            engine.dispose()
        return
    scratch_url, admin = create_database(url)
    engine = make_engine(scratch_url)
    try:
        migrate.upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        drop_database(admin, scratch_url)


def import_lines(engine: Engine, lines: Iterator[str]) -> float:
    """Import through the real importer; return the seconds it took."""
    start = time.perf_counter()
    with sessionmaker(engine)() as session:
        archive.import_entries(session, "\n".join(lines), None)
        session.commit()
    return time.perf_counter() - start


def external_ids(session: Session) -> dict[str, str]:
    rows = session.execute(select(ArchiveEntry.id, ArchiveEntry.external_id))
    return {f"{earlier_checks.ARCHIVE}{row_id}": external for row_id, external in rows}


def average_precision_at(ranked: list[str], gold: frozenset[str], cutoff: int) -> float:
    """CLEF CheckThat! Task 2's AP@k: precisions at the relevant ranks, over the gold count."""
    hits = 0
    total = 0.0
    for rank, entry_id in enumerate(ranked[:cutoff], start=1):
        if entry_id in gold:
            hits += 1
            total += hits / rank
    return total / len(gold)


def evaluate(session: Session, queries: list[Query], *, dates: bool) -> dict[str, float]:
    ids = external_ids(session)
    judged = [q for q in queries if q.gold]
    start = time.perf_counter()
    rankings = [
        [
            ids[m.entry_id]
            for m in earlier_checks.search(
                session, q.text, k=CUTOFF, made=q.date if dates else None
            )
        ]
        for q in judged
    ]
    elapsed = time.perf_counter() - start
    pairs = list(zip(rankings, judged, strict=True))
    return {
        "queries": len(judged),
        "map@5": sum(average_precision_at(r, q.gold, CUTOFF) for r, q in pairs) / len(judged),
        "p@1": sum(bool(r) and r[0] in q.gold for r, q in pairs) / len(judged),
        "qps": len(judged) / elapsed,
    }


def quality(url: str | None, names: list[str]) -> None:
    for name in names:
        folder = DATA / name
        queries = load_queries(folder)
        with scratch_engine(url) as engine:
            seconds = import_lines(engine, archive_lines(folder))
            with sessionmaker(engine)() as session:
                size = len(external_ids(session))
                dated = any(q.date for q in queries)
                for dates in (True, False) if dated else (False,):
                    result = evaluate(session, queries, dates=dates)
                    print(
                        f"{name} ({'with dates' if dates else 'text only'}): entries={size} "
                        f"queries={result['queries']:.0f} MAP@5={result['map@5']:.4f} "
                        f"P@1={result['p@1']:.4f} qps={result['qps']:.1f} "
                        f"import={seconds:.1f}s",
                        flush=True,
                    )


# Scale ---------------------------------------------------------------------------------------


def synthetic_archive(path: Path, size: int, seed: int = 17) -> int:
    """Write ``size`` import lines to ``path``: the real entries of both sets, then spliced
    ones. Return how many are real."""
    real = [json.loads(line) for name in SETS for line in archive_lines(DATA / name)]
    # Spliced from fact-checks no query is about: a splice of a gold claim would be a second
    # copy of the answer, not a distractor.
    gold = {g for name in SETS for q in load_queries(DATA / name) for g in q.gold}
    parts = [item for item in real if item["id"] not in gold]
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for item in real[:size]:
            out.write(json.dumps(item) + "\n")
        for number in range(size - len(real)):
            first, second = rng.choice(parts), rng.choice(parts)
            item = {
                "id": f"syn-{number}",
                "claim": _splice(rng, first["claim"], second["claim"]),
                "outlet": f"Synthetic Checks {number % 40}",
                "date": (dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(5500))).isoformat(),
            }
            if first.get("title") and second.get("title") and rng.random() < 0.8:
                item["title"] = _splice(rng, first["title"], second["title"])
            out.write(json.dumps(item) + "\n")
    return min(len(real), size)


def _splice(rng: random.Random, head: str, tail: str) -> str:
    """The first part of one real sentence and the end of another."""
    head_words, tail_words = head.split(), tail.split()
    cut_head = rng.randint(max(1, len(head_words) // 3), max(1, 2 * len(head_words) // 3))
    cut_tail = rng.randint(
        len(tail_words) // 3, max(len(tail_words) // 3, 2 * len(tail_words) // 3)
    )
    return " ".join(head_words[:cut_head] + tail_words[cut_tail:])


def scale(url: str, size: int) -> None:
    scratch_url, admin = create_database(url)
    engine = make_engine(scratch_url)
    env = {**os.environ, "FACTCHECK_DATABASE_URL": scratch_url, "FACTCHECK_SECRET_KEY": SECRET_KEY,
           "FACTCHECK_PUBLIC_CACHE_SECONDS": "0"}  # fmt: skip
    try:
        migrate.upgrade(engine)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "archive.jsonl"
            real = synthetic_archive(path, size)
            print(f"scale: {size:,} entries ({real:,} real, {size - real:,} spliced), "
                  f"{path.stat().st_size / 1e6:.0f} MB of JSONL", flush=True)  # fmt: skip
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "flask", "--app", "wsgi", "import-factchecks", str(path)],
                cwd=REPO, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            seconds = time.perf_counter() - start
        failed = f" ERROR {result.stderr[-500:]}" if result.returncode else ""
        summary = result.stdout.strip().splitlines()[-1:] or [""]
        print(
            f"import: {seconds:.0f} s ({size / seconds:,.0f}/s): {summary[0]}{failed}", flush=True
        )
        token = _token(engine)
        queries = [q for name in SETS for q in load_queries(DATA / name)]
        _serve_and_measure(env, token, queries)
    finally:
        engine.dispose()
        drop_database(admin, scratch_url)


def _token(engine: Engine) -> str:
    with sessionmaker(engine)() as session:
        user = accounts.create_user(session, email="bench@example.org",
                                    password="bench password 1", role=Role.CHECKER)  # fmt: skip
        raw, _ = accounts.create_token(session, user)
        session.commit()
    return raw


def _serve_and_measure(env: dict[str, str], token: str, queries: list[Query]) -> None:
    firsts = []
    for round_ in range(3):
        port = free_port()
        # gunicorn's defaults: one sync worker, 30 s timeout, as a new deployment gets them.
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=REPO, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            worker = _wait_for_worker(server, port)
            time.sleep(2)  # as a worker that waits a little for its first request
            rss_before = _rss_mb(worker)
            first, _ = _match(port, token, queries[0])
            firsts.append(first)
            if round_ < 2:
                continue
            timings, rankings = [], []
            for q in queries:
                elapsed, ranked = _match(port, token, q)
                timings.append(elapsed)
                rankings.append(ranked)
            searches = [_get(port, "/search?q=" + quote(_words(q.text, 200)))[0] for q in queries]
            rss_after = _rss_mb(worker)
        finally:
            server.terminate()
            server.wait(timeout=20)
    print("first query after a fresh worker starts: "
          + ", ".join(f"{t * 1000:.0f} ms" for t in firsts), flush=True)  # fmt: skip
    print(f"/api/v1/match ({len(timings)} queries): p50 {_pct(timings, 50)} ms, "
          f"p95 {_pct(timings, 95)} ms, max {max(timings) * 1000:.0f} ms")  # fmt: skip
    print(f"/search ({len(searches)} reader searches): p50 {_pct(searches, 50)} ms, "
          f"p95 {_pct(searches, 95)} ms, max {max(searches) * 1000:.0f} ms")  # fmt: skip
    print(f"worker RSS: {rss_before:.0f} MB before the first query, {rss_after:.0f} MB after "
          f"(+{rss_after - rss_before:.0f} MB)")  # fmt: skip
    for name in SETS:
        judged = [(r, q) for r, q in zip(rankings, queries, strict=True)
                  if q.gold and q.id in {x.id for x in load_queries(DATA / name)}]  # fmt: skip
        score = sum(average_precision_at(r, q.gold, CUTOFF) for r, q in judged) / len(judged)
        print(f"{name} among all entries (with dates): MAP@5={score:.4f}", flush=True)


def _words(text: str, limit: int) -> str:
    return text[:limit].rsplit(" ", 1)[0] if len(text) > limit else text


def _wait_for_worker(server: subprocess.Popen[bytes], port: int) -> int:
    """The worker's pid, once it has loaded the app and answers /healthz."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            _get(port, "/healthz")
            return _children(server.pid)[0]
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    start = time.perf_counter()
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    connection.close()
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status} {body[:300]!r}")
    return elapsed, body


def _match(port: int, token: str, q: Query) -> tuple[float, list[str]]:
    path = "/api/v1/match?text=" + quote(q.text)
    if q.date is not None:
        path += f"&date={q.date.isoformat()}"
    elapsed, body = _get(port, path, {"Authorization": f"Bearer {token}"})
    return elapsed, [m["id"] for m in json.loads(body)["matches"]]


def _pct(samples: list[float], percent: int) -> str:
    ordered = sorted(samples)
    return f"{ordered[min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))] * 1000:.0f}"


# Confidence levels -------------------------------------------------------------------------

LEVELS = (0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.275, 0.3, 0.35, 0.4, 0.5)
SHOWN = 3  # the desk shows at most three suggestions


def thresholds(url: str | None, names: list[str]) -> None:
    """Precision and recall of what the desk would show at each confidence level.

    For each query: the top SHOWN matches (with the query's date where known). Precision:
    the share of matches above the level that are gold. Recall: the share of queries whose
    gold is among them. "Unchecked" runs each query again with its gold entries hidden, as
    for a claim nobody has checked yet: the share of those queries still shown a match
    above the level (a false alarm, unless the archive holds a duplicate of the gold).
    """
    rows: list[tuple[str, float, bool]] = []  # (kind, confidence, gold?)
    for name in names:
        folder = DATA / name
        queries = [q for q in load_queries(folder) if q.gold]
        with scratch_engine(url) as engine:
            import_lines(engine, archive_lines(folder))
            with sessionmaker(engine)() as session:
                ids = external_ids(session)
                keys = {external: key for key, external in ids.items()}
                for q in queries:
                    for m in earlier_checks.search(session, q.text, k=SHOWN, made=q.date):
                        rows.append((f"{name}:{q.id}", m.confidence, ids[m.entry_id] in q.gold))
                    hidden = frozenset(keys[g] for g in q.gold if g in keys)
                    best = earlier_checks.search(session, q.text, k=1, made=q.date, hidden=hidden)
                    rows.append(
                        (f"unchecked:{name}:{q.id}", best[0].confidence if best else 0.0, False)
                    )
    for name in names:
        _print_levels(name, [r for r in rows if f"{name}:" in r[0]])
    _print_levels(" + ".join(names), rows)


def _print_levels(title: str, rows: list[tuple[str, float, bool]]) -> None:
    unchecked = [r for r in rows if r[0].startswith("unchecked:")]
    checked = [r for r in rows if not r[0].startswith("unchecked:")]
    queries = {r[0] for r in unchecked}
    print(f"{title}: {len(queries)} queries with gold")
    print("level  precision  recall  unchecked-shown")
    for level in LEVELS:
        shown = [r for r in checked if r[1] >= level]
        right = [r for r in shown if r[2]]
        precision = len(right) / len(shown) if shown else 1.0
        recall = len({r[0] for r in right}) / len(queries)
        alarms = sum(r[1] >= level for r in unchecked) / len(unchecked)
        marks = " <- LIKELY" if level == LIKELY else " <- WEAK" if level == WEAK else ""
        print(f"{level:5.3f}  {precision:9.3f}  {recall:6.3f}  {alarms:15.3f}{marks}")


def parse_params(overrides: list[str]) -> ScoringParams:
    fields = {f.name: f.type for f in dataclasses.fields(ScoringParams)}
    values: dict[str, float | int] = {}
    for override in overrides:
        name, _, raw = override.partition("=")
        if name not in fields:
            raise SystemExit(f"unknown parameter {name!r}; known: {', '.join(fields)}")
        values[name] = int(raw) if fields[name] in (int, "int") else float(raw)
    return ScoringParams(**values)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="PostgreSQL server to make scratch databases on")
    parser.add_argument("--param", action="append", default=[], help="ScoringParams override")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--thresholds", action="store_true", help="confidence levels' P/R")
    parser.add_argument("--scale", type=int, help="entries for the scale run (PostgreSQL)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"SKIP: claim-matching data not found at {DATA}; nothing to benchmark.")
        return 0
    earlier_checks.PARAMS = parse_params(args.param)
    print(f"params: {earlier_checks.PARAMS}")
    print(f"database: {'PostgreSQL' if args.url else 'SQLite'}", flush=True)
    if args.scale:
        if not args.url:
            raise SystemExit("--scale needs --url (a PostgreSQL server to make a database on)")
        scale(args.url, args.scale)
    elif args.thresholds:
        thresholds(args.url, args.sets)
    else:
        quality(args.url, args.sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
