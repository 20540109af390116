"""Benchmark bounded reading of hostile uploads (issue 23, F2): time and memory.

    .venv/bin/python bench/ingest.py [--repeat 3]

Builds the security review's files at run time (tests/ingest/bombs.py; nothing is
committed) in a helper process, then reads each one as the app does: the parse runs in
the sandboxed child (factcheck.ingest.sandbox) with the default ParseLimits and the default
article limit of 200,000 characters. For each file it prints the size, the outcome, the
wall time (best of --repeat), the child's peak RSS and CPU time (measured by the child
itself with getrusage: children come from the fork server, so they are not this
process's children), and this process's (the web worker's) resident memory before and
after, current and peak.

Targets (issue 23, "Must show"): each bomb refused in under 5 s; the worker stays under
500 MB. Exits 1 if a target is missed.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePath

# bench/queue.py sits beside this file: keep the folder off the path so `import queue`
# (multiprocessing, urllib3) finds the standard library's; the repository goes first.
REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from concurrent.futures import ProcessPoolExecutor  # noqa: E402

from factcheck.ingest import IngestError  # noqa: E402
from factcheck.ingest.files import read_in_child  # noqa: E402
from factcheck.ingest.limits import DEFAULT_LIMITS  # noqa: E402
from factcheck.ingest.sandbox import ChildUsage, run_limited  # noqa: E402

MAX_CHARS = 200_000
TARGET_SECONDS = 5.0
TARGET_WORKER_BYTES = 500 * 1024 * 1024
MB = 1024 * 1024

# name -> (builder in tests.ingest.bombs, arguments, must it be refused within the target)
FILES: dict[str, tuple[str, tuple[object, ...], bool]] = {
    "article.docx (a real 9-paragraph article)": ("docx_with_text", (900,), False),
    "article.pdf (one real page)": ("one_page_pdf", (), False),
    "bomb.docx (5.6M paragraphs)": ("docx_bomb", (5_600_000,), True),
    "empty.docx (1M empty paragraphs, 6 MB XML)": (
        "docx_with_empty_paragraphs",
        (1_000_000,),
        True,
    ),
    "long.docx (2M characters of text)": ("docx_with_text", (2_000_000,), True),
    "bomb.pdf (100,000 pages, one stream)": ("pdf_sharing_one_content_stream", (100_000,), True),
    "liar.pdf (50,000 pages, /Count 1)": ("pdf_sharing_one_content_stream", (50_000,), True),
    "page.html (60,000 paragraphs)": ("html_with_paragraphs", (60_000,), True),
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best is kept")
    return parser.parse_args()


def build(builder: str, arguments: tuple[object, ...], label: str, folder: str) -> str:
    """Write one file (in a helper process, so building never counts as the worker's)."""
    from tests.ingest import bombs

    make: Callable[..., bytes] = getattr(bombs, builder)
    data = make(*arguments, declared=1) if label.startswith("liar") else make(*arguments)
    path = Path(folder) / label.split(" ")[0]
    path.write_bytes(data)
    return str(path)


def resident_bytes() -> int:
    """This process's current resident set size (Linux /proc), in bytes."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def read_once(path: Path) -> tuple[str, float, ChildUsage | None]:
    data = path.read_bytes()
    name = path.name
    usage: list[ChildUsage] = []
    started = time.perf_counter()
    try:
        article = run_limited(
            name,
            DEFAULT_LIMITS,
            read_in_child,
            PurePath(name).suffix,
            name,
            data,
            DEFAULT_LIMITS,
            MAX_CHARS,
            on_usage=usage.append,
        )
        outcome = f"read, {len(article.text):,} characters"
    except IngestError as error:
        outcome = f"{error.code}: {error.message.removeprefix(name + ' ')}"
    return outcome, time.perf_counter() - started, usage[0] if usage else None


def main() -> int:
    args = parse_args()
    missed = 0
    spawn = multiprocessing.get_context("spawn")
    with (
        tempfile.TemporaryDirectory() as folder,
        ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool,
    ):
        jobs = {
            label: pool.submit(build, builder, arguments, label, folder)
            for label, (builder, arguments, _) in FILES.items()
        }
        paths = {label: Path(job.result()) for label, job in jobs.items()}
        # Start the fork server before measuring, as a worker that has read a file has.
        run_limited("warm-up", DEFAULT_LIMITS, len, b"")
        before_current, before_peak = resident_bytes(), peak_bytes()
        print(
            f"worker before: {before_current / MB:.0f} MB resident, {before_peak / MB:.0f} MB peak"
        )
        for label, path in paths.items():
            must_refuse = FILES[label][2]
            runs = [read_once(path) for _ in range(args.repeat)]
            outcome, _, usage = runs[-1]
            best = min(seconds for _, seconds, _ in runs)
            child = (
                f"child peak {usage.peak_rss_bytes / MB:.0f} MB, {usage.cpu_seconds:.2f} s CPU"
                if usage
                else "child stopped"
            )
            print(f"\n{label}: {path.stat().st_size / 1024:,.0f} KB")
            print(f"  {outcome}")
            print(f"  best of {args.repeat}: {best:.2f} s; {child}")
            if must_refuse and (outcome.startswith("read") or best >= TARGET_SECONDS):
                print(f"  MISSED: should be refused in under {TARGET_SECONDS:g} s")
                missed += 1
        after_current, after_peak = resident_bytes(), peak_bytes()
    print(
        f"\nworker after: {after_current / MB:.0f} MB resident, {after_peak / MB:.0f} MB peak "
        f"(target: under {TARGET_WORKER_BYTES / MB:.0f} MB)"
    )
    if after_peak >= TARGET_WORKER_BYTES:
        print("MISSED: the worker's memory target")
        missed += 1
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
