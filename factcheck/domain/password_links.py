"""One-time links to set a password: an invitation (7 days) or a reset (1 hour).

A link carries a token signed with the app's secret key by itsdangerous, with a salt per
purpose (an invitation's token is no reset's) and the time it was made. Its payload is the
user's id, a fingerprint of their current password hash and one of their email: setting a
password changes the hash, so every link made before, used or not, stops working; changing
the email stops every link mailed to the old address. Nothing about a link is stored,
and the raw token is never logged or written to the audit trail or the job queue (the mail
job makes its own token when it runs).
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import logging
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import accounts, audit
from factcheck.domain.errors import DomainError
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import User

log = logging.getLogger(__name__)


class Purpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


LIFETIME = {Purpose.INVITE: dt.timedelta(days=7), Purpose.RESET: dt.timedelta(hours=1)}
# What the person reads: "the link works once, within …".
LIFETIME_TEXT = {Purpose.INVITE: "7 days", Purpose.RESET: "one hour"}


class LinkRefused(DomainError):
    """The link cannot set a password: made up, expired, used, or the account is off."""

    code = "link_refused"
    status = 400


class _ClockSigner(TimestampSigner):
    """Dates tokens by the app's clock (factcheck.clock), which tests can move."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(secret: str | bytes, purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        secret, salt=f"factcheck.password-link.{purpose.value}", signer=_ClockSigner
    )


def _fingerprint(user: User) -> str:
    # Enough of a digest to tell one password hash from the next, and nothing of the hash.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def _address(user: User) -> str:
    # The same for the email: the token is signed, not secret, and may end up in a log.
    return hashlib.sha256(user.email.encode()).hexdigest()[:16]


def make_token(secret: str | bytes, user: User, purpose: Purpose) -> str:
    """A token for `user` to set a password with, until they set one, their email changes
    or it expires."""
    payload = {"u": user.id, "f": _fingerprint(user), "e": _address(user)}
    return _serializer(secret, purpose).dumps(payload)


@dataclass(frozen=True)
class Link:
    user: User
    purpose: Purpose


def check(session: Session, secret: str | bytes, token: str, purpose: Purpose) -> Link:
    """Return whom a working link is for; raise LinkRefused, saying why, otherwise."""
    again = "Ask for a new one." if purpose is Purpose.RESET else "Ask an admin for a new one."
    try:
        payload = _serializer(secret, purpose).loads(
            token, max_age=int(LIFETIME[purpose].total_seconds())
        )
    except SignatureExpired:
        raise LinkRefused(
            f"This link has expired: it worked for {LIFETIME_TEXT[purpose]}. {again}"
        ) from None
    except BadSignature:
        raise LinkRefused(
            f"This link is not valid: check that it was copied whole. {again}"
        ) from None
    user = session.get(User, payload.get("u")) if isinstance(payload, dict) else None
    if user is None:
        raise LinkRefused(f"This link is not valid. {again}")
    # A link made before links carried the address ("e") has none: an invitation among them
    # stops with the email anyway (people.change_email draws a new no-password marker).
    if payload.get("e", _address(user)) != _address(user):
        raise LinkRefused(f"This link was sent to an address this account no longer uses. {again}")
    if payload.get("f") != _fingerprint(user):
        raise LinkRefused(
            "This link has already been used, or the password was set since it was sent: "
            f"it works once. {again}"
        )
    if not user.active:
        raise LinkRefused("This account is turned off: ask an admin.")
    return Link(user=user, purpose=purpose)


def set_password(
    session: Session, secret: str | bytes, token: str, purpose: Purpose, *, new: str, confirm: str
) -> User:
    """Set the password a working link is for, by the account page's rules. Every link made
    before stops working, every signed-in session of the person ends, their API tokens are
    revoked."""
    link = check(session, secret, token, purpose)
    action = "accept_invitation" if purpose is Purpose.INVITE else "reset_password"
    accounts.replace_password(
        session, link.user, new=new, confirm=confirm, actor=link.user, action=action
    )
    return link.user


def request_reset(session: Session, email: str) -> None:
    """Mail a reset link if an active account has this email; otherwise do nothing. The
    caller answers the same either way, so no one learns which emails have an account."""
    try:
        address = accounts.normalize_email(email)
    except DomainError:
        return
    user = accounts.find_user(session, address)
    if user is None:
        return
    mailed = user.active
    audit.record(
        session,
        actor=None,
        entity_type="user",
        entity_id=user.id,
        action="request_password_reset",
        note="link mailed" if mailed else "not mailed: the account is off",
    )
    if mailed:
        enqueue_after_commit(session, "email_password_link", user.id, Purpose.RESET.value)
    session.flush()
