"""Benchmark the claim matcher on CLEF CheckThat! Task 2 data.

Prints, for each set: MAP@5, P@1, queries per second and the time to index the archive; then
queries per second against a 20,000-entry archive (the ct2021 archive topped up with ct2020
entries). Skips with exit code 0 when the shared data folder is absent.

    .venv/bin/python bench/match.py [--param k1=1.2 --param title_weight=0.7 ...]

The index time includes embedding every entry for the second stage; ``--param
embedding_weight=0`` measures the purely lexical (BM25F) matcher.

Dates: the matcher ranks fact-checks dated shortly before a claim higher when it knows when
the claim was made. ct2021's fact-checks say when their claim was "stated on"; its query ids
begin with the date of the debate the sentence comes from ("2019_oct_03_221"). Each set is
measured with the dates (where both sides have them) and with the text alone.

The data is research-licensed: this script only reads it, and nothing from it is written out.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from factcheck.domain.archive import read_date
from factcheck.matching import MatchIndex, ScoringParams

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "claim_matching"
SETS = ("ct2020_task2_en", "ct2021_task2b_en")
SCALE_ARCHIVE_SIZE = 20_000
CUTOFF = 5


@dataclasses.dataclass(frozen=True)
class Query:
    id: str
    text: str
    gold: frozenset[str]
    date: dt.date | None


@dataclasses.dataclass(frozen=True)
class Entry:
    id: str
    claim: str
    title: str | None
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


def load_archive(folder: Path) -> list[Entry]:
    return [
        Entry(
            str(r["id"]),
            str(r["claim"]),
            str(r["title"]) if r.get("title") else None,
            read_date(r.get("date")),
        )
        for r in read_jsonl(folder / "verified_claims.jsonl")
    ]


def build_index(archive: list[Entry], params: ScoringParams) -> tuple[MatchIndex, float]:
    index = MatchIndex(params)
    start = time.perf_counter()
    for entry in archive:
        index.add(entry.id, entry.claim, entry.title, date=entry.date)
    return index, time.perf_counter() - start


def average_precision_at(ranked: list[str], gold: frozenset[str], cutoff: int) -> float:
    """CLEF CheckThat! Task 2's AP@k: precisions at the relevant ranks, over the gold count."""
    hits = 0
    total = 0.0
    for rank, entry_id in enumerate(ranked[:cutoff], start=1):
        if entry_id in gold:
            hits += 1
            total += hits / rank
    return total / len(gold)


def evaluate(index: MatchIndex, queries: list[Query], *, dates: bool) -> dict[str, float]:
    judged = [q for q in queries if q.gold]
    start = time.perf_counter()
    rankings = [
        [m.entry_id for m in index.search(q.text, k=CUTOFF, date=q.date if dates else None)]
        for q in judged
    ]
    elapsed = time.perf_counter() - start
    return {
        "queries": len(judged),
        "map@5": sum(
            average_precision_at(r, q.gold, CUTOFF) for r, q in zip(rankings, judged, strict=True)
        )
        / len(judged),
        "p@1": sum(bool(r) and r[0] in q.gold for r, q in zip(rankings, judged, strict=True))
        / len(judged),
        "qps": len(judged) / elapsed,
    }


def scale_qps(params: ScoringParams, rounds: int) -> tuple[int, float, float]:
    """Queries per second against an archive of SCALE_ARCHIVE_SIZE entries."""
    archive = load_archive(DATA / "ct2021_task2b_en")
    filler = load_archive(DATA / "ct2020_task2_en")
    top_up = SCALE_ARCHIVE_SIZE - len(archive)
    archive += [dataclasses.replace(e, id=f"ct2020-{e.id}") for e in filler[:top_up]]
    index, index_seconds = build_index(archive, params)
    queries = [(q.text, q.date) for name in SETS for q in load_queries(DATA / name)]
    start = time.perf_counter()
    for _ in range(rounds):
        for text, day in queries:
            index.search(text, k=10, date=day)
    elapsed = time.perf_counter() - start
    return len(index), index_seconds, rounds * len(queries) / elapsed


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
    parser.add_argument("--param", action="append", default=[], help="ScoringParams override")
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--no-scale", action="store_true", help="skip the 20k-entry qps run")
    parser.add_argument("--rounds", type=int, default=3, help="query passes in the qps run")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"SKIP: claim-matching data not found at {DATA}; nothing to benchmark.")
        return 0
    params = parse_params(args.param)
    print(f"params: {params}")
    for name in args.sets:
        archive = load_archive(DATA / name)
        index, index_seconds = build_index(archive, params)
        queries = load_queries(DATA / name)
        dated = any(q.date for q in queries) and any(e.date for e in archive)
        for dates in (True, False) if dated else (False,):
            result = evaluate(index, queries, dates=dates)
            print(
                f"{name} ({'with dates' if dates else 'text only'}): entries={len(index)} "
                f"queries={result['queries']:.0f} "
                f"MAP@5={result['map@5']:.4f} P@1={result['p@1']:.4f} "
                f"qps={result['qps']:.1f} index_time={index_seconds:.2f}s"
            )
    if not args.no_scale:
        size, index_seconds, qps = scale_qps(params, args.rounds)
        print(f"scale: entries={size} qps={qps:.1f} index_time={index_seconds:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
