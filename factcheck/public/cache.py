"""HTTP caching for public pages: validators, Cache-Control, and a short in-process cache.

When a fact-check goes viral, most requests are anonymous GETs of the same few pages.
Each worker keeps rendered pages for FACTCHECK_PUBLIC_CACHE_SECONDS (default 10) and
drops them all after any successful write it handles itself; other workers catch up
within those seconds. Pages are kept per host and path. A visitor with a session (staff
signed in, a flash message waiting, a form token) always gets a fresh, private page, and a
page that used or changed the session is never kept: it may hold what was meant for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, make_response, request, session

F = TypeVar("F", bound=Callable[..., Any])
MAX_ENTRIES = 2000
BROWSER_MAX_AGE = 60
PUBLIC_CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}"


@dataclass(frozen=True)
class Entry:
    stored_at: float
    status: int
    body: bytes
    mimetype: str | None
    etag: str  # hashed once when stored, not on every hit


def _store(app: Flask) -> dict[str, Entry]:
    store: dict[str, Entry] = app.extensions.setdefault("factcheck.page_cache", {})
    return store


def _personal() -> bool:
    """The request came with a session, or the page changed it (a flash message shown)."""
    return bool(session) or session.modified


def cached(view: F) -> F:
    """Serve anonymous GETs from the worker's cache while fresh; fill it otherwise."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        ttl = current_app.config.get("PUBLIC_CACHE_SECONDS", 0)
        if not ttl or request.method != "GET" or session:
            return view(*args, **kwargs)
        store = _store(current_app)
        # Without FACTCHECK_SITE_URL absolute links follow the request's host: key on it too.
        key = request.host + request.full_path
        entry = store.get(key)
        if entry is not None and time.monotonic() - entry.stored_at < ttl:
            hit = Response(entry.body, status=entry.status, mimetype=entry.mimetype)
            hit.headers["ETag"] = entry.etag
            return hit
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code in (200, 404, 410)
            and not response.direct_passthrough
            and not _personal()
        ):
            if len(store) >= MAX_ENTRIES:
                store.clear()
            body = response.get_data()
            response.add_etag()
            store[key] = Entry(
                time.monotonic(),
                response.status_code,
                body,
                response.mimetype,
                response.headers["ETag"],
            )
        return response

    return cast(F, wrapped)


def forget_everything(response: Response) -> Response:
    """After a successful write in this worker, drop its cached public pages."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
        _store(current_app).clear()
    return response


def public_caching(response: Response) -> Response:
    """ETag, Cache-Control and 304s for public GETs."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    # Plain header strings: this runs on every public hit, cached or not, and werkzeug's
    # header objects re-serialise on each attribute set.
    headers = response.headers
    if _personal():
        headers["Cache-Control"] = "private, no-cache"
    elif headers.get("Cache-Control") is None:  # a view may have chosen its own
        headers["Cache-Control"] = PUBLIC_CACHE_CONTROL
    _vary_on_cookie(response)
    if not response.direct_passthrough:
        if headers.get("ETag") is None:  # the page cache hashed it once, when it kept the page
            response.add_etag()
        environ = request.environ
        if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ:
            response.make_conditional(request)
    return response


def _vary_on_cookie(response: Response) -> None:
    """Add Cookie to Vary, as a string: werkzeug's `vary` parses and rewrites the header."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Cookie"
    elif "cookie" not in {part.strip().lower() for part in vary.split(",")}:
        response.headers["Vary"] = f"{vary}, Cookie"
