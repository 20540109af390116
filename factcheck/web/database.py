"""The request's database session: one per request, closed at its end, committed by views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from flask import Flask, current_app, g, request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.db import make_engine


class Database:
    """The engine and the session factory of one app."""

    def __init__(self, engine: Engine, factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        # A factory handed in (by the tests) is used as it is, for reads and writes alike.
        self.deferred_reads = factory is None and engine.dialect.name == "sqlite"
        self.factory = factory or sessionmaker(bind=engine, expire_on_commit=False)

    def session(self, *, writes: bool) -> Session:
        if writes or not self.deferred_reads:
            return self.factory()
        # Reads need no write lock on SQLite: begin them DEFERRED.
        return self.factory(bind=self.engine.execution_options(sqlite_begin="DEFERRED"))


def for_app(app: Flask) -> Database:
    """The app's Database: the one the tests hand in as DATABASE, or one for DATABASE_URL."""
    database = app.config.get("DATABASE")
    if database is None:
        database = Database(make_engine(app.config["DATABASE_URL"]))
    return cast(Database, database)


def db() -> Session:
    """The request's session. Views commit it; domain functions only flush."""
    if "db_session" not in g:
        database: Database = current_app.extensions["factcheck.db"]
        g.db_session = database.session(writes=request.method not in ("GET", "HEAD"))
    return cast(Session, g.db_session)


@contextmanager
def reads_only() -> Iterator[Session]:
    """A stretch of a writing request that only reads, kept out of the write lock.

    Used to load the signed-in user and before slow work (fetching a page, parsing a
    file, extraction, a language model). On SQLite the reads begin DEFERRED, so they take
    no write lock, and their transaction ends with the block, so nothing is held while the
    slow work runs; the writes that follow begin IMMEDIATE and stay short. Inside a
    transaction already under way (a view that wrote first) it changes nothing.
    """
    session = db()
    if session.in_transaction():
        yield session
        return
    database: Database = current_app.extensions["factcheck.db"]
    if database.deferred_reads:
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if session.new or session.dirty or session.deleted:
        session.rollback()
        raise RuntimeError("A read-only stretch of the request tried to change data.")
    session.commit()  # ends the read; there is nothing to write


def close_session(_exc: BaseException | None) -> None:
    """At the end of the request (teardown): close its session, if it opened one."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
