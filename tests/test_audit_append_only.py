"""The audit trail is append-only in the database itself, on SQLite (revision 0037) as on
PostgreSQL (0005): an UPDATE or a DELETE of an event is refused, whoever sends it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from factcheck import migrate
from factcheck.domain import audit
from factcheck.models import Event, User
from tests.test_migrations import empty_engine  # noqa: F401  (the fixture)


def test_an_event_cannot_be_rewritten_or_deleted(db_session: Session, editor: User) -> None:
    audit.record(
        db_session, actor=editor, entity_type="claim", entity_id=1, action="comment", note="kept"
    )
    db_session.flush()
    for statement in ("UPDATE events SET note = 'rewritten'", "DELETE FROM events"):
        with pytest.raises(DatabaseError, match="append-only"), db_session.begin_nested():
            db_session.execute(text(statement))
    # Through the ORM too: the row stays as it was written.
    event = db_session.scalars(select(Event).where(Event.note == "kept")).one()
    with pytest.raises(DatabaseError, match="append-only"), db_session.begin_nested():
        event.note = "rewritten"
        db_session.flush()
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).where(Event.note == "kept")) == 1
    assert db_session.scalar(select(func.count()).where(Event.note == "rewritten")) == 0


def _refuses_changes(engine: Engine) -> bool:
    """Whether the database refuses to rewrite an event (one is written, then rolled back)."""
    with engine.connect() as conn, conn.begin() as transaction:
        conn.execute(
            text(
                "INSERT INTO events (entity_type, entity_id, action, created_at)"
                " VALUES ('claim', 1, 'comment', '2026-01-01 09:00:00')"
            )
        )
        try:
            with conn.begin_nested():
                conn.execute(text("UPDATE events SET note = 'rewritten'"))
        except DatabaseError as refused:
            assert "append-only" in str(refused)
            return True
        finally:
            transaction.rollback()
    return False


def test_the_guard_comes_and_goes_with_its_revision(
    empty_engine: Engine,  # noqa: F811
) -> None:
    migrate.upgrade(empty_engine)
    assert _refuses_changes(empty_engine)
    migrate.downgrade(empty_engine, "0036")
    # Below 0037 SQLite has no guard; PostgreSQL keeps the one of 0005.
    assert _refuses_changes(empty_engine) is (empty_engine.dialect.name == "postgresql")
    migrate.upgrade(empty_engine)
    assert _refuses_changes(empty_engine)
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)
