"""'Has this been checked before?': the archive index kept in step with the database.

Each process keeps one MatchIndex per database. Before every use it adds what arrived
since it last looked (imported fact-checks, our own published claims) and removes what
was withdrawn, so the index is updated as entries arrive and never rebuilt per query.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from factcheck import clock
from factcheck.domain import workflow
from factcheck.domain.claimreview_jsonld import claim_date
from factcheck.domain.errors import InvalidInput, NotFound
from factcheck.matching import Match, MatchIndex
from factcheck.models import (
    ArchiveEntry,
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Event,
    User,
)

ARCHIVE = "archive:"
OURS = "claim:"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# A transaction may commit a row stamped a little before rows we already saw. Such rows
# are at most a few seconds old, so each refresh also reads rows stamped in the last
# LOOKBACK (skipping what is indexed with the same stamp), and never older ones again.
LOOKBACK = dt.timedelta(seconds=10)


def _since(seen: dt.datetime) -> dt.datetime:
    return min(seen, clock.now() - LOOKBACK)


@dataclass
class _State:
    index: MatchIndex = field(default_factory=MatchIndex)
    archive_seen: dt.datetime = EPOCH
    claims_seen: dt.datetime = EPOCH
    articles_seen: dt.datetime = EPOCH
    stamps: dict[str, dt.datetime] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def put(
        self, key: str, stamp: dt.datetime, claim: str, title: str | None, day: dt.date | None
    ) -> None:
        if self.stamps.get(key) != stamp:
            self.index.add(key, claim, title, date=day)
            self.stamps[key] = stamp

    def drop(self, key: str) -> None:
        self.index.remove(key)
        self.stamps.pop(key, None)


_states: dict[str, _State] = {}
_states_lock = threading.Lock()


def _state(session: Session, kind: str) -> _State:
    key = f"{session.get_bind().engine.url}|{kind}"
    with _states_lock:
        return _states.setdefault(key, _State())


def forget(session: Session) -> None:
    """Drop this database's indexes (tests that start from an empty database)."""
    with _states_lock:
        for kind in ("all", "archive"):
            _states.pop(f"{session.get_bind().engine.url}|{kind}", None)


def refresh(session: Session, *, include_ours: bool = True) -> MatchIndex:
    """Bring the index up to date with the database and return it.

    Readers' search needs only other outlets' fact-checks: its index leaves ours out,
    which keeps it small and quick to build in each worker.
    """
    state = _state(session, "all" if include_ours else "archive")
    with state.lock:
        _add_archive(session, state)
        if include_ours:
            _add_our_claims(session, state)
            _drop_withdrawn(session, state)
    return state.index


def _add_archive(session: Session, state: _State) -> None:
    since = _since(state.archive_seen)
    query = select(
        ArchiveEntry.id,
        ArchiveEntry.imported_at,
        ArchiveEntry.claim,
        ArchiveEntry.title,
        ArchiveEntry.published_on,
    ).where(ArchiveEntry.imported_at > since)
    for entry_id, stamp, claim, title, day in session.execute(query):
        state.put(f"{ARCHIVE}{entry_id}", stamp, claim, title, day)
        state.archive_seen = max(state.archive_seen, stamp)


def _add_our_claims(session: Session, state: _State) -> None:
    query = (
        select(Claim)
        .join(Claim.article)
        .options(contains_eager(Claim.article))  # its title and date are indexed too
        .where(
            Claim.status == ClaimStatus.PUBLISHED,
            Article.status == ArticleStatus.PUBLISHED,
            Claim.updated_at > _since(state.claims_seen),
        )
    )
    for claim in session.scalars(query):
        state.put(
            f"{OURS}{claim.id}", claim.updated_at, claim.text, claim.article.title, made_on(claim)
        )
        state.claims_seen = max(state.claims_seen, claim.updated_at)


def _drop_withdrawn(session: Session, state: _State) -> None:
    query = select(Article).where(
        Article.status == ArticleStatus.WITHDRAWN,
        Article.updated_at > _since(state.articles_seen),
    )
    for article in session.scalars(query):
        for claim in article.claims:
            state.drop(f"{OURS}{claim.id}")
        state.articles_seen = max(state.articles_seen, article.updated_at)


@dataclass(frozen=True)
class Suggestion:
    """One possible earlier fact-check of a claim, with who published it."""

    key: str
    score: float
    shared_terms: tuple[str, ...]
    claim: str
    outlet: str
    rating: str | None
    url: str | None
    external_id: str
    ours: bool
    # When the checked claim was made (or, failing that, checked), if known.
    date: dt.date | None = None


def _describe(session: Session, match: Match, own_outlet: str) -> Suggestion | None:
    if match.entry_id.startswith(ARCHIVE):
        entry = session.get(ArchiveEntry, int(match.entry_id.removeprefix(ARCHIVE)))
        if entry is None:
            return None
        return Suggestion(
            match.entry_id,
            match.score,
            match.shared_terms,
            entry.claim,
            entry.outlet,
            entry.rating,
            entry.url,
            entry.external_id,
            False,
            entry.published_on,
        )
    claim = session.get(Claim, int(match.entry_id.removeprefix(OURS)))
    if claim is None or claim.published_verdict is None:
        return None
    return Suggestion(
        match.entry_id,
        match.score,
        match.shared_terms,
        claim.text,
        own_outlet,
        claim.published_verdict.rating.label,
        None,
        str(claim.id),
        True,
        claim_date(claim, claim.article),
    )


def made_on(claim: Claim) -> dt.date:
    """When a claim was made, for matching: its own date, else its article's publication
    date, else the day the desk received the article (articles are mostly about the news)."""
    return claim_date(claim, claim.article) or claim.article.created_at.date()


def suggest(
    session: Session,
    text: str,
    *,
    own_outlet: str,
    limit: int = 5,
    exclude: str | None = None,
    include_ours: bool = True,
    made: dt.date | None = None,
) -> list[Suggestion]:
    """The fact-checks most like `text` (a claim made on `made`, if known), best first."""
    index = refresh(session, include_ours=include_ours)
    return _found(session, index, text, own_outlet, limit, hidden={exclude} - {None}, made=made)


def _found(
    session: Session,
    index: MatchIndex,
    text: str,
    own_outlet: str,
    limit: int,
    *,
    hidden: set[str | None],
    min_shared: int = 0,
    made: dt.date | None = None,
) -> list[Suggestion]:
    found = []
    for match in index.search(text, k=limit + len(hidden) + 1, date=made):
        if match.entry_id in hidden or len(match.shared_terms) < min_shared:
            continue
        suggestion = _describe(session, match, own_outlet)
        if suggestion is not None:
            found.append(suggestion)
    return found[:limit]


# In the workflow --------------------------------------------------------------------------

MIN_SHARED_TERMS = 2  # one shared word is a coincidence, not a match


def dismissed(session: Session, claim: Claim) -> set[str]:
    """Suggestions an editor dismissed for this claim (kept in the audit trail)."""
    return _dismissed(session, [claim.id]).get(claim.id, set())


def _dismissed(session: Session, claim_ids: list[int]) -> dict[int, set[str]]:
    query = select(Event.entity_id, Event.note).where(
        Event.entity_type == "claim",
        Event.entity_id.in_(claim_ids),
        Event.action == "dismiss_match",
    )
    hidden: dict[int, set[str]] = {}
    for claim_id, note in session.execute(query):
        if note:
            hidden.setdefault(claim_id, set()).add(note)
    return hidden


def suggestions_for(
    session: Session, claim: Claim, *, own_outlet: str, limit: int = 3
) -> list[Suggestion]:
    """'Possibly already checked': the best earlier fact-checks not dismissed or linked."""
    return suggestions_for_claims(session, [claim], own_outlet=own_outlet, limit=limit)[claim.id]


def suggestions_for_claims(
    session: Session, claims: list[Claim], *, own_outlet: str, limit: int = 3
) -> dict[int, list[Suggestion]]:
    """The same for many claims at once: one refresh of the index, one query for dismissals."""
    if not claims:
        return {}
    index = refresh(session)
    dismissals = _dismissed(session, [claim.id for claim in claims])
    result = {}
    for claim in claims:
        hidden: set[str | None] = {f"{OURS}{claim.id}", *dismissals.get(claim.id, set())}
        if claim.linked_entry_id is not None:
            hidden.add(f"{ARCHIVE}{claim.linked_entry_id}")
        result[claim.id] = _found(
            session,
            index,
            claim.text,
            own_outlet,
            limit,
            hidden=hidden,
            min_shared=MIN_SHARED_TERMS,
            made=made_on(claim),
        )
    return result


def link(session: Session, claim: Claim, actor: User, entry_id: int) -> ArchiveEntry:
    """Link the claim to another outlet's fact-check, crediting that outlet."""
    entry = session.get(ArchiveEntry, entry_id)
    if entry is None:
        raise NotFound(f"There is no archived fact-check #{entry_id}.")
    rating = entry.rating or "no rating given"
    workflow.transition(
        session,
        claim,
        workflow.Action.LINK_MATCH,
        actor,
        note=f"{ARCHIVE}{entry.id}: {entry.outlet}, {rating}",
    )
    claim.linked_entry_id = entry.id
    workflow.flush_claim(session, claim)
    return entry


def dismiss(session: Session, claim: Claim, actor: User, key: str) -> None:
    """Record that a suggestion does not match (it is not shown for this claim again)."""
    if not key.startswith((ARCHIVE, OURS)):
        raise InvalidInput("Not a suggestion of this desk.", field="key")
    workflow.transition(session, claim, workflow.Action.DISMISS_MATCH, actor, note=key)
