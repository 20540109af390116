"""Migration 0028 fills each existing scale version's worst and best ordinal from the
history the database still holds: ratings added in a later version and ratings retired
before a version do not count in it."""

from __future__ import annotations

from sqlalchemy import Engine, text

from factcheck import migrate
from tests.test_migrations import empty_engine  # noqa: F401  (the fixture)


def _history(engine: Engine) -> None:
    """After the seeded scale (version 1): "Satire" added at the top (version 2), then the
    lowest seeded rating retired in favour of "Made up" (version 3)."""
    with engine.begin() as conn:
        conn.execute(text("UPDATE scale_versions SET created_at = '2026-01-01 09:00:00'"))
        lowest = conn.execute(
            text("SELECT id, label, ordinal FROM ratings ORDER BY ordinal LIMIT 1")
        ).one()
        top = conn.scalar(text("SELECT max(ordinal) FROM ratings"))
        conn.execute(
            text(
                "INSERT INTO ratings (slug, label, ordinal, description, colour)"
                " VALUES ('satire', 'Satire', :ordinal, 'A joke.', '#555555')"
            ),
            {"ordinal": top + 5},
        )
        conn.execute(
            text(
                "INSERT INTO scale_versions (id, note, created_at) VALUES"
                " (2, 'added “Satire”', '2026-02-01 09:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO ratings (slug, label, ordinal, description, colour)"
                " VALUES ('made-up', 'Made up', :ordinal, 'Invented.', '#555555')"
            ),
            {"ordinal": lowest.ordinal + 1},
        )
        conn.execute(
            text("UPDATE ratings SET retired_at = '2026-03-01 09:00:00' WHERE id = :id"),
            {"id": lowest.id},
        )
        conn.execute(
            text(
                "INSERT INTO scale_versions (id, note, created_at) VALUES"
                " (3, :note, '2026-03-01 09:00:01')"
            ),
            {"note": f"added “Made up” in place of “{lowest.label}”"},
        )


def test_existing_versions_get_the_bounds_of_the_ratings_they_held(
    empty_engine: Engine,  # noqa: F811
) -> None:
    migrate.upgrade(empty_engine, "0027")
    with empty_engine.connect() as conn:
        seeded = sorted(conn.execute(text("SELECT ordinal FROM ratings")).scalars())
    _history(empty_engine)
    migrate.upgrade(empty_engine, "0028")
    with empty_engine.connect() as conn:
        bounds = conn.execute(
            text("SELECT id, worst_ordinal, best_ordinal FROM scale_versions ORDER BY id")
        ).all()
    assert [tuple(row) for row in bounds] == [
        (1, seeded[0], seeded[-1]),
        (2, seeded[0], seeded[-1] + 5),
        (3, seeded[0] + 1, seeded[-1] + 5),
    ]
