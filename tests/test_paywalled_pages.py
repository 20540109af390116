"""A page by URL that says it is for subscribers: the article is stored as it came, and the
triage page and the API say that only part of it may have come through, and how to add the
full text as a new version. Pages come from a local HTTP server on loopback; made up."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from tests.conftest import login, run_queued_jobs, token_for
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve

TEASER = (
    "The harbour board approved a new schedule of ferry fares on Tuesday after a long "
    "meeting in Port Alden. Fares rise by 12 per cent from the first of May."
)
PITCH = "Subscribers get unlimited access to more than 5,000 articles a month for just £1."
REST = (
    "The board said the rise would pay for two new boats. Fares have not changed since 2019, "
    "when a single crossing cost £4.20 and a season ticket £310."
)
LD = {"@context": "https://schema.org", "@type": "NewsArticle", "isAccessibleForFree": "False"}


def _page(paid: bool) -> bytes:
    head = f'<script type="application/ld+json">{json.dumps(LD)}</script>' if paid else ""
    body = f"<p>{TEASER}</p><p>{PITCH}</p>" if paid else f"<p>{TEASER}</p><p>{REST}</p>"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise | The Coastal Ledger</title>{head}</head>
<body><article><h1>Ferry fares to rise</h1>{body}</article></body></html>""".encode()


def _cut_short_page() -> bytes:
    """A free page whose JSON-LD declares far more words than it serves."""
    declared = {"@context": "https://schema.org", "@type": "NewsArticle", "wordCount": 1450}
    head = f'<script type="application/ld+json">{json.dumps(declared)}</script>'
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ferry fares to rise</title>{head}</head>
<body><article><h1>Ferry fares to rise</h1><p>{TEASER}</p><p>{REST}</p></article></body>
</html>""".encode()


class PaywallHandler(SiteHandler):
    def do_GET(self) -> None:
        if self.path == "/short":
            self._send(_cut_short_page(), "text/html; charset=utf-8")
        elif self.path in ("/paid", "/free"):
            self.server.requests.append((self.path, self.headers.get("Host")))
            self._send(_page(self.path == "/paid"), "text/html; charset=utf-8")
        else:
            super().do_GET()


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(PaywallHandler)))


NOTE = re.compile(
    r"The page says it is for subscribers: only part of the article may have come through "
    r"\((\d+) words\)\. If you have the full text, add it as a new version by pasting it\."
)


def _imported(app: Flask, client: FlaskClient, url: str) -> int:
    response = client.post("/desk/articles/from-url", data={"link-url": url})
    assert response.status_code == 302
    run_queued_jobs(app)
    done = client.get(response.headers["Location"])
    assert done.status_code == 302, done.get_data(as_text=True)
    return int(done.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_triage_page_says_a_page_for_subscribers_may_be_only_part_of_the_article(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    article_id = _imported(queued_app, client, site.url("/paid"))
    article = db_session.get(Article, article_id)
    assert article is not None and article.for_subscribers
    assert TEASER in article.body  # stored as it came
    page = html.unescape(client.get(f"/desk/articles/{article_id}").get_data(as_text=True))
    found = NOTE.search(page)
    assert found, page
    assert int(found.group(1)) == len(article.body.split())
    assert f"/desk/articles/new?new_version_of={article_id}" in page

    # The link opens the paste form with the article's address, as a new version.
    form = client.get(f"/desk/articles/new?new_version_of={article_id}").get_data(as_text=True)
    assert f'value="{site.url("/paid")}"' in form
    assert re.search(r'<input[^>]*checked[^>]*name="force"|name="force"[^>]*checked', form)
    full = client.post(
        "/desk/articles/new",
        data={
            "title": "Ferry fares to rise",
            "source_url": site.url("/paid"),
            "text": f"{TEASER}\n\n{REST}",
            "force": "y",
        },
    )
    assert full.status_code == 302, full.get_data(as_text=True)
    newer = db_session.scalars(select(Article).where(Article.id != article_id)).one()
    assert newer.previous_version_id == article_id and not newer.for_subscribers
    page = html.unescape(client.get(full.headers["Location"]).get_data(as_text=True))
    assert "for subscribers" not in page and f"article #{article_id}" in page


def test_a_free_page_says_nothing_of_subscribers(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    article_id = _imported(queued_app, client, site.url("/free"))
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "for subscribers" not in page
    assert "new_version_of" not in page


def test_the_api_says_so_in_the_article_and_its_notices(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    headers = token_for(db_session, editor)
    client = queued_app.test_client()
    started = client.post(
        "/api/v1/articles/imports", headers=headers, json={"url": site.url("/paid")}
    )
    assert started.status_code == 202, started.get_data(as_text=True)
    run_queued_jobs(queued_app)
    done = client.get(f"/api/v1/articles/imports/{started.json['id']}", headers=headers).json
    article = client.get(f"/api/v1/articles/{done['article_id']}", headers=headers).json
    assert article["for_subscribers"] is True
    [note] = article["notices"]
    assert NOTE.match(note) and "force" in note and "source_url" in note

    free = client.post("/api/v1/articles", headers=headers, json={"title": "T", "text": REST})
    assert free.status_code == 201
    assert free.json["for_subscribers"] is False and free.json["notices"] == []


CUT_SHORT = re.compile(
    r"The page says its article has 1,450 words, but only (\d+) came through: it may have "
    r"been cut short\. If you have the full text, add it as a new version by pasting it\."
)


def test_a_page_declaring_far_more_words_than_came_through_is_said_to_be_cut_short(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    # Before: a page that declares 1,450 words (schema.org wordCount) and gave 53 was
    # stored with no word of warning, as a page for subscribers was before session 24.
    client = queued_app.test_client()
    login(client, editor)
    article_id = _imported(queued_app, client, site.url("/short"))
    article = db_session.get(Article, article_id)
    assert article is not None and not article.for_subscribers
    assert article.declared_words == 1450 and REST in article.body
    page = html.unescape(client.get(f"/desk/articles/{article_id}").get_data(as_text=True))
    found = CUT_SHORT.search(page)
    assert found, page
    assert int(found.group(1)) == len(article.body.split())
    assert "for subscribers" not in page
    assert f"/desk/articles/new?new_version_of={article_id}" in page

    headers = token_for(db_session, editor)
    answer = client.get(f"/api/v1/articles/{article_id}", headers=headers).json
    assert answer["for_subscribers"] is False
    [note] = answer["notices"]
    assert CUT_SHORT.match(note) and "force" in note and "source_url" in note
