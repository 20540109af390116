"""Benchmark the command line's start-up: time to the first line of `extract`.

    python bench/cli.py [--runs 5]

Runs `flask --app wsgi extract --jsonl` and `factcheck extract --jsonl` with one short
line on stdin and times, for each run, the wall time until the first output line arrives
(target: under 0.5 s), and prints the median and the slowest of the runs with the load
average, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LINE = '{"id": 1, "text": "The council said 40 percent of the roads were repaired in 2024."}\n'


def first_line_seconds(command: list[str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(LINE)
    process.stdin.close()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    if not line.startswith('{"id": 1'):
        raise SystemExit(f"{command[0]} printed {line!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    one, five, _ = os.getloadavg()
    print(f"load average {one:.2f} / {five:.2f} (1 / 5 min) on {os.cpu_count()} cores")
    commands = {
        "flask --app wsgi extract": [str(BIN / "flask"), "--app", "wsgi", "extract", "--jsonl"],
        "factcheck extract": [str(BIN / "factcheck"), "extract", "--jsonl"],
    }
    for name, command in commands.items():
        first_line_seconds(command)  # warm the file cache
        times = [first_line_seconds(command) for _ in range(args.runs)]
        print(
            f"{name}: first line after {statistics.median(times):.2f} s (median of "
            f"{args.runs}; slowest {max(times):.2f} s); target < 0.5 s"
        )


if __name__ == "__main__":
    main()
