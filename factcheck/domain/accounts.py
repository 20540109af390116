"""Users, passwords and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from email_validator import EmailNotValidError, validate_email
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.errors import Conflict, InvalidInput, NotFound, Unauthorized
from factcheck.domain.validation import required_text
from factcheck.models import EDITORS, ApiToken, Role, User

# argon2-cffi's defaults follow RFC 9106's second recommended profile (argon2id).
_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "fct_"
# What an account without a password stores instead of a hash (never a valid argon2 hash).
NO_PASSWORD = "!"
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def normalize_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise InvalidInput(f"Not a valid email address: {exc}", field="email") from exc


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"The password must have at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )
    return _hasher.hash(password)


def create_user(
    session: Session, *, email: str, password: str, role: Role, display_name: str | None = None
) -> User:
    """Create an active user; refuse a duplicate email (case-insensitive) or a short password."""
    return add_user(
        session, email=email, role=role, display_name=display_name, password=password, actor=None
    )


def add_user(
    session: Session,
    *,
    email: str,
    role: Role,
    display_name: str | None,
    password: str | None,
    actor: User | None,
    action: str = "create",
) -> User:
    """Create an active user; with no password, one that cannot sign in until they set one
    (an invitation). Refuse a duplicate email (case-insensitive) or a short password."""
    address = normalize_email(email)
    existing = find_user(session, address)
    if existing is not None and not existing.active:
        raise Conflict(
            f"{address} already has an account, {existing.display_name}'s, which is off: turn"
            " it on again on Admin → People (Turn on) rather than inviting them.",
            field="email",
        )
    if existing is not None:
        raise Conflict(f"A user with the email {address} already exists.", field="email")
    password_hash = hash_password(password) if password is not None else _no_password()
    name = required_text(display_name or address.split("@")[0], "name", max_length=120)
    user = User(email=address, display_name=name, password_hash=password_hash, role=role)
    session.add(user)
    session.flush()  # generate user.id for the event
    audit.record(
        session,
        actor=actor,
        entity_type="user",
        entity_id=user.id,
        action=action,
        to_status=role.value,
    )
    return user


def _no_password() -> str:
    # Not an argon2 hash, so no password verifies against it; random, so that a link's
    # fingerprint of it (domain.password_links) differs from one account to the next.
    return NO_PASSWORD + secrets.token_hex(16)


def void_invitations(user: User) -> None:
    """For an invited user, draw a new no-password marker: every invitation link made before
    stops working (a link carries a fingerprint of the marker). A password stays as it is."""
    if not has_password(user):
        user.password_hash = _no_password()


def has_password(user: User) -> bool:
    """Whether the user has set a password (an invited one has not yet)."""
    return not user.password_hash.startswith(NO_PASSWORD)


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email.strip().lower())).first()


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the active user with this email and password, or None.

    A stored hash made with older parameters is replaced on a successful login.
    """
    user = find_user(session, email)
    if user is None or not has_password(user):
        # Spend the same time as a real check, so timing does not reveal which emails exist.
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


SCOPES = ("read", "write")


def create_token(
    session: Session, user: User, *, scope: str = "write", name: str | None = None
) -> tuple[str, ApiToken]:
    """Create an API token for `user`; return the token (shown once) and its record."""
    if scope not in SCOPES:
        raise InvalidInput(f"The scope must be one of: {', '.join(SCOPES)}.", field="scope")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        token_hash=_token_digest(raw),
        prefix=raw[:12],
        scope=scope,
        name=(name or "").strip()[:100] or None,
    )
    session.add(token)
    session.flush()  # generate token.id for the event
    audit.record(session, actor=user, entity_type="api_token", entity_id=token.id, action="create")
    return raw, token


def create_own_token(
    session: Session, user: User, *, password: str, scope: str, name: str | None
) -> str:
    """The account page's token: the password typed again first, since a token outlives the
    session (a stolen cookie, a laptop left signed in) until a password change revokes it.
    Return the token, shown once."""
    wrong = "The password is wrong. Type the one you sign in with."
    confirm_password(user, password, InvalidInput(wrong, field="password"))
    return create_token(session, user, scope=scope, name=name)[0]


def revoke_token(session: Session, token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit.record(
            session, actor=actor, entity_type="api_token", entity_id=token.id, action="revoke"
        )


# Built once: every API request runs it, and SQLAlchemy memoises a statement's cache key.
_TOKEN_BY_DIGEST = (
    select(ApiToken)
    .options(joinedload(ApiToken.user))
    .where(ApiToken.token_hash == bindparam("digest"))
)


def token_for(session: Session, raw: str) -> ApiToken:
    """Return the token record; raise Unauthorized if it is wrong, revoked or disabled."""
    token = session.scalars(_TOKEN_BY_DIGEST, {"digest": _token_digest(raw)}).first()
    if token is None:
        raise Unauthorized("The API token is not valid.")
    if token.revoked_at is not None:
        raise Unauthorized("The API token has been revoked.")
    if not token.user.active:
        raise Unauthorized("The account that owns this API token is disabled.")
    return token


def record_use(token: ApiToken) -> None:
    """Note that the token was used now (at most once a minute: a write on every API call
    would cost more than it tells). The caller writes it with the request's one commit."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        token.last_used_at = now


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    return list(session.scalars(query))


def change_password(session: Session, user: User, *, current: str, new: str, confirm: str) -> int:
    """Set a new password; every other signed-in session of the user ends, and every API
    token they hold is revoked (whoever had the old password may have made one). Return
    how many tokens were revoked."""
    confirm_password(user, current, InvalidInput("The current password is wrong.", field="current"))
    return replace_password(session, user, new=new, confirm=confirm, actor=user)


def confirm_password(user: User, password: str, wrong: InvalidInput) -> None:
    """Raise `wrong` unless `password` is the user's: asked again, of a signed-in session,
    before what outlives the session (a new password, an API token)."""
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise wrong from None


def replace_password(
    session: Session,
    user: User,
    *,
    new: str,
    confirm: str,
    actor: User,
    action: str = "change_password",
) -> int:
    """Check the new password by the rules (the same two fields everywhere), set it, end
    every signed-in session of the user and revoke their API tokens; return how many."""
    if new != confirm:
        raise InvalidInput("The two new passwords differ.", field="confirm")
    user.password_hash = hash_password(new)
    user.session_version += 1
    user.password_changed_at = clock.now()
    audit.record(session, actor=actor, entity_type="user", entity_id=user.id, action=action)
    active = [token for token in tokens_of(session, user) if token.revoked_at is None]
    for token in active:
        revoke_token(session, token, actor)
    session.flush()
    return len(active)


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user #{user_id}.")
    return user


def _token_digest(raw: str) -> str:
    # Tokens are long random strings, so a fast hash is enough (unlike passwords).
    return hashlib.sha256(raw.encode()).hexdigest()


def first_editor(session: Session) -> User | None:
    """The oldest active admin or editor: who command-line imports are credited to."""
    query = (
        select(User)
        .where(User.active.is_(True), User.role.in_(EDITORS))
        .order_by(User.role, User.id)
    )
    return session.scalars(query).first()
