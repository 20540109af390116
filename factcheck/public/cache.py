"""HTTP caching for public pages: validators, Cache-Control, and a short in-process cache.

When a fact-check goes viral, most requests are anonymous GETs of the same few pages.
Each worker keeps rendered pages for FACTCHECK_PUBLIC_CACHE_SECONDS (default 10) and
drops them all after any successful write it handles itself; other workers catch up
within those seconds. Pages are kept per host and path. A visitor with a session (staff
signed in, a flash message waiting, a form token) always gets a fresh, private page, and a
page that used or changed the session is never kept: it may hold what was meant for them.

`AnonymousHits` answers the commonest request of all -- a GET with no cookie, no
credentials and no validators, of a page already kept -- before Flask runs, with the
finished response (every header the app's hooks added) that Flask sent for it: a cached
page inside Flask costs its request context and a dozen hooks, three times what its bytes
cost (docs/performance.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, cast

from flask import Flask, Response, current_app, make_response, request, session

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

F = TypeVar("F", bound=Callable[..., Any])
MAX_ENTRIES = 2000
# Bodies kept per store and worker. Without a bound on bytes, one query string after
# another (`/sitemaps/1.xml?1`, `?2`…: each a page of its own, and a sitemap part holds up
# to 50,000 addresses) would keep 2,000 copies of the largest page in every worker.
MAX_BYTES = 32 * 1024 * 1024
# Set in the WSGI environ by `cached` to the endpoint, when the page it answered may be kept.
KEEPABLE = "factcheck.page_cache.keepable"
BROWSER_MAX_AGE = 60
PUBLIC_CACHE_CONTROL = f"public, max-age={BROWSER_MAX_AGE}"
# The kept pages' clock, a name of this module's own so that a test can move it on
# without stopping time for every other thread in the process.
clock = time.monotonic


@dataclass(frozen=True)
class Entry:
    stored_at: float
    status: int
    body: bytes
    mimetype: str | None
    etag: str  # hashed once when stored, not on every hit


@dataclass(frozen=True)
class FinishedPage:
    """A kept page as Flask finished it: status line, headers (but the request's id), body."""

    stored_at: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes


class _Page(Protocol):
    @property
    def stored_at(self) -> float: ...

    @property
    def body(self) -> bytes: ...


P = TypeVar("P", bound=_Page)


class PageStore(Generic[P]):
    """Kept pages by key: at most MAX_ENTRIES of them, with at most MAX_BYTES of bodies.
    When a page would go over either, every page is dropped (they are all re-rendered
    within seconds anyway); a page larger than MAX_BYTES on its own is never kept."""

    def __init__(self) -> None:
        self.pages: dict[str, P] = {}
        self.size = 0

    def fresh(self, key: str, ttl: float) -> P | None:
        """The page kept under `key`, if it was kept less than `ttl` seconds ago."""
        page = self.pages.get(key)
        if page is None or clock() - page.stored_at >= ttl:
            return None
        return page

    def put(self, key: str, page: P) -> None:
        size = len(page.body)
        if size > MAX_BYTES:
            return
        replaced = self.pages.pop(key, None)
        if replaced is not None:
            self.size -= len(replaced.body)
        if len(self.pages) >= MAX_ENTRIES or self.size + size > MAX_BYTES:
            self.clear()
        self.pages[key] = page
        self.size += size

    def clear(self) -> None:
        self.pages.clear()
        self.size = 0


def _store(app: Flask) -> PageStore[Entry]:
    store: PageStore[Entry] = app.extensions.setdefault("factcheck.page_cache", PageStore())
    return store


def _finished_store(app: Flask) -> PageStore[FinishedPage]:
    store: PageStore[FinishedPage] = app.extensions.setdefault(
        "factcheck.finished_pages", PageStore()
    )
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
        entry = store.fresh(key, ttl)
        if entry is not None:
            hit = Response(entry.body, status=entry.status, mimetype=entry.mimetype)
            hit.headers["ETag"] = entry.etag
            request.environ[KEEPABLE] = request.endpoint
            return hit
        response = make_response(view(*args, **kwargs))
        if (
            response.status_code in (200, 404, 410)
            and not response.direct_passthrough
            and not _personal()
        ):
            request.environ[KEEPABLE] = request.endpoint
            body = response.get_data()
            response.add_etag()
            store.put(
                key,
                Entry(
                    clock(),
                    response.status_code,
                    body,
                    response.mimetype,
                    response.headers["ETag"],
                ),
            )
        return response

    return cast(F, wrapped)


def forget_everything(response: Response) -> Response:
    """After a successful write in this worker, drop its cached public pages."""
    if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400:
        _store(current_app).clear()
        _finished_store(current_app).clear()
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
            # Werkzeug adds a Date here; the server writes its own, and Date is one header.
            headers.pop("Date", None)
    return response


def _vary_on_cookie(response: Response) -> None:
    """Add Cookie to Vary, as a string: werkzeug's `vary` parses and rewrites the header."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Cookie"
    elif "cookie" not in {part.strip().lower() for part in vary.split(",")}:
        response.headers["Vary"] = f"{vary}, Cookie"


# Request headers that make an answer someone's own, or a conditional one: such a request
# goes through Flask (which still serves the page from the cache above).
_PERSONAL_OR_CONDITIONAL = (
    "HTTP_COOKIE",
    "HTTP_AUTHORIZATION",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
)


# What `cached` keeps; a later hook's failure would have turned it into a 500.
_KEPT_STATUSES = ("200 ", "404 ", "410 ")


class AnonymousHits:
    """WSGI middleware in front of Flask: an anonymous GET of a kept page is answered from
    the finished page, without Flask.

    A page is kept here only after Flask answered the same scheme, host, path and query
    with it, through `cached` (so the host was trusted, the path and query were checked),
    with no cookie set, and never for an endpoint in `never` (the rate-limited ones, whose
    limit must count every request). The hit carries its own X-Request-ID and writes the
    request log line as Flask would. Every other request goes to Flask unchanged.
    """

    def __init__(self, app: Flask, wsgi_app: WSGIApplication, never: frozenset[str]) -> None:
        from factcheck import ops  # ops builds on the web package, which imports this module

        self.app = app
        self.wsgi_app = wsgi_app
        self.never = never
        self._request_id_of = ops.request_id_of
        self._log_line = ops.request_log_line
        self._log = ops.log

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        ttl = self.app.config.get("PUBLIC_CACHE_SECONDS", 0)
        if (
            not ttl
            or environ.get("REQUEST_METHOD") != "GET"
            or any(name in environ for name in _PERSONAL_OR_CONDITIONAL)
        ):
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        key = _key(environ)
        store = _finished_store(self.app)
        page = store.fresh(key, ttl)
        if page is not None:
            return self._serve(page, environ, start_response, started)
        return self._keep(key, store, environ, start_response)

    def _serve(
        self,
        page: FinishedPage,
        environ: WSGIEnvironment,
        start_response: StartResponse,
        started: float,
    ) -> list[bytes]:
        request_id = self._request_id_of(environ)
        start_response(page.status, [*page.headers, ("X-Request-ID", request_id)])
        if self._log.isEnabledFor(logging.INFO):
            path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "replace")
            self._log.info(
                self._log_line(
                    request_id,
                    "GET",
                    "/" + path.lstrip("/"),
                    int(page.status.split(" ", 1)[0]),
                    started,
                    None,
                    environ.get("REMOTE_ADDR"),
                )
            )
        return [page.body]

    def _keep(
        self,
        key: str,
        store: PageStore[FinishedPage],
        environ: WSGIEnvironment,
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        sent: list[Any] = []

        def remember(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent[:] = [status, headers]
            return start_response(status, headers, *exc_info)

        answer = self.wsgi_app(environ, remember)
        endpoint = environ.get(KEEPABLE)
        if endpoint is None or endpoint in self.never or not sent:
            return answer
        status, headers = sent
        if not status.startswith(_KEPT_STATUSES) or any(
            name.lower() == "set-cookie" for name, _ in headers
        ):
            return answer
        try:
            body = b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
        kept = [(name, value) for name, value in headers if name.lower() != "x-request-id"]
        store.put(key, FinishedPage(clock(), status, kept, body))
        return [body]


def _key(environ: WSGIEnvironment) -> str:
    """Scheme, host, path and query: a page over https carries HSTS, and its absolute links
    follow the request's host when FACTCHECK_SITE_URL is not set."""
    return "".join(
        (
            environ.get("wsgi.url_scheme", "http"),
            "://",
            environ.get("HTTP_HOST", ""),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            "?",
            environ.get("QUERY_STRING", ""),
        )
    )
