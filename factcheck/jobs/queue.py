"""The job queue: one Huey instance, its storage chosen from the settings.

- ``FACTCHECK_REDIS_URL`` set: Redis (production, beside PostgreSQL).
- PostgreSQL without Redis: Huey's PostgreSQL storage, in tables of its own (``huey_*``).
- Otherwise (the embedded default): a SQLite file beside the database's own file
  (``instance/factcheck.sqlite3`` → ``instance/factcheck.jobs.sqlite3``).

Every kind keeps jobs across restarts of the worker and of the app. With ``JOBS_RUN_NOW``
(the tests, by default), a job runs in the process that queued it, at once, after the commit
that queued it: the same code, without a worker process.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from flask import Flask
from huey import Huey
from huey.storage import BaseStorage, MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage
from sqlalchemy.engine import make_url

QUEUE_NAME = "factcheck"

# Created unbound, like an extension: `bind` gives it the app's storage. Results are not
# kept: jobs write what they produce to the database, where pages read it.
huey = Huey(QUEUE_NAME, results=False, storage_class=MemoryStorage, utc=True)


# Any fixed number, the same in every process: the key of the lock below.
_SCHEMA_LOCK = 0x6661_6374_6368_6B  # "factchk"


class SerialisedPostgresStorage(PostgresStorage):
    """Huey's PostgreSQL storage, its tables created by one process at a time.

    Every app process creates the tables when it starts (`create table if not exists`). Run
    by several processes at once, as gunicorn starts its workers, PostgreSQL lets one create
    each table and refuses the others (a unique violation in pg_type), and those workers
    fail to boot. A transaction-level advisory lock makes the others wait, then find the
    tables there.
    """

    # Set while the server could not be reached when the tables were to be made: an app
    # started during an outage (a reboot, a failover) must still start, so that its pages
    # answer 503 and recover, as gunicorn stops when its workers fail to boot.
    _schema_pending = False

    def initialize_schema(self) -> None:
        try:
            with super().db(commit=True, close=True) as cursor:
                cursor.execute("select pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
                for statement in self.ddl:
                    cursor.execute(statement)
        except psycopg.OperationalError as error:
            if _refused_by_server(error):  # a role, a password, a database name to correct
                raise
            self._schema_pending = True
            return
        self._schema_pending = False

    @contextlib.contextmanager
    def db(self, commit: bool = False, close: bool = False) -> Iterator[Any]:
        if self._schema_pending:
            self.initialize_schema()
        if self._schema_pending:  # still down: the job cannot be queued or read yet
            raise QueueUnavailable("The job queue's database cannot be reached.")
        with super().db(commit=commit, close=close) as cursor:
            yield cursor


def _refused_by_server(error: psycopg.OperationalError) -> bool:
    """The server answered and refused (FATAL: no such role, a wrong password), rather than
    could not be reached or is starting or stopping (FATAL: the database system is ...)."""
    message = str(error)
    return error.sqlstate is not None or (
        "FATAL:" in message and "the database system is" not in message
    )


class QueueUnavailable(RuntimeError):
    """The queue's PostgreSQL server could not be reached (see SerialisedPostgresStorage)."""


def storage_for(config: dict[str, Any], instance_path: Path) -> BaseStorage:
    """The storage the settings ask for (see the module's docstring)."""
    if config.get("JOBS_STORAGE") is not None:  # handed in by a test
        return config["JOBS_STORAGE"]
    if config.get("REDIS_URL"):
        return RedisStorage(QUEUE_NAME, url=config["REDIS_URL"])
    database_url: str = config["DATABASE_URL"]
    if database_url.startswith("postgres"):
        dsn = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
        return SerialisedPostgresStorage(QUEUE_NAME, dsn=dsn)
    return SqliteStorage(QUEUE_NAME, filename=str(sqlite_jobs_file(database_url, instance_path)))


def sqlite_jobs_file(database_url: str, instance_path: Path) -> Path:
    """The queue's file beside the SQLite database (in the instance folder for `sqlite://`)."""
    database_file = make_url(database_url).database
    if not database_file or database_file == ":memory:":
        instance_path.mkdir(parents=True, exist_ok=True)
        return instance_path / "jobs.sqlite3"
    path = Path(database_file)
    return path.with_name(f"{path.stem}.jobs{path.suffix or '.sqlite3'}")


class _Binding:
    """The app whose database jobs use, when they run outside a request (in the worker)."""

    app: Flask | None = None


binding = _Binding()


def bind(app: Flask) -> None:
    """Point the queue at this app's storage; jobs run by this process use its database."""
    binding.app = app
    run_now = app.config.get("JOBS_RUN_NOW")
    if run_now is None:
        run_now = app.testing
    previous = huey.storage
    huey.immediate = run_now  # Huey swaps in a storage in memory when this changes
    if huey.storage is not previous:
        close_storage(previous)
    if not run_now:
        replace_storage(_open_storage(app))


def _open_storage(app: Flask) -> BaseStorage:
    """storage_for, with a database that cannot be opened (a wrong host, role or password, a
    missing folder) named in one line instead of a traceback at start."""
    try:
        return storage_for(app.config, Path(app.instance_path))
    except Exception as error:
        if not isinstance(error, sqlite3.Error) and not type(error).__module__.startswith(
            "psycopg"
        ):
            raise
        from factcheck.config_values import ConfigError, without_password

        url = without_password(app.config["DATABASE_URL"])
        reason = " ".join(str(error).split())
        raise ConfigError(
            f"cannot open the job queue's database, FACTCHECK_DATABASE_URL ({url}): {reason}"
        ) from error


def replace_storage(storage: BaseStorage) -> None:
    """Use `storage` from now on, closing the connections of the one it replaces."""
    previous, huey.storage = huey.storage, storage
    if previous is not storage:
        close_storage(previous)


def close_storage(storage: BaseStorage) -> None:
    """Close a storage's connections (Redis keeps a pool; the SQL storages one connection)."""
    if isinstance(storage, RedisStorage):
        storage.conn.connection_pool.disconnect()
    else:
        storage.close()


def app_for_job() -> Flask:
    """The app a job runs against: the request's when it runs at once, else the bound one."""
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if binding.app is None:
        raise RuntimeError("The job queue is not bound to an app: call factcheck.jobs.bind(app)")
    return binding.app
