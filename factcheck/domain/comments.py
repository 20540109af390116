"""The conversation on a claim: threaded comments between its checker and the editors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.domain import workflow
from factcheck.domain.errors import InvalidInput
from factcheck.domain.queue import renew_lease
from factcheck.domain.validation import required_text
from factcheck.domain.workflow import Action
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import Claim, Comment, User

MAX_COMMENT = 10_000


def add_comment(
    session: Session, claim: Claim, actor: User, body: str | None, *, parent_id: int | None = None
) -> Comment:
    """Add a comment (or a reply to one); the holder's comment renews their lease."""
    text = required_text(body, "body", max_length=MAX_COMMENT, label="comment")
    if parent_id is not None:
        parent = session.get(Comment, parent_id)
        if parent is None or parent.claim_id != claim.id:
            raise InvalidInput("That comment is not on this claim.", field="parent_id")
    workflow.transition(session, claim, Action.COMMENT, actor, note=text[:200])
    comment = Comment(claim_id=claim.id, parent_id=parent_id, author_id=actor.id, body=text)
    session.add(comment)
    if "@" in text:  # someone may be @mentioned: tell them after the commit
        enqueue_after_commit(session, "notify_mentions", IdOf(comment))
    if claim.assignee_id == actor.id:
        renew_lease(session, claim)
    workflow.flush_claim(session, claim)
    return comment


def thread(session: Session, claim: Claim) -> list[tuple[Comment, int]]:
    """The claim's comments in reading order, each with its depth in the thread."""
    comments = list(
        session.scalars(
            select(Comment)
            .where(Comment.claim_id == claim.id)
            .order_by(Comment.id)
            .options(selectinload(Comment.author))
        )
    )
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for comment in children.get(parent, []):
            ordered.append((comment, depth))
            walk(comment.id, depth + 1)

    walk(None, 0)
    return ordered
