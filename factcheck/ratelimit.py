"""Rate limits on the endpoints that cost the most: one table, applied by endpoint name.

Readers' search and the public API reads get a generous limit; matching, extraction and
fetching a URL get tighter ones. Counts live in memory by default (one process: on a
single machine with several workers each worker counts on its own, so the effective limit
is the limit times the workers) and in Redis when FACTCHECK_REDIS_URL is set, where every
worker and host shares them. A refused request gets a 429 with Retry-After, as a page or
as the API's JSON error.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask, Response, request, session
from flask_limiter import Limiter
from limits import parse_many

from factcheck import idempotency, web
from factcheck.config import PREFIX, ConfigError
from factcheck.domain.errors import Unauthorized

# Endpoint → the setting that holds its limit. A setting is a limits string such as
# "60/minute" or "10/minute;100/hour"; "off" removes the limit.
LIMITED_ENDPOINTS: dict[str, str] = {
    # Anonymous reads that run a query each: search and the public API.
    "public.search_page": "RATE_LIMIT_READS",
    "api.list_published": "RATE_LIMIT_READS",
    "api.get_published": "RATE_LIMIT_READS",
    "api.export_claimreview": "RATE_LIMIT_READS",
    # Matching embeds the query and ranks the archive.
    "api.match": "RATE_LIMIT_MATCH",
    # Extraction scores every sentence of up to MAX_ARTICLE_CHARS characters.
    "api.extract": "RATE_LIMIT_EXTRACT",
    # Creating an article extracts it, and may fetch a page (at once, or in a background
    # import that a worker runs, which is as costly); archive-now fetches one.
    "api.create_article": "RATE_LIMIT_FETCH",
    "api.upload_article": "RATE_LIMIT_FETCH",
    "api.import_article": "RATE_LIMIT_FETCH",
    "desk.article_from_url": "RATE_LIMIT_FETCH",
    "desk.article_from_file": "RATE_LIMIT_FETCH",
    "desk.retry_url_import": "RATE_LIMIT_FETCH",
    "desk.archive_evidence": "RATE_LIMIT_FETCH",
}

DEFAULT_LIMITS = {
    "RATE_LIMIT_READS": "60/minute",
    "RATE_LIMIT_MATCH": "30/minute",
    "RATE_LIMIT_EXTRACT": "10/minute",
    "RATE_LIMIT_FETCH": "10/minute",
}


def client_key() -> str:
    """Whom a request counts against: its API token, else its signed-in user, else its
    address (the client's, behind FACTCHECK_PROXY_HOPS proxies).

    Only a token that works counts as one: a public read never checks its token, so a
    made-up token a request, each a key of its own, would escape every limit.
    """
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip() and _works(token.strip()):
        # The token itself is never kept, only enough of its hash to tell tokens apart.
        return "token:" + hashlib.sha256(token.strip().encode()).hexdigest()[:24]
    user_id = session.get("_user_id")
    if user_id:
        return f"user:{str(user_id).partition(':')[0]}"
    return f"ip:{request.remote_addr or 'unknown'}"


def _works(token: str) -> bool:
    # A read of its own, ended before the view runs: on SQLite a writing request's first
    # query would otherwise take the write lock and hold it through a slow import's fetch.
    # web.api_token keeps what it found for the API's own authentication, which then
    # needs no second lookup.
    with web.reads_only():
        try:
            web.api_token(token)
        except Unauthorized:
            return False
    return True


def _a_replay() -> bool:
    """An API write sent again with its Idempotency-Key, whose stored answer will be sent.

    A replay is not counted, and never refused: it runs nothing (no fetch, no extraction,
    one indexed read of the stored answer, what any API read costs, and those have no
    limit), and a client retrying after a timeout is doing the right thing. Counting it
    would spend the budget twice on one write and could refuse the client the very answer
    it is waiting for. The same key with another request is no replay: it counts.
    """
    if not (request.endpoint or "").startswith("api.") or "Idempotency-Key" not in request.headers:
        return False
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False  # a browser session does not write through the API
    with web.reads_only():
        try:
            caller = web.api_token(token.strip()).user
        except Unauthorized:
            return False
    return idempotency.replays(caller)


def init_app(app: Flask) -> Limiter:
    """Attach the limiter and the limits of LIMITED_ENDPOINTS (call after the blueprints)."""
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "factcheck:ratelimit")
    limiter = Limiter(client_key, app=app)
    # Flask-Limiter refers to itself weakly from each request: the app must hold it.
    app.extensions["factcheck.limiter"] = limiter
    for endpoint, setting in LIMITED_ENDPOINTS.items():
        value = (
            app.config.get(setting) or os.environ.get(PREFIX + setting) or DEFAULT_LIMITS[setting]
        )
        _check_limit(setting, value)
        view = app.view_functions.get(endpoint)
        if view is None:
            raise RuntimeError(f"rate limit for an endpoint that does not exist: {endpoint}")
        if value.strip().lower() != "off":
            # The limiter checks a route's own limits in this wrapper, before the view runs.
            limited: Any = limiter.limit(value, exempt_when=_a_replay)(view)
            app.view_functions[endpoint] = limited
    _only_where_limited(app, limiter)
    return limiter


def _check_limit(setting: str, value: str) -> None:
    """A limit flask-limiter cannot read stops the app here, not on the first request."""
    if value.strip().lower() == "off":
        return
    try:
        parse_many(value)
    except ValueError as error:
        raise ConfigError(
            f"{PREFIX}{setting} must be a rate such as 60/minute or 10/minute;100/hour, "
            f"or off, got {value!r}"
        ) from error


def _only_where_limited(app: Flask, limiter: Limiter) -> None:
    """Run the limiter's per-request hooks on the limited endpoints only.

    Flask-Limiter hooks every request: before it (to look for default limits, which we do
    not set), after it (its headers) and at its end. Every limit here is on a view, and the
    limiter's wrapper of that view checks it, so the hook before the request is dropped and
    the other two run on LIMITED_ENDPOINTS only (their 429s keep Retry-After). A public page
    served from the cache no longer pays for the limiter (docs/performance.md).
    """
    limited = frozenset(LIMITED_ENDPOINTS)

    def the_limiters(hook: Any) -> bool:
        return getattr(hook, "__self__", None) is limiter or (
            isinstance(hook, partial) and limiter in hook.args
        )

    def where_limited(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(value: Any) -> Any:
            return hook(value) if request.endpoint in limited else value

        return run

    def told_when_refused(hook: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """The limiter's headers, but Retry-After on a refusal only: the limiter writes it on
        every answer (the window's end), and a client that honours it on a 200 or a 304
        would wait up to a minute between pages it was allowed."""

        def run(response: Response) -> Response:
            response = hook(response)
            if isinstance(response, Response) and response.status_code not in (429, 503):
                response.headers.pop("Retry-After", None)
            return response

        return where_limited(run)

    app.before_request_funcs[None] = [
        hook for hook in app.before_request_funcs.get(None, []) if not the_limiters(hook)
    ]
    app.after_request_funcs[None] = [
        told_when_refused(hook) if the_limiters(hook) else hook
        for hook in app.after_request_funcs.get(None, [])
    ]
    app.teardown_request_funcs[None] = [
        where_limited(hook) if the_limiters(hook) else hook
        for hook in app.teardown_request_funcs.get(None, [])
    ]
