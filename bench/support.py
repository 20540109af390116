"""Shared pieces of the HTTP benchmarks: a scratch PostgreSQL database, gunicorn, timing."""

from __future__ import annotations

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
# The deployment the README recommends; BENCH_GUNICORN_ARGS tries another.
GUNICORN_ARGS = [
    *(os.environ.get("BENCH_GUNICORN_ARGS") or "--workers 4").split(),
    "--log-level",
    "warning",
]


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


def start_gunicorn(target: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start gunicorn on 127.0.0.1:`port` serving `target` and wait until it accepts."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *GUNICORN_ARGS, "--bind", f"127.0.0.1:{port}", target],
        cwd=REPO,
        # Serving needs a public address (factcheck.config.require_public_address).
        env={"FACTCHECK_SITE_URL": f"http://127.0.0.1:{port}", **os.environ, **env},
        stderr=subprocess.DEVNULL,  # one JSON log line per request would drown the figures
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start for {target}")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None:
        process.terminate()
        process.wait(timeout=10)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[94]
