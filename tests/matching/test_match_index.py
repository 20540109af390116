"""The match index in the database: imports and publishing keep it current, searches read it.

Runs on the suite's database (SQLite by default, PostgreSQL with
FACTCHECK_TEST_DATABASE_URL), so the FTS5 and the tsvector first stages are both covered.
The archive below is written for these tests (no text from the research data sets).
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from factcheck.domain import archive, earlier_checks, match_index, match_search
from factcheck.domain.match_search import Scope
from factcheck.matching import ScoringParams
from factcheck.matching.embedding import Vectors
from factcheck.models import ArchiveEntry, MatchEntry, MatchTerm, MatchTotals, User
from tests.publishing_helpers import publish_one

ARCHIVE = {
    "fc-deaths": (
        "Joe Biden claimed that five hundred people died after the storm.",
        "Did Biden claim that five hundred people died?",
    ),
    "fc-straws": (
        "A new state law bans paper straws in restaurants.",
        "Are paper straws banned in restaurants?",
    ),
    "fc-wages": (
        "The minimum wage has not risen in 12 years.",
        "Has the minimum wage been frozen for a decade?",
    ),
    "fc-vaccine": (
        "The COVID-19 vaccine contains a tracking microchip.",
        "Do COVID vaccines contain microchips?",
    ),
    "fc-jobs": ("The governor created 1,500 manufacturing jobs last year.", None),
    "fc-taxes": (
        "Unemployment fell to 5 percent under the mayor.",
        "Did unemployment fall to 5% under the mayor?",
    ),
}


def jsonl(entries: dict[str, tuple[str, str | None]], outlet: str = "Test Checks") -> str:
    return "\n".join(
        json.dumps({"id": key, "claim": claim, "title": title, "outlet": outlet})
        for key, (claim, title) in entries.items()
    )


def load(session: Session, entries: dict[str, tuple[str, str | None]] = ARCHIVE) -> None:
    archive.import_entries(session, jsonl(entries), None)
    session.flush()


def found(session: Session, text_: str, k: int = 10, **options: object) -> list[str]:
    suggestions = earlier_checks.suggest(session, text_, own_outlet="Us", limit=k, **options)  # type: ignore[arg-type]
    return [s.external_id for s in suggestions]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Joe Biden said 500 people died", "fc-deaths"),
        ("They're banning #PaperStraws at restaurants!! https://t.co/x1 @CityDesk", "fc-straws"),
        ("the min wage hasn't gone up in twelve years", "fc-wages"),
        ("#COVIDVaccine has a microchip in it to track you", "fc-vaccine"),
        ("Governor made 1500 new manufacturing jobs", "fc-jobs"),
        ("unemployment dropped to five per cent under our mayor", "fc-taxes"),
    ],
)
def test_reworded_claim_finds_its_fact_check_first(
    db_session: Session, query: str, expected: str
) -> None:
    load(db_session)
    assert found(db_session, query)[0] == expected


def test_nothing_is_found_in_an_empty_archive_or_for_an_empty_query(db_session: Session) -> None:
    assert found(db_session, "paper straws") == []
    load(db_session)
    for query in ["", "   ", "the and of it", "https://t.co/abc #the @it", "zebra xylophone"]:
        assert found(db_session, query) == []
    assert found(db_session, "paper straws", k=0) == []


def test_an_import_is_searchable_at_once_and_a_reimport_replaces_the_text(
    db_session: Session,
) -> None:
    load(db_session)
    assert found(db_session, "volcano erupted in Iceland") == []
    load(db_session, {"fc-volcano": ("A volcano erupted in Iceland this week.", None)})
    assert found(db_session, "volcano erupted in Iceland") == ["fc-volcano"]
    load(db_session, {"fc-straws": ("The city council banned plastic bags.", None)})
    assert found(db_session, "plastic bags banned by the council")[0] == "fc-straws"
    assert "fc-straws" not in found(db_session, "paper straws restaurants")
    assert db_session.scalar(select(func.count()).select_from(MatchEntry)) == len(ARCHIVE) + 1


def test_the_counts_stay_those_of_the_indexed_rows(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    load(db_session)
    load(db_session, {"fc-straws": ("Paper straws were banned in 2019.", "Straws banned?")})
    article, _claim = publish_one(db_session, editor, editor2, checker)
    from factcheck.domain import publishing

    publishing.withdraw_article(db_session, article, editor, reason="Wrong tunnel.")
    publishing.publish_article(db_session, article, editor, context=_context(), republish=True)
    db_session.flush()
    rows = db_session.execute(select(MatchEntry.claim_terms, MatchEntry.title_terms)).all()
    expected: Counter[str] = Counter()
    for claim_terms, title_terms in rows:
        expected.update(set(claim_terms.split()) | set(title_terms.split()))
    stored = dict(db_session.execute(select(MatchTerm.term, MatchTerm.entries)).tuples().all())
    assert stored == dict(expected)
    totals = db_session.get(MatchTotals, 1)
    assert totals is not None
    assert totals.entries == len(rows) == len(ARCHIVE) + 1
    assert totals.claim_terms == sum(len(c.split()) for c, _ in rows)
    assert totals.title_terms == sum(len(t.split()) for _, t in rows)


def _context():  # type: ignore[no-untyped-def]
    from tests.publishing_helpers import CONTEXT

    return CONTEXT


def test_a_withdrawn_claim_is_no_longer_found(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    from factcheck.domain import publishing

    article, claim = publish_one(db_session, editor, editor2, checker)
    tunnel = "the harbour tunnel carried 52,000 vehicles a day"
    assert found(db_session, tunnel) == [str(claim.id)]
    assert found(db_session, tunnel, include_ours=False) == []  # reader search: others only
    publishing.withdraw_article(db_session, article, editor, reason="Wrong tunnel.")
    assert found(db_session, tunnel) == []


def test_a_term_in_more_entries_weighs_less(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Lexical scores only: the fusion rescales BM25 to the query's best hit.
    monkeypatch.setattr(earlier_checks, "PARAMS", ScoringParams(embedding_weight=0.0))
    load(db_session, {"a": ("Sharks were seen at the beach.", None), "b": ("A bridge fell.", None)})
    before = earlier_checks.search(db_session, "sharks", k=1)[0].score
    load(db_session, {f"shark-{i}": (f"Sharks story number {i}.", None) for i in range(5)})
    assert found(db_session, "sharks at the beach")[0] == "a"
    assert earlier_checks.search(db_session, "sharks", k=10)[0].score < before


def test_a_search_embeds_the_query_only(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(db_session)
    embedded: list[str] = []

    class Counting:
        def embed(self, texts: list[str]) -> Vectors:
            embedded.extend(texts)
            return np.zeros((len(texts), 256), dtype=np.float32)

    monkeypatch.setattr(earlier_checks, "default_embedder", Counting)
    earlier_checks.search(db_session, "Joe Biden said 500 people died", k=5)
    assert embedded == ["Joe Biden said 500 people died"]


def test_a_common_word_alone_does_not_make_a_candidate_in_a_large_archive(
    db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(
        db_session,
        {
            "rare": ("The zeppelin landed in the park.", None),
            "two-common": ("The mayor said the park is closed.", None),
            "one-common": ("The mayor opened a library.", None),
        },
    )
    # As in an archive where "mayor" and "park" are in tens of thousands of entries.
    monkeypatch.setattr(match_search, "CANDIDATE_BUDGET", 1)
    result = found(db_session, "the mayor says a zeppelin landed in the park")
    assert set(result) == {"rare", "two-common"}


def test_backfill_indexes_what_an_older_release_left_unindexed(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    load(db_session)
    _article, claim = publish_one(db_session, editor, editor2, checker)
    # As before migration 0011: entries and published claims, no match index.
    if db_session.get_bind().dialect.name == "sqlite":
        db_session.execute(text("DELETE FROM match_fts"))
    db_session.execute(delete(MatchEntry))
    db_session.execute(delete(MatchTerm))
    db_session.execute(
        text("UPDATE match_totals SET entries = 0, claim_terms = 0, title_terms = 0")
    )
    assert found(db_session, "Joe Biden said 500 people died") == []
    assert match_index.unindexed_count(db_session) == len(ARCHIVE) + 1
    batches: list[int] = []
    done = match_index.backfill(db_session, batch=4, on_batch=lambda _s, n: batches.append(n))
    assert done == len(ARCHIVE) + 1 and batches == [4, 2, 1]
    assert match_index.unindexed_count(db_session) == 0
    assert found(db_session, "Joe Biden said 500 people died")[0] == "fc-deaths"
    assert found(db_session, "the harbour tunnel carried 52,000 vehicles") == [str(claim.id)]


def test_init_db_reports_the_backfill(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from factcheck import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/old.sqlite3", "TESTING": True})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    path = tmp_path / "checks.jsonl"
    path.write_text(jsonl(ARCHIVE), encoding="utf-8")
    assert runner.invoke(args=["import-factchecks", str(path)]).exit_code == 0
    database = app.extensions["factcheck.db"]
    with database.engine.begin() as conn:  # as an older release left it
        conn.execute(text("DELETE FROM match_fts"))
        conn.execute(text("DELETE FROM match_entries"))
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert f"Indexed {len(ARCHIVE)} fact-checks for matching." in result.output
    again = runner.invoke(args=["init-db"])
    assert "Indexed" not in again.output
    database.engine.dispose()


def test_an_archive_entry_is_described_with_its_outlet(db_session: Session, app: Flask) -> None:
    load(db_session)
    [first] = earlier_checks.suggest(db_session, "Joe Biden said 500 people died", own_outlet="Us",
                               limit=1)  # fmt: skip
    entry = db_session.scalars(
        select(ArchiveEntry).where(ArchiveEntry.external_id == "fc-deaths")
    ).one()
    assert (first.key, first.outlet, first.ours) == (f"archive:{entry.id}", "Test Checks", False)
    assert first.reasons is not None and "500" in first.reasons.numbers
    assert 0 < first.confidence <= 1


def test_scope_leaves_out_our_claims_of_one_article(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    tunnel = "the harbour tunnel carried 52,000 vehicles a day"
    keys = [m.entry_id for m in earlier_checks.search(db_session, tunnel)]
    assert keys == [f"claim:{claim.id}"]
    assert earlier_checks.search(db_session, tunnel, scope=Scope(exclude_article=article.id)) == []


def test_terms_of_any_script_are_searched_safely(db_session: Session) -> None:
    load(db_session, {"digits": ("\u0663 people died in the storm.", None)})
    assert found(db_session, "\u0663 people died; O'Brien said \"storm\" -- 'quoted' & | !")[0] == (
        "digits"
    )
