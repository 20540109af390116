"""Benchmark the claim matcher on CLEF CheckThat! Task 2 data, through the database.

Quality (the default): each set's archive is imported into a fresh database (a temporary
SQLite file, or a scratch PostgreSQL database beside ``--url``) with the real importer, and
each query goes through the real search (full-text first stage, stored embeddings, fusion).
Prints MAP@5, P@1 and queries per second per set.

    .venv/bin/python bench/match.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/x]
    .venv/bin/python bench/match.py --thresholds   # precision and recall at confidence levels

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
import json
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bench.support import create_database, drop_database
from factcheck import migrate
from factcheck.db import make_engine
from factcheck.domain import archive, matching
from factcheck.matching import ScoringParams
from factcheck.matching.explain import LIKELY, WEAK
from factcheck.models import ArchiveEntry

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
    return {f"{matching.ARCHIVE}{row_id}": external for row_id, external in rows}


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
            for m in matching.search(session, q.text, k=CUTOFF, made=q.date if dates else None)
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
                    for m in matching.search(session, q.text, k=SHOWN, made=q.date):
                        rows.append((f"{name}:{q.id}", m.confidence, ids[m.entry_id] in q.gold))
                    hidden = frozenset(keys[g] for g in q.gold if g in keys)
                    best = matching.search(session, q.text, k=1, made=q.date, hidden=hidden)
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
        print(f"{level:5.2f}  {precision:9.3f}  {recall:6.3f}  {alarms:15.3f}{marks}")


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
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"SKIP: claim-matching data not found at {DATA}; nothing to benchmark.")
        return 0
    matching.PARAMS = parse_params(args.param)
    print(f"params: {matching.PARAMS}")
    print(f"database: {'PostgreSQL' if args.url else 'SQLite'}", flush=True)
    if args.thresholds:
        thresholds(args.url, args.sets)
    else:
        quality(args.url, args.sets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
