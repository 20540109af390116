"""The people of the desk, for admins: who works here, inviting someone, their role, their
email, and turning an account off or on.

Turning an account off is what a desk does when someone leaves. It must take effect at
once: their signed-in sessions end, their API tokens are revoked, and the claims they hold
go back to the queue (with any verdict draft, for the next checker to start from), rather
than staying held until each lease runs out.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.domain import accounts, audit, password_links, queue
from factcheck.domain.errors import Conflict, PermissionDenied
from factcheck.domain.password_links import Purpose
from factcheck.jobs.outbox import enqueue_after_commit
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


@dataclass(frozen=True)
class Invited:
    """The new account, and its link's token when it was not mailed (shown to the admin once)."""

    user: User
    token: str | None


def invite(
    session: Session,
    secret: str | bytes,
    *,
    actor: User,
    email: str,
    display_name: str,
    role: Role,
    mail: bool,
) -> Invited:
    """Make an account without a password and a link, valid 7 days, to set one: mailed to
    them when `mail`, else returned for the admin to hand on. A used email is refused."""
    _require_admin(actor, "invite people")
    user = accounts.add_user(
        session,
        email=email,
        role=role,
        display_name=display_name,
        password=None,
        actor=actor,
        action="invite",
    )
    if mail:
        enqueue_after_commit(session, "email_password_link", user.id, Purpose.INVITE.value)
        return Invited(user=user, token=None)
    return Invited(user=user, token=password_links.make_token(secret, user, Purpose.INVITE))


def send_link(
    session: Session, secret: str | bytes, user: User, actor: User, *, mail: bool
) -> tuple[Purpose, str | None]:
    """A new link for `user`: an invitation while they have no password, a reset after.
    Mailed when `mail`; else its token is returned, for the admin to hand on."""
    _require_admin(actor, "send password links")
    if not user.active:
        raise Conflict(f"{user.display_name}'s account is off: turn it on first.")
    purpose = Purpose.RESET if accounts.has_password(user) else Purpose.INVITE
    audit.record(
        session,
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action=f"send_{purpose.value}_link",
        note="link mailed" if mail else "link shown to the admin: mail is not set up",
    )
    session.flush()
    if mail:
        enqueue_after_commit(session, "email_password_link", user.id, purpose.value)
        return purpose, None
    return purpose, password_links.make_token(secret, user, purpose)


def change_role(session: Session, user: User, role: Role, actor: User) -> bool:
    """Give `user` another role; False when it is theirs already. The last active admin
    keeps theirs, so that someone can always manage the desk's people."""
    _require_admin(actor, "change roles")
    if user.role is role:
        return False
    if user.role is Role.ADMIN and user.active and _active_admins(session) <= 1:
        who = "You are" if user.id == actor.id else f"{user.display_name} is"
        raise Conflict(
            f"{who} the last admin: make someone else an admin first, so that someone can "
            "still manage people.",
            field="role",
        )
    previous, user.role = user.role, role
    audit.record(
        session,
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action="change_role",
        from_status=previous.value,
        to_status=role.value,
    )
    session.flush()
    return True


def change_email(session: Session, person: User, new_email: str, by: User) -> str:
    """Give `person` another email (normalised as an invitation's is); return the old one.
    Links to set a password mailed to the old address stop working (domain.password_links
    signs the address into each link), and an invited person's no-password marker is drawn
    anew, so that links made before links carried the address stop too."""
    _require_admin(by, "change emails")
    address = accounts.normalize_email(new_email)
    old = person.email
    if address == old:
        raise Conflict(f"{person.display_name}'s email is already {old}.", field="email")
    holder = accounts.find_user(session, address)
    if holder is not None and holder.id != person.id:
        raise Conflict(f"Another account already uses {address}.", field="email")
    person.email = address
    accounts.void_invitations(person)
    audit.record(
        session,
        actor=by,
        entity_type="user",
        entity_id=person.id,
        action="change_email",
        note=f"{old} → {address}",
    )
    session.flush()
    return old


def _active_admins(session: Session) -> int:
    query = select(func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
    return int(session.scalar(query) or 0)


def _require_admin(actor: User, what: str = "turn accounts off or on") -> None:
    if actor.role is not Role.ADMIN:
        raise PermissionDenied(f"Only admins {what}.")
