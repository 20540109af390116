"""A page that says it is for subscribers: told from what the site publishes for search
engines (schema.org `isAccessibleForFree`, the Open Graph `article:content_tier`), never
from class names, and never by dropping text. Every page here is made up."""

from __future__ import annotations

import json
from typing import Any

import pytest

from factcheck.ingest import extract_article

TEASER = (
    "The harbour board approved a new schedule of ferry fares on Tuesday after a long "
    "meeting in Port Alden. The fares rise by 12 per cent from the first of May."
)
PITCH = (
    "Subscribers get unlimited access to more than 5,000 articles a month for just £1. "
    "Already a subscriber? Sign in."
)
REST = (
    "The board said the rise would pay for two new boats. Fares have not changed since 2019, "
    "when a single crossing cost £4.20 and a season ticket £310."
)


def _page(head: str = "", body: str | None = None) -> str:
    body = body if body is not None else f"<p>{TEASER}</p><div class='cta'><p>{PITCH}</p></div>"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise | The Coastal Ledger</title>{head}</head>
<body><article><h1>Ferry fares to rise</h1>{body}</article></body></html>"""


def _json_ld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _news(free: Any, **more: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Ferry fares to rise",
        "isAccessibleForFree": free,
        **more,
    }


PAYWALL_PART = {"@type": "WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".paid"}


@pytest.mark.parametrize(
    "head",
    [
        _json_ld(_news(False)),
        _json_ld(_news("False")),  # as Google's own example writes it
        _json_ld(_news("false")),
        # on the part only, with the selector of the paid text
        _json_ld(
            {"@context": "https://schema.org", "@type": "NewsArticle", "hasPart": PAYWALL_PART}
        ),
        # the article in a @graph, beside the site's organisation
        _json_ld({"@graph": [{"@type": "Organization", "name": "The Ledger"}, _news(False)]}),
        # a list of items, and a type given as a list
        _json_ld([{"@type": "WebSite"}, {**_news(False), "@type": ["NewsArticle", "Article"]}]),
        _json_ld(_news(False, hasPart=[PAYWALL_PART])),
        '<meta property="article:content_tier" content="locked">',
    ],
)
def test_a_page_that_says_it_is_for_subscribers_is_marked_and_its_text_kept(head: str) -> None:
    article = extract_article(_page(head))
    assert article.for_subscribers
    assert TEASER in article.text


@pytest.mark.parametrize(
    "head",
    [
        "",
        _json_ld(_news(True)),
        _json_ld(_news("True")),
        # a concert the article is about is not free; the article is
        _json_ld({"@type": "Event", "name": "Harbour concert", "isAccessibleForFree": False}),
        # metered: free up to a monthly quota, and usually whole to a first reader
        '<meta property="article:content_tier" content="metered">',
        '<meta property="article:content_tier" content="free">',
        '<script type="application/ld+json">{"@type": "NewsArticle", broken</script>',
        _json_ld("isAccessibleForFree"),
    ],
)
def test_a_page_that_does_not_say_so_is_not_marked(head: str) -> None:
    assert not extract_article(_page(head)).for_subscribers


def test_class_names_alone_do_not_mark_a_page_and_the_text_inside_them_is_kept() -> None:
    """Some sites wrap the whole article in "paywall" classes, and some carry a hidden
    subscription box on every page: neither says this page is cut short."""
    body = (
        f"<div class='paywall article-body premium-content'><p>{TEASER}</p><p>{REST}</p></div>"
        f"<div class='subscribe-banner piano-offer' hidden><p>{PITCH}</p></div>"
    )
    article = extract_article(_page(body=body))
    assert not article.for_subscribers
    assert TEASER in article.text and REST in article.text


def test_the_paid_part_named_by_its_selector_is_kept_when_the_page_has_it() -> None:
    """A site that sends the whole text (hidden by a script for non-subscribers) still says
    it is for subscribers: the text is all kept, and the page is marked."""
    head = _json_ld(_news("False", hasPart=PAYWALL_PART))
    body = f"<p>{TEASER}</p><div class='paid'><p>{REST}</p></div>"
    article = extract_article(_page(head, body))
    assert article.for_subscribers
    assert TEASER in article.text and REST in article.text


def test_a_paid_article_the_page_only_links_to_does_not_mark_it() -> None:
    related = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "ListItem", "item": _news(False, headline="Other story")}],
    }
    page = _news(True, relatedLink=[_news(False)], hasPart=[])
    head = _json_ld([page, related])
    assert not extract_article(_page(head)).for_subscribers


def test_the_article_as_the_main_entity_of_a_web_page_counts() -> None:
    head = _json_ld({"@type": "WebPage", "mainEntity": _news(False)})
    assert extract_article(_page(head)).for_subscribers


# A page cut short: it declares (schema.org wordCount) far more words than came through.
FREE_TEXT = f"<p>{TEASER}</p><p>{REST}</p>"  # 63 words come through, with the heading


@pytest.mark.parametrize("declared", [1450, "1450", " 1450 ", 127])
def test_a_page_declaring_more_than_twice_the_words_that_came_through_is_cut_short(
    declared: Any,
) -> None:
    article = extract_article(_page(_json_ld(_news(True, wordCount=declared)), FREE_TEXT))
    assert len(article.text.split()) == 63
    assert article.declared_words == int(declared)
    assert not article.for_subscribers
    assert TEASER in article.text and REST in article.text  # nothing dropped


@pytest.mark.parametrize(
    "declared",
    [
        126,  # 63 words are half of it: not "under half"
        63,
        30,  # under 50: not plausible for an article
        200_000,  # over 100,000
        True,
        1450.5,
        "1,450",
        "about 1450",
        None,
        [1450],
    ],
)
def test_a_page_with_no_plausible_declared_count_or_half_of_it_is_not_cut_short(
    declared: Any,
) -> None:
    article = extract_article(_page(_json_ld(_news(True, wordCount=declared)), FREE_TEXT))
    assert article.declared_words is None


def test_the_word_count_of_an_article_the_page_only_links_to_does_not_count() -> None:
    related = {"@type": "ItemList", "itemListElement": [_news(True, wordCount=5000)]}
    head = _json_ld([_news(True), related])
    assert extract_article(_page(head, FREE_TEXT)).declared_words is None
