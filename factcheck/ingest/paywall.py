"""Whether a page says its article is for subscribers, from what sites publish for search
engines and link previews; never from class names or wording, and nothing is dropped.

Two declarations count:

- schema.org's ``isAccessibleForFree`` set to false (``false``, or ``"False"`` as Google's
  own example writes it) in the page's JSON-LD, on the article itself or on a part of it
  (``hasPart``, a ``WebPageElement`` with the ``cssSelector`` of the paid text). Google asks
  sites that show subscribers more than others to say so, or be taken for cloaking.
- the Open Graph ``article:content_tier`` set to ``locked`` (Facebook's tag for paid
  articles; ``metered`` pages are usually sent whole to a first reader, so are not marked).

Class names ("paywall", "premium", "piano") are not a signal: some sites wrap the whole,
free text in them, others carry a hidden subscription box on every page. Nor is a sentence
such as "Subscribers get unlimited access…": an article about a streaming service says it.

A page may also be cut short without saying it is paid: its article's schema.org
``wordCount`` (an integer, or a string of digits, from 50 to 100,000) more than twice the
words that came through (:func:`cut_short`). The desk warns of it as of a page for
subscribers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from lxml.html import HtmlElement

# The schema.org types whose access is the article's. An Event, a Place or an Offer may be
# "not free" (a paid concert the article is about) without the article being so.
_ARTICLE_TYPES = frozenset(
    [
        "creativework",
        "article",
        "newsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reportagenewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "report",
        "scholarlyarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "webpage",
        "itempage",
    ]
)
_JSON_LD = (
    "//script[translate(@type, 'APPLICATIONLDJSON', 'applicationldjson')='application/ld+json']"
)
_CONTENT_TIER = "//meta[@property='article:content_tier' or @name='article:content_tier']/@content"
# Where a page puts its own article: in a graph of objects, as the main entity of a page.
_PAGE_KEYS = ("@graph", "mainEntity")
_MAX_NODES = 10_000  # objects walked in one page's JSON-LD: far beyond any real page
# A declared wordCount believed: fewer than 50 words is no article, more than 100,000 a
# book or a site's error; either would say nothing of the text that came through.
PLAUSIBLE_WORDS = range(50, 100_001)
_DIGITS = re.compile(r"[0-9]{1,6}")


class Declarations(NamedTuple):
    """What a page declares of its own article: not free to read, and its word count."""

    for_subscribers: bool
    declared_words: int | None


def declarations(tree: HtmlElement) -> Declarations:
    """Whether the page declares its article (or a part of it) not free to read, and the
    word count it declares for it (schema.org ``wordCount``, the first plausible one, see
    `PLAUSIBLE_WORDS`; None when there is none). The JSON-LD is read once for both."""
    tiers = tree.xpath(_CONTENT_TIER)
    paid = any(str(tier).strip().lower() == "locked" for tier in tiers)
    words: int | None = None
    for item in _article_objects(tree):
        paid = paid or _not_free(item)
        if words is None:
            words = _plausible_words(item.get("wordCount"))
        if paid and words is not None:
            break
    return Declarations(paid, words)


def _plausible_words(value: Any) -> int | None:
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in PLAUSIBLE_WORDS:
        return value
    return None


def cut_short(declared: int | None, text: str) -> int | None:
    """``declared`` when ``text`` has under half of the words the page declares (the page
    was cut short, or its article is mostly not text factcheck reads); None otherwise."""
    if declared is not None and 2 * len(text.split()) < declared:
        return declared
    return None


def _article_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """The page's own JSON-LD objects of an article type: at the top, in a list or an
    ``@graph``, or a page's ``mainEntity``. Articles the page only links to (a list of
    related articles, some of them paid) are not this page's. A script that is not JSON is
    skipped."""
    seen = 0
    for script in tree.xpath(_JSON_LD):
        try:
            stack = [json.loads(script.text_content() or "")]
        except ValueError:
            continue
        while stack and seen < _MAX_NODES:
            node = stack.pop()
            seen += 1
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if _types(node) & _ARTICLE_TYPES:
                    yield node
                stack.extend(node[key] for key in _PAGE_KEYS if key in node)


def _types(node: dict[str, Any]) -> set[str]:
    declared = node.get("@type")
    names = declared if isinstance(declared, list) else [declared]
    # "NewsArticle", "schema:NewsArticle", "https://schema.org/NewsArticle"
    return {
        name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
        for name in names
        if isinstance(name, str)
    }


def _not_free(node: dict[str, Any]) -> bool:
    """The article says it is not free, or one of its parts (``hasPart``) does."""
    parts = node.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    return _says_false(node.get("isAccessibleForFree")) or any(
        isinstance(part, dict) and _says_false(part.get("isAccessibleForFree")) for part in parts
    )


def _says_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")
