"""Which network addresses factcheck may fetch from: the SSRF guard.

By default only globally routable unicast addresses are fetched. Addresses that reach the
server itself, the newsroom's internal network or a cloud provider's metadata service are
refused, including when they hide inside an IPv6 address (IPv4-mapped, NAT64, 6to4). An
operator may open named hosts or networks with an allowlist (``FACTCHECK_FETCH_ALLOW``).

This module only judges addresses; it never resolves names or opens connections.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# NAT64 prefixes put an IPv4 address in the last 32 bits (RFC 6052, RFC 8215). A DNS64
# resolver hands these out for IPv4-only sites, so the embedded address is what is reached.
_NAT64_PREFIXES = (
    ipaddress.IPv6Network("64:ff9b::/96"),
    ipaddress.IPv6Network("64:ff9b:1::/48"),
)

# A host name as it may appear in an allowlist: dot-separated labels, already IDNA-encoded.
_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def parse_allowlist(raw: str | None) -> tuple[str, ...]:
    """Parse a ``FACTCHECK_FETCH_ALLOW`` value into normalized entries.

    Entries are separated by commas and/or whitespace. Each is either a host name
    (``intranet.example``, matched exactly, case-insensitively) or an IP network in CIDR
    form (``10.20.0.0/16``, ``::1/128``); a bare address means just that address (``/32`` or
    ``/128``). Networks are returned in canonical form, host names lowercased.

    Raises ``ValueError`` naming the bad entry, so a typo stops the app at start-up instead
    of silently opening or closing the guard.
    """
    if not raw:
        return ()
    entries = [entry for entry in re.split(r"[,\s]+", raw) if entry]
    return tuple(str(_parse_entry(entry)) for entry in entries)


def _parse_entry(entry: str) -> IPNetwork | str:
    """One allowlist entry as a network, or as a normalized host name."""
    try:
        return ipaddress.ip_network(entry, strict=True)
    except ValueError:
        pass
    host = normalize_host(entry)
    if not _HOST_NAME.match(host) or host.replace(".", "").isdigit():
        raise ValueError(
            f"FACTCHECK_FETCH_ALLOW: {entry!r} is neither a host name (intranet.example) nor "
            "a network (10.0.0.0/8, ::1/128, host bits zero)"
        )
    return host


def normalize_host(host: str) -> str:
    """Lowercase a host name and drop the trailing root dot, for comparisons."""
    return host.strip().lower().rstrip(".")


@dataclass(frozen=True)
class Allowlist:
    """Parsed allowlist: host names and networks that may be fetched even if not public."""

    hosts: frozenset[str]
    networks: tuple[IPNetwork, ...]

    def allows_host(self, host: str) -> bool:
        return normalize_host(host) in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        candidates = [address]
        embedded = embedded_ipv4(address)
        if embedded is not None:
            candidates.append(embedded)
        return any(
            candidate.version == network.version and candidate in network
            for candidate in candidates
            for network in self.networks
        )


@lru_cache(maxsize=32)
def compile_allowlist(entries: tuple[str, ...]) -> Allowlist:
    """Turn allowlist entries (as from :func:`parse_allowlist`) into an :class:`Allowlist`.

    Raises ``ValueError`` for an entry that is neither a host name nor a network.
    """
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for entry in entries:
        parsed = _parse_entry(entry)
        if isinstance(parsed, str):
            hosts.add(parsed)
        else:
            networks.append(parsed)
    return Allowlist(hosts=frozenset(hosts), networks=tuple(networks))


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries and would deliver packets to, if any.

    Covers IPv4-mapped (``::ffff:10.0.0.1``), NAT64 (``64:ff9b::a00:1``) and 6to4
    (``2002:a00:1::``). Teredo needs no unwrapping: its whole prefix is refused anyway.
    """
    if address.version == 4:
        return None
    assert isinstance(address, ipaddress.IPv6Address)
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if any(address in prefix for prefix in _NAT64_PREFIXES):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def why_blocked(address: IPAddress) -> str | None:
    """Why factcheck refuses to connect to ``address``, or ``None`` if it is public.

    The answer completes "factcheck does not fetch ...", as in "addresses on private
    networks". Only globally routable unicast addresses pass; an IPv6 address that
    carries an IPv4 address is judged by the IPv4 address, since that is where the
    packets would go.
    """
    embedded = embedded_ipv4(address)
    if embedded is not None:
        return why_blocked(embedded)
    if address.is_unspecified:
        return "the unspecified address, which means this server"
    if address.is_loopback:
        return "addresses of this server itself (loopback)"
    if address.is_link_local:
        return "link-local addresses, such as cloud metadata services"
    if address.is_multicast:
        return "multicast addresses"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "addresses on private networks"
    if address.is_private:
        return "addresses on private networks"
    if address.is_reserved:
        return "reserved addresses"
    if not address.is_global:
        # For example 100.64.0.0/10, the carrier-grade NAT range shared inside a provider.
        return "addresses that are not public"
    return None


def parse_address(text: str) -> IPAddress | None:
    """``text`` as an IP address (IPv6 brackets and zone allowed), or ``None`` for a name."""
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None
