"""Shared pieces of the HTTP benchmarks: a scratch PostgreSQL database, gunicorn, timing."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = os.environ.get(
    "FACTCHECK_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# BENCH_GUNICORN_ARGS adds to (or, for a repeated option, overrides) what each bench sets.
EXTRA_GUNICORN_ARGS = (os.environ.get("BENCH_GUNICORN_ARGS") or "").split()

# Served under gunicorn, the app refuses a secret key under 32 characters.
SECRET_KEY = "bench-" + "k" * 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def create_database(base_url: str) -> tuple[str, Engine]:
    """A new, empty database beside `base_url`; return its URL and an admin engine."""
    from factcheck.db import make_engine

    name = f"factcheck_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    return url, admin


def drop_database(admin: Engine, url: str) -> None:
    name = make_url(url).database
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def start_gunicorn(
    target: str,
    port: int,
    env: dict[str, str],
    *,
    workers: int = 4,
    log: Path | None = None,
    ready_path: str = "/",
) -> subprocess.Popen[bytes]:
    """Start gunicorn on 127.0.0.1:`port` serving `target` and wait until it accepts.

    The request log (one JSON line per request on stderr, as deployed) goes to `log`, a
    file, as journald or a log collector would take it; without `log`, to /dev/null.
    """
    args = ["--workers", str(workers), "--log-level", "warning", *EXTRA_GUNICORN_ARGS]
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}", target],
        cwd=REPO,
        # Serving needs a public address (factcheck.config.require_public_address).
        env={"FACTCHECK_SITE_URL": f"http://127.0.0.1:{port}", **os.environ, **env},
        stderr=log.open("ab") if log is not None else subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        # The arbiter accepts connections before its workers have imported the app: wait
        # for an answer, not for the port.
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", ready_path)
            if conn.getresponse().status < 500:
                conn.close()
                return process
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start for {target}")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]
