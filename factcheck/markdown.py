"""Markdown for explanations and site pages, rendered and then sanitised."""

from __future__ import annotations

import html

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# CommonMark without raw HTML; whatever HTML remains is cleaned by nh3 anyway.
_parser = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render(text: str | None, top: int = 2) -> Markup:
    """Markdown to safe HTML: only http(s) and mailto links, no scripts, no inline styles.

    Headings fit the page's outline: "##" becomes an h`top` (h2 by default, as on site
    pages), "#" too, and each deeper level one more, down to h6. An explanation shown in a
    section under an h3 is rendered with top=4, so its headings do not read to a screen
    reader as new sections of the page.
    """
    tokens = _parser.parse(text or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = max(int(token.tag[1]), 2) - 2 + top
            token.tag = f"h{min(level, 6)}"
    html = _parser.renderer.render(tokens, _parser.options, {})
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def inline(text: str | None) -> Markup:
    """One line of Markdown (`code`, *emphasis*, links) as safe HTML with no paragraph
    around it, for text inside a sentence or a table cell."""
    clean = nh3.clean(
        _parser.renderInline(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)


def plain(text: str | None) -> str:
    """The text without Markdown markup, for JSON-LD and feeds."""
    text_only = nh3.clean(_parser.render(text or ""), tags=set())
    return " ".join(html.unescape(text_only).split())
