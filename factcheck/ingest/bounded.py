"""Reading one response within the fetch's deadline and caps.

Every read from the socket is given only the time left of one deadline for the whole fetch,
so a server that sends one byte a second cannot stretch it; the status line and headers are
counted as they arrive, and the body is read in chunks and given up as soon as it passes the
size cap, whatever Content-Length says. See factcheck.ingest.fetch.
"""

from __future__ import annotations

import http.client
import io
import socket
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import DecodeError, HTTPError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse

from factcheck.ingest.errors import FetchError, human_seconds, human_size

CHUNK = 64 * 1024


class Deadline:
    """The overall time budget of one fetch."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def remaining(self, host: str) -> float:
        """Seconds left; raises the ``timeout`` FetchError (naming ``host``) once none are."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise timeout_error(host, self.seconds)
        return left


@dataclass(frozen=True)
class Bounds:
    """What every read of one response must respect."""

    deadline: Deadline
    max_header_bytes: int
    host: str


class _BoundedReader(io.RawIOBase):
    """The response's socket as http.client reads it, with the deadline on every read.

    Before each ``recv`` the socket timeout is set to the time left, so no read, however
    slowly the bytes come, ends after the deadline. While ``header_budget`` is set (the
    status line and headers are being read) the bytes received are counted against it.
    """

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, bounds: Bounds) -> None:
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
            raise timeout_error(bounds.host, bounds.deadline.seconds) from error
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

    def __init__(self, sock: socket.socket, *, bounds: Bounds, **kwargs: Any) -> None:
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
    def __init__(self, *args: Any, bounds: Bounds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client builds each response as self.response_class(sock, method=...).
        self.response_class = partial(_BoundedResponse, bounds=bounds)  # type: ignore[assignment]


class _BoundedHTTPSConnection(HTTPSConnection):
    def __init__(self, *args: Any, bounds: Bounds, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.response_class = partial(_BoundedResponse, bounds=bounds)  # type: ignore[assignment]


def bound(pool: HTTPConnectionPool, bounds: Bounds) -> None:
    """Make every connection ``pool`` opens read its responses within ``bounds``, whichever
    :data:`ConnectionFactory` made the pool."""
    https = isinstance(pool, HTTPSConnectionPool)
    pool.ConnectionCls = _BoundedHTTPSConnection if https else _BoundedHTTPConnection
    pool.conn_kw["bounds"] = bounds


def timeout_error(host: str, seconds: float) -> FetchError:
    return FetchError(
        "timeout",
        f"The server at {host} did not answer in time: factcheck waits "
        f"{human_seconds(seconds)} for a page, then gives up. Try again later, or upload "
        "the article as a file.",
    )


def damaged_page(host: str) -> FetchError:
    """The body came compressed (gzip, deflate, brotli) and its data is broken: the site
    sends the same damaged page every time, so, unlike a connection that broke, trying
    again cannot help (code ``corrupt``, as for a damaged file)."""
    return FetchError(
        "corrupt",
        f"factcheck could not read the page at {host}: the site sent a damaged compressed "
        "page. Trying again will not help; if the article opens in your browser, paste its "
        "text or save it and upload the file.",
    )


def read_capped(response: BaseHTTPResponse, max_bytes: int, deadline: Deadline, host: str) -> bytes:
    """Read the body in chunks, giving up as soon as it passes ``max_bytes``."""
    declared = response.headers.get("Content-Length")
    # isascii: "²" is a digit to str.isdigit() but not a number to int().
    if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    chunks: list[bytes] = []
    received = 0
    while True:
        deadline.remaining(host)
        try:
            chunk = response.read1(CHUNK)
        except (ReadTimeoutError, TimeoutError) as error:
            raise timeout_error(host, deadline.seconds) from error
        except DecodeError as error:
            raise damaged_page(host) from error
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


def read_start(response: BaseHTTPResponse, max_bytes: int, deadline: Deadline, host: str) -> bytes:
    """The body of an answer, or ``b""`` once it passes ``max_bytes`` (reading stops there):
    an endpoint's reply is kept for the log only, so a huge one is no reason to fail."""
    try:
        return read_capped(response, max_bytes, deadline, host)
    except FetchError as error:
        if error.code != "too_large":
            raise
        return b""


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(
        "too_large",
        f"The page is larger than the {human_size(max_bytes)} factcheck fetches. "
        "Save the article text and upload it as a file.",
    )
