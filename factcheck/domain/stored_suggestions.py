"""Earlier fact-checks of an article's claims, found by a job and stored for the desk.

The article page used to search the archive for every claim on every render. Now a change to
the article's claims (the article coming in; a claim promoted, reworded, split or merged)
calls :func:`request`, which queues the find_earlier_checks job for after the commit; the job
searches (:func:`search`, reading only) and keeps the best matches of each claim
(:func:`store`); the page reads them (:func:`for_article`). While a search is asked for and
not yet answered the page says so and a script asks :func:`for_article` again until it is.

What is stored is the match (entry, score, confidence, shared terms); who published the
fact-check and its rating are read when the page is shown, and dismissals and links made
since the search still hide a suggestion. Articles from before suggestions were stored (no
state row) are searched live, as before.

A claim matched by another date (its own date or its article's publication date edited)
asks again too (:func:`request_if_redated`): a fact-check dated after the claim was made
cannot be its check, and recency weighs in every match.

When the archive itself changes (fact-checks imported, our own claims published),
:func:`request_refresh` queues one refresh_earlier_checks job after the commit, which asks
again for the search of every recent article with a claim still on the desk
(:func:`refresh_open_articles`); published and rejected work is left as it was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import earlier_checks
from factcheck.domain.errors import Conflict, GaveUp, NotFound
from factcheck.jobs.outbox import enqueue_after_commit, pending
from factcheck.matching import Match, Reasons
from factcheck.models import Article, ArticleMatchState, Claim, ClaimStatus, ClaimSuggestion

JOB = "find_earlier_checks"
REFRESH_JOB = "refresh_earlier_checks"
# Claims whose work an earlier fact-check found now can still change.
ON_THE_DESK = (
    ClaimStatus.CANDIDATE,
    ClaimStatus.QUEUED,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.SUBMITTED,
    ClaimStatus.RETURNED,
    ClaimStatus.APPROVED,
)
# An article's work is done within weeks; older ones still on the desk were left behind, and
# their claim pages search live anyway. The bound keeps a refresh's cost to recent work.
REFRESH_WINDOW = dt.timedelta(days=90)
# Matches kept per claim: the page shows the best one left after dismissals.
KEPT = 3


def request(session: Session, article_id: int) -> None:
    """Ask for a new search of the article's claims (the job runs after the commit)."""
    state = session.get(ArticleMatchState, article_id)
    if state is None:
        session.add(ArticleMatchState(article_id=article_id, requested=1, answered=0))
    else:
        state.requested = ArticleMatchState.requested + 1
        state.requested_at = clock.now()
    _queue(session, [article_id])
    session.flush()


def matching_dates(claims: Sequence[Claim]) -> tuple[dt.date, ...]:
    """The date each claim is matched by (earlier_checks.made_on): its own, else its
    article's publication date, else the day the article came in."""
    return tuple(earlier_checks.made_on(claim) for claim in claims)


def request_if_redated(
    session: Session, article_id: int, claims: Sequence[Claim], before: tuple[dt.date, ...]
) -> None:
    """Ask for a new search when an edit moved the date of any of `claims` (``before`` is
    their :func:`matching_dates` from before the edit)."""
    if matching_dates(claims) != before:
        request(session, article_id)


def _queue(session: Session, article_ids: Sequence[int]) -> None:
    """The search job of each article, after the commit, unless already queued."""
    queued = pending(session)  # a list: some jobs' arguments are lists, unhashable
    for article_id in article_ids:
        if (JOB, (article_id,)) not in queued:
            enqueue_after_commit(session, JOB, article_id)


def request_refresh(session: Session) -> None:
    """The archive changed: after the commit, look again for the earlier fact-checks of every
    article still on the desk (one job however many changes the transaction made)."""
    if (REFRESH_JOB, ()) not in pending(session):
        enqueue_after_commit(session, REFRESH_JOB)


def refresh_open_articles(session: Session) -> int:
    """Ask again for the search of each article of the last REFRESH_WINDOW whose suggestions
    are stored and which has a claim still on the desk; return how many were asked for."""
    article_ids = session.scalars(
        select(Claim.article_id)
        .join(ArticleMatchState, ArticleMatchState.article_id == Claim.article_id)
        .join(Article, Article.id == Claim.article_id)
        .where(
            Claim.status.in_(ON_THE_DESK),
            Article.created_at >= clock.now() - REFRESH_WINDOW,
        )
        .distinct()
        .order_by(Claim.article_id)
    ).all()
    if article_ids:
        # One statement for all of them (each has its state row: the join above).
        session.execute(
            update(ArticleMatchState)
            .where(ArticleMatchState.article_id.in_(article_ids))
            .values(requested=ArticleMatchState.requested + 1, requested_at=clock.now())
        )
        _queue(session, article_ids)
    return len(article_ids)


@dataclass(frozen=True)
class Search:
    """What one run of the job found: the request it answers and each claim's matches."""

    article_id: int
    answers: int
    matches: dict[int, list[Match]] = field(default_factory=dict)


def search(session: Session, article_id: int) -> Search | None:
    """Search the earlier fact-checks of the article's claims; None when the stored ones
    already answer the latest request (a job run twice does nothing the second time)."""
    state = session.get(ArticleMatchState, article_id)
    # A search that gave up is still searched when asked (an admin's "run again").
    if state is None or not state.unanswered:
        return None
    claims = list(session.scalars(select(Claim).where(Claim.article_id == article_id)))
    found = earlier_checks.matches_for_claims(session, claims, limit=KEPT)
    return Search(article_id, state.requested, found)


def store(session: Session, found: Search) -> None:
    """Replace the article's stored suggestions with what the search found. A request made
    meanwhile keeps the article pending: its own job runs next."""
    # Runs for one article store one at a time (the worker has several threads, and on
    # PostgreSQL two runs both deleted, then both inserted the same ranks); one that finds its
    # request answered meanwhile, by the same search, leaves it.
    answered = session.scalar(
        select(ArticleMatchState.answered)
        .where(ArticleMatchState.article_id == found.article_id)
        .with_for_update()
    )
    if answered is not None and answered >= found.answers:
        return
    claim_ids = list(found.matches)
    if claim_ids:
        session.execute(delete(ClaimSuggestion).where(ClaimSuggestion.claim_id.in_(claim_ids)))
    rows = [
        {
            "claim_id": claim_id,
            "rank": rank,
            "entry_key": match.entry_id,
            "score": match.score,
            "confidence": match.confidence,
            "shared_terms": " ".join(match.shared_terms),
        }
        for claim_id, matches in found.matches.items()
        for rank, match in enumerate(matches)
    ]
    if rows:
        session.execute(insert(ClaimSuggestion), rows)
    session.execute(
        update(ArticleMatchState)
        .where(
            ArticleMatchState.article_id == found.article_id,
            ArticleMatchState.answered < found.answers,
        )
        .values(answered=found.answers, answered_at=clock.now())
    )
    session.flush()


def gave_up(session: Session, article_id: int) -> None:
    """find_earlier_checks failed on every try: the article's page says the search failed and
    offers to search again, and resume_lost_jobs no longer asks for it every ten minutes.
    What an earlier search stored stays shown."""
    session.execute(
        update(ArticleMatchState)
        .where(
            ArticleMatchState.article_id == article_id,
            ArticleMatchState.answered < ArticleMatchState.requested,
        )
        .values(given_up=ArticleMatchState.requested)
    )
    session.flush()


def search_again(session: Session, article_id: int) -> None:
    """Ask again for a search that gave up (the article page's "Search again")."""
    if session.get(Article, article_id) is None:
        raise NotFound(f"There is no article #{article_id}.")
    state = session.get(ArticleMatchState, article_id)
    if state is None or not state.failed:
        raise Conflict("Only a search for earlier fact-checks that failed can be tried again.")
    request(session, article_id)


FAILED_NOTICE = GaveUp("look for earlier fact-checks of these claims").message


@dataclass(frozen=True)
class _Stored:
    """A stored match, as earlier_checks.describe reads it."""

    entry_id: str
    score: float
    shared_terms: tuple[str, ...]
    confidence: float
    reasons: Reasons | None = None


@dataclass(frozen=True)
class ArticleSuggestions:
    """The suggestions the article page shows, and whether a search is still running (or
    failed: then ``notice`` says so, and the page offers to search again)."""

    pending: bool
    by_claim: dict[int, list[earlier_checks.Suggestion]]
    found_at: dt.datetime | None = None
    notice: str | None = None


def for_article(
    session: Session,
    article_id: int,
    claims: Sequence[Claim],
    *,
    own_outlet: str,
    limit: int = 1,
) -> ArticleSuggestions:
    """Each claim's stored suggestions, best first, without those dismissed or linked since."""
    state = session.get(ArticleMatchState, article_id)
    if state is None:  # an article from before suggestions were stored: searched live
        live = earlier_checks.suggestions_for_claims(
            session, list(claims), own_outlet=own_outlet, limit=limit
        )
        return ArticleSuggestions(False, live)
    by_claim: dict[int, list[earlier_checks.Suggestion]] = {claim.id: [] for claim in claims}
    if by_claim:
        left_out = earlier_checks.hidden(session, claims)
        query = (
            select(ClaimSuggestion)
            .where(ClaimSuggestion.claim_id.in_(list(by_claim)))
            .order_by(ClaimSuggestion.claim_id, ClaimSuggestion.rank)
        )
        kept: dict[int, list[_Stored]] = {claim_id: [] for claim_id in by_claim}
        for row in session.scalars(query):
            if row.entry_key not in left_out[row.claim_id] and len(kept[row.claim_id]) < limit:
                kept[row.claim_id].append(
                    _Stored(
                        row.entry_key, row.score, tuple(row.shared_terms.split()), row.confidence
                    )
                )
        # Who published each fact-check, read once for all claims; then each claim's scores.
        entries = {s.entry_id: s for stored in kept.values() for s in stored}
        described = {
            suggestion.key: suggestion
            for suggestion in earlier_checks.describe(session, list(entries.values()), own_outlet)
        }
        for claim_id, stored in kept.items():
            by_claim[claim_id] = [
                replace(
                    described[s.entry_id],
                    score=s.score,
                    shared_terms=s.shared_terms,
                    confidence=s.confidence,
                )
                for s in stored
                if s.entry_id in described
            ]
    notice = FAILED_NOTICE if state.failed else None
    return ArticleSuggestions(state.pending, by_claim, state.answered_at, notice)
