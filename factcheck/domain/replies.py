"""Right of reply: when and how the claimant was contacted, and what they answered.

Its holder or an editor records it alongside the work; once the fact-check is published,
only an editor, and readers see it in the corrections log, dated.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import after_publication, workflow
from factcheck.domain.errors import InvalidInput
from factcheck.domain.queue import renew_lease
from factcheck.domain.research import MAX_EXCERPT, MAX_EXPLANATION
from factcheck.domain.validation import not_in_the_future, optional_text
from factcheck.domain.workflow import Action
from factcheck.models import Claim, ClaimStatus, ReplyChannel, ReplyRequest, User


def parse_channel(value: str | None) -> ReplyChannel:
    try:
        return ReplyChannel((value or "").strip().lower())
    except ValueError:
        choices = ", ".join(c.value for c in ReplyChannel)
        raise InvalidInput(
            f"Unknown channel {value!r}. Choose one of: {choices}.", field="channel"
        ) from None


def record_reply(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    contacted_at: dt.datetime | None,
    channel: str | None,
    contact: str | None,
    answer: str | None,
    answered_at: dt.datetime | None = None,
) -> ReplyRequest:
    """Record that the claimant was asked for their side, and what they answered."""
    contacted_on = clock.day_of(contacted_at) if contacted_at else None
    not_in_the_future(contacted_on, "contacted_on", "The day they were contacted")
    request = ReplyRequest(
        claim_id=claim.id,
        contacted_at=contacted_at or clock.now(),
        channel=parse_channel(channel),
        contact=optional_text(contact, "contact", max_length=MAX_EXCERPT),
        answer=optional_text(answer, "answer", max_length=MAX_EXPLANATION),
        answered_at=answered_at,
        recorded_by_id=actor.id,
    )
    summary = "answered" if request.answer else "no answer yet"
    workflow.transition(
        session, claim, Action.RECORD_REPLY, actor, note=f"{request.channel.value}: {summary}"
    )
    session.add(request)
    if claim.assignee_id == actor.id:
        renew_lease(session, claim)  # the holder's work keeps the claim; an editor's does not
    if claim.status == ClaimStatus.PUBLISHED:
        _log_reply_correction(session, claim, actor, request)
    workflow.flush_claim(session, claim)
    return request


def _log_reply_correction(
    session: Session, claim: Claim, actor: User, request: ReplyRequest
) -> None:
    """Readers see a reply added after publication in the corrections log, dated."""
    answered = "they answered" if request.answer else "no answer yet"
    after_publication.note_standing_correction(
        session,
        claim,
        actor,
        f"Right of reply added after publication: contacted by {request.channel.value} "
        f"on {clock.local(request.contacted_at):%-d %B %Y}, {answered}.",
    )


def for_claim(session: Session, claim: Claim) -> list[ReplyRequest]:
    """The claim's contacts with the claimant, in the order they were made."""
    query = (
        select(ReplyRequest)
        .where(ReplyRequest.claim_id == claim.id)
        .order_by(ReplyRequest.contacted_at, ReplyRequest.id)
        .options(selectinload(ReplyRequest.recorded_by))
    )
    return list(session.scalars(query))
