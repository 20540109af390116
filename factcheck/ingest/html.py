"""The article in a web page: its text and what the page says about it.

trafilatura finds the main text (dropping menus, footers, comments) and reads the
metadata (title, author, publication date, site name) from meta tags, JSON-LD and markup.
w3lib decodes the bytes the way a browser would: byte-order mark, then the charset the
server declared, then the page's own ``<meta charset>``, then detection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from trafilatura.settings import Document
from trafilatura.utils import load_html
from w3lib.encoding import html_to_unicode, http_content_type_encoding

from factcheck.ingest.errors import IngestError, too_large_to_read
from factcheck.ingest.limits import DEFAULT_LIMITS, ParseLimits, too_many_chars
from factcheck.ingest.paywall import cut_short, declarations
from factcheck.ingest.sandbox import run_limited
from factcheck.ingest.tables import unfold_layout_tables
from factcheck.ingest.text import clean_field, detect_encoding, normalize_newlines, without_nul

# Only dates the page states in its metadata, markup or URL: htmldate's "extensive search"
# would otherwise pick any date in the body (a quoted "12 May 2022") as the publication date.
_DATE_OPTIONS = {"extensive_search": False, "original_date": True}

# What a page shows only to browsers that do not run its scripts ("You need to enable
# JavaScript to run this app.") is never article text. trafilatura's own extractor drops it
# already, but its last resort for a page it found nothing in (all of the body's text) kept
# it, and a page built by scripts became an "article" of that one line. Pruned before
# extraction, with trafilatura's `prune_xpath`; the metadata is read before the pruning.
#
# Nor are a site's menus, its footer, or a pull quote (words of the article set large beside
# it, a second time). trafilatura's main extractor leaves them out too, but on a page whose
# article is drawn by scripts its last resort took the menu for the article ("News / Politics
# / Sport / Weather"); and a pull quote in a <blockquote> was kept, so the desk proposed its
# words twice. Class names as WordPress ("wp-block-pullquote") and newsrooms write them.
_NEVER_TEXT = [
    "//noscript",
    "//nav",
    "//footer",
    # lower case, "-" and "_" dropped: pull-quote, pull_quote, PullQuote
    "//*[contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_', "
    "'abcdefghijklmnopqrstuvwxyz'), 'pullquote')]",
]

# A page whose whole text is a handful of words ("Loading…", "Please wait", "Sign in") is a
# shell that scripts fill, a wall, or an error page; an article, even a short post, says more.
MIN_ARTICLE_WORDS = 8
_WORD = re.compile(r"\w+")

# A page the site answered as if it were there whose text says it is not (a "soft 404") is
# not an article: before session 24 it was stored as one, with no candidates. Only a short
# text is judged, so an article about a 404 error, which says more, is read.
NOT_FOUND_MAX_WORDS = 60
_NOT_FOUND_TITLE = re.compile(
    r"(?:error\s*)?404(?:\s*error)?|(?:error\s*)?(?:404\s*)?(?:page\s*)?not\s*found"
    r"|page\s+(?:does\s*not|doesn[\u2019']t)\s+exist",
    re.IGNORECASE,
)
# What separates a title's parts: "Page not found | The Ledger", "Error 404 - Not found".
_TITLE_PARTS = re.compile(r"\s+[-:]\s+|\s*[|\u2013\u2014·»]\s*")
_NOT_FOUND_TEXT = re.compile(
    r"\berror\s*404\b|\b404\s*(?:error|not\s+found|page)\b|\bpage\s+not\s+found"
    r"|\b(?:can[\u2019']?t|cannot|couldn[\u2019']t|could\s+not|unable\s+to)\s+(?:find|locate)\s+"
    r"(?:that|this|the|your)\s+(?:page|article|story)"
    r"|\b(?:page|article|story)\s+(?:could|can)(?:\s*not|n[\u2019']t)\s+be\s+found"
    r"|\bpage\s+you(?:\s+are|\s+were|[\u2019']re)?\s+(?:looking\s+for|requested)"
    r"|\b(?:page|article|story)\s+(?:does\s+not|doesn[\u2019']t|no\s+longer)\s+exists?",
    re.IGNORECASE,
)

# A start tag, counted before parsing. trafilatura's time grows faster than linearly with
# the number of paragraphs (10,000 short ones take over a second, 25,000 over ten), so a
# page far beyond any article's size is refused before it is parsed.
_START_TAG = re.compile(rb"<[A-Za-z]")


_WHY = (
    "It may need a login, be built by scripts, or hold only images or video: paste the "
    "text or upload a file."
)


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
    # The page says its article is for subscribers (factcheck.ingest.paywall): the text may
    # be only the part shown to everyone. Nothing is dropped for it.
    for_subscribers: bool = False
    # The words the page declares for its article (schema.org wordCount), when the text has
    # under half of them: it may have been cut short (factcheck.ingest.paywall.cut_short).
    declared_words: int | None = None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML document: BOM, then ``content_type``'s charset, then ``<meta>``
    charset, then detection; undecodable bytes become U+FFFD rather than failing.

    The server's charset is used only when the bytes fit it: a page it calls UTF-8 that is
    not, or one it calls anything else that is UTF-8 (a server left at its ISO-8859-1
    default), is read as if the server had said no charset."""
    if not _fits_declared_charset(data, http_content_type_encoding(content_type)):
        content_type = None
    _, text = html_to_unicode(content_type, data, auto_detect_fun=detect_encoding)
    return text


def _fits_declared_charset(data: bytes, encoding: str | None) -> bool:
    if encoding is None or data.isascii():
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return encoding != "utf-8"
    # Non-ASCII bytes that happen to be valid UTF-8 are, in practice, UTF-8: Latin-1 text
    # almost never is ("Ã©" for "é").
    return encoding == "utf-8"


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
    document, paid, declared = _main_content(markup, url)
    text = without_nul(normalize_newlines(document.text or "")) if document else ""
    if document is None or not text.strip():
        raise IngestError("no_text", f"factcheck found no article text on this page. {_WHY}")
    if len(_WORD.findall(text, endpos=1000)) < MIN_ARTICLE_WORDS:
        shown = " ".join(text.split())
        raise IngestError(
            "no_text",
            f"factcheck found no article text on this page, only “{shown}”. {_WHY}",
        )
    if _says_not_found(document.title, text):
        raise _not_found(url, text)
    return ExtractedArticle(
        title=clean_field(document.title),
        author=clean_field(document.author),
        published_on=_parse_date(document.date),
        outlet=clean_field(document.sitename),
        text=text,
        for_subscribers=paid,
        declared_words=cut_short(declared, text),
    )


def read_page(
    html: bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    max_chars: int | None = None,
    limits: ParseLimits = DEFAULT_LIMITS,
) -> ExtractedArticle:
    """:func:`extract_article` on a fetched page, bounded as uploads are.

    The page (already capped in size by the fetcher) is parsed in a child process under
    ``limits``. A page over ``limits.max_html_elements`` or whose article text passes
    ``max_chars`` is refused (``too_large``); one whose parse runs out of time or memory
    gives ``too_complex``.
    """
    return run_limited(
        "The page", limits, _read_page_in_child, html, url, content_type, max_chars, limits
    )


def _read_page_in_child(
    html: bytes,
    url: str | None,
    content_type: str | None,
    max_chars: int | None,
    limits: ParseLimits,
) -> ExtractedArticle:
    return extract_bounded("The page", html, limits, max_chars, url, content_type=content_type)


def extract_bounded(
    name: str,
    html: bytes,
    limits: ParseLimits,
    max_chars: int | None,
    url: str | None = None,
    *,
    content_type: str | None = None,
) -> ExtractedArticle:
    """:func:`extract_article`, refusing markup over ``limits.max_html_elements`` before
    parsing it and an article over ``max_chars`` characters after."""
    for elements, _ in enumerate(_START_TAG.finditer(html), start=1):
        if elements > limits.max_html_elements:
            raise too_large_to_read(
                name, f"it has more than {limits.max_html_elements:,} HTML elements"
            )
    article = extract_article(html, url, content_type=content_type)
    if max_chars is not None and len(article.text) > max_chars:
        raise too_many_chars(name, max_chars)
    return article


def _main_content(markup: str, url: str | None) -> tuple[Document | None, bool, int | None]:
    """The article trafilatura finds, whether the page says it is for subscribers, and the
    words it declares its article has (None when it declares no plausible count)."""
    if not markup.strip():
        return None, False, None  # trafilatura logs an error for empty input; nothing to find
    # Parsed as trafilatura parses, so that a layout table can be read as blocks first.
    tree = load_html(markup)
    if tree is None:
        return None, False, None
    # Read before trafilatura prunes the tree (and its JSON-LD scripts).
    paid, declared = declarations(tree)
    unfold_layout_tables(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=dict(_DATE_OPTIONS),
        prune_xpath=list(_NEVER_TEXT),
    )
    return (document if isinstance(document, Document) else None), paid, declared


def _says_not_found(title: str | None, text: str) -> bool:
    """Whether a short ``text`` reads as a not-found page: its title, or one part of it, is
    "404" or "Page not found", or its text says the page is not there."""
    if len(text) > 20 * NOT_FOUND_MAX_WORDS or len(_WORD.findall(text)) > NOT_FOUND_MAX_WORDS:
        return False
    parts = _TITLE_PARTS.split(title.strip()) if title else []
    if any(_NOT_FOUND_TITLE.fullmatch(part) for part in parts):
        return True
    return _NOT_FOUND_TEXT.search(text) is not None


def _not_found(url: str | None, text: str) -> IngestError:
    shown = " ".join(text.split())
    if len(shown) > 120:
        shown = shown[:119].rstrip() + "…"
    where = f"The page at {url}" if url else "This page"
    return IngestError(
        "no_text",
        f"{where} says it was not found (“{shown}”). Check the link: the article may have "
        "moved or been taken down. If you have its text, paste it or upload a file.",
    )


def _parse_date(value: str | None) -> date | None:
    """trafilatura gives dates as ``YYYY-MM-DD``; anything else counts as unknown."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
