"""The article in a web page: its text and what the page says about it.

trafilatura finds the main text (dropping menus, footers, comments) and reads the
metadata (title, author, publication date, site name) from meta tags, JSON-LD and markup.
w3lib decodes the bytes the way a browser would: byte-order mark, then the charset the
server declared, then the page's own ``<meta charset>``, then detection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import trafilatura
from trafilatura.settings import Document
from w3lib.encoding import html_to_unicode

from factcheck.ingest.errors import IngestError
from factcheck.ingest.text import clean_field, detect_encoding, normalize_newlines, without_nul

# Only dates the page states in its metadata, markup or URL: htmldate's "extensive search"
# would otherwise pick any date in the body (a quoted "12 May 2022") as the publication date.
_DATE_OPTIONS = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class ExtractedArticle:
    """An article's text and whatever metadata could be found (``None`` when not found).

    ``text`` is never empty; its lines end in ``\\n``.
    """

    title: str | None
    author: str | None
    published_on: date | None
    outlet: str | None
    text: str


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML document: BOM, then ``content_type``'s charset, then ``<meta>``
    charset, then detection; undecodable bytes become U+FFFD rather than failing."""
    _, text = html_to_unicode(content_type, data, auto_detect_fun=detect_encoding)
    return text


def extract_article(
    html: str | bytes, url: str | None = None, *, content_type: str | None = None
) -> ExtractedArticle:
    """Extract the main text and metadata of the article in ``html``.

    ``url`` (the page's address) helps resolve relative metadata and is the fallback
    for the outlet name. ``content_type`` is the HTTP Content-Type header, whose charset
    wins over the page's own declaration, as in browsers.

    Raises :class:`IngestError` ``no_text`` when the page holds no article text.
    """
    markup = html if isinstance(html, str) else decode_html(html, content_type)
    document = _main_content(markup, url)
    text = without_nul(normalize_newlines(document.text or "")) if document else ""
    if document is None or not text.strip():
        raise IngestError(
            "no_text",
            "factcheck found no article text on this page. It may need a login, be built "
            "by scripts, or hold only images or video: paste the text or upload a file.",
        )
    return ExtractedArticle(
        title=clean_field(document.title),
        author=clean_field(document.author),
        published_on=_parse_date(document.date),
        outlet=clean_field(document.sitename),
        text=text,
    )


def _main_content(markup: str, url: str | None) -> Document | None:
    if not markup.strip():
        return None  # trafilatura logs an error for empty input; nothing to find anyway
    document = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(_DATE_OPTIONS),
    )
    return document if isinstance(document, Document) else None


def _parse_date(value: str | None) -> date | None:
    """trafilatura gives dates as ``YYYY-MM-DD``; anything else counts as unknown."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
