"""Parsing in a separate process with CPU-time, memory and wall-clock limits.

Whatever a hostile file makes a parser do (spin, allocate gigabytes, crash in C code), it
does it in a child process: the child sets ``RLIMIT_CPU`` and ``RLIMIT_AS`` on itself
before it reads a byte, and the parent kills it at the wall-clock deadline. The web worker
only waits on a pipe, so its own memory is untouched and nothing it holds (the request's
database session, what is already saved) is lost.

Children come from multiprocessing's fork server: a fresh interpreter, started once per
worker process, that has imported the parsers. Each parse forks from it in a few tens of
milliseconds, and never from the (threaded) web worker itself. Where there is no fork
server, "spawn" does the same more slowly. The child needs only ``factcheck.ingest``: no
Flask app, no database.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from typing import Any, TypeVar, cast

from factcheck.ingest.errors import IngestError, human_seconds, human_size, too_large_to_read
from factcheck.ingest.limits import ParseLimits

T = TypeVar("T")

# The fork server imports these once; every child then starts with them loaded. "__main__"
# is multiprocessing's own default (children would otherwise re-import the main script).
_PRELOAD = ["__main__", "factcheck.ingest.files"]

# How long to wait for a child that has answered (or been killed) to exit.
_REAP_SECONDS = 5.0


@cache
def _context() -> BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class ChildUsage:
    """What a parse cost its child process (for benchmarks): peak resident memory in
    bytes and CPU seconds (user and system)."""

    peak_rss_bytes: int
    cpu_seconds: float


@dataclass(frozen=True)
class _Outcome:
    """What came back from the child: ``kind`` is ok, refused, memory, crashed, timeout
    or died."""

    kind: str
    value: Any = None
    code: str = ""
    message: str = ""
    usage: ChildUsage | None = None


def run_limited(
    subject: str,
    limits: ParseLimits,
    function: Callable[..., T],
    *args: Any,
    on_usage: Callable[[ChildUsage], None] | None = None,
) -> T:
    """Return ``function(*args)`` computed in a child process under ``limits``.

    ``function`` and its arguments must be picklable (a module-level function). An
    :class:`IngestError` raised in the child is raised here as it was. A child stopped by
    a limit raises ``IngestError`` ``too_complex`` ("<subject> is too large or too complex
    to read: …"). Any other exception in the child is a bug and raises ``RuntimeError``
    with the child's traceback. ``on_usage`` is given the child's :class:`ChildUsage`
    when the child finished by itself.
    """
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(  # type: ignore[attr-defined]
        target=_child,
        args=(sender, limits, function, args),
        name="factcheck-parser",
        daemon=True,
    )
    try:
        process.start()
    finally:
        sender.close()  # the child holds the only writer now, so its death means EOF
    outcome = _Outcome("timeout")  # until the child answers: if waiting fails, kill it
    try:
        outcome = _wait(receiver, limits.wall_seconds)
    finally:
        receiver.close()
        # A child that answered (or died) is gone or going; one that did not is killed.
        exitcode = _reap(process, wait=outcome.kind != "timeout")
    if outcome.kind == "died" and exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
        outcome = _Outcome("cpu")
    if on_usage is not None and outcome.usage is not None:
        on_usage(outcome.usage)
    return cast(T, _unwrap(outcome, subject, limits))


def _wait(receiver: Connection, seconds: float) -> _Outcome:
    if not receiver.poll(seconds):  # poll also returns at once when the child dies
        return _Outcome("timeout")
    try:
        outcome = receiver.recv()
    except (EOFError, OSError):
        return _Outcome("died")
    assert isinstance(outcome, _Outcome)
    return outcome


def _reap(process: Any, *, wait: bool) -> int | None:
    """Make sure the child is gone, killing it unless it may ``wait`` to exit by itself
    (for a while); return its exit code."""
    if wait:
        process.join(_REAP_SECONDS)
    if process.is_alive():
        process.kill()
        process.join()
    exitcode: int | None = process.exitcode
    process.close()
    return exitcode


def _unwrap(outcome: _Outcome, subject: str, limits: ParseLimits) -> Any:
    if outcome.kind == "ok":
        return outcome.value
    if outcome.kind == "refused":
        raise IngestError(outcome.code, outcome.message)
    if outcome.kind == "crashed":
        raise RuntimeError(f"the parser failed in its child process:\n{outcome.message}")
    reasons = {
        "timeout": f"reading it took longer than {human_seconds(limits.wall_seconds)}",
        "cpu": f"reading it took more than {human_seconds(limits.cpu_seconds)} of processing",
        "memory": f"reading it needed more than {human_size(limits.memory_bytes)} of memory",
    }
    reason = reasons.get(outcome.kind, "the reader stopped before it finished")
    raise too_large_to_read(subject, reason, stopped=True)


# --- in the child ---------------------------------------------------------------------


def _child(
    sender: Connection, limits: ParseLimits, function: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    _limit_resources(limits)
    try:
        outcome = _Outcome("ok", function(*args))
    except IngestError as error:
        outcome = _Outcome("refused", code=error.code, message=error.message)
    except MemoryError:
        outcome = _Outcome("memory")  # the failed allocation is freed once we are out here
    except Exception:
        outcome = _Outcome("crashed", message=traceback.format_exc())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    outcome = replace(
        outcome, usage=ChildUsage(usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime)
    )
    try:
        sender.send(outcome)
    finally:
        sender.close()


def _limit_resources(limits: ParseLimits) -> None:
    _lower(resource.RLIMIT_CORE, 0)  # a parser killed by a limit leaves no core file
    # At the soft CPU limit the kernel sends SIGXCPU, which ends the process; the hard
    # limit one second later is SIGKILL, should anything catch SIGXCPU.
    _lower(resource.RLIMIT_CPU, limits.cpu_seconds, hard=limits.cpu_seconds + 1)
    _lower(resource.RLIMIT_AS, limits.memory_bytes)


def _lower(which: int, soft: int, *, hard: int | None = None) -> None:
    """Set a limit, never above the hard limit the process already has."""
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))
