"""Run the Alembic migrations from code (init-db, tests, readiness checks)."""

from __future__ import annotations

from collections.abc import Callable

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

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
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


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
