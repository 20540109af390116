"""Fixtures for the ingest tests: a local web site on 127.0.0.1, its HTTPS twin, and stubs.

Nothing here talks to any address but loopback. Every server thread is joined and every
socket closed on teardown (pytest runs with filterwarnings=error, so a leak fails).
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme
import urllib3

from factcheck.ingest.fetch import Target, open_pool
from tests.ingest.samples import (
    ARTICLE_AUTHOR,
    ARTICLE_HTML,
    ARTICLE_OUTLET,
    ARTICLE_TEXT,
    ARTICLE_TITLE,
    DOCX_TYPE,
    GONE_HTML,
    PNG,
    SCRIPT_APP_HTML,
    make_docx,
    make_pdf,
)

BIG_CHUNK = b"x" * (64 * 1024)
BIG_TOTAL = 64 * 1024 * 1024  # what /big would send if nobody stopped reading
STALL_LIMIT = 10.0  # seconds a stalled handler waits at most, should teardown never come


class SiteServer(ThreadingHTTPServer):
    """The test site. Handler threads are not daemons, so server_close() joins them."""

    daemon_threads = False

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.release = threading.Event()  # lets /stall answer
        self.big_sent = 0
        self.big_done = threading.Event()
        self.requests: list[tuple[str, str | None]] = []  # (path, Host header)
        self.sni_names: list[str | None] = []

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients in these tests hang up on purpose (size cap, timeout): stay quiet."""


class SiteHandler(BaseHTTPRequestHandler):
    """Routes of the test site. HTTP/1.0: a body without Content-Length ends at close."""

    server: SiteServer

    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host")))
        route = self.path.split("?")[0]
        if route.startswith("/chain/"):
            return self._chain(int(route.removeprefix("/chain/")))
        routes: dict[str, Callable[[], None]] = {
            "/article": self._article,
            "/redirect": lambda: self._redirect("/article"),
            "/loop": lambda: self._redirect("/loop"),
            "/to-private": lambda: self._redirect("http://10.0.0.1/admin"),
            "/to-metadata": lambda: self._redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-file": lambda: self._redirect("file:///etc/passwd"),
            "/echo-host": self._echo_host,
            "/big": self._big,
            "/big-declared": self._big_declared,
            "/stall": self._stall,
            "/long-metadata": self._long_metadata,
            # a redirect to an address of 2,100 characters, and a Content-Type of 400
            "/long-redirect": lambda: self._redirect("/article?q=" + "a" * 2_100),
            # what a link may lead to besides a web page
            "/fares.pdf": lambda: self._send(make_pdf(), "application/pdf"),
            "/fares.docx": lambda: self._send(make_docx(), DOCX_TYPE),
            "/fares.txt": lambda: self._send(ARTICLE_TEXT.encode(), "text/plain; charset=utf-8"),
            "/download": lambda: self._send(make_pdf(), "application/octet-stream"),
            "/photo.png": lambda: self._send(PNG, "image/png"),
            "/data.json": lambda: self._send(b'{"fares": [2, 4]}', "application/json"),
            "/app": lambda: self._send(SCRIPT_APP_HTML.encode(), "text/html; charset=utf-8"),
            # answered 200, but the page says it is not there (a "soft 404")
            "/gone": lambda: self._send(GONE_HTML.encode(), "text/html; charset=utf-8"),
            "/broken-gzip": self._broken_gzip,
            "/long-type": lambda: self._send(
                ARTICLE_HTML.encode("utf-8"),
                "text/html; charset=utf-8; " + "; ".join(f"p{i}=v" for i in range(60)),
            ),
        }
        handler = routes.get(route)
        if handler is None:
            self.send_error(404, "Not Found")
            return None
        handler()
        return None

    def _send(self, body: bytes, content_type: str, *, length: int | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def _broken_gzip(self) -> None:
        """A page gzipped although it was asked for as stored, whose gzip data is broken."""
        body = gzip.compress(ARTICLE_HTML.encode())[:40] + b"\x00" * 200
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _article(self) -> None:
        self._send(ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")

    def _long_metadata(self) -> None:
        """The article with a title, an author and a site name longer than any field."""
        page = (
            ARTICLE_HTML.replace(ARTICLE_TITLE, "Ferry fares " * 40)
            .replace(ARTICLE_AUTHOR, "Mara Quill and " * 20)
            .replace(ARTICLE_OUTLET, "The Coastal Ledger " * 15)
        )
        self._send(page.encode("utf-8"), "text/html; charset=utf-8")

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _chain(self, remaining: int) -> None:
        self._redirect("/article" if remaining == 0 else f"/chain/{remaining - 1}")

    def _echo_host(self) -> None:
        self._send(str(self.headers.get("Host")).encode(), "text/plain")

    def _big(self) -> None:
        """Stream far more than any cap, without Content-Length, until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            while self.server.big_sent < BIG_TOTAL:
                self.wfile.write(BIG_CHUNK)
                self.server.big_sent += len(BIG_CHUNK)
        except OSError:
            pass  # the fetcher stopped reading and closed the connection, as it should
        finally:
            self.server.big_done.set()

    def _big_declared(self) -> None:
        self._send(b"tiny", "text/html", length=BIG_TOTAL)

    def _stall(self) -> None:
        self.server.release.wait(STALL_LIMIT)
        with contextlib.suppress(OSError):  # the fetcher gave up long ago
            self._send(b"too late", "text/plain")


@dataclass
class Site:
    server: SiteServer
    scheme: str = "http"

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"


def _serve(server: SiteServer) -> Iterator[SiteServer]:
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="ingest-test-site"
    )
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def site() -> Iterator[Site]:
    """A plain-HTTP test site on 127.0.0.1 (random port)."""
    yield from (Site(server) for server in _serve(SiteServer(SiteHandler)))


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(certificate_authority: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def tls_site(certificate_authority: trustme.CA) -> Iterator[Site]:
    """An HTTPS test site on 127.0.0.1 whose certificate is valid for news.test only."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("news.test").configure_cert(context)
    server = SiteServer(SiteHandler)

    def record_sni(sock: ssl.SSLObject | ssl.SSLSocket, name: str | None, _: Any) -> None:
        server.sni_names.append(name)

    context.sni_callback = record_sni
    # Handshake in the handler thread (first read), not in accept() on the serving thread.
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    yield from (Site(served, scheme="https") for served in _serve(server))


class SlowServer:
    """A raw-socket server on 127.0.0.1 that answers every connection by running ``script``
    (given the connection and a stop event), for servers no HTTP library would write:
    one that dribbles its headers a byte at a time, or sends megabytes of them.

    A script must return within ``SLOW_LIMIT`` seconds and give up when the stop event
    is set (teardown) or the client hangs up (``OSError``).
    """

    def __init__(self, script: Callable[[socket.socket, threading.Event], None]) -> None:
        self.script = script
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.thread = threading.Thread(target=self._serve, name="ingest-slow-server")
        self.thread.start()

    @property
    def port(self) -> int:
        return int(self.listener.getsockname()[1])

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            with connection, contextlib.suppress(OSError):
                _read_request_head(connection)
                self.script(connection, self.stop)
                # Hang up politely: closing with the client's bytes unread would send a
                # reset, which can discard what the client has not read yet.
                connection.shutdown(socket.SHUT_WR)
                while connection.recv(65536):
                    pass

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.listener.close()


def _read_request_head(connection: socket.socket) -> None:
    connection.settimeout(2.0)
    received = b""
    while b"\r\n\r\n" not in received and len(received) < 65536:
        chunk = connection.recv(4096)
        if not chunk:
            return
        received += chunk


SLOW_LIMIT = 10.0  # seconds a slow script sends at most; the fetcher should quit long before


def dribble(head: bytes, *, interval: float) -> Callable[[socket.socket, threading.Event], None]:
    """A script: send ``head`` at once, then one more byte every ``interval`` seconds."""

    def script(connection: socket.socket, stop: threading.Event) -> None:
        connection.sendall(head)
        ends = time.monotonic() + SLOW_LIMIT
        while time.monotonic() < ends and not stop.wait(interval):
            connection.sendall(b"a")

    return script


Script = Callable[[socket.socket, threading.Event], None]
StartSlowServer = Callable[[Script], SlowServer]


@pytest.fixture
def slow_server() -> Iterator[StartSlowServer]:
    """``slow_server(script)`` starts a :class:`SlowServer`; all are closed on teardown."""
    servers: list[SlowServer] = []

    def start(script: Script) -> SlowServer:
        servers.append(SlowServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@dataclass
class StubResolver:
    """Answers from a table instead of DNS; a list of answers is used one call at a time."""

    answers: dict[str, list[list[str]]]
    calls: list[str] = field(default_factory=list)

    @classmethod
    def fixed(cls, **hosts: str) -> StubResolver:
        """``fixed(news_test="127.0.0.1")``: underscores in names stand for dots."""
        return cls({name.replace("_", "."): [[address]] for name, address in hosts.items()})

    def __call__(self, host: str, port: int) -> Sequence[str]:
        self.calls.append(host)
        answers = self.answers[host]
        return answers[min(len(self.calls) - 1, len(answers) - 1)]


@dataclass
class RecordingConnect:
    """A connection factory that records each target, then really connects: to the
    target's address, or to ``connect_to`` (a loopback address) when a test pretends a
    public address."""

    connect_to: str | None = None
    ca_certs: str | None = None
    targets: list[Target] = field(default_factory=list)

    def __call__(self, target: Target, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
        self.targets.append(target)
        address = self.connect_to or target.address
        assert address.startswith("127."), f"a test tried to connect off loopback: {target}"
        target = Target(target.scheme, target.host, target.port, address)
        return open_pool(target, timeout, ca_certs=self.ca_certs)


class NoConnection:
    """A connection factory that fails the test if the fetcher ever tries to connect."""

    def __init__(self) -> None:
        self.targets: list[Target] = []

    def __call__(self, target: Target, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
        self.targets.append(target)
        pytest.fail(f"the fetcher tried to connect to {target} after it should have refused")
