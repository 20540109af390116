"""Request plumbing: the database session, sign-in, CSRF and template helpers."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Response, abort, current_app, flash, g, request, session, url_for
from flask_login import LoginManager, current_user, logout_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.routing import IntegerConverter

from factcheck import clock, markdown
from factcheck.db import make_engine
from factcheck.domain import throttle, workflow
from factcheck.domain.claimreview import Publisher
from factcheck.domain.ingesting import Limits
from factcheck.domain.publishing import PublishContext
from factcheck.domain.validation import MAX_ID, calendar_date, is_web_url, refuse_nul
from factcheck.ingest import FetchPolicy, parse_allowlist
from factcheck.models import Role, User
from factcheck.public import cache as page_cache

login_manager = LoginManager()
csrf = CSRFProtect()
F = TypeVar("F", bound=Callable[..., Any])


class Database:
    """The engine and the session factory of one app."""

    def __init__(self, engine: Engine, factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        # A factory handed in (by the tests) is used as it is, for reads and writes alike.
        self.deferred_reads = factory is None and engine.dialect.name == "sqlite"
        self.factory = factory or sessionmaker(bind=engine, expire_on_commit=False)

    def session(self, *, writes: bool) -> Session:
        if writes or not self.deferred_reads:
            return self.factory()
        # Reads need no write lock on SQLite: begin them DEFERRED.
        return self.factory(bind=self.engine.execution_options(sqlite_begin="DEFERRED"))


# Pinned by tests/test_security_headers.py: change both together.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def _refuse_nul_characters() -> None:
    """A path, query or form value with a NUL character is refused before any view sees it:
    PostgreSQL text cannot hold one, so a filter or a field with it would fail in the
    database, and no one types it."""
    path_values = [(k, v) for k, v in (request.view_args or {}).items() if isinstance(v, str)]
    for source in (path_values, request.args.items(multi=True), request.form.items(multi=True)):
        for name, value in source:
            # A malformed multipart part can come without a name: werkzeug gives None.
            name = name or ""
            refuse_nul(name + (value or ""), name.replace("\x00", ""))


def init_app(app: Flask) -> None:
    database = app.config.get("DATABASE")
    if database is None:
        database = Database(make_engine(app.config["DATABASE_URL"]))
    app.extensions["factcheck.db"] = database
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    app.teardown_appcontext(_close_session)
    app.before_request(_refuse_nul_characters)
    app.before_request(_expire_old_sessions)
    app.after_request(_security_headers)
    app.after_request(page_cache.forget_everything)
    if (app.config.get("SITE_URL") or "").startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.jinja_env.filters.update(
        dict_without=_dict_without,
        time_left=_time_left,
        markdown=markdown.render,
        plain=markdown.plain,
    )
    app.jinja_env.globals.update(
        action_label=lambda action: workflow.ACTION_LABELS.get(action, action),
        is_web_url=is_web_url,
        public_url=public_url,
        site_name=lambda: app.config["SITE_NAME"],
    )


def _dict_without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in keys}


def _time_left(until: dt.datetime | None) -> str:
    """'5 h 12 min left', or 'expired', for lease deadlines."""
    if until is None:
        return ""
    seconds = int((until - clock.now()).total_seconds())
    if seconds <= 0:
        return "expired"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} h {minutes} min left" if hours else f"{minutes} min left"


def db() -> Session:
    """The request's session. Views commit it; domain functions only flush."""
    if "db_session" not in g:
        database: Database = current_app.extensions["factcheck.db"]
        g.db_session = database.session(writes=request.method not in ("GET", "HEAD"))
    return cast(Session, g.db_session)


@contextmanager
def reads_only() -> Iterator[Session]:
    """A stretch of a writing request that only reads, kept out of the write lock.

    Used to load the signed-in user and before slow work (fetching a page, parsing a
    file, extraction, a language model). On SQLite the reads begin DEFERRED, so they take
    no write lock, and their transaction ends with the block, so nothing is held while the
    slow work runs; the writes that follow begin IMMEDIATE and stay short. Inside a
    transaction already under way (a view that wrote first) it changes nothing.
    """
    session = db()
    if session.in_transaction():
        yield session
        return
    database: Database = current_app.extensions["factcheck.db"]
    if database.deferred_reads:
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if session.new or session.dirty or session.deleted:
        session.rollback()
        raise RuntimeError("A read-only stretch of the request tried to change data.")
    session.commit()  # ends the read; there is nothing to write


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    # The id carries the session version: logging out elsewhere bumps it and ends this session.
    raw_id, _, version = user_id.partition(":")
    if not raw_id.isdigit() or not version.isdigit():
        return None
    if request.method in ("GET", "HEAD"):
        user = db().get(User, int(raw_id))
    else:
        # Writing requests: the user is read outside the write lock, which the view
        # takes only when it writes (a slow import must not keep sign-ins waiting).
        with reads_only() as session:
            user = session.get(User, int(raw_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def user() -> User:
    """The signed-in user (views behind `staff_required`)."""
    return cast(User, current_user._get_current_object())


def staff_required(*roles: Role) -> Callable[[F], F]:
    """Require a signed-in user, and one of `roles` when given."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


editor_required = staff_required(Role.EDITOR, Role.ADMIN)


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on the site's own domain (FACTCHECK_SITE_URL when set)."""
    site = current_app.config.get("SITE_URL")
    if site:
        return site + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def publish_context() -> PublishContext:
    config = current_app.config
    return PublishContext(
        publisher=Publisher(name=config.get("ORG_NAME"), url=config.get("ORG_URL")),
        claim_url=lambda claim: public_url("public.claim_page", claim_id=claim.id),
    )


def parse_date(raw: str | None, field: str) -> dt.date | None:
    """A date from a form or query string (YYYY-MM-DD), or None when empty."""
    return calendar_date(raw, field)


def ingest_limits() -> Limits:
    config = current_app.config
    try:
        allow = parse_allowlist(config.get("FETCH_ALLOW"))
    except ValueError as exc:
        raise RuntimeError(f"FACTCHECK_FETCH_ALLOW is not valid: {exc}") from exc
    return Limits(
        max_chars=config["MAX_ARTICLE_CHARS"],
        max_upload_bytes=config["MAX_UPLOAD_BYTES"],
        threshold=config["EXTRACTION_THRESHOLD"],
        policy=FetchPolicy(allow=allow),
        llm=config.get("LLM"),
        notices=extraction_notices(),
    )


def extraction_notices() -> list[str]:
    """Notices about this request's claim extraction (the language model's fallbacks)."""
    if "extraction_notices" not in g:
        g.extraction_notices = []
    notices: list[str] = g.extraction_notices
    return notices


# Sessions ---------------------------------------------------------------------------------


def start_session_clock() -> None:
    now = int(time.time())
    session["login_at"] = now
    session["seen_at"] = now


def _expire_old_sessions() -> Response | None:
    """End sessions idle too long, or older than the absolute limit."""
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


# Login throttling -----------------------------------------------------------------------


def login_limits() -> throttle.Limits:
    config = current_app.config
    return throttle.Limits(
        per_account=config["LOGIN_LIMIT_PER_ACCOUNT"],
        per_address=config["LOGIN_LIMIT_PER_ADDRESS"],
        window=dt.timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


def login_counter() -> throttle.Counter:
    url = current_app.config.get("REDIS_URL")
    if url:
        import redis  # optional: only deployments that set FACTCHECK_REDIS_URL need it

        client = current_app.extensions.get("factcheck.redis")
        if client is None:
            client = current_app.extensions["factcheck.redis"] = redis.Redis.from_url(url)
        return throttle.RedisCounter(client)
    return throttle.DatabaseCounter(db())


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: ids beyond the databases' INTEGER are simply not found."""

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if isinstance(number, int) and number > MAX_ID:
            raise HTTPNotFound(f"There is no record #{value}.")
        return number
