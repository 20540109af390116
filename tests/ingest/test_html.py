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


# Found by the url-walk (session 24): pages as news sites ship them.


def test_utf8_bytes_under_a_latin1_header_are_read_as_utf8() -> None:
    # Before: "councilâ€™s cafÃ©" in the title and in every candidate: a server left at
    # its ISO-8859-1 default sent a UTF-8 page.
    page = ARTICLE_HTML.replace("council doubles", "council\u2019s café doubles").encode("utf-8")

    article = extract_article(page, content_type="text/html; charset=ISO-8859-1")

    assert article.title == "Harbour council\u2019s café doubles ferry fares"
    assert "â€" not in article.text


def test_a_charset_header_the_bytes_do_not_fit_gives_way_to_the_page() -> None:
    # Before: "from £2 to £4" read "from �2 to �4": the server said UTF-8 for a page its
    # own <meta> declares windows-1252.
    page = (
        ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
        .replace("from two pounds to four", "from £2 to £4")
        .encode("cp1252")
    )

    article = extract_article(page, content_type="text/html; charset=utf-8")

    assert "from £2 to £4" in article.text
    assert "\ufffd" not in article.text


def test_a_pull_quote_is_not_the_article_twice() -> None:
    # Before: the pull quote, words of the article set large beside it, was in the text a
    # second time, and the desk proposed it as a claim of its own.
    page = ARTICLE_HTML.replace(
        "</h1>",
        '</h1><blockquote class="pull-quote"><p>Fuel costs had risen by 40 percent since 2021'
        '</p></blockquote><figure class="wp-block-pullquote"><blockquote><p>The ferry carries '
        "1,200 passengers a day</p></blockquote></figure>",
    )

    article = extract_article(page)

    assert "Fuel costs had risen" not in article.text
    assert "passengers a day" not in article.text
    assert all(paragraph in article.text for paragraph in ARTICLE_PARAGRAPHS)


def test_a_page_built_by_scripts_is_not_an_article_of_its_menu() -> None:
    # Before: the page's text was in a <noscript>, so the article was the site's menu:
    # "The Ledger / News / Politics / Business / Sport / Culture / Opinion / Weather".
    menu = "".join(
        f'<li><a href="/{name.lower()}">{name}</a></li>'
        for name in ("News", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather")
    )
    page = (
        "<!doctype html><html><head><title>Ferry fares</title></head><body>"
        f'<header><a href="/">The Ledger</a><nav><ul>{menu}</ul></nav></header>'
        '<div id="app"></div><noscript><p>Please turn on JavaScript.</p></noscript>'
        "<footer><ul><li>About us</li><li>Contact</li><li>Privacy policy</li><li>Terms</li>"
        "</ul><p>Copyright The Ledger, all rights reserved.</p></footer></body></html>"
    )

    with pytest.raises(IngestError) as caught:
        extract_article(page)

    assert caught.value.code == "no_text"
    assert "Politics" not in caught.value.message


GONE_URL = "https://ledger.example/news/ferry-fares-2019"


def error_page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><header>The Ledger</header>"
        f"<main><h1>{title}</h1>{body}</main></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (
            "Page not found | The Ledger",
            "<p>Sorry, we couldn't find that page. It may have been moved or deleted.</p>"
            '<p>Try our <a href="/search">search</a> or go back to the home page.</p>',
        ),
        (
            "404",
            "<p>Oops! The page you are looking for has gone for a walk along the harbour.</p>",
        ),
        (
            "The Ledger \u2013 news from the islands",
            "<p>Error 404. The page you requested does not exist on this site any more, sorry.</p>",
        ),
    ],
)
def test_a_page_that_says_it_was_not_found_is_not_an_article(title: str, body: str) -> None:
    # Before: the site answered 200, and its error page was stored as an article with no
    # candidates.
    with pytest.raises(IngestError) as caught:
        extract_article(error_page(title, body), GONE_URL)

    assert caught.value.code == "no_text"
    assert caught.value.message.startswith(f"The page at {GONE_URL} says it was not found (“")
    assert caught.value.message.endswith(
        "”). Check the link: the article may have moved or been taken down. If you have its "
        "text, paste it or upload a file."
    )


def test_an_uploaded_error_page_is_named_without_an_address() -> None:
    page = error_page("Page not found", "<p>Sorry, we couldn't find that page anywhere.</p>")
    with pytest.raises(IngestError) as caught:
        extract_article(page)

    assert caught.value.message.startswith("This page says it was not found (“")


def test_an_article_about_a_404_error_is_read() -> None:
    paragraphs = [
        "For nine days last month, anyone who tried to renew a ferry pass online met the "
        "words 'Page not found' and a large 404 where the form should have been.",
        "The council said a supplier had moved the renewal form to a new address without "
        "telling anyone, and that old links in its own leaflets had not been updated.",
        "About 1,400 islanders renewed at the harbour office instead, where queues ran to "
        "two hours on the Monday, according to figures the council released on Friday.",
    ]
    page = error_page("Ferry pass site showed 404 for nine days", "").replace(
        "</main>", "".join(f"<p>{p}</p>" for p in paragraphs) + "</main>"
    )

    article = extract_article(page, GONE_URL)

    assert all(paragraph in article.text for paragraph in paragraphs)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Bay search to resume",
            "Coastguards searched the bay for six hours on Sunday. The missing kayak was not "
            "found, and the search will resume at first light.",
        ),
        (
            "Night bus cut",
            "The 404 night bus from the harbour will stop running in May, the transport "
            "board said, after fewer than ten people a night used it.",
        ),
    ],
)
def test_a_short_brief_with_a_not_found_or_a_404_in_it_is_read(title: str, text: str) -> None:
    page = error_page(title, f"<p>{text}</p>")

    assert text in extract_article(page, GONE_URL).text
