"""Migration 0025: an article stored before its text had a normal form gets the hash of
that form, so pasting or uploading it again finds it; its body (which spans index) stays."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, text

from factcheck import migrate
from tests.test_migrations import empty_engine  # noqa: F401  (the fixture)

NOW = "2026-12-01 09:00:00"
PASTED = "Westford spent 4 million pounds on roads, Ana Lind said.\r\n\r\nIt was 2024.\r\n"
NORMAL = "Westford spent 4 million pounds on roads, Ana Lind said.\n\nIt was 2024."


def _sha(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def test_an_article_pasted_before_gets_the_hash_of_its_normal_form(
    empty_engine: Engine,  # noqa: F811
) -> None:
    # Before session 19 a pasted article's hash was of the browser's "\r\n" text: the
    # same article uploaded as a file had another hash, and was added again.
    migrate.upgrade(empty_engine, "0024")
    with empty_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, role, active,"
                " session_version, created_at) VALUES (1, 'e@example.org', 'E', 'x', 'editor',"
                " true, 1, :now)"
            ),
            {"now": NOW},
        )
        for article_id, body in ((1, PASTED), (2, NORMAL)):
            conn.execute(
                text(
                    "INSERT INTO articles (id, title, body, body_sha256, status, created_by_id,"
                    " version, created_at, updated_at) VALUES (:id, 't', :body, :sha, 'triage',"
                    " 1, 1, :now, :now)"
                ),
                {"id": article_id, "body": body, "sha": _sha(body), "now": NOW},
            )
    migrate.upgrade(empty_engine, "0025")
    with empty_engine.connect() as conn:
        rows = conn.execute(text("SELECT id, body, body_sha256 FROM articles ORDER BY id")).all()
    assert [(row.body, row.body_sha256) for row in rows] == [
        (PASTED, _sha(NORMAL)),
        (NORMAL, _sha(NORMAL)),
    ]
    migrate.downgrade(empty_engine, "0024")
    with empty_engine.connect() as conn:
        hashes = conn.execute(text("SELECT body_sha256 FROM articles ORDER BY id")).scalars()
        assert list(hashes) == [_sha(PASTED), _sha(NORMAL)]
    migrate.upgrade(empty_engine)
