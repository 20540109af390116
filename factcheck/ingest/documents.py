"""What a link leads to, read as it would be read uploaded.

A web page goes to trafilatura (:func:`factcheck.ingest.html.read_page`); a PDF, a Word
file or a text file goes through the reader its upload would go through
(:func:`factcheck.ingest.files.read_document`), under the same limits: the same size cap
and the same child process with its CPU, memory and time limits. Anything else (an image,
a video, an archive, data) is refused as ``unsupported_type``, saying what it is.

The type is read from the bytes first, as uploads are checked (a PDF served as
``application/octet-stream`` or ``text/plain`` is still a PDF), then from the
``Content-Type`` header, and, when the header says nothing useful, from the address's
extension.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from factcheck.ingest import sniff
from factcheck.ingest.errors import IngestError
from factcheck.ingest.files import ALLOWED_EXTENSIONS, read_document
from factcheck.ingest.html import ExtractedArticle, read_page
from factcheck.ingest.limits import DEFAULT_LIMITS, ParseLimits

_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
# What servers send when they do not know the type (or nothing at all).
_UNSAID = frozenset({"", "application/octet-stream", "binary/octet-stream"})
# A name from the address is used in messages only up to this length.
_MAX_NAME = 100


def read_fetched(
    body: bytes,
    url: str,
    *,
    content_type: str | None,
    max_bytes: int,
    max_chars: int | None = None,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> ExtractedArticle:
    """The article in what ``url`` answered (``body``, with its ``Content-Type``).

    A document is refused past ``max_bytes`` as its upload would be. Raises
    :class:`IngestError`: ``unsupported_type`` for a type factcheck does not read, else
    what :func:`read_page` or :func:`read_document` raise.
    """
    name = _file_name(url)
    extension = reader_for(body, content_type, name)
    if extension == ".html":
        return read_page(body, url, content_type=content_type, max_chars=max_chars, limits=limits)
    return read_document(
        extension,
        name or "The document",
        body,
        max_bytes=max_bytes,
        max_chars=max_chars,
        limits=limits,
    )


def reader_for(body: bytes, content_type: str | None, name: str | None = None) -> str:
    """The extension whose reader reads ``body``, one of :data:`ALLOWED_EXTENSIONS`;
    raises ``unsupported_type`` naming what it is when factcheck reads none."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if sniff.is_zip(body):
        # Which kind of zip it is is left to the Word reader, in its child process, which
        # names it (a spreadsheet, an archive): a zip's directory is not read out here.
        if mime in _UNSAID or _BY_TYPE.get(mime) == ".docx":
            return ".docx"
        raise _unsupported(f"a file of type {mime[:100]}")
    kind = sniff.looks_like(body)
    if kind == "a PDF":
        return ".pdf"
    if kind is not None:
        raise _unsupported(kind)
    if mime in _BY_TYPE:
        return _BY_TYPE[mime]
    if mime in _UNSAID:
        extension = PurePosixPath(name or "").suffix.lower()
        if extension in ALLOWED_EXTENSIONS:
            return ".html" if extension == ".htm" else extension
        if not mime or sniff.looks_like_html(body):
            return ".html"  # no type at all: taken for a web page, as before
        raise _unsupported("a file of unknown type")
    raise _unsupported(f"a file of type {mime[:100]}")


def _file_name(url: str) -> str | None:
    """The file name at the end of the address ("fares.pdf"), if it has an extension."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    return name[:_MAX_NAME] if PurePosixPath(name).suffix else None


def _unsupported(what: str) -> IngestError:
    return IngestError(
        "unsupported_type",
        f"The link leads to {what}, not to a web page or a document factcheck reads (PDF, "
        "Word .docx, or text). If the article is there, paste its text or upload it as one "
        "of those files.",
    )
