"""Run the Alembic migrations from code (init-db, tests, readiness checks)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from factcheck.resources import migrations_folder


def alembic_config(engine: Engine) -> Config:
    """The migrations shipped with the package; alembic.ini is only for the alembic command."""
    config = Config()
    config.set_main_option("script_location", str(migrations_folder()))
    config.set_main_option("path_separator", "os")
    config.attributes["engine"] = engine
    return config


# PostgreSQL's advisory lock, held by a migration until it commits: two init-db at once (a
# release rolled out to every host) run one after the other, and the second finds nothing
# left to do. (SQLite's write lock serializes them already.)
MIGRATION_LOCK = 0x6661637463686B  # "factchk"


def _with_connection(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config(engine)
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in the one transaction a migration runs in, whether started from code
    (init-db, tests) or by the `alembic` command (migrations/env.py).

    On PostgreSQL it holds the migration lock. On SQLite the foreign keys are off: SQLite
    alters a table by copying it and dropping the old one (batch mode), and with the keys on,
    dropping "articles" while claims point at it failed, so an existing database could not
    be upgraded past 0032 nor downgraded past a revision that changes a referenced table. As
    SQLite's manual says for such changes, they are off for the migration (a PRAGMA that only
    works outside a transaction) and checked before it commits.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _raw_execute(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(
                            f"The migration left {len(broken)} rows pointing at nothing"
                            f" (first: {tuple(broken[0])}); nothing was changed."
                        )
        finally:
            if sqlite:
                _raw_execute(connection, "PRAGMA foreign_keys=ON")


def _raw_execute(connection: Connection, statement: str) -> None:
    """Run `statement` on the driver's connection, outside any transaction SQLAlchemy would
    begin for it (factcheck.db begins SQLite's transactions itself)."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def upgrade(engine: Engine, revision: str = "head") -> None:
    _with_connection(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    _with_connection(engine, "downgrade", revision)


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


# Indexes with a DESC column. SQLite does not report the direction when it reflects an
# index, so comparing them there always shows a difference; PostgreSQL compares them.
DESC_INDEXES = frozenset({"ix_claims_queue", "ix_claims_status_score"})


# FTS5 on SQLite (with its shadow tables), tsvector on PostgreSQL: not in the models.
SEARCH_TABLE = "search_index"
MATCH_FTS_TABLE = "match_fts"
# The job queue's own tables (Huey's PostgreSQL storage creates and owns them: docs/jobs.md).
JOB_QUEUE_TABLES = "huey_"
# match_entries' generated tsvector and its GIN index (PostgreSQL only): not in the models.
MATCH_DOCUMENT = frozenset({"document", "ix_match_entries_document"})


def include_in_comparison(dialect_name: str) -> Callable[..., bool]:
    """An Alembic `include_object` hook for comparing models and migrated schemas."""

    def include(
        obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
    ) -> bool:
        if type_ in ("column", "index") and name in MATCH_DOCUMENT:
            return False
        return not (dialect_name == "sqlite" and type_ == "index" and name in DESC_INDEXES)

    return include


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """An Alembic `include_name` hook: skip the full-text tables and the job queue's tables
    when reflecting."""
    skipped = (SEARCH_TABLE, MATCH_FTS_TABLE, JOB_QUEUE_TABLES)
    return not (type_ == "table" and (name or "").startswith(skipped))
