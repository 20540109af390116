"""The verdict a checker is writing, kept on the server as they type (one draft per claim
and author). Drafts are private working state: they renew the lease but add no event."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import workflow
from factcheck.domain.errors import Conflict, NotFound
from factcheck.domain.queue import DEFAULT_LEASE, renew_lease
from factcheck.domain.research import MAX_EXPLANATION, get_draft, rating_by_slug
from factcheck.domain.validation import KEEP, Unchanged, bounded_text, or_current
from factcheck.domain.workflow import Action
from factcheck.models import Claim, ClaimStatus, User, Verdict, VerdictDraft


def draft_stamp(draft: VerdictDraft | None) -> str:
    """When a draft was last saved, as the same text whichever database read it back
    ("" for no draft)."""
    return "" if draft is None else stamp_of(draft.updated_at)


def stamp_of(saved: dt.datetime) -> str:
    """A moment as drafts are stamped: UTC, to the microsecond (the API's `saved_at`, read
    back, compares equal to the stamp it was written from)."""
    saved = saved.astimezone(dt.UTC) if saved.tzinfo else saved.replace(tzinfo=dt.UTC)
    return saved.isoformat(timespec="microseconds")


def save_draft(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    rating_slug: str | Unchanged | None = KEEP,
    explanation: str | Unchanged | None = KEEP,
    lease: dt.timedelta = DEFAULT_LEASE,
    seen: str | None = None,
    on_its_way: tuple[str | None, str | None] | None = None,
) -> VerdictDraft:
    """Keep the verdict being written on the server (saved as the checker types).

    A field left out (KEEP) stays as the draft had it (a first draft: as the draft the last
    checker left had it, `left_draft`); None empties it. Drafts are private
    working state: they renew the lease but add no event; the submitted verdict is what the
    history records. `seen` is the draft's `draft_stamp` as the caller last saw it ("" for
    no draft): when the draft has been saved since, from another tab or window, nothing is
    written, rather than one tab silently overwriting what the other typed.
    `on_its_way` is the (rating, explanation) of the caller's own save sent before this one
    and not answered yet, so `seen` is older than it: a draft of theirs holding exactly that
    is their own save, not another tab's.
    """
    # Saves of one claim's drafts are made one at a time, so that `seen` is compared with
    # the draft as the save before left it: on PostgreSQL two saves from one read both read
    # it first, then both wrote (SQLite's BEGIN IMMEDIATE serialises writers already). A
    # bare row lock, as in review_panel.cast_vote.
    session.execute(select(Claim.id).where(Claim.id == claim.id).with_for_update())
    session.expire(claim)
    refused = workflow.refusal(claim, Action.SAVE_DRAFT, actor)
    if refused is not None:
        # "it is queued" did not say why, nor what to do: the claim was taken from them.
        taken = workflow.no_longer_held(session, claim, actor)
        if taken is not None:
            raise Conflict(taken, field="explanation")
        raise refused
    existing = get_draft(session, claim, actor)
    # The draft its holder sees (`continue_from`): their own, or a newer one left to them.
    # A field not sent keeps its value there, as it does in the desk's form, which starts
    # from it; and `seen` is that draft's stamp as the caller last read it.
    shown = _newer(existing, left_draft(session, claim, actor))
    # With no draft at all there is nothing another tab could have saved, whatever stamp
    # came back (a page's hidden field is only as good as what sent it).
    if (
        seen is not None
        and shown is not None
        and seen != draft_stamp(shown)
        and not _holds(shown, actor, on_its_way)
    ):
        raise Conflict(
            f"This draft was saved from another tab or window at "
            f"{clock.stamp(shown.updated_at, '%H:%M:%S')}. Copy what you typed here, then "
            "reload the page to see that version.",
            field="explanation",
        )
    draft = existing or VerdictDraft(claim_id=claim.id, author_id=actor.id)
    base = shown or draft
    slug = (or_current(rating_slug, base.rating_slug) or "").strip() or None
    if slug is not None and not isinstance(rating_slug, Unchanged):
        # Only a rating sent now must be in use: one kept from before may have been retired
        # since, and refusing the draft for it would refuse the explanation typed with it.
        rating_by_slug(session, slug)
    text = or_current(explanation, base.explanation) or ""
    text = bounded_text(text, "explanation", max_length=MAX_EXPLANATION)
    draft.rating_slug = slug
    draft.explanation = text
    draft.updated_at = clock.now()
    session.add(draft)
    renew_lease(session, claim, lease=lease)
    workflow.flush_claim(session, claim)
    return draft


def _holds(draft: VerdictDraft, author: User, fields: tuple[str | None, str | None] | None) -> bool:
    """Whether `draft` is `author`'s and holds the rating and explanation `fields`, as a save
    of them left it."""
    if fields is None or draft.author_id != author.id:
        return False
    rating, explanation = fields
    return (draft.rating_slug, draft.explanation) == (
        (rating or "").strip() or None,
        explanation or "",
    )


def left_draft(session: Session, claim: Claim, actor: User) -> VerdictDraft | None:
    """The draft someone else left on this claim (they released it, their lease ran out, or
    an editor gave it to `actor`), for its next checker to start from (`_left_drafts`).
    Nobody's draft is moved or deleted: it stays its author's."""
    return _left_drafts(session, [claim.id], not_by=actor.id).get(claim.id)


def continue_from(session: Session, claim: Claim, actor: User) -> VerdictDraft | None:
    """The draft the claim's holder continues: their own, unless another checker left a
    newer one since (the holder had released the claim and takes it back), else the one
    the claim's last checker left."""
    return _newer(get_draft(session, claim, actor), left_draft(session, claim, actor))


def _newer(own: VerdictDraft | None, left: VerdictDraft | None) -> VerdictDraft | None:
    if own is None or (left is not None and left.updated_at > own.updated_at):
        return left
    return own


def draft_to_continue(session: Session, claim: Claim, actor: User) -> VerdictDraft:
    """`continue_from`, for the holder alone: drafts are private working state."""
    workflow.require(claim, Action.SAVE_DRAFT, actor)
    found = continue_from(session, claim, actor)
    if found is None:
        raise NotFound(f"Claim #{claim.id} has no verdict draft yet: nothing has been saved.")
    return found


def left_in_queue(session: Session, claims: list[Claim]) -> dict[int, VerdictDraft]:
    """For each queued claim of `claims` that a checker gave back mid-verdict, the draft the
    next one will start from: two queries for the whole list."""
    queued = [claim.id for claim in claims if claim.status == ClaimStatus.QUEUED]
    return _left_drafts(session, queued) if queued else {}


def _left_drafts(
    session: Session, claim_ids: list[int], *, not_by: int | None = None
) -> dict[int, VerdictDraft]:
    """For each claim, its latest draft saved after its last submitted verdict (an older
    draft was written before that verdict and is superseded by it), leaving out the drafts
    of `not_by`."""
    last_verdicts: dict[int, dt.datetime] = {
        claim_id: moment
        for claim_id, moment in session.execute(
            select(Verdict.claim_id, func.max(Verdict.created_at))
            .where(Verdict.claim_id.in_(claim_ids))
            .group_by(Verdict.claim_id)
        )
    }
    newest_first = (
        select(VerdictDraft)
        .where(VerdictDraft.claim_id.in_(claim_ids))
        .order_by(VerdictDraft.updated_at.desc(), VerdictDraft.id.desc())
    )
    if not_by is not None:
        newest_first = newest_first.where(VerdictDraft.author_id != not_by)
    found: dict[int, VerdictDraft] = {}
    for draft in session.scalars(newest_first):
        since = last_verdicts.get(draft.claim_id)
        if draft.claim_id not in found and (since is None or draft.updated_at > since):
            found[draft.claim_id] = draft
    return found
