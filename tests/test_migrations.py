"""The models and the migrations agree, and the chain goes up, down and up again."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import make_url

from factcheck import migrate
from factcheck.db import Base, make_engine
from factcheck.models import Rating


def test_there_is_a_single_head(engine: Engine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    assert len(script.get_heads()) == 1


def test_models_match_the_migrated_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        include = migrate.include_in_comparison(connection.dialect.name)
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": include,
                "include_name": migrate.include_name,
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_the_test_database_is_at_head(engine: Engine) -> None:
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


@pytest.fixture
def empty_engine(engine: Engine, tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A database of its own, so that downgrading does not touch the suite's schema."""
    if engine.dialect.name == "sqlite":
        scratch = make_engine(f"sqlite:///{tmp_path}/scratch.sqlite3")
        yield scratch
        scratch.dispose()
        return
    name = f"factcheck_mig_{uuid.uuid4().hex[:8]}"
    admin = make_engine(
        engine.url.render_as_string(hide_password=False), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    scratch = make_engine(
        make_url(engine.url).set(database=name).render_as_string(hide_password=False)
    )
    try:
        yield scratch
    finally:
        scratch.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _tables(engine: Engine) -> set[str]:
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if migrate.include_name(name, "table", {})}


def _has_search_index(engine: Engine) -> bool:
    return migrate.SEARCH_TABLE in inspect(engine).get_table_names()


def test_upgrade_downgrade_upgrade(empty_engine: Engine) -> None:
    migrate.upgrade(empty_engine)
    assert _tables(empty_engine) == set(Base.metadata.tables)
    assert _has_search_index(empty_engine)
    migrate.downgrade(empty_engine, "base")
    assert _tables(empty_engine) == set()
    assert not _has_search_index(empty_engine)
    migrate.upgrade(empty_engine)
    assert _tables(empty_engine) == set(Base.metadata.tables)
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)


def test_every_revision_steps_down_and_up(empty_engine: Engine) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(empty_engine))
    revisions = list(reversed(list(script.walk_revisions())))
    for revision in revisions:
        migrate.upgrade(empty_engine, revision.revision)
        migrate.downgrade(empty_engine, revision.down_revision or "base")
        migrate.upgrade(empty_engine, revision.revision)
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)


def test_the_default_rating_scale_is_seeded(engine: Engine) -> None:
    with engine.connect() as connection:
        slugs = list(connection.scalars(select(Rating.slug).order_by(Rating.ordinal.desc())))
    assert len(slugs) == 6
    assert slugs[0] == "true" and slugs[-1] == "false"
    assert {"misleading", "unsupported"} <= set(slugs)


def test_search_entries_go_straight_into_the_index(engine: Engine) -> None:
    """No GIN pending list: every search would scan it, and it grows until a vacuum."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 index has no pending list")
    with engine.connect() as connection:
        options = connection.scalar(
            text("SELECT reloptions FROM pg_class WHERE relname = 'ix_search_index_document'")
        )
    assert options is not None and "fastupdate=off" in options


def test_two_upgrades_at_once_both_end_at_head(empty_engine: Engine) -> None:
    """Two hosts running init-db at once (an upgrade rolled out everywhere): the second
    crashed with a duplicate-type error on PostgreSQL, and now waits for the first."""
    errors: list[BaseException] = []

    def upgrade() -> None:
        try:
            migrate.upgrade(empty_engine)
        except BaseException as error:  # reported below, by the test's thread
            errors.append(error)

    runs = [threading.Thread(target=upgrade) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join(120)
    assert errors == []
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)
