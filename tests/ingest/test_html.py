"""Article text and metadata from HTML."""

from __future__ import annotations

from datetime import date

import pytest

from factcheck.ingest import IngestError, extract_article
from tests.ingest.samples import (
    ARTICLE_AUTHOR,
    ARTICLE_HTML,
    ARTICLE_OUTLET,
    ARTICLE_PARAGRAPHS,
    ARTICLE_TITLE,
    FRENCH_TEXT,
    SCRIPT_APP_HTML,
)


def french_page(charset_meta: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in FRENCH_TEXT.splitlines())
    return (
        f"<html><head>{charset_meta}<title>Le café rouvre</title></head>"
        f"<body><article>{paragraphs}{paragraphs}</article></body></html>"
    )


def test_extracts_text_and_metadata() -> None:
    article = extract_article(ARTICLE_HTML, "https://ledger.example/news/ferry-fares")

    assert article.title == ARTICLE_TITLE
    assert article.author == ARTICLE_AUTHOR
    assert article.outlet == ARTICLE_OUTLET
    assert article.published_on == date(2024, 3, 14)
    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in article.text
    assert "Sport" not in article.text  # navigation is not the article


def test_does_not_take_a_date_from_the_body_as_the_publication_date() -> None:
    undated = ARTICLE_HTML.replace(
        '<meta property="article:published_time" content="2024-03-14T09:30:00Z">', ""
    )
    html = undated.replace("since 2021.", "since 12 May 2022.")

    assert extract_article(html).published_on is None


def test_decodes_bytes_with_the_declared_charset() -> None:
    page = french_page('<meta charset="windows-1252">').encode("cp1252")

    assert "« C'est déjà une fête »" in extract_article(page).text


def test_the_http_charset_wins_over_the_page() -> None:
    page = french_page('<meta charset="utf-8">').encode("cp1252")

    article = extract_article(page, content_type="text/html; charset=windows-1252")

    assert "2,50 € — une hausse" in article.text


def test_detects_the_charset_when_none_is_declared() -> None:
    page = french_page("").encode("cp1252")

    assert "Hélène Müller" in extract_article(page).text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><head><title>Login</title></head><body></body></html>",
        b"\x00\x01",
        # Before: "App", with "You need to enable JavaScript to run this app." as its text.
        SCRIPT_APP_HTML,
    ],
)
def test_a_page_without_text_is_an_error(html: str | bytes) -> None:
    with pytest.raises(IngestError) as caught:
        extract_article(html)

    assert caught.value.code == "no_text"
    assert "no article text" in caught.value.message


def test_text_for_browsers_without_scripts_is_never_article_text() -> None:
    page = ARTICLE_HTML.replace(
        "<article>", "<article><noscript>Turn on JavaScript to read the comments.</noscript>"
    )
    article = extract_article(page)
    assert "JavaScript" not in article.text
    assert all(paragraph in article.text for paragraph in ARTICLE_PARAGRAPHS)


@pytest.mark.parametrize(
    "shell",
    [
        '<div id="root">Loading…</div><script src="/app.js"></script>',
        "<main><p>Please wait while the page loads.</p></main>",
    ],
)
def test_a_page_of_a_few_placeholder_words_is_not_an_article(shell: str) -> None:
    # Before: "Loading…" became an article of one line.
    page = f"<!doctype html><html><head><title>News</title></head><body>{shell}</body></html>"
    with pytest.raises(IngestError) as caught:
        extract_article(page)
    assert caught.value.code == "no_text"
    assert "no article text on this page, only “" in caught.value.message
    assert "built by scripts" in caught.value.message
