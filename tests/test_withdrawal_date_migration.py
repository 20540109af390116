"""Migration 0030 dates each fact-check already withdrawn by its latest withdrawal in the
audit trail (not by its last edit), or by its last change when the trail has none."""

from __future__ import annotations

from sqlalchemy import Engine, text

from factcheck import migrate
from tests.test_migrations import empty_engine  # noqa: F401  (the fixture)


def _article(conn, article_id: int, status: str, updated_at: str) -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        text(
            "INSERT INTO articles (id, title, body, body_sha256, status, created_by_id,"
            " version, created_at, updated_at) VALUES (:id, 't', 'b', :hash, :status, 1, 1,"
            " '2026-01-01 09:00:00', :updated)"
        ),
        {"id": article_id, "hash": f"h{article_id}", "status": status, "updated": updated_at},
    )


def test_withdrawn_articles_are_dated_by_their_withdrawal(
    empty_engine: Engine,  # noqa: F811
) -> None:
    migrate.upgrade(empty_engine, "0029")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, role, active,"
                " session_version, created_at) VALUES (1, 'e@example.org', 'E', 'x', 'editor',"
                " true, 1, '2026-01-01 09:00:00')"
            )
        )
        _article(conn, 1, "withdrawn", "2026-04-20 09:00:00")  # edited after withdrawal
        _article(conn, 2, "withdrawn", "2026-05-05 09:00:00")  # no event in the trail
        _article(conn, 3, "published", "2026-06-01 09:00:00")
        conn.execute(
            text(
                "INSERT INTO events (entity_type, entity_id, action, note, created_at) VALUES"
                " ('article', 1, 'withdraw', 'first', '2026-02-01 09:00:00'),"
                " ('article', 1, 'publish', 'back', '2026-02-15 09:00:00'),"
                " ('article', 1, 'withdraw', 'again', '2026-03-02 09:00:00'),"
                " ('article', 3, 'withdraw', 'earlier', '2026-02-01 09:00:00')"
            )
        )
    migrate.upgrade(empty_engine, "0030")
    with empty_engine.connect() as conn:
        dates = dict(conn.execute(text("SELECT id, withdrawn_at FROM articles")).all())
    assert str(dates[1]).startswith("2026-03-02 09:00:00")
    assert str(dates[2]).startswith("2026-05-05 09:00:00")
    assert dates[3] is None
    migrate.downgrade(empty_engine, "0029")
    migrate.upgrade(empty_engine)
