"""Which addresses a fetch may connect to: the host resolved once, every answer checked.

A host is refused whole if any of its addresses is blocked (factcheck.ingest.guard), unless
the allow list (FACTCHECK_FETCH_ALLOW) names it. See factcheck.ingest.fetch.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Sequence

from factcheck.ingest.errors import BlockedAddress, FetchError
from factcheck.ingest.guard import IPAddress, compile_allowlist, parse_address, why_blocked

# (host, port) -> IP addresses as text, in the order to try them.
Resolver = Callable[[str, int], Sequence[str]]


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, via the system resolver (``getaddrinfo``)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for *_, sockaddr in infos:
        address = str(sockaddr[0])
        if address not in addresses:
            addresses.append(address)
    return addresses


def checked_addresses(host: str, port: int, allow: tuple[str, ...], resolve: Resolver) -> list[str]:
    """Resolve ``host`` once and return its addresses, all of them checked against the
    blocked ranges (factcheck.ingest.guard) and the ``allow`` list.

    The whole host is refused if any address is blocked: a host that mixes public and
    private answers is either misconfigured or an attack, and trying only its public
    addresses would still let a rebinding resolver pick the order.
    """
    literal = parse_address(host)
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        addresses = _resolve(host, port, resolve)
    allowlist = compile_allowlist(allow)
    if allowlist.allows_host(host):
        return [str(address) for address in addresses]
    for address in addresses:
        reason = why_blocked(address)
        if reason is not None and not allowlist.allows_address(address):
            raise BlockedAddress(
                _blocked_message(host, literal, address, reason),
                address=str(address),
                reason=reason,
                via=None if literal is not None else host,
            )
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
