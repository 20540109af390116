"""The people of the desk, for admins: who works here, and turning an account off or on.

Turning an account off is what a desk does when someone leaves. It must take effect at
once: their signed-in sessions end, their API tokens are revoked, and the claims they hold
go back to the queue (with any verdict draft, for the next checker to start from), rather
than staying held until each lease runs out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import accounts, audit, queue
from factcheck.domain.errors import Conflict, PermissionDenied
from factcheck.models import Claim, ClaimStatus, Role, User


def people(session: Session) -> list[User]:
    """Everyone with an account: active ones first, then by role and name."""
    query = select(User).order_by(User.active.desc(), User.role, User.display_name, User.id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class Disabled:
    """What turning an account off did: the claims given back to the queue, and the
    returned claims still theirs, which an editor gives to another checker."""

    released: list[Claim]
    returned_left: list[Claim]
    tokens_revoked: int


def disable(session: Session, user: User, actor: User) -> Disabled:
    """Turn `user`'s account off (admins only; never one's own)."""
    _require_admin(actor)
    if user.id == actor.id:
        raise Conflict("You cannot turn off your own account: ask another admin.")
    if not user.active:
        raise Conflict(f"{user.display_name}'s account is already off.")
    user.active = False
    user.session_version += 1  # every signed-in session of theirs ends
    tokens = [token for token in accounts.tokens_of(session, user) if token.revoked_at is None]
    for token in tokens:
        accounts.revoke_token(session, token, actor)
    held = list(
        session.scalars(
            select(Claim)
            .where(Claim.assignee_id == user.id)
            .where(Claim.status.in_([ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED]))
            .order_by(Claim.id)
        )
    )
    released = [claim for claim in held if claim.status is ClaimStatus.IN_PROGRESS]
    for claim in released:
        queue.release(session, claim, actor)
    audit.record(session, actor=actor, entity_type="user", entity_id=user.id, action="disable_user")
    session.flush()
    returned = [claim for claim in held if claim.status is ClaimStatus.RETURNED]
    return Disabled(released=released, returned_left=returned, tokens_revoked=len(tokens))


def enable(session: Session, user: User, actor: User) -> None:
    """Turn `user`'s account on again; they sign in anew and make new tokens."""
    _require_admin(actor)
    if user.active:
        raise Conflict(f"{user.display_name}'s account is already on.")
    user.active = True
    audit.record(session, actor=actor, entity_type="user", entity_id=user.id, action="enable_user")
    session.flush()


def _require_admin(actor: User) -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied("Only admins turn accounts off or on.")
