"""Two runs of find_earlier_checks for one article at the same moment (the article came in
and a claim was accepted straight after; the worker runs jobs on several threads): on
PostgreSQL both deleted the claims' stored suggestions, then both inserted theirs, and the
second failed on the unique (claim, rank) with a traceback in the worker's log."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from factcheck.domain import stored_suggestions
from factcheck.matching import Match, Reasons
from factcheck.models import ArticleMatchState, Claim, ClaimSuggestion
from tests.test_write_lock import Desk, desk

__all__ = ["desk"]  # the app on a real engine: each session its own connection

REASONS = Reasons(
    phrases=(), numbers=(), words=(), shared_terms=("flood",), coverage=0.5, entry_coverage=0.5
)


def test_two_runs_storing_one_articles_suggestions_at_once_both_succeed(desk: Desk) -> None:
    factory = desk.app.extensions["factcheck.db"].factory
    with factory() as session:
        claim = session.get(Claim, desk.claim_id)
        assert claim is not None
        article_id = claim.article_id
        state = session.get(ArticleMatchState, article_id)
        assert state is not None and state.unanswered
        found = stored_suggestions.Search(
            article_id,
            state.requested,
            {desk.claim_id: [Match("archive:1", 2.0, ("flood",), REASONS, confidence=0.5)]},
        )
    errors: list[BaseException] = []
    first_stored = threading.Event()

    def second_run() -> None:
        first_stored.wait(5)
        try:
            with factory() as session:
                stored_suggestions.store(session, found)
                session.commit()
        except BaseException as error:  # what the worker's log showed
            errors.append(error)

    runner = threading.Thread(target=second_run)
    runner.start()
    with factory() as session:
        stored_suggestions.store(session, found)
        first_stored.set()
        runner.join(1)  # the second run waits for this one's commit
        session.commit()
    runner.join(10)
    assert errors == []
    with factory() as session:
        count = select(func.count()).where(ClaimSuggestion.claim_id == desk.claim_id)
        assert session.scalar(count) == 1
        state = session.get(ArticleMatchState, article_id)
        assert state is not None and not state.unanswered
