"""Who is signed in: Flask-Login's user loader, the role checks views wear, and the ends of
sessions (idle too long, or too old)."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, flash, g, request, session
from flask_login import LoginManager, current_user, logout_user

from factcheck.domain import accounts
from factcheck.domain.errors import PermissionDenied, Unauthorized
from factcheck.models import ADMINS, EDITORS, ApiToken, Role, User
from factcheck.web.database import db, reads_only

login_manager = LoginManager()
F = TypeVar("F", bound=Callable[..., Any])


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    # The id carries the session version: logging out elsewhere bumps it and ends this session.
    raw_id, _, version = user_id.partition(":")
    if not (raw_id + version).isascii() or not raw_id.isdigit() or not version.isdigit():
        return None
    if request.method in ("GET", "HEAD"):
        user = db().get(User, int(raw_id))
    else:
        # Writing requests: the user is read outside the write lock, which the view
        # takes only when it writes (a slow import must not keep sign-ins waiting).
        with reads_only() as read:
            user = read.get(User, int(raw_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def user() -> User:
    """The signed-in user (views behind `staff_required`)."""
    return cast(User, current_user._get_current_object())


def api_token(raw: str) -> ApiToken:
    """The record of the API token `raw` (domain.accounts.token_for), looked up once per
    request: the rate limiter asks whose token it is before the view runs, and the API
    authenticates its caller with it. Raise Unauthorized, as token_for does, when the token
    does not work (that answer is kept too)."""
    kept: tuple[str, ApiToken | str] | None = g.get("api_token_lookup")
    if kept is None or kept[0] != raw:
        try:
            kept = (raw, accounts.token_for(db(), raw))
        except Unauthorized as refused:
            kept = (raw, refused.message)
        g.api_token_lookup = kept
    if isinstance(kept[1], str):
        raise Unauthorized(kept[1])
    return kept[1]


def staff_required(*roles: Role) -> Callable[[F], F]:
    """Require a signed-in user, and one of `roles` when given."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                raise wrong_role(current_user.role, roles)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


editor_required = staff_required(*EDITORS)


def wrong_role(role: Role, needed: Collection[Role]) -> PermissionDenied:
    """The refusal of a role a page or an operation does not take. It names the person's
    role: an admin may have changed it since they opened the page they sent a form from."""
    who = "an admin" if set(needed) <= ADMINS else "an editor"
    return PermissionDenied(f"Your role ({role.value}) cannot do this; it needs {who}.")


def start_session_clock() -> None:
    """At sign-in: the session's age and idle time count from now."""
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now


def expire_old_sessions() -> Response | None:
    """Before each request: end sessions idle too long, or older than the absolute limit."""
    if "_user_id" not in session:
        return None
    now = int(time.time())
    config = current_app.config
    login_at = int(session.get("login_at", 0))
    seen_at = int(session.get("seen_at", 0))
    if (
        now - seen_at > config["SESSION_IDLE_MINUTES"] * 60
        or now - login_at > config["SESSION_MAX_HOURS"] * 3600
    ):
        logout_user()
        session.clear()
        flash("Your session expired. Please sign in again.", "info")
        return None
    if now - seen_at > 60:  # refresh at most once a minute: fewer cookie rewrites
        session["seen_at"] = now
    return None
