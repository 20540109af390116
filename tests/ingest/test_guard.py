"""The address guard and the allowlist, judged without any network."""

from __future__ import annotations

import ipaddress

import pytest

from factcheck.ingest.guard import compile_allowlist, embedded_ipv4, parse_allowlist, why_blocked


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.1", "private networks"),
        ("172.16.5.4", "private networks"),
        ("192.168.1.1", "private networks"),
        ("fd00::1", "private networks"),
        ("fec0::1", "private networks"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "private networks"),
        ("255.255.255.255", "private networks"),
        ("100.64.0.1", "not public"),
        ("192.0.2.10", "private networks"),  # documentation range
        ("2001:db8::1", "private networks"),  # documentation range
        ("::ffff:10.0.0.1", "private networks"),  # IPv4-mapped
        ("::ffff:127.0.0.1", "loopback"),
        ("64:ff9b::a00:1", "private networks"),  # NAT64 of 10.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("2002:a00:1::", "private networks"),  # 6to4 of 10.0.0.1
        ("2001::1", "private networks"),  # Teredo
    ],
)
def test_blocks_addresses_that_are_not_public(address: str, reason: str) -> None:
    why = why_blocked(ipaddress.ip_address(address))

    assert why is not None
    assert reason in why


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700::1", "::ffff:93.184.216.34", "64:ff9b::808:808"],
)
def test_lets_public_addresses_through(address: str) -> None:
    assert why_blocked(ipaddress.ip_address(address)) is None


def test_finds_the_ipv4_address_inside_ipv6() -> None:
    assert embedded_ipv4(ipaddress.ip_address("::ffff:10.0.0.1")) == ipaddress.IPv4Address(
        "10.0.0.1"
    )
    assert embedded_ipv4(ipaddress.ip_address("2606:4700::1")) is None
    assert embedded_ipv4(ipaddress.ip_address("10.0.0.1")) is None


def test_parses_the_allowlist_setting() -> None:
    raw = "127.0.0.0/8, ::1/128  Intranet.Example.\n10.20.30.40"

    assert parse_allowlist(raw) == ("127.0.0.0/8", "::1/128", "intranet.example", "10.20.30.40/32")


@pytest.mark.parametrize("raw", [None, "", " , "])
def test_an_empty_allowlist_allows_nothing_extra(raw: str | None) -> None:
    assert parse_allowlist(raw) == ()


@pytest.mark.parametrize("entry", ["10.0.0.1/8", "10.0.0.0/33", "http://intranet", "10.0.0.256"])
def test_rejects_allowlist_typos(entry: str) -> None:
    with pytest.raises(ValueError, match="FACTCHECK_FETCH_ALLOW"):
        parse_allowlist(entry)


def test_allowlist_matches_names_exactly_and_networks_by_containment() -> None:
    allowlist = compile_allowlist(("intranet.example", "10.20.0.0/16"))

    assert allowlist.allows_host("INTRANET.example.")
    assert not allowlist.allows_host("evil.intranet.example")
    assert allowlist.allows_address(ipaddress.ip_address("10.20.1.2"))
    assert allowlist.allows_address(ipaddress.ip_address("::ffff:10.20.1.2"))
    assert not allowlist.allows_address(ipaddress.ip_address("10.21.0.1"))
