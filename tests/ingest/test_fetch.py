"""The safe fetcher: served pages, limits, and every SSRF refusal.

Refusals are checked with a connection factory that fails the test when called, so a
broken guard fails here without a packet being sent. Everything else talks to a server on
127.0.0.1 that the policy's allowlist opens.
"""

from __future__ import annotations

import gzip
import hashlib
import socket
import threading
import time
from datetime import UTC, datetime
from functools import partial

import pytest

from factcheck.ingest import extract_article
from factcheck.ingest.fetch import FetchError, FetchPolicy, Target, fetch, open_pool
from tests.ingest.conftest import (
    BIG_TOTAL,
    SLOW_LIMIT,
    NoConnection,
    RecordingConnect,
    Site,
    StartSlowServer,
    StubResolver,
    dribble,
)
from tests.ingest.samples import ARTICLE_AUTHOR, ARTICLE_HTML, ARTICLE_OUTLET, ARTICLE_TITLE

LOOPBACK = FetchPolicy(allow=("127.0.0.1/32",))
DEFAULT = FetchPolicy()


def refused(url: str, policy: FetchPolicy = DEFAULT, **stubs: object) -> FetchError:
    """Fetch ``url`` with a connection factory that must never be called; return the error."""
    connect = NoConnection()
    with pytest.raises(FetchError) as caught:
        fetch(url, policy, connect=connect, **stubs)  # type: ignore[arg-type]
    assert connect.targets == []
    return caught.value


# --- pages served on loopback -----------------------------------------------------------


def test_fetches_a_page_and_records_its_snapshot(site: Site) -> None:
    result = fetch(site.url("/article"), LOOPBACK)

    assert result.status == 200
    assert result.body == ARTICLE_HTML.encode("utf-8")
    assert result.sha256 == hashlib.sha256(result.body).hexdigest()
    assert result.content_type == "text/html; charset=utf-8"
    assert result.url == result.final_url == site.url("/article")
    assert result.peer_address == "127.0.0.1"
    assert result.fetched_at.tzinfo == UTC
    assert result.fetched_at <= datetime.now(UTC)


def test_article_text_and_metadata_come_from_a_served_page(site: Site) -> None:
    result = fetch(site.url("/article"), LOOPBACK)
    article = extract_article(result.body, result.final_url, content_type=result.content_type)

    assert article.title == ARTICLE_TITLE
    assert article.author == ARTICLE_AUTHOR
    assert article.outlet == ARTICLE_OUTLET
    assert article.published_on is not None
    assert article.published_on.isoformat() == "2024-03-14"
    assert "double the price of a single ferry crossing" in article.text
    assert "All rights reserved" not in article.text  # the footer is not the article


def test_sends_the_host_name_not_the_address_it_connected_to(site: Site) -> None:
    resolver = StubResolver.fixed(news_test="127.0.0.1")

    result = fetch(site.url("/echo-host", host="news.test"), LOOPBACK, resolver=resolver)

    assert result.body.decode() == f"news.test:{site.port}"
    assert result.peer_address == "127.0.0.1"


def test_follows_redirects(site: Site) -> None:
    result = fetch(site.url("/redirect"), LOOPBACK)

    assert result.final_url == site.url("/article")
    assert result.url == site.url("/redirect")
    assert [path for path, _ in site.server.requests] == ["/redirect", "/article"]


def test_follows_up_to_max_redirects(site: Site) -> None:
    policy = FetchPolicy(allow=("127.0.0.1/32",), max_redirects=3)

    assert fetch(site.url("/chain/2"), policy).final_url == site.url("/article")


def test_stops_after_max_redirects(site: Site) -> None:
    policy = FetchPolicy(allow=("127.0.0.1/32",), max_redirects=3)

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/loop"), policy)

    assert caught.value.code == "too_many_redirects"
    assert "more than 3 times" in caught.value.message
    assert len(site.server.requests) == 4  # the first request and three redirects


def test_size_cap_stops_a_streaming_body_early(site: Site) -> None:
    policy = FetchPolicy(allow=("127.0.0.1/32",), max_bytes=256 * 1024)

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/big"), policy)

    assert caught.value.code == "too_large"
    assert "256 KB" in caught.value.message
    assert site.server.big_done.wait(30), "the server should notice the fetcher hung up"
    assert site.server.big_sent < BIG_TOTAL  # nowhere near the whole body was sent


def test_size_cap_refuses_a_declared_length_without_reading(site: Site) -> None:
    policy = FetchPolicy(allow=("127.0.0.1/32",), max_bytes=1024)

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/big-declared"), policy)

    assert caught.value.code == "too_large"


def test_gives_up_on_a_server_that_stalls(site: Site) -> None:
    policy = FetchPolicy(allow=("127.0.0.1/32",), timeout=0.5)

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/stall"), policy)

    assert caught.value.code == "timeout"
    assert "0.5 seconds" in caught.value.message


def test_an_http_error_status_is_an_error(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/no-such-page"), LOOPBACK)

    assert caught.value.code == "http_error"
    assert "404" in caught.value.message


def test_a_closed_port_is_a_connection_error(site: Site) -> None:
    port = site.port
    site.server.server_close()  # nothing listens there any more

    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/", LOOPBACK)

    assert caught.value.code == "connection_error"


def test_unknown_host_is_a_dns_error() -> None:
    def no_such_host(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    error = refused("http://no-such-site.example/", resolver=no_such_host)

    assert error.code == "dns_error"
    assert "no-such-site.example" in error.message


def test_a_name_that_does_not_exist_may_be_a_typo() -> None:
    def no_such_host(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    error = refused("http://no-such-site.example/", resolver=no_such_host)

    assert error.code == "dns_error" and "typos" in error.message


def test_a_network_without_dns_is_not_blamed_on_typos() -> None:
    """B6: with the network down, the message told the editor to check the link for typos."""

    def no_name_server(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    error = refused("https://www.bbc.co.uk/news", resolver=no_name_server)

    assert error.code == "dns_error"
    assert "typo" not in error.message
    assert "could not look up www.bbc.co.uk" in error.message
    assert "try again" in error.message.lower()


# --- HTTPS: the certificate is checked for the host name, the socket goes to the IP ----


def test_https_verifies_the_host_name_while_connecting_to_the_checked_ip(
    tls_site: Site, ca_file: str
) -> None:
    resolver = StubResolver.fixed(news_test="127.0.0.1")
    connect = partial(open_pool, ca_certs=ca_file)

    result = fetch(
        tls_site.url("/echo-host", host="news.test"), LOOPBACK, resolver=resolver, connect=connect
    )

    assert result.body.decode() == f"news.test:{tls_site.port}"
    assert result.peer_address == "127.0.0.1"
    assert tls_site.server.sni_names == ["news.test"]


def test_https_refuses_a_certificate_for_another_name(tls_site: Site, ca_file: str) -> None:
    resolver = StubResolver.fixed(other_test="127.0.0.1")
    connect = partial(open_pool, ca_certs=ca_file)

    with pytest.raises(FetchError) as caught:
        fetch(tls_site.url("/", host="other.test"), LOOPBACK, resolver=resolver, connect=connect)

    assert caught.value.code == "tls_error"
    assert "other.test" in caught.value.message


def test_https_refuses_an_untrusted_certificate(tls_site: Site) -> None:
    resolver = StubResolver.fixed(news_test="127.0.0.1")

    with pytest.raises(FetchError) as caught:
        fetch(tls_site.url("/", host="news.test"), LOOPBACK, resolver=resolver)

    assert caught.value.code == "tls_error"


# --- SSRF: refused before any connection -------------------------------------------------


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("http://[::1]:8000/", "::1"),
        ("http://0.0.0.0:8000/", "0.0.0.0"),
        ("http://10.0.0.1/", "10.0.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[::ffff:10.0.0.1]/", "::ffff:a00:1"),
        ("https://[fd00::1]/", "fd00::1"),
    ],
)
def test_refuses_non_public_address_literals(url: str, shown: str) -> None:
    error = refused(url)

    assert error.code == "blocked_address"
    assert f"({shown})" in error.message
    assert error.message.startswith("factcheck does not fetch")


def test_private_address_message_reads_well() -> None:
    error = refused("http://10.0.0.1/")

    assert error.message.startswith(
        "factcheck does not fetch addresses on private networks (10.0.0.1)."
    )


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/article.txt", "javascript:alert(1)", "gopher://x/"],
)
def test_refuses_other_schemes(url: str) -> None:
    error = refused(url)

    assert error.code == "bad_scheme"
    assert "http:// or https://" in error.message


def test_refuses_urls_with_credentials() -> None:
    assert refused("http://editor:secret@example.com/").code == "bad_url"


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "10.0.0.1", "fd00::1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "::1"],
)
def test_refuses_host_names_that_resolve_to_blocked_addresses(address: str) -> None:
    resolver = StubResolver.fixed(evil_example=address)

    error = refused("http://evil.example/", resolver=resolver)

    assert error.code == "blocked_address"
    assert "evil.example" in error.message
    assert resolver.calls == ["evil.example"]


def test_refuses_a_host_with_any_blocked_address() -> None:
    resolver = StubResolver({"mixed.example": [["93.184.216.34", "10.0.0.1"]]})

    assert refused("http://mixed.example/", resolver=resolver).code == "blocked_address"


def test_the_allowlist_does_not_leak_to_other_addresses() -> None:
    error = refused("http://127.0.0.2/", FetchPolicy(allow=("127.0.0.1/32",)))

    assert error.code == "blocked_address"


def test_refuses_a_redirect_to_a_private_address(site: Site) -> None:
    connect = RecordingConnect()

    with pytest.raises(FetchError) as caught:
        fetch(site.url("/to-private"), LOOPBACK, connect=connect)

    assert caught.value.code == "blocked_address"
    assert "(10.0.0.1)" in caught.value.message
    assert [target.address for target in connect.targets] == ["127.0.0.1"]


def test_refuses_a_redirect_away_from_an_allowlisted_host_name(site: Site) -> None:
    # Only the site's name is allowed; the metadata address it redirects to is not.
    policy = FetchPolicy(allow=("site.test",))
    resolver = StubResolver.fixed(site_test="127.0.0.1")
    connect = RecordingConnect()

    with pytest.raises(FetchError) as caught:
        fetch(
            site.url("/to-metadata", host="site.test"), policy, resolver=resolver, connect=connect
        )

    assert caught.value.code == "blocked_address"
    assert "(169.254.169.254)" in caught.value.message
    assert [target.host for target in connect.targets] == ["site.test"]


def test_refuses_a_redirect_to_a_file_url(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/to-file"), LOOPBACK)

    assert caught.value.code == "bad_scheme"


def test_connects_to_the_checked_address_not_a_second_lookup(site: Site) -> None:
    # DNS rebinding: the first answer is public, any later one private. The fetcher must
    # look up once and connect to what it checked. (The stub pretends the public address
    # and really connects to the loopback test site.)
    resolver = StubResolver({"rebind.example": [["93.184.216.34"], ["10.0.0.1"]]})
    connect = RecordingConnect(connect_to="127.0.0.1")

    result = fetch(
        f"http://rebind.example:{site.port}/echo-host", resolver=resolver, connect=connect
    )

    assert resolver.calls == ["rebind.example"]
    assert connect.targets == [Target("http", "rebind.example", site.port, "93.184.216.34")]
    assert result.peer_address == "93.184.216.34"
    assert result.body.decode() == f"rebind.example:{site.port}"


def test_tries_the_next_checked_address_when_one_is_unreachable(site: Site) -> None:
    # Nothing listens on 127.0.0.2, so that connection is refused and 127.0.0.1 is next.
    resolver = StubResolver({"dual.test": [["127.0.0.2", "127.0.0.1"]]})
    policy = FetchPolicy(allow=("127.0.0.0/8",))

    result = fetch(site.url("/article", host="dual.test"), policy, resolver=resolver)

    assert result.peer_address == "127.0.0.1"


def test_a_policy_with_a_bad_allowlist_entry_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match=r"10\.0\.0\.1/8"):
        FetchPolicy(allow=("10.0.0.1/8",))


# --- one deadline for the whole exchange, headers included (F4) ---------------------------

QUICK = FetchPolicy(allow=("127.0.0.1/32",), timeout=1.0)


def _fetch_timed(url: str, policy: FetchPolicy = QUICK) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(url, policy)
    return caught.value, time.monotonic() - started


def test_headers_sent_a_byte_at_a_time_do_not_outlast_the_deadline(
    slow_server: StartSlowServer,
) -> None:
    # A server that sent one header byte a second kept "archive now" busy for as long as
    # it liked: each byte came within the read timeout, and the deadline was only checked
    # while reading the body. This one would go on for SLOW_LIMIT (10) seconds.
    server = slow_server(dribble(b"HTTP/1.1 200 OK\r\nX-Slow: ", interval=0.05))

    error, elapsed = _fetch_timed(server.url("/article"))

    assert error.code == "timeout"
    assert error.message.startswith("The server at 127.0.0.1 did not answer in time")
    assert "factcheck waits 1 second for a page" in error.message
    assert 0.9 <= elapsed < SLOW_LIMIT / 2  # at the deadline, nowhere near the server's end


def test_a_status_line_sent_a_byte_at_a_time_does_not_outlast_the_deadline(
    slow_server: StartSlowServer,
) -> None:
    server = slow_server(dribble(b"HTTP/1.1 2", interval=0.05))

    error, elapsed = _fetch_timed(server.url())

    assert error.code == "timeout"
    assert elapsed < SLOW_LIMIT / 2


def test_a_body_sent_a_byte_at_a_time_does_not_outlast_the_deadline(
    slow_server: StartSlowServer,
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
    server = slow_server(dribble(head, interval=0.05))

    error, elapsed = _fetch_timed(server.url())

    assert error.code == "timeout"
    assert 0.9 <= elapsed < SLOW_LIMIT / 2


def test_a_tls_handshake_sent_a_byte_at_a_time_does_not_outlast_the_deadline(
    slow_server: StartSlowServer,
) -> None:
    # The start of a TLS record that announces 16 KB, then the record a byte at a time.
    server = slow_server(dribble(b"\x16\x03\x03\x40\x00", interval=0.05))

    error, elapsed = _fetch_timed(f"https://127.0.0.1:{server.port}/")

    assert error.code == "timeout"
    assert elapsed < SLOW_LIMIT / 2


def test_headers_larger_than_the_cap_are_refused(slow_server: StartSlowServer) -> None:
    line = b"X-Padding: " + b"p" * 4000 + b"\r\n"
    server = slow_server(
        lambda connection, _: connection.sendall(
            b"HTTP/1.1 200 OK\r\n" + line * 40 + b"Content-Length: 2\r\n\r\nok"
        )
    )

    with pytest.raises(FetchError) as caught:
        fetch(server.url(), QUICK)

    assert caught.value.code == "bad_response"
    assert caught.value.message.startswith(
        "The server at 127.0.0.1 sent more than 64 KB of headers"
    )


def test_headers_under_the_cap_are_read(slow_server: StartSlowServer) -> None:
    line = b"X-Padding: " + b"p" * 4000 + b"\r\n"
    server = slow_server(
        lambda connection, _: connection.sendall(
            b"HTTP/1.1 200 OK\r\n" + line * 10 + b"Content-Length: 2\r\nConnection: close\r\n\r\nok"
        )
    )

    assert fetch(server.url(), QUICK).body == b"ok"


def test_the_deadline_covers_every_hop_of_a_redirect_chain(slow_server: StartSlowServer) -> None:
    # Each hop answers within the deadline, but the chain as a whole has one deadline.
    def slow_redirect(connection: socket.socket, stop: threading.Event) -> None:
        if not stop.wait(0.3):
            connection.sendall(
                b"HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 0\r\n"
                b"Connection: close\r\n\r\n"
            )

    server = slow_server(slow_redirect)
    policy = FetchPolicy(allow=("127.0.0.1/32",), timeout=1.0, max_redirects=20)

    error, elapsed = _fetch_timed(server.url(), policy)

    assert error.code == "timeout"
    assert elapsed < SLOW_LIMIT / 2


def test_an_address_typed_as_a_number_is_named_once_when_it_refuses() -> None:
    # Found by an editor's walk in session 22: "could not connect to 127.0.0.1 (127.0.0.1)".
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/x", LOOPBACK)

    assert caught.value.code == "connection_error"
    assert caught.value.message == "factcheck could not connect to 127.0.0.1. The site may be down."


def test_a_content_length_of_a_digit_int_cannot_read_is_no_crash(
    slow_server: StartSlowServer,
) -> None:
    # Session 22: "²" (byte 0xB2) passes str.isdigit(), so the size check's int() raised
    # ValueError, and the import failed with an error nobody could read.
    page = b"<html><head><title>A page</title></head><body><p>Text.</p></body></html>"

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \xb2\r\n"
            b"Connection: close\r\n\r\n" + page
        )

    server = slow_server(script)
    result = fetch(server.url("/"), LOOPBACK)
    assert result.body == page


def test_a_damaged_compressed_body_says_so_not_that_the_connection_broke(
    slow_server: StartSlowServer,
) -> None:
    # Session 24: the page came gzipped although factcheck asks for it as stored, and its
    # gzip data was broken. The message blamed the connection and said to try again later,
    # which cannot help: the site sends the same damaged page every time.
    body = gzip.compress(b"<html><body><p>The fares rose.</p></body></html>")[:30] + b"\x00" * 40

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
        )

    server = slow_server(script)
    with pytest.raises(FetchError) as caught:
        fetch(server.url("/"), LOOPBACK)

    assert caught.value.code == "corrupt"
    assert caught.value.message == (
        "factcheck could not read the page at 127.0.0.1: the site sent a damaged compressed "
        "page. Trying again will not help; if the article opens in your browser, paste its "
        "text or save it and upload the file."
    )
