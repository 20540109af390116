"""Fetch a URL an editor gave us, without becoming a proxy into our own network (SSRF).

Each hop of a fetch goes: check the scheme, resolve the host once, judge every address
(:mod:`factcheck.ingest.guard`), then connect to an address that was judged, never to the
name, so a second DNS answer cannot swap in a private address (DNS rebinding). TLS is still
verified against the host name, with SNI. Redirects are followed by hand so every hop goes
through the same checks. The body is read in chunks and given up as soon as it passes the
size cap, whatever Content-Length says.

One deadline covers the whole fetch: connecting, the TLS handshake, the status line and
headers of every hop, and the body. Every read from the socket is given only the time left,
so a server that sends one byte a second cannot stretch it; the headers are capped in size
as they arrive (see docs/security.md, F4).

urllib3 does the HTTP: it lets us connect a pool to an IP address while sending SNI and
checking the certificate for the host name, reads responses in chunks, and ignores proxy
environment variables.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin

import urllib3
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    LocationParseError,
    NewConnectionError,
    ReadTimeoutError,
    SSLError,
)
from urllib3.response import BaseHTTPResponse
from urllib3.util import Url, parse_url

from factcheck.ingest.addresses import Resolver, checked_addresses, resolve_host
from factcheck.ingest.bounded import (
    Bounds,
    Deadline,
    bound,
    read_capped,
    timeout_error,
)
from factcheck.ingest.errors import FetchError
from factcheck.ingest.guard import compile_allowlist, parse_allowlist

__all__ = [
    "ConnectionFactory",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Resolver",
    "Target",
    "fetch",
    "open_pool",
    "parse_allowlist",
    "resolve_host",
]

_SCHEMES = {"http": 80, "https": 443}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and exceptions for one fetch.

    ``timeout`` is the deadline of the whole fetch: connecting, status line and headers of
    every hop, and the body, together. ``max_header_bytes`` caps the status line and
    headers of one response. ``allow`` holds ``FACTCHECK_FETCH_ALLOW`` entries (see
    :func:`parse_allowlist`).
    """

    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_header_bytes: int = 64 * 1024
    max_redirects: int = 5
    allow: tuple[str, ...] = ()
    user_agent: str = "factcheck/0.1 (+fact-check snapshot)"

    def __post_init__(self) -> None:
        if min(self.timeout, self.max_bytes, self.max_header_bytes) <= 0 or self.max_redirects < 0:
            raise ValueError(
                "FetchPolicy: timeout, max_bytes and max_header_bytes must be positive, "
                "max_redirects not negative"
            )
        compile_allowlist(self.allow)  # a bad entry fails here, when the policy is made


@dataclass(frozen=True)
class FetchResult:
    """A fetched page, as received: the snapshot factcheck keeps.

    ``sha256`` is the hex digest of ``body`` (after any Content-Encoding was undone), so a
    stored snapshot can later be shown to be unchanged. ``peer_address`` is the checked IP
    address the connection was made to.
    """

    url: str
    final_url: str
    status: int
    content_type: str | None
    body: bytes = field(repr=False)
    sha256: str
    fetched_at: datetime
    peer_address: str


@dataclass(frozen=True)
class Target:
    """Where one hop connects: a checked ``address``, and the ``host`` it stands for.

    ``host`` is the URL's host without IPv6 brackets; it is what TLS verifies and what the
    Host header names (``host_header``).
    """

    scheme: str
    host: str
    port: int
    address: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if _SCHEMES[self.scheme] == self.port else f"{host}:{self.port}"


# Opens a pool that connects to target.address (and nowhere else). It must not follow
# redirects or retry: fetch() does both itself.
ConnectionFactory = Callable[[Target, urllib3.Timeout], HTTPConnectionPool]


def open_pool(
    target: Target, timeout: urllib3.Timeout, *, ca_certs: str | None = None
) -> HTTPConnectionPool:
    """The default :data:`ConnectionFactory`: a one-connection urllib3 pool to the address.

    For HTTPS the certificate is verified (system trust store, or ``ca_certs``) against
    ``target.host``, which is also sent as SNI, though the socket goes to the IP address.
    """
    if target.scheme == "https":
        return HTTPSConnectionPool(
            target.address,
            target.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs,
            server_hostname=target.host,
        )
    return HTTPConnectionPool(
        target.address, target.port, timeout=timeout, retries=False, maxsize=1
    )


def fetch(
    url: str,
    policy: FetchPolicy = FetchPolicy(),
    *,
    resolver: Resolver | None = None,
    connect: ConnectionFactory | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy`` and return the body with its provenance.

    Raises :class:`FetchError` with code ``bad_scheme``, ``bad_url``, ``dns_error``,
    ``blocked_address``, ``connection_error``, ``tls_error``, ``timeout``,
    ``too_many_redirects``, ``http_error`` (any final status other than 2xx),
    ``too_large`` or ``corrupt`` (a compressed body whose data is broken). Refusals
    (scheme, blocked address) happen before any connection.
    """
    resolve = resolver or resolve_host
    open_connection = connect or open_pool
    deadline = Deadline(policy.timeout)
    current = url
    for hop in range(policy.max_redirects + 1):
        parsed = _parse_http_url(current)
        host = str(parsed.host).strip("[]")
        addresses = checked_addresses(host, _port(parsed), policy.allow, resolve)
        with closing(_request(parsed, addresses, policy, open_connection, deadline)) as exchange:
            response, target = exchange.response, exchange.target
            location = _redirect_location(response, current)
            if location is None:
                _raise_for_status(response, current)
                body = read_capped(response, policy.max_bytes, deadline, target.host)
                return FetchResult(
                    url=url,
                    final_url=current,
                    status=response.status,
                    content_type=response.headers.get("Content-Type"),
                    body=body,
                    sha256=hashlib.sha256(body).hexdigest(),
                    fetched_at=datetime.now(UTC),  # when the snapshot was complete
                    peer_address=target.address,
                )
        if hop == policy.max_redirects:
            break
        current = location
    raise FetchError(
        "too_many_redirects",
        f"The link redirected more than {policy.max_redirects} times, so factcheck stopped "
        f"following it ({url}).",
    )


def _parse_http_url(url: str) -> Url:
    """Parse ``url``, accepting only absolute http(s) URLs with a host and no credentials."""
    try:
        parsed = parse_url(url.strip())
    except LocationParseError as error:
        raise FetchError("bad_url", f"This is not a valid web address: {url}") from error
    if parsed.scheme not in _SCHEMES:
        raise FetchError(
            "bad_scheme",
            f"factcheck only fetches web pages (http:// or https:// links), not {url}",
        )
    if not parsed.host:
        raise FetchError("bad_url", f"This web address has no site name: {url}")
    if parsed.auth:
        raise FetchError(
            "bad_url",
            "factcheck does not fetch links that carry a user name or password. "
            "Remove them from the link, or upload the article as a file.",
        )
    return parsed


def _port(parsed: Url) -> int:
    return parsed.port or _SCHEMES[str(parsed.scheme)]


@dataclass(frozen=True)
class _Exchange:
    """One request on the wire; ``close`` frees the response and the pool's socket."""

    pool: HTTPConnectionPool
    response: BaseHTTPResponse
    target: Target

    def close(self) -> None:
        self.response.close()
        self.pool.close()


@dataclass(frozen=True)
class _Send:
    """What one request sends: GET for a fetch; POST with a body for a webhook."""

    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


def _request(
    parsed: Url,
    addresses: Sequence[str],
    policy: FetchPolicy,
    open_connection: ConnectionFactory,
    deadline: Deadline,
    send: _Send = _Send(),
) -> _Exchange:
    """Send the request to the first checked address that accepts a connection."""
    host = str(parsed.host).strip("[]")
    last_error: FetchError | None = None
    for address in addresses:
        target = Target(str(parsed.scheme), host, _port(parsed), address)
        try:
            return _request_one(target, parsed.request_uri, policy, open_connection, deadline, send)
        except _Unreachable as error:
            last_error = error.fetch_error  # try the host's next address
    assert last_error is not None, "addresses is never empty"
    raise last_error


class _Unreachable(Exception):
    """No connection to this address; the next one may work."""

    def __init__(self, fetch_error: FetchError) -> None:
        super().__init__(fetch_error.message)
        self.fetch_error = fetch_error


def _request_one(
    target: Target,
    path: str,
    policy: FetchPolicy,
    open_connection: ConnectionFactory,
    deadline: Deadline,
    send: _Send,
) -> _Exchange:
    left = deadline.remaining(target.host)
    pool = open_connection(target, urllib3.Timeout(connect=left, read=left))
    bound(pool, Bounds(deadline, policy.max_header_bytes, target.host))
    headers = {
        "Host": target.host_header,
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        # Ask for the bytes as the site stores them: the snapshot hash is of those.
        "Accept-Encoding": "identity",
        **dict(send.headers),
    }
    try:
        response = pool.urlopen(
            send.method,
            path,
            body=send.body,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
            release_conn=False,
        )
    except Exception as error:
        pool.close()
        if isinstance(error, ConnectTimeoutError):  # NewConnectionError is one too
            raise _Unreachable(_connection_error(target, error)) from error
        raise _translate(error, target, policy) from error
    return _Exchange(pool, response, target)


def _translate(error: BaseException, target: Target, policy: FetchPolicy) -> BaseException:
    """The FetchError an editor should see for a urllib3 failure (others pass through)."""
    if isinstance(error, FetchError):
        return error
    if isinstance(error, ReadTimeoutError | TimeoutError):
        return timeout_error(target.host, policy.timeout)
    if isinstance(error, SSLError):
        return FetchError(
            "tls_error",
            f"factcheck could not verify the secure connection to {target.host}: its "
            "certificate is not valid for that name or not trusted.",
        )
    if isinstance(error, HTTPError | OSError):
        return FetchError(
            "connection_error",
            f"The connection to {target.host} failed before the page arrived. Try again later.",
        )
    return error


def _connection_error(target: Target, error: Exception) -> FetchError:
    # A host typed as an address is named once, not "127.0.0.1 (127.0.0.1)".
    where = target.host if target.host == target.address else f"{target.host} ({target.address})"
    if not isinstance(error, NewConnectionError):
        return FetchError("timeout", f"The server at {where} did not answer in time.")
    return FetchError(
        "connection_error", f"factcheck could not connect to {where}. The site may be down."
    )


def _redirect_location(response: BaseHTTPResponse, current: str) -> str | None:
    """The absolute URL a redirect points to, or ``None`` if this is not a redirect."""
    if response.status not in _REDIRECTS:
        return None
    location = response.headers.get("Location")
    if not location:
        return None  # a redirect without a target is reported as an HTTP error
    return urljoin(current, location)


def _raise_for_status(response: BaseHTTPResponse, url: str) -> None:
    if 200 <= response.status < 300:
        return
    reason = response.reason or ""
    raise FetchError(
        "http_error",
        f"The site answered {response.status} {reason}".rstrip() + f" instead of the page ({url}).",
    )
