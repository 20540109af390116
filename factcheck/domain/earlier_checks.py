"""'Has this been checked before?': earlier fact-checks of a claim, from the database.

The database's full-text index finds the candidates (match_search); factcheck.matching ranks
them with the embeddings stored with each entry and explains each match. Nothing is built
or cached per worker beyond the embedding model (~16 MB, loaded once per process), so every
worker answers from its first request on, whatever the archive's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.domain import after_publication, match_index, match_search, workflow
from factcheck.domain.claimreview_jsonld import claim_date
from factcheck.domain.errors import InvalidInput, NotFound
from factcheck.domain.match_index import ARCHIVE, OURS, claim_source, made_on
from factcheck.domain.match_search import Scope
from factcheck.matching import Match, Query, Reasons, ScoringParams, rank, terms_and_words
from factcheck.matching.embedding import default_embedder
from factcheck.matching.explain import LIKELY, WEAK
from factcheck.models import ArchiveEntry, Claim, ClaimStatus, Event, User

__all__ = ["ARCHIVE", "OURS", "Suggestion", "made_on", "suggest", "suggestions_for_claims"]

PARAMS = ScoringParams()


def search(
    session: Session,
    text: str,
    *,
    k: int = 10,
    made: dt.date | None = None,
    scope: Scope = match_search.EVERYWHERE,
    hidden: frozenset[str] = frozenset(),
) -> list[Match]:
    """The entries most like ``text`` (a claim made on ``made``, if known), best first."""
    terms = tuple((stem, word) for stem, word in terms_and_words(text)
                  if len(stem) <= match_index.MAX_TERM_LENGTH)  # fmt: skip
    if k <= 0 or not terms:
        return []
    stems = [stem for stem, _ in terms]
    collection = match_search.collection(session, stems)
    if not collection.entries:
        return []  # a new desk's empty archive needs no query embedding
    # Twice the fusion's depth: the database's order is close to, not exactly, BM25F's.
    first_stage = 2 * PARAMS.rerank_depth + len(hidden)
    found = match_search.candidates(
        session, stems, collection, limit=first_stage, scope=scope, params=PARAMS
    )
    found = [c for c in found if c.entry_id not in hidden]
    if not found:
        return []
    vector = default_embedder().embed([text])[0] if PARAMS.embedding_weight else None
    query = Query(terms, vector, made.toordinal() if made is not None else None)
    return rank(query, found, collection, PARAMS, k)


@dataclass(frozen=True)
class Suggestion:
    """One possible earlier fact-check of a claim, with who published it and why it matched."""

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
    reasons: Reasons | None = None
    # How sure the match is, in [0, 1] (factcheck.matching.explain.confidence).
    confidence: float = 0.0

    @property
    def likely(self) -> bool:
        """Sure enough to say "possibly already checked" (weaker ones go behind "more")."""
        return self.confidence >= LIKELY


def suggest(
    session: Session,
    text: str,
    *,
    own_outlet: str,
    limit: int = 5,
    include_ours: bool = True,
    made: dt.date | None = None,
    min_confidence: float = 0.0,
) -> list[Suggestion]:
    """The fact-checks most like `text` (a claim made on `made`, if known), best first."""
    matches = search(session, text, k=limit, made=made, scope=Scope(archive_only=not include_ours))
    return describe(session, [m for m in matches if m.confidence >= min_confidence], own_outlet)


class Found(Protocol):
    """A match as found now (matching.Match) or as a job stored it (stored_suggestions)."""

    @property
    def entry_id(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def shared_terms(self) -> tuple[str, ...]: ...
    @property
    def reasons(self) -> Reasons | None: ...
    @property
    def confidence(self) -> float: ...


def describe(session: Session, matches: Sequence[Found], own_outlet: str) -> list[Suggestion]:
    """Suggestions for the matches, in order; entries that vanished meanwhile are left out."""
    archive_ids = [_row_id(m.entry_id) for m in matches if m.entry_id.startswith(ARCHIVE)]
    claim_ids = [_row_id(m.entry_id) for m in matches if m.entry_id.startswith(OURS)]
    entries = {}
    if archive_ids:
        entries = {
            e.id: e
            for e in session.scalars(select(ArchiveEntry).where(ArchiveEntry.id.in_(archive_ids)))
        }
    claims = {}
    if claim_ids:
        query = (
            select(Claim)
            .where(Claim.id.in_(claim_ids))
            .options(selectinload(Claim.article), selectinload(Claim.published_verdict))
        )
        claims = {c.id: c for c in session.scalars(query)}
    found = []
    for match in matches:
        if match.entry_id.startswith(ARCHIVE):
            entry = entries.get(_row_id(match.entry_id))
            if entry is not None:
                found.append(_from_archive(match, entry))
        else:
            claim = claims.get(_row_id(match.entry_id))
            if claim is not None and claim.published_verdict is not None:
                found.append(_from_claim(match, claim, own_outlet))
    return found


def _row_id(key: str) -> int:
    return int(key.partition(":")[2])


def _from_archive(match: Found, entry: ArchiveEntry) -> Suggestion:
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
        match.reasons,
        match.confidence,
    )


def _from_claim(match: Found, claim: Claim, own_outlet: str) -> Suggestion:
    assert claim.published_verdict is not None
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
        match.reasons,
        match.confidence,
    )


# Keeping our own published claims in the index ---------------------------------------------


def index_published(session: Session, claims: Sequence[Claim]) -> None:
    """Make published claims findable (again), with their embedding computed now."""
    match_index.put(session, [claim_source(claim) for claim in claims])


def unindex(session: Session, claims: Sequence[Claim]) -> None:
    """Withdrawn claims are no longer suggested."""
    match_index.drop_claims(session, [claim.id for claim in claims])


# In the workflow --------------------------------------------------------------------------


def dismissed(session: Session, claim: Claim) -> set[str]:
    """Suggestions an editor dismissed for this claim (kept in the audit trail)."""
    return _dismissed(session, [claim.id]).get(claim.id, set())


def hidden(session: Session, claims: Sequence[Claim]) -> dict[int, set[str]]:
    """What each claim's suggestions leave out: the claim itself, what an editor dismissed,
    and the fact-check it is linked to."""
    dismissals = _dismissed(session, [claim.id for claim in claims])
    result = {}
    for claim in claims:
        left_out = {f"{OURS}{claim.id}", *dismissals.get(claim.id, set())}
        if claim.linked_entry_id is not None:
            left_out.add(f"{ARCHIVE}{claim.linked_entry_id}")
        result[claim.id] = left_out
    return result


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
    """Earlier fact-checks of this claim, best first: those at least WEAK that were not
    dismissed or linked, never a claim of the same article. `likely` ones are "possibly
    already checked"; the others are shown as weaker matches."""
    return suggestions_for_claims(session, [claim], own_outlet=own_outlet, limit=limit)[claim.id]


def suggestions_for_claims(
    session: Session, claims: list[Claim], *, own_outlet: str, limit: int = 3
) -> dict[int, list[Suggestion]]:
    """The same for many claims at once (one query for the dismissals)."""
    found = matches_for_claims(session, claims, limit=limit)
    return {claim_id: describe(session, shown, own_outlet) for claim_id, shown in found.items()}


def matches_for_claims(
    session: Session, claims: Sequence[Claim], *, limit: int
) -> dict[int, list[Match]]:
    """Each claim's best matches of at least WEAK confidence, leaving out what :func:`hidden`
    says (the search the article page's job runs, and the claim page runs live)."""
    left_out = hidden(session, claims) if claims else {}
    result = {}
    for claim in claims:
        matches = search(
            session,
            claim.text,
            k=limit,
            made=made_on(claim),
            scope=Scope(exclude_article=claim.article_id),
            hidden=frozenset(left_out[claim.id]),
        )
        result[claim.id] = [m for m in matches if m.confidence >= WEAK]
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


def unlink(
    session: Session, claim: Claim, actor: User, *, expected_version: int | None = None
) -> ArchiveEntry:
    """Take back the claim's link to another outlet's fact-check, and its credit. Readers of
    a published claim saw the credit: its corrections log says, dated, that it was removed."""
    workflow.require(claim, workflow.Action.UNLINK_MATCH, actor)  # nothing linked: refused
    entry = claim.linked_entry
    assert entry is not None  # the workflow's guard: only a linked claim is unlinked
    rating = entry.rating or "no rating given"
    workflow.move(
        session,
        claim,
        workflow.Action.UNLINK_MATCH,
        actor,
        note=f"{ARCHIVE}{entry.id}: {entry.outlet}, {rating}",
        expected_version=expected_version,
    )
    claim.linked_entry = None
    if claim.status == ClaimStatus.PUBLISHED:
        rated = f" (rated “{entry.rating}”)" if entry.rating else ""
        after_publication.note_standing_correction(
            session,
            claim,
            actor,
            f"The mention of an earlier fact-check by {entry.outlet}{rated} was removed after "
            "publication.",
        )
    workflow.flush_claim(session, claim)
    return entry


def dismiss(session: Session, claim: Claim, actor: User, key: str) -> None:
    """Record that a suggestion does not match (it is not shown for this claim again)."""
    if not key.startswith((ARCHIVE, OURS)):
        raise InvalidInput("Not a suggestion of this desk.", field="key")
    workflow.transition(session, claim, workflow.Action.DISMISS_MATCH, actor, note=key)
