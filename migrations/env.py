"""Alembic environment: runs on a connection handed in by factcheck, or on the app's URL."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

import factcheck.models  # noqa: F401  (registers every table on the metadata)
from factcheck.db import Base, UTCDateTime, make_engine
from factcheck.migrate import include_in_comparison, include_name, migration_connection

target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    # Migrations must not import the app: write factcheck's UTC type as a plain DateTime.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=include_in_comparison(connection.dialect.name),
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        from pathlib import Path

        from factcheck.config import settings_from_env

        url = settings_from_env(Path("instance").resolve()).database_url
    engine = make_engine(url)
    with migration_connection(engine) as connection:
        _run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("factcheck migrations run online only: use `flask --app wsgi init-db`.")
run_migrations_online()
