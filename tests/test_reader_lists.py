"""Readers' lists and following: ratings on the home page and the lists, topics with their
pages and feeds, related fact-checks, the sitemap and robots.txt, spelling suggestions."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import cursors, listings, publishing, related, search, sitemap, topics
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied
from factcheck.models import Article, Claim, Event, User
from tests.conftest import build_app, login
from tests.publishing_helpers import BODY, approve_one, publish_one

ZAPORIZHZHIA = (
    "The Zaporizhzhia nuclear plant produced 6,000 megawatts in 2021, the energy minister, "
    "Ana Silva, said on Monday.\n\nCritics say the plant should close."
)
TUNNEL_TWO = (
    "The harbour tunnel carried 48,000 vehicles a day in 2024, the transport minister, "
    "Ana Silva, said on Tuesday.\n\nThe toll stays."
)
SITE = "https://facts.example.org"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _publish(session: Session, users: tuple[User, User, User], n: int, **details: Any) -> Claim:
    details.setdefault("source_url", f"https://example.org/news/{n}")
    details.setdefault("title", f"Harbour tunnel traffic {n}")
    details.setdefault("headline", f"Tunnel count {n} holds up")
    details.setdefault("body", f"{BODY}\n\nEdition {n}.")
    return publish_one(session, *users, **details)[1]


@pytest.fixture
def users(editor: User, editor2: User, checker: User) -> tuple[User, User, User]:
    return editor, editor2, checker


# Lists ------------------------------------------------------------------------------------


def test_the_home_page_shows_each_fact_checks_rating_claimant_and_date(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    claim = _publish(db_session, users, 1, rating="false", claimant="Rui Costa")
    page = client.get("/").get_data(as_text=True)
    assert 'class="rating rating-false">False</span>' in page
    assert "Tunnel count 1 holds up" in page  # the finding leads, not the article's title
    assert claim.text[:40] in page
    assert "Rui Costa" in page
    assert claim.article.published_at.strftime("%-d %B %Y") in page


def test_the_home_page_reads_its_list_in_one_query_however_long(
    app: Flask, engine: Engine, db_session: Session, users: tuple[User, User, User]
) -> None:
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    def listing_queries() -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert app.test_client().get("/").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return sum("FROM claims" in s for s in statements)

    _publish(db_session, users, 1)
    one = listing_queries()
    for n in range(2, 5):
        _publish(db_session, users, n)
    assert listing_queries() == one == 1


def test_rating_lists_page_with_a_cursor(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    for n in range(3):
        _publish(db_session, users, n, rating="false")
    page = listings.claims_page(db_session, limit=2)
    assert len(page.items) == 2 and page.next_cursor
    first = client.get("/ratings/false").get_data(as_text=True)
    assert "Tunnel count 0 holds up" in first  # all three fit the default page
    rest = listings.claims_page(db_session, cursor=page.next_cursor, limit=2)
    assert [i.article_title for i in rest.items] == ["Harbour tunnel traffic 0"]
    response = client.get(f"/ratings/false?after={page.next_cursor}")
    body = response.get_data(as_text=True)
    assert "Tunnel count 0 holds up" in body and "Tunnel count 2 holds up" not in body
    assert client.get("/ratings/false?after=nonsense").status_code == 400
    # A date that UTC cannot hold: a 500 before session 19
    far = cursors.encode("9999-12-31T23:59:59-14:00", 1)
    assert client.get(f"/ratings/false?after={far}").status_code == 400


# Topics -----------------------------------------------------------------------------------


def test_editors_keep_topics_and_each_change_is_in_the_audit_trail(
    db_session: Session, editor: User, checker: User
) -> None:
    topic = topics.create_topic(db_session, editor, "  Ukraine   war ")
    assert (topic.name, topic.slug) == ("Ukraine war", "ukraine-war")
    with pytest.raises(Conflict):
        topics.create_topic(db_session, editor, "ukraine WAR")
    with pytest.raises(InvalidInput):
        topics.create_topic(db_session, editor, "¿¿")
    with pytest.raises(PermissionDenied):
        topics.create_topic(db_session, checker, "Economy")
    topics.rename_topic(db_session, topic, editor, "Ukraine")
    assert topic.slug == "ukraine"
    topics.delete_topic(db_session, topic, editor)
    actions = db_session.scalars(
        select(Event.action).where(Event.entity_type == "topic").order_by(Event.id)
    ).all()
    assert actions == ["create_topic", "rename_topic", "delete_topic"]


def test_a_topic_page_and_its_feed_list_its_published_fact_checks(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    editor = users[0]
    economy = topics.create_topic(db_session, editor, "Economy")
    tagged = _publish(db_session, users, 1)
    untagged = _publish(db_session, users, 2)
    _, unpublished = approve_one(
        db_session,
        *users,
        title="Draft tunnel",
        source_url="https://example.org/draft",
        body=BODY + "\n\nDraft.",
    )
    topics.set_claim_topics(db_session, tagged, editor, [economy.id])
    topics.set_claim_topics(db_session, unpublished, editor, [economy.id])
    db_session.commit()

    page = client.get("/topics/economy").get_data(as_text=True)
    assert "<h1>Economy</h1>" in page
    assert f"/claims/{tagged.id}" in page
    assert f"/claims/{untagged.id}" not in page and f"/claims/{unpublished.id}" not in page
    assert 'href="/feeds/topics/economy.atom"' in page

    response = client.get("/feeds/topics/economy.atom")
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo and feed.version == "atom10"
    assert [e.link for e in feed.entries] == [f"http://factcheck.test/claims/{tagged.id}"]
    index = client.get("/topics").get_data(as_text=True)
    assert "Economy" in index and "(1 fact-check)" in index
    assert client.get("/topics/nothing").status_code == 404
    assert client.get("/feeds/topics/nothing.atom").status_code == 404
    claim_page = client.get(f"/claims/{tagged.id}").get_data(as_text=True)
    assert 'href="/topics/economy">Economy</a>' in claim_page


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Україна", "україна"),
        ("日本", "日本"),
        ("Économie", "economie"),
        ("हिन्दी समाचार", "हिन्दी-समाचार"),
    ],
)
def test_a_topic_in_any_script_has_a_page_and_a_feed(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User], name: str, slug: str
) -> None:
    # Found by an outside tester: "Україна" and "日本" were refused ("a to z, 0 to 9")
    topic = topics.create_topic(db_session, users[0], name)
    assert (topic.name, topic.slug) == (name, slug)
    claim = _publish(db_session, users, 1)
    topics.set_claim_topics(db_session, claim, users[0], [topic.id])
    db_session.commit()
    address = f"/topics/{quote(slug)}"
    page = client.get(address)
    assert page.status_code == 200
    assert f"<h1>{name}</h1>" in page.get_data(as_text=True)
    assert f'href="/feeds/topics/{quote(slug)}.atom"' in page.get_data(as_text=True)
    assert client.get(address).get_data() == page.get_data()  # a repeat, from the cache
    feed = feedparser.parse(client.get(f"/feeds/topics/{quote(slug)}.atom").get_data())
    assert not feed.bozo and name in feed.feed.title
    assert [e.link for e in feed.entries] == [f"http://factcheck.test/claims/{claim.id}"]
    assert f'href="{address}"' in client.get("/topics").get_data(as_text=True)
    assert f'href="{address}">{name}</a>' in client.get(f"/claims/{claim.id}").get_data(True)
    [listed] = client.get("/api/v1/published").json["items"][0]["claims"][0]["topics"]
    assert listed == {"slug": slug, "name": name, "url": f"http://factcheck.test{address}"}


def test_a_topic_name_needs_a_letter_or_digit_of_some_script(
    db_session: Session, editor: User
) -> None:
    for name in ("¿¿", "— · —", "_"):
        with pytest.raises(InvalidInput) as refused:
            topics.create_topic(db_session, editor, name)
        assert refused.value.message == "A topic's name needs at least one letter or digit."
    topics.create_topic(db_session, editor, "Україна")
    with pytest.raises(Conflict):
        topics.create_topic(db_session, editor, "УКРАЇНА")


def test_editors_file_a_claim_under_topics_on_its_desk_page(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    editor = users[0]
    claim = _publish(db_session, users, 1)
    economy = topics.create_topic(db_session, editor, "Economy")
    db_session.commit()
    login(client, editor)
    assert "File this claim under" in client.get(f"/desk/claims/{claim.id}").get_data(True)
    response = client.post(
        f"/desk/claims/{claim.id}/topics",
        data={"topics": [str(economy.id)], "version": str(claim.version)},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert [t.slug for t in db_session.get(Claim, claim.id).topics] == ["economy"]
    history = client.get(f"/desk/claims/{claim.id}/history").get_data(as_text=True)
    assert "File under topics" in history and "Economy" in history
    stale = client.post(
        f"/desk/claims/{claim.id}/topics", data={"topics": [], "version": str(claim.version - 1)}
    )
    assert stale.status_code == 409
    gone = client.post(
        f"/desk/claims/{claim.id}/topics",
        data={"topics": ["999999"], "version": str(db_session.get(Claim, claim.id).version)},
    )
    assert gone.status_code == 400
    assert "One of the topics no longer exists" in gone.get_data(as_text=True)


def test_the_desk_topics_page_creates_renames_and_deletes(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    login(client, editor)
    assert client.post("/desk/topics", data={"name": "Economy"}).status_code == 302
    topic = topics.topic_by_slug(db_session, "economy")
    again = client.post("/desk/topics", data={"name": "economy"})
    assert again.status_code == 409 and "already a topic" in again.get_data(as_text=True)
    renamed = client.post(f"/desk/topics/{topic.id}/rename", data={f"t{topic.id}-name": "Money"})
    assert renamed.status_code == 302
    assert "Money" in client.get("/desk/topics").get_data(as_text=True)
    assert client.post(f"/desk/topics/{topic.id}/delete").status_code == 302
    assert "No topics yet" in client.get("/desk/topics").get_data(as_text=True)


# Related fact-checks ----------------------------------------------------------------------


def test_related_fact_checks_exclude_the_page_itself_and_unpublished_claims(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    first = _publish(db_session, users, 1)
    second = _publish(db_session, users, 2, body=TUNNEL_TWO)
    other = _publish(db_session, users, 3, body=ZAPORIZHZHIA, title="Power plant")
    related.refresh_around(db_session, [first.id, second.id, other.id])
    db_session.commit()

    shown = related.for_claims(db_session, [first.id], exclude_article=first.article_id)
    assert second.id in [r.id for r in shown]
    assert first.id not in [r.id for r in shown]
    page = client.get(f"/claims/{first.id}").get_data(as_text=True)
    assert "Related fact-checks" in page and f'href="/claims/{second.id}"' in page
    article_page = client.get(f"/factchecks/{first.article_id}").get_data(as_text=True)
    section = article_page.split("Related fact-checks")[1]
    assert f'href="/claims/{first.id}"' not in section

    # Withdrawn: it drops out of every related list at once.
    publishing.withdraw_article(db_session, second.article, users[0], reason="Retracted.")
    db_session.commit()
    still = related.for_claims(db_session, [first.id], exclude_article=first.article_id)
    assert second.id not in [r.id for r in still]
    assert f'href="/claims/{second.id}"' not in client.get(f"/claims/{first.id}").get_data(True)


FISH = (
    "Japan's fish exports fell by 14 percent in 2025 as buyers turned away, the government "
    "said on Monday.\n\nThe fishing fleet wants help."
)
FISH_AGAIN = (
    "Japan's fish exports fell 14 percent in 2025 as buyers turned away, the fisheries "
    "ministry said on Friday.\n\nPrices fell too."
)
DRUG_QUOTE = (
    "The government said 14 people had been charged over the cocaine seized in Ohio, the "
    "senator said in a speech.\n\nThe police disagree."
)
BRIDGE = (
    "The Riverton bridge repairs will cost 14 million dollars, the government said on "
    "Tuesday.\n\nThe council is divided."
)


def test_related_fact_checks_leave_out_ones_sharing_only_common_words(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    fish = _publish(db_session, users, 1, body=FISH, title="Fish exports")
    drugs = _publish(db_session, users, 2, body=DRUG_QUOTE, title="Seized cocaine")
    bridge = _publish(db_session, users, 3, body=BRIDGE, title="Bridge repairs")
    again = _publish(db_session, users, 4, body=FISH_AGAIN, title="Fish exports again")
    related.refresh_around(db_session, [fish.id, drugs.id, bridge.id, again.id])
    db_session.commit()

    page = client.get(f"/claims/{fish.id}").get_data(as_text=True)
    assert "Related fact-checks" in page and f'href="/claims/{again.id}"' in page
    assert f'href="/claims/{drugs.id}"' not in page
    assert f'href="/claims/{bridge.id}"' not in page
    # A fact-check with nothing like it shows no related section at all.
    alone = client.get(f"/claims/{drugs.id}").get_data(as_text=True)
    assert "Related fact-checks" not in alone

    # A list an older release stored goes when every list is chosen again (refresh-related).
    related.store(db_session, fish, [drugs.id, again.id])
    assert related.refresh_all(db_session) == 4
    shown = related.for_claims(db_session, [fish.id], exclude_article=fish.article_id)
    assert [r.id for r in shown] == [again.id]


def test_related_is_refreshed_by_a_job_after_publishing(
    db_session: Session, users: tuple[User, User, User]
) -> None:
    from factcheck.jobs import outbox

    article, claim = approve_one(db_session, *users, source_url="https://example.org/a")
    publishing.publish_article(
        db_session, article, users[0], context=publishing_context(), summary=None
    )
    assert ("refresh_related", ([claim.id],)) in outbox.pending(db_session)


def publishing_context() -> publishing.PublishContext:
    from tests.publishing_helpers import CONTEXT

    return CONTEXT


# Sitemap and robots.txt -------------------------------------------------------------------


@pytest.fixture
def site_app(engine: Engine, session_factory: sessionmaker[Session]) -> Flask:
    return build_app(engine, session_factory, SITE_URL=SITE)


def _locations(xml: bytes, tag: str = "url") -> list[str]:
    root = etree.fromstring(xml)
    return [loc.text for loc in root.iter(f"{SITEMAP_NS}loc")]


def test_robots_txt_names_the_sitemap_on_the_configured_site_never_the_host_header(
    site_app: Flask,
) -> None:
    response = site_app.test_client().get("/robots.txt", headers={"Host": "evil.example"})
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/plain"
    for path in ("/desk", "/api", "/account", "/login"):
        assert f"Disallow: {path}\n" in text
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "evil.example" not in text


def test_the_sitemap_lists_every_published_page_with_lastmod(
    site_app: Flask, db_session: Session, users: tuple[User, User, User]
) -> None:
    claim = _publish(db_session, users, 1, claimant="Rui Costa", rating="false")
    _, draft = approve_one(
        db_session, *users, source_url="https://example.org/draft", body=BODY + "\n\nDraft."
    )
    topic = topics.create_topic(db_session, users[0], "Economy")
    topics.set_claim_topics(db_session, claim, users[0], [topic.id])
    db_session.commit()
    response = site_app.test_client().get("/sitemap.xml", headers={"Host": "evil.example"})
    assert response.mimetype == "application/xml"
    body = response.get_data()
    urls = _locations(body)
    for path in (
        "/",
        "/topics",
        "/methodology",
        f"/factchecks/{claim.article_id}",
        f"/claims/{claim.id}",
        "/topics/economy",
        "/ratings/false",
        f"/claimants/{claim.claimant_id}-rui-costa",  # the record's own address, not a redirect
    ):
        assert f"{SITE}{path}" in urls, path
    assert f"{SITE}/claims/{draft.id}" not in urls
    assert all(url.startswith(SITE) for url in urls)
    assert b"<lastmod>" in body and b"evil.example" not in body


def test_a_large_sitemap_becomes_an_index_of_files(
    site_app: Flask,
    db_session: Session,
    users: tuple[User, User, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _publish(db_session, users, 1)
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    client = site_app.test_client()
    index = client.get("/sitemap.xml").get_data()
    assert etree.fromstring(index).tag == f"{SITEMAP_NS}sitemapindex"
    parts = _locations(index)
    assert parts[0] == f"{SITE}/sitemaps/1.xml"
    every = [url for n in range(1, len(parts) + 1)
             for url in _locations(client.get(f"/sitemaps/{n}.xml").get_data())]  # fmt: skip
    assert len(every) == len(set(every)) and f"{SITE}/" in every
    assert all(len(_locations(client.get(f"/sitemaps/{n}.xml").get_data())) <= 3
               for n in range(1, len(parts) + 1))  # fmt: skip
    assert client.get(f"/sitemaps/{len(parts) + 1}.xml").status_code == 404


# Spelling suggestions ---------------------------------------------------------------------


@pytest.fixture
def zaporizhzhia(db_session: Session, users: tuple[User, User, User]) -> Claim:
    return _publish(db_session, users, 9, body=ZAPORIZHZHIA, title="Power plant output")


def test_a_misspelt_search_suggests_the_word_from_published_text(
    client: FlaskClient, db_session: Session, zaporizhzhia: Claim
) -> None:
    assert search.suggestion(db_session, "zaporizhia") == "zaporizhzhia"
    assert search.suggestion(db_session, "zaporizhia nuclear") == "zaporizhzhia nuclear"
    assert search.suggestion(db_session, "zaporizhzhia") is None  # known: nothing to fix
    assert search.suggestion(db_session, "xylophone") is None  # nothing close
    page = client.get("/search?q=zaporizhia").get_data(as_text=True)
    assert "0 results" in page
    assert "Did you mean" in page
    assert 'href="/search?q=zaporizhzhia&amp;page=1"' in page
    corrected = client.get("/search?q=zaporizhzhia").get_data(as_text=True)
    assert f'href="/claims/{zaporizhzhia.id}"' in corrected and "Did you mean" not in corrected


def test_withdrawn_text_leaves_the_vocabulary(
    db_session: Session, zaporizhzhia: Claim, editor: User
) -> None:
    article = db_session.get(Article, zaporizhzhia.article_id)
    assert article is not None
    publishing.withdraw_article(db_session, article, editor, reason="Wrong plant.")
    assert search.suggestion(db_session, "zaporizhia") is None


def test_trigram_similarity_matches_pg_trgm() -> None:
    # pg_trgm: SELECT similarity('zaporizhia', 'zaporizhzhia') = 0.84615386
    assert search.similarity("zaporizhia", "zaporizhzhia") == pytest.approx(11 / 13)


def test_the_published_api_names_each_claims_topics(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User]
) -> None:
    claim = _publish(db_session, users, 1)
    topic = topics.create_topic(db_session, users[0], "Economy")
    topics.set_claim_topics(db_session, claim, users[0], [topic.id])
    db_session.commit()
    for url in ("/api/v1/published", f"/api/v1/published/{claim.article_id}"):
        body = client.get(url).json
        item = body["items"][0] if "items" in body else body
        assert item["claims"][0]["topics"] == [
            {"slug": "economy", "name": "Economy", "url": "http://factcheck.test/topics/economy"}
        ]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("rating=nope", "rating", "Unknown rating 'nope'"),
        ("rating=False", "rating", "Unknown rating 'False'"),
        ("from=2030-01-01&to=2020-01-01", "from", "'from' (2030-01-01) is after 'to' (2020-01-01)"),
    ],
)
def test_the_published_api_refuses_a_filter_that_cannot_match_and_names_it(
    client: FlaskClient, query: str, field: str, words: str
) -> None:
    # Found by an outside tester: these answered 200 with no items, as if nothing matched
    response = client.get(f"/api/v1/published?{query}")
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("invalid_input", field)
    assert words in error["message"]
    if field == "rating":
        assert "Choose one of: " in error["message"] and "mostly-true" in error["message"]


def test_the_published_api_still_lists_a_retired_ratings_fact_checks(
    client: FlaskClient, db_session: Session, users: tuple[User, User, User], admin: User
) -> None:
    from tests.publishing_helpers import retire

    claim = _publish(db_session, users, 1, rating="misleading")
    retire(db_session, admin, "misleading", "false")
    response = client.get("/api/v1/published?rating=misleading&from=2020-01-01&to=2020-01-01")
    assert (response.status_code, response.json["items"]) == (200, [])  # from = to is one day
    listed = client.get("/api/v1/published?rating=misleading").json["items"]
    assert [a["id"] for a in listed] == [claim.article_id]
