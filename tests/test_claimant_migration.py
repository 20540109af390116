"""Migration 0018: free-text claimants become records, split parents their own status,
and downgrading keeps every name on the claims."""

from __future__ import annotations

from sqlalchemy import Engine, text

from factcheck import migrate
from tests.test_migrations import empty_engine  # noqa: F401  (the fixture)

NOW = "2026-12-01 09:00:00"


def _claim(conn, claim_id: int, claimant: str | None, status: str = "candidate") -> None:  # type: ignore[no-untyped-def]
    conn.execute(
        text(
            "INSERT INTO claims (id, article_id, text, source_sentence, span_start, span_end,"
            " position, score, reasons, claimant, status, priority, version, created_at,"
            " updated_at) VALUES (:id, 1, 'x', 'x', 0, 1, 0, 0.5, '[]', :claimant, :status,"
            " 0, 1, :now, :now)"
        ),
        {"id": claim_id, "claimant": claimant, "status": status, "now": NOW},
    )


def _before(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO users (id, email, display_name, password_hash, role, active,"
                " session_version, created_at) VALUES (1, 'e@example.org', 'E', 'x', 'editor',"
                " true, 1, :now)"
            ),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO articles (id, title, body, body_sha256, status, created_by_id,"
                " version, created_at, updated_at) VALUES (1, 't', 'b', 'h', 'triage', 1, 1,"
                " :now, :now)"
            ),
            {"now": NOW},
        )
        _claim(conn, 1, "Linda Okafor")
        _claim(conn, 2, "linda  OKAFOR")
        _claim(conn, 3, "Linda Okafor")
        _claim(conn, 4, "Riverton City Council", status="rejected")
        _claim(conn, 5, None)
        _claim(conn, 6, "Riverton City Council")
        # A row that refers to a claim: copying the claims table (batch mode) would fail.
        conn.execute(
            text("INSERT INTO conflicts (user_id, claim_id, created_at) VALUES (1, 1, :now)"),
            {"now": NOW},
        )
        conn.execute(
            text(
                "INSERT INTO events (entity_type, entity_id, action, note, created_at) VALUES"
                " ('claim', 4, 'split', 'into #6', :now),"
                " ('claim', 6, 'split_from', 'from claim #4', :now)"
            ),
            {"now": NOW},
        )


def test_free_text_claimants_become_one_record_per_name_and_come_back_on_downgrade(
    empty_engine: Engine,  # noqa: F811
) -> None:
    migrate.upgrade(empty_engine, "0017")
    _before(empty_engine)
    migrate.upgrade(empty_engine, "0018")
    with empty_engine.connect() as conn:
        records = conn.execute(text("SELECT id, name, kind FROM claimants ORDER BY name")).all()
        names = dict(conn.execute(text("SELECT key, claimant_id FROM claimant_names")).all())
        claims = dict(conn.execute(text("SELECT id, claimant_id FROM claims")).all())
        statuses = dict(conn.execute(text("SELECT id, status FROM claims")).all())
        split_from = conn.scalar(text("SELECT split_from_id FROM claims WHERE id = 6"))
    [(okafor, okafor_name, person), (council, _, organisation)] = records
    assert (okafor_name, person, organisation) == ("Linda Okafor", "person", "organisation")
    assert names == {"linda okafor": okafor, "riverton city council": council}
    assert claims == {1: okafor, 2: okafor, 3: okafor, 4: council, 5: None, 6: council}
    assert (statuses[4], split_from) == ("split", 4)

    migrate.downgrade(empty_engine, "0017")
    with empty_engine.connect() as conn:
        kept = dict(conn.execute(text("SELECT id, claimant FROM claims")).all())
        status = conn.scalar(text("SELECT status FROM claims WHERE id = 4"))
    assert kept[2] == "linda  OKAFOR" and kept[4] == "Riverton City Council"
    assert status == "rejected"
    migrate.upgrade(empty_engine)


def test_a_database_with_articles_and_claims_goes_down_and_up_again_keeping_them(
    empty_engine: Engine,  # noqa: F811
) -> None:
    # SQLite alters a table by copying it; with foreign keys on, dropping the old "articles"
    # under its claims failed: a SQLite database with articles could not be upgraded past
    # 0032, nor downgraded past a revision that changes a referenced table.
    migrate.upgrade(empty_engine, "0017")
    _before(empty_engine)
    migrate.upgrade(empty_engine)
    migrate.downgrade(empty_engine, "0029")
    migrate.upgrade(empty_engine)
    with empty_engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM claims WHERE article_id = 1")) == 6
        assert conn.scalar(text("SELECT count(*) FROM conflicts")) == 1
        assert conn.scalar(text("SELECT title FROM articles WHERE id = 1")) == "t"
    assert migrate.current_revision(empty_engine) == migrate.head_revision(empty_engine)
