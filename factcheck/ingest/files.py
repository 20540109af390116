"""Articles from uploaded files: plain text, Markdown, HTML, Word (.docx) and PDF.

Each type is read by a maintained library made for it: charset-normalizer guesses the
encoding of text files, trafilatura reads HTML, python-docx reads Word files, pypdf reads
PDFs. Text is returned as decoded, with only line ends normalized to ``\\n``, so that
character offsets taken on it later stay valid.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import PureWindowsPath

import docx
import pypdf
from docx.table import Table

from factcheck.ingest.errors import IngestError, human_size
from factcheck.ingest.html import ExtractedArticle, extract_article
from factcheck.ingest.text import clean_field, decode_text, normalize_newlines, without_nul

ALLOWED_EXTENSIONS = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")

# A title guessed from a text file's first line is kept only up to this length.
_MAX_TITLE_CHARS = 200
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def read_upload(filename: str, data: bytes, *, max_bytes: int) -> ExtractedArticle:
    """Read the article in an uploaded file.

    The type is chosen by the file name's extension (case-insensitive), one of
    :data:`ALLOWED_EXTENSIONS`. Raises :class:`IngestError` with code
    ``unsupported_type``, ``empty``, ``too_large`` (over ``max_bytes``), ``not_text``,
    ``corrupt``, ``encrypted`` or ``no_text``.
    """
    name = PureWindowsPath(filename).name or "The file"  # browsers may send a full path
    extension = PureWindowsPath(name).suffix.lower()
    reader = _READERS.get(extension)
    if reader is None:
        raise IngestError(
            "unsupported_type",
            f"factcheck cannot read {name}. Upload one of these file types: "
            f"{', '.join(ALLOWED_EXTENSIONS)}.",
        )
    if not data:
        raise IngestError("empty", f"{name} is empty.")
    if len(data) > max_bytes:
        raise IngestError(
            "too_large",
            f"{name} is {human_size(len(data))}; factcheck accepts files up to "
            f"{human_size(max_bytes)}.",
        )
    article = reader(name, data)
    if not article.text.strip():
        raise _no_text(name)
    return article


def _read_plain_text(name: str, data: bytes) -> ExtractedArticle:
    text = decode_text(data, filename=name)
    return _article(title=_first_line(text), text=text)


def _read_markdown(name: str, data: bytes) -> ExtractedArticle:
    # The Markdown source is kept as it is (not rendered), so offsets match the file.
    text = decode_text(data, filename=name)
    return _article(title=_markdown_title(text) or _first_line(text), text=text)


def _read_html(name: str, data: bytes) -> ExtractedArticle:
    try:
        return extract_article(data)
    except IngestError as error:
        if error.code == "no_text":
            raise _no_text(name) from error
        raise


def _read_docx(name: str, data: bytes) -> ExtractedArticle:
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block_text(block) for block in document.iter_inner_content()]
        properties = document.core_properties
        title, author = properties.title, properties.author
    except Exception as error:
        # Broken zips, missing parts and bad XML surface as many exception types from
        # zipfile, lxml and python-docx; for the editor they all mean the same thing.
        raise _corrupt(name, "Word document") from error
    text = normalize_newlines("\n".join(blocks))
    return _article(title=title or _first_line(text), author=author, text=text)


def _docx_block_text(block: object) -> str:
    """A paragraph's text, or a table as one line per row with cells split by tabs."""
    if isinstance(block, Table):
        return "\n".join("\t".join(cell.text for cell in row.cells) for row in block.rows)
    return str(getattr(block, "text", ""))


def _read_pdf(name: str, data: bytes) -> ExtractedArticle:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError(
                "encrypted",
                f"{name} is protected by a password. Remove the protection and upload it again.",
            )
        pages = [page.extract_text() for page in reader.pages]
        metadata = reader.metadata
        title = metadata.title if metadata else None
        author = metadata.author if metadata else None
    except IngestError:
        raise
    except Exception as error:
        # pypdf raises PdfReadError, but a damaged file can also break its parsers with
        # ValueError, KeyError and the like.
        raise _corrupt(name, "PDF") from error
    text = normalize_newlines("\n\n".join(pages))
    if not text.strip():
        raise IngestError(
            "no_text",
            f"{name} has no text factcheck can read: it may be a scan (pictures of pages). "
            "Upload a PDF with selectable text, or paste the text.",
        )
    return _article(title=title or _first_line(text), author=author, text=text)


_READERS: dict[str, Callable[[str, bytes], ExtractedArticle]] = {
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


def _corrupt(name: str, kind: str) -> IngestError:
    return IngestError(
        "corrupt",
        f"{name} could not be opened as a {kind}: the file is damaged or is not really a "
        f"{kind}. Save it again from the program that made it and upload it again.",
    )


def _no_text(name: str) -> IngestError:
    return IngestError("no_text", f"factcheck found no article text in {name}.")
