"""Functions the sandbox tests run in the parser's child process (it imports them by name,
so they live in a module of their own rather than inside a test)."""

from __future__ import annotations

import os
import time

from factcheck.ingest import IngestError


def add(first: int, second: int) -> int:
    return first + second


def spin() -> None:
    """Use CPU until the limit stops it."""
    while True:
        pass


def sleep(seconds: float) -> None:
    time.sleep(seconds)


def hold(megabytes: int) -> int:
    """Allocate and touch ``megabytes`` of memory; return how many bytes were held."""
    block = b"x" * (megabytes * 1024 * 1024)
    return len(block)


def refuse() -> None:
    raise IngestError("corrupt", "report.pdf could not be opened as a PDF.")


def fail() -> None:
    raise ValueError("a bug in a parser")


def vanish() -> None:
    os._exit(3)
