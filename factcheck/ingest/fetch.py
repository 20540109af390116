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
import http.client
import io
import socket
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urljoin

import urllib3
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
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

from factcheck.ingest.errors import FetchError, human_seconds, human_size
from factcheck.ingest.guard import (
    IPAddress,
    compile_allowlist,
    parse_address,
    parse_allowlist,
    why_blocked,
)

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
_CHUNK = 64 * 1024


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


# (host, port) -> IP addresses as text, in the order to try them.
Resolver = Callable[[str, int], Sequence[str]]
# Opens a pool that connects to target.address (and nowhere else). It must not follow
# redirects or retry: fetch() does both itself.
ConnectionFactory = Callable[[Target, urllib3.Timeout], HTTPConnectionPool]


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, via the system resolver (``getaddrinfo``)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


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


class _Deadline:
    """The overall time budget of one fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self, host: str) -> float:
        """Seconds left; raises the ``timeout`` FetchError (naming ``host``) once none are."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise _timeout_error(host, self.seconds)
        return left


@dataclass(frozen=True)
class _Bounds:
    """What every read of one response must respect."""

    deadline: _Deadline
    max_header_bytes: int
    host: str


class _BoundedReader(io.RawIOBase):
    """The response's socket as http.client reads it, with the deadline on every read.

    Before each ``recv`` the socket timeout is set to the time left, so no read, however
    slowly the bytes come, ends after the deadline. While ``header_budget`` is set (the
    status line and headers are being read) the bytes received are counted against it.
    """

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, bounds: _Bounds) -> None:
        super().__init__()
        self._raw = raw
        self._sock = sock
        self._bounds = bounds
        self.header_budget: int | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        bounds = self._bounds
        self._sock.settimeout(bounds.deadline.remaining(bounds.host))
        try:
            count = self._raw.readinto(buffer)
        except TimeoutError as error:
            raise _timeout_error(bounds.host, bounds.deadline.seconds) from error
        if count and self.header_budget is not None:
            self.header_budget -= count
            if self.header_budget < 0:
                raise FetchError(
                    "bad_response",
                    f"The server at {bounds.host} sent more than "
                    f"{human_size(bounds.max_header_bytes)} of headers, so factcheck stopped "
                    "reading. The link may not lead to a normal web page.",
                )
        return count or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


class _BoundedResponse(http.client.HTTPResponse):
    """http.client's response, reading through a :class:`_BoundedReader`."""

    def __init__(self, sock: socket.socket, *, bounds: _Bounds, **kwargs: Any) -> None:
        super().__init__(sock, **kwargs)
        self.fp.close()  # http.client's own reader; ours below keeps the deadline
        self._max_header_bytes = bounds.max_header_bytes
        self._reader = _BoundedReader(sock.makefile("rb", buffering=0), sock, bounds)
        self.fp = io.BufferedReader(self._reader)

    def begin(self) -> None:
        self._reader.header_budget = self._max_header_bytes
        try:
            super().begin()
        finally:
            self._reader.header_budget = None


class _BoundedHTTPConnection(HTTPConnection):
    def __init__(self, *args: Any, bounds: _Bounds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client builds each response as self.response_class(sock, method=...).
        self.response_class = partial(_BoundedResponse, bounds=bounds)  # type: ignore[assignment]


class _BoundedHTTPSConnection(HTTPSConnection):
    def __init__(self, *args: Any, bounds: _Bounds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response_class = partial(_BoundedResponse, bounds=bounds)  # type: ignore[assignment]


def _bound(pool: HTTPConnectionPool, bounds: _Bounds) -> None:
    """Make every connection ``pool`` opens read its responses within ``bounds``, whichever
    :data:`ConnectionFactory` made the pool."""
    https = isinstance(pool, HTTPSConnectionPool)
    pool.ConnectionCls = _BoundedHTTPSConnection if https else _BoundedHTTPConnection
    pool.conn_kw["bounds"] = bounds


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
    ``too_many_redirects``, ``http_error`` (any final status other than 2xx) or
    ``too_large``. Refusals (scheme, blocked address) happen before any connection.
    """
    resolve = resolver or resolve_host
    open_connection = connect or open_pool
    deadline = _Deadline(policy.timeout)
    current = url
    for hop in range(policy.max_redirects + 1):
        parsed = _parse_http_url(current)
        addresses = _checked_addresses(parsed, policy, resolve)
        with closing(_request(parsed, addresses, policy, open_connection, deadline)) as exchange:
            response, target = exchange.response, exchange.target
            location = _redirect_location(response, current)
            if location is None:
                _raise_for_status(response, current)
                body = _read_capped(response, policy.max_bytes, deadline, target.host)
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


def _checked_addresses(parsed: Url, policy: FetchPolicy, resolve: Resolver) -> list[str]:
    """Resolve the URL's host once and return its addresses, all of them checked.

    The whole host is refused if any address is blocked: a host that mixes public and
    private answers is either misconfigured or an attack, and trying only its public
    addresses would still let a rebinding resolver pick the order.
    """
    host = str(parsed.host).strip("[]")
    literal = parse_address(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        addresses = _resolve(host, _port(parsed), resolve)
    allowlist = compile_allowlist(policy.allow)
    if allowlist.allows_host(host):
        return [str(address) for address in addresses]
    for address in addresses:
        reason = why_blocked(address)
        if reason is not None and not allowlist.allows_address(address):
            raise FetchError("blocked_address", _blocked_message(host, literal, address, reason))
    return [str(address) for address in addresses]


def _blocked_message(host: str, literal: IPAddress | None, address: IPAddress, reason: str) -> str:
    if literal is not None:
        refusal = f"factcheck does not fetch {reason} ({address})."
    else:
        refusal = (
            f"factcheck does not fetch {host}: it leads to {address}, and factcheck does "
            f"not fetch {reason}."
        )
    return refusal + " If your newsroom needs this site, ask an administrator."


def _resolve(host: str, port: int, resolve: Resolver) -> list[IPAddress]:
    try:
        answers = list(resolve(host, port))
    except (OSError, UnicodeError) as error:
        raise FetchError("dns_error", _lookup_failure(host, error)) from error
    addresses = [parse_address(answer) for answer in answers]
    valid = [address for address in addresses if address is not None]
    if not valid or len(valid) != len(addresses):
        raise FetchError("dns_error", f"factcheck could not find the site {host}.")
    return valid


# Look-up failures that say nothing about the name itself: no name server answered.
_DNS_UNREACHABLE = {
    getattr(socket, name)
    for name in ("EAI_AGAIN", "EAI_FAIL", "EAI_SYSTEM")
    if hasattr(socket, name)
}


def _lookup_failure(host: str, error: BaseException) -> str:
    """Name the real cause: a name that does not exist, or no name server to ask."""
    if isinstance(error, socket.gaierror) and error.errno in _DNS_UNREACHABLE:
        return (
            f"factcheck could not look up {host}: no name server answered, so the network "
            "or its DNS may be down. Try again in a minute; the link itself may be fine."
        )
    return f"factcheck could not find the site {host}. Check the link for typos."


@dataclass(frozen=True)
class _Exchange:
    """One request on the wire; ``close`` frees the response and the pool's socket."""

    pool: HTTPConnectionPool
    response: BaseHTTPResponse
    target: Target

    def close(self) -> None:
        self.response.close()
        self.pool.close()


def _request(
    parsed: Url,
    addresses: Sequence[str],
    policy: FetchPolicy,
    open_connection: ConnectionFactory,
    deadline: _Deadline,
) -> _Exchange:
    """Send the GET to the first checked address that accepts a connection."""
    host = str(parsed.host).strip("[]")
    last_error: FetchError | None = None
    for address in addresses:
        target = Target(str(parsed.scheme), host, _port(parsed), address)
        try:
            return _request_one(target, parsed.request_uri, policy, open_connection, deadline)
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
    deadline: _Deadline,
) -> _Exchange:
    left = deadline.remaining(target.host)
    pool = open_connection(target, urllib3.Timeout(connect=left, read=left))
    _bound(pool, _Bounds(deadline, policy.max_header_bytes, target.host))
    headers = {
        "Host": target.host_header,
        "User-Agent": policy.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5",
        # Ask for the bytes as the site stores them: the snapshot hash is of those.
        "Accept-Encoding": "identity",
    }
    try:
        response = pool.urlopen(
            "GET",
            path,
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
        return _timeout_error(target.host, policy.timeout)
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
    if not isinstance(error, NewConnectionError):
        return FetchError(
            "timeout", f"The server at {target.host} ({target.address}) did not answer in time."
        )
    return FetchError(
        "connection_error",
        f"factcheck could not connect to {target.host} ({target.address}). The site may be down.",
    )


def _timeout_error(host: str, seconds: float) -> FetchError:
    return FetchError(
        "timeout",
        f"The server at {host} did not answer in time: factcheck waits "
        f"{human_seconds(seconds)} for a page, then gives up. Try again later, or upload "
        "the article as a file.",
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


def _read_capped(
    response: BaseHTTPResponse, max_bytes: int, deadline: _Deadline, host: str
) -> bytes:
    """Read the body in chunks, giving up as soon as it passes ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks: list[bytes] = []
    received = 0
    while True:
        deadline.remaining(host)
        try:
            chunk = response.read1(_CHUNK)
        except (ReadTimeoutError, TimeoutError) as error:
            raise _timeout_error(host, deadline.seconds) from error
        except (HTTPError, OSError) as error:
            raise FetchError(
                "connection_error",
                "The connection broke while the page was arriving. Try again later.",
            ) from error
        if not chunk:
            return b"".join(chunks)
        received += len(chunk)
        if received > max_bytes:
            raise _too_large(max_bytes)
        chunks.append(chunk)


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(
        "too_large",
        f"The page is larger than the {human_size(max_bytes)} factcheck fetches. "
        "Save the article text and upload it as a file.",
    )
