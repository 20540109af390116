"""Articles from uploaded files: plain text, Markdown, HTML, Word (.docx) and PDF.

Each type is read by a reader made for it: charset-normalizer guesses the encoding of text
files, trafilatura reads HTML, a streaming reader (:mod:`factcheck.ingest.word`) reads
Word files, pypdf reads PDFs. Text is returned as decoded, with only line ends normalized
to ``\\n``, so that character offsets taken on it later stay valid.

Reading is bounded (see docs/security.md, F2 and F13): the content must match the
extension (:mod:`factcheck.ingest.sniff`); the parse runs in a child process under CPU,
memory and time limits (:mod:`factcheck.ingest.sandbox`); structural caps
(:class:`ParseLimits`) and the character limit stop it as soon as they are passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PureWindowsPath

from factcheck.ingest import sniff
from factcheck.ingest.errors import IngestError, corrupt, human_size, wrong_type
from factcheck.ingest.html import ExtractedArticle, extract_bounded
from factcheck.ingest.limits import DEFAULT_LIMITS, ParseLimits, too_many_chars
from factcheck.ingest.pdf import read_pdf
from factcheck.ingest.sandbox import run_limited
from factcheck.ingest.text import clean_field, decode_text, normalize_newlines, without_nul
from factcheck.ingest.word import read_docx

ALLOWED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

# A title guessed from a text file's first line is kept only up to this length.
_MAX_TITLE_CHARS = 200
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def read_upload(
    filename: str,
    data: bytes,
    *,
    max_bytes: int,
    max_chars: int | None = None,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> ExtractedArticle:
    """Read the article in an uploaded file.

    The type is chosen by the file name's extension (case-insensitive), one of
    :data:`ALLOWED_EXTENSIONS`, and the content must be of that type. The file is parsed
    in a child process under ``limits``; reading stops once the text passes ``max_chars``
    characters (``None``: no limit but the structural ones).

    Raises :class:`IngestError` with code ``unsupported_type``, ``empty``, ``too_large``
    (over ``max_bytes``, ``max_chars`` or a structural cap), ``too_complex`` (the parser
    ran out of time or memory), ``wrong_type`` (the content is another type),
    ``not_text``, ``corrupt``, ``encrypted`` or ``no_text``.
    """
    name = PureWindowsPath(filename).name or "The file"  # browsers may send a full path
    extension = PureWindowsPath(name).suffix.lower()
    if extension not in _READERS:
        raise IngestError(
            "unsupported_type",
            f"factcheck cannot read {name}. Upload one of these file types: "
            f"{', '.join(ALLOWED_EXTENSIONS)}.",
        )
    return read_document(
        extension, name, data, max_bytes=max_bytes, max_chars=max_chars, limits=limits
    )


def read_document(
    extension: str,
    name: str,
    data: bytes,
    *,
    max_bytes: int,
    max_chars: int | None = None,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> ExtractedArticle:
    """Read ``data`` as a file of type ``extension`` (one of :data:`ALLOWED_EXTENSIONS`),
    called ``name`` in messages: what :func:`read_upload` does once it knows the type, and
    what a link to a document goes through (:mod:`factcheck.ingest.documents`)."""
    if not data:
        raise IngestError("empty", f"{name} is empty.")
    if len(data) > max_bytes:
        raise IngestError(
            "too_large",
            f"{name} is {human_size(len(data))}; factcheck accepts files up to "
            f"{human_size(max_bytes)}.",
        )
    return run_limited(name, limits, read_in_child, extension, name, data, limits, max_chars)


def read_in_child(
    extension: str, name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    """The reading itself, as run in the parser's child process."""
    article = _READERS[extension](name, data, limits, max_chars)
    if not article.text.strip():
        raise _no_text(name)
    if max_chars is not None and len(article.text) > max_chars:
        raise too_many_chars(name, max_chars)
    return article


def _read_plain_text(
    name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    _refuse_other_types(name, data, "a text file")
    text = decode_text(data, filename=name)
    return _article(title=_first_line(text), text=text)


def _read_markdown(
    name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    _refuse_other_types(name, data, "a text file")
    # The Markdown source is kept as it is (not rendered), so offsets match the file.
    text = decode_text(data, filename=name)
    return _article(title=_markdown_title(text) or _first_line(text), text=text)


def _read_html(
    name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    _refuse_other_types(name, data, "a web page (HTML)")
    if not sniff.looks_like_html(data):
        raise IngestError(
            "wrong_type",
            f"{name} is not a web page: factcheck found no HTML markup in it. If it is "
            "plain text, rename it to end in .txt and upload it again.",
        )
    try:
        return extract_bounded(name, data, limits, max_chars)
    except IngestError as error:
        if error.code == "no_text":
            raise _no_text(name) from error
        raise


def _read_docx(
    name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    if not sniff.is_zip(data):
        _refuse_other_types(name, data, "a Word (.docx) document")
        raise corrupt(name, "Word document")
    document = read_docx(name, data, limits, max_chars)
    text = normalize_newlines(document.text)
    return _article(title=document.title or _first_line(text), author=document.author, text=text)


def _read_pdf(
    name: str, data: bytes, limits: ParseLimits, max_chars: int | None
) -> ExtractedArticle:
    if not sniff.is_pdf(data):
        _refuse_other_types(name, data, "a PDF")
        raise corrupt(name, "PDF")
    document = read_pdf(name, data, limits, max_chars)
    text = normalize_newlines(document.text)
    return _article(title=document.title or _first_line(text), author=document.author, text=text)


def _refuse_other_types(name: str, data: bytes, expected: str) -> None:
    """Refuse ``data`` when its signature says it is another type of file."""
    kind = sniff.looks_like(data)
    if kind is not None:
        raise wrong_type(name, expected, kind, sniff.readable_extension(kind))


_READERS: dict[str, Callable[[str, bytes, ParseLimits, int | None], ExtractedArticle]] = {
    ".txt": _read_plain_text,
    ".md": _read_markdown,
    ".html": _read_html,
    ".htm": _read_html,
    ".docx": _read_docx,
    ".pdf": _read_pdf,
}


def _article(*, title: str | None, text: str, author: str | None = None) -> ExtractedArticle:
    return ExtractedArticle(
        title=clean_field(title),
        author=clean_field(author),
        published_on=None,
        outlet=None,
        text=without_nul(text),
    )


def _first_line(text: str) -> str | None:
    """The first non-blank line, as a title guess for files that have no title field."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:_MAX_TITLE_CHARS]
    return None


def _markdown_title(text: str) -> str | None:
    for line in text.splitlines():
        match = _MARKDOWN_HEADING.match(line)
        if match:
            return match.group(1)[:_MAX_TITLE_CHARS]
    return None


def _no_text(name: str) -> IngestError:
    return IngestError("no_text", f"factcheck found no article text in {name}.")
