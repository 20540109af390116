"""Drive a server with `wrk` and say how much of the machine the generator itself used.

A load generator on the same 2-core machine as the server competes with it for CPU: a
Python client saturates near a hello route's rate and squeezes every ratio towards 1.
wrk (C, epoll) needs a small share of one core for the same load. Each run here reports
wrk's own CPU time (from wait4's rusage) over the run's wall time, next to how busy the
whole machine was (/proc/stat), so a reader can see the generator was not the bottleneck
and whether something else on the machine was competing.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

LUA = Path(__file__).resolve().parent / "lua"
CORES = os.cpu_count() or 1


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float  # wall time of the run, measured here
    non_2xx: int
    socket_errors: str
    cpu_seconds: float  # wrk's user + system time
    busy: float  # the whole machine's busy share during the run (0..1, all cores)
    output: str

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def generator_share(self) -> float:
        """wrk's CPU time over wall time: 1.0 is one core fully used."""
        return self.cpu_seconds / self.seconds

    def cpu_note(self) -> str:
        return (
            f"wrk CPU {self.generator_share:.0%} of one core "
            f"({self.generator_share / CORES:.0%} of the machine; machine busy {self.busy:.0%})"
        )


def require_wrk() -> str | None:
    """Why wrk cannot run here, or None."""
    if shutil.which("wrk") is None:
        return "wrk is not installed (Debian: apt-get install wrk)"
    return None


def _cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def load_note() -> str:
    """The load averages, to print beside figures taken on a shared machine."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} (1 / 5 min) on {CORES} cores"


def run(
    url: str,
    *,
    seconds: float,
    connections: int = 16,
    threads: int = 1,
    script: str | None = None,
    env: dict[str, str] | None = None,
    stop_when: Callable[[], bool] | None = None,
    poll: float = 0.02,
) -> Run:
    """Run wrk against `url` for `seconds` (or until `stop_when()` says so, then SIGINT).

    With `stop_when`, `seconds` is only an upper bound and the run's time ends when the
    condition was first seen true.
    """
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    if script:
        command += ["-s", str(LUA / script)]
    command.append(url)
    busy0, total0 = _cpu_ticks()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}
    )
    ended = None
    if stop_when is not None:
        while process.poll() is None:
            if stop_when():
                ended = time.perf_counter()
                process.send_signal(signal.SIGINT)  # wrk prints its summary and exits
                break
            time.sleep(poll)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    ended = ended or time.perf_counter()
    busy1, total1 = _cpu_ticks()
    if process.returncode not in (0, -signal.SIGINT):
        raise SystemExit(f"wrk failed ({process.returncode}):\n{output}")
    found = re.search(r"(\d+) requests in", output)
    if found is None:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return Run(
        requests=int(found[1]),
        seconds=ended - started,
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=errors[1] if errors else "",
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        busy=(busy1 - busy0) / max(total1 - total0, 1),
        output=output,
    )
