"""POSTing to a URL an admin gave us (a webhook), through the same guard as fetching.

The host is resolved once and every address judged (factcheck.ingest.guard), the connection
goes to a judged address, and one deadline covers connecting, the headers and the answer,
as for a fetch (factcheck.ingest.fetch, whose request machinery this reuses).
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field

from urllib3.util import Url

from factcheck.ingest.addresses import Resolver, checked_addresses, resolve_host
from factcheck.ingest.bounded import Deadline, read_start
from factcheck.ingest.fetch import (
    ConnectionFactory,
    FetchPolicy,
    _parse_http_url,
    _port,
    _request,
    _Send,
    open_pool,
)


@dataclass(frozen=True)
class PostResult:
    """What an endpoint answered to a POST: its status and the start of its body."""

    status: int
    body: bytes = field(repr=False)
    peer_address: str


def post(
    url: str,
    body: bytes,
    headers: dict[str, str],
    policy: FetchPolicy,
    *,
    resolver: Resolver | None = None,
    connect: ConnectionFactory | None = None,
) -> PostResult:
    """POST ``body`` to ``url`` through the same guard and deadline as :func:`fetch`.

    Any status is returned, a redirect too (a webhook is not followed elsewhere); at most
    ``policy.max_bytes`` of the answer is read, the rest is dropped unread. Raises
    :class:`FetchError` when no answer came (refused address, DNS, connection, timeout).
    """
    parsed = _parse_http_url(url)
    addresses = _checked(parsed, policy.allow, resolver)
    deadline = Deadline(policy.timeout)
    send = _Send("POST", body, tuple(headers.items()))
    exchange = _request(parsed, addresses, policy, connect or open_pool, deadline, send)
    with closing(exchange):
        answer = read_start(exchange.response, policy.max_bytes, deadline, exchange.target.host)
        return PostResult(exchange.response.status, answer, exchange.target.address)


def check_destination(url: str, allow: tuple[str, ...], resolver: Resolver | None = None) -> None:
    """Judge where a POST to ``url`` would go, as :func:`post` does, without connecting.

    Raises :class:`FetchError` (``BlockedAddress`` for a refused address) as ``post`` would.
    """
    _checked(_parse_http_url(url), allow, resolver)


def _checked(parsed: Url, allow: tuple[str, ...], resolver: Resolver | None) -> list[str]:
    host = str(parsed.host).strip("[]")
    return checked_addresses(host, _port(parsed), allow, resolver or resolve_host)
