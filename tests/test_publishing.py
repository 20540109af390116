"""Publishing for readers: ClaimReview, the linter, corrections, withdrawal, feeds, caching."""

from __future__ import annotations

import json
import re
import threading
import time

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import audit, claimreview_jsonld, publishing, review_panel, search, site_pages
from factcheck.domain.claimreview_jsonld import short_claim
from factcheck.domain.errors import InvalidInput, PermissionDenied
from factcheck.domain.limits import Limits
from factcheck.domain.search import SearchFilter
from factcheck.models import Article, Claim, Role, User
from tests.conftest import build_app, login, make_user, token_for, wipe
from tests.publishing_helpers import CONTEXT, approve_one, publish_one


@pytest.fixture
def published(
    db_session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim]:
    return publish_one(db_session, editor, editor2, checker)


def _json_ld(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


# ClaimReview -------------------------------------------------------------------------------

REQUIRED = ["@context", "@type", "url", "claimReviewed", "author", "reviewRating"]
RECOMMENDED = ["datePublished", "dateModified", "itemReviewed"]


def test_claim_page_carries_a_complete_claimreview(
    engine: Engine, session_factory: sessionmaker[Session], published: tuple[Article, Claim]
) -> None:
    app = build_app(
        engine, session_factory, SITE_URL="https://factcheck.example", ORG_NAME="Harbour Fact Desk"
    )
    article, claim = published
    page = app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    review = _json_ld(page)
    for key in REQUIRED + RECOMMENDED:
        assert key in review, key
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["url"] == f"https://factcheck.example/claims/{claim.id}"
    assert review["author"] == {"@type": "Organization", "name": "Harbour Fact Desk"}
    assert len(review["claimReviewed"]) <= 75
    assert claim.text in page  # the full claim stays on the page
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert (rating["worstRating"], rating["bestRating"]) == (1, 6)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["alternateName"] == "Mostly true"
    assert rating["ratingExplanation"] == "Traffic counts show 51,400 vehicles a day."
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Ana Silva"}
    assert item["datePublished"] == "2026-02-02"
    assert item["appearance"]["url"] == article.source_url
    assert review["datePublished"] <= review["dateModified"]


def test_claim_text_cannot_break_out_of_the_json_ld(
    db_session: Session, client: FlaskClient, editor: User, editor2: User, checker: User
) -> None:
    hostile = (
        "The minister said 5,000 </script><script>alert(1)</script> jobs were created "
        "in 2025, the ministry reported."
    )
    _article, claim = publish_one(db_session, editor, editor2, checker, body=hostile)
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert _json_ld(page)["claimReviewed"].startswith("The minister said 5,000")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short claim.", "Short claim."),
        ("word " * 30, ("word " * 14).strip() + "…"),
        ("A" * 100, "A" * 74 + "…"),
    ],
)
def test_short_claim_fits_in_75_characters(text: str, expected: str) -> None:
    short = claimreview_jsonld.short_claim(text)
    assert short == expected and len(short) <= 75


@pytest.mark.parametrize("path", [p for p, _m, _f in claimreview_jsonld.REQUIRED])
def test_the_linter_names_each_missing_field(
    published: tuple[Article, Claim], db_session: Session, path: tuple[str, ...]
) -> None:
    _article, claim = published
    verdict = claim.published_verdict
    document = publishing.review_document(claim, verdict, [], CONTEXT)
    assert claimreview_jsonld.lint(claim.id, document) == []
    target = document
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    [problem] = claimreview_jsonld.lint(claim.id, document)
    assert problem.field == ".".join(path)
    assert problem.fix and str(claim.id) in str(problem)


# Public pages ------------------------------------------------------------------------------


def test_article_page_links_each_claim_by_anchor(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    article, claim = published
    page = client.get(f"/factchecks/{article.id}").get_data(as_text=True)
    assert f'id="claim-{claim.id}"' in page
    assert f'href="/claims/{claim.id}"' in page
    assert "<strong>51,400</strong>" in page  # Markdown explanation, rendered
    assert 'property="og:title"' in page and 'name="twitter:card"' in page
    assert "Stated on" in page and "Ana Silva" in page


def test_listings_by_rating_and_claimant(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    assert claim.text in client.get("/ratings/mostly-true").get_data(as_text=True)
    assert claim.text not in client.get("/ratings/false").get_data(as_text=True)
    # The address by name leads to the claimant's page.
    by_name = client.get("/claimants/ana silva", follow_redirects=True)
    assert claim.text in by_name.get_data(as_text=True)
    assert client.get("/claimants/nobody").status_code == 404
    assert client.get("/ratings/no-such-rating").status_code == 404


def test_unpublished_claims_are_not_public(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    from factcheck.domain import articles

    article = articles.create_article(
        db_session,
        creator=editor,
        title="Draft",
        body="Prices rose 9 percent in May, the bureau said.",
        limits=Limits(max_chars=10_000),
    )
    db_session.commit()
    for claim in article.claims:
        assert client.get(f"/claims/{claim.id}").status_code == 404
    assert client.get(f"/factchecks/{article.id}").status_code == 404


# Corrections and withdrawal ---------------------------------------------------------------


def test_a_correction_shows_its_history_everywhere(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    published: tuple[Article, Claim],
) -> None:
    article, claim = published
    before = _json_ld(client.get(f"/claims/{claim.id}").get_data(as_text=True))
    time.sleep(0.01)
    with pytest.raises(InvalidInput, match="Reason is required"):
        publishing.propose_correction(
            db_session, claim, editor, rating_slug="false", explanation="x", reason="  "
        )
    publishing.propose_correction(
        db_session,
        claim,
        editor,
        rating_slug="false",
        explanation="New counts: 30,000 a day.",
        reason="The first count included the old bridge.",
    )
    assert review_panel.approve(db_session, claim, editor2) == "corrected"
    db_session.commit()
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Correction," in page and "previously rated “Mostly true”" in page
    assert "The first count included the old bridge." in page
    after = _json_ld(page)
    assert after["reviewRating"]["alternateName"] == "False"
    assert after["dateModified"] > before["dateModified"]
    item = client.get(f"/api/v1/published/{article.id}").json["claims"][0]
    assert item["rating"]["slug"] == "false"
    assert item["corrections"] == [
        {
            "date": item["corrections"][0]["date"],
            "reason": "The first count included the old bridge.",
            "previous_rating": "mostly-true",
            "new_rating": "false",
            "previous_headline": None,
        }
    ]
    feed = feedparser.parse(client.get("/feeds/corrections.atom").get_data())
    assert not feed.bozo, feed.bozo_exception
    # Since session 19 the title names the claim: a feed reader shows the title alone
    assert feed.entries[0].title == (
        f"Correction to “{short_claim(claim.text, 100)}”: rating changed from Mostly true to False"
    )
    assert "old bridge" in feed.entries[0].summary
    assert "old bridge" in client.get("/corrections").get_data(as_text=True)


def test_only_editors_correct(
    db_session: Session, checker: User, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    with pytest.raises(PermissionDenied):
        publishing.propose_correction(
            db_session, claim, checker, rating_slug="false", explanation="x", reason="y"
        )


CORRECTION = {
    "rating": "false",
    "explanation": "New counts: 30,000 a day.",
    "reason": "The first count included the old bridge.",
}


def _flashes(client: FlaskClient) -> str:
    return client.get("/desk/").get_data(as_text=True)


def _current(session: Session, claim: Claim, **data: str) -> dict[str, str]:
    """Form data sent from a fresh copy of the claim's page."""
    session.refresh(claim)
    return {**data, "version": str(claim.version)}


def test_a_correction_waits_for_the_panel_and_never_counts_its_author(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    editor2: User,
    published: tuple[Article, Claim],
) -> None:
    panel = [make_user(db_session, Role.EDITOR, f"panel-{i}") for i in range(2)]
    app = build_app(engine, session_factory, REQUIRED_APPROVALS=3)
    article, claim = published
    desk, reader = app.test_client(), app.test_client()
    login(desk, editor)
    response = desk.post(
        f"/desk/claims/{claim.id}/correct", data=_current(db_session, claim, **CORRECTION)
    )
    assert response.status_code == 302
    assert "Correction proposed" in _flashes(desk)

    def readers_see() -> tuple[str, list[dict[str, str]]]:
        page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
        api = reader.get(f"/api/v1/published/{article.id}").json["claims"][0]
        return _json_ld(page)["reviewRating"]["alternateName"], api["corrections"]

    assert readers_see() == ("Mostly true", [])
    # Its author cannot vote on it, with one approval required or three.
    desk.post(f"/desk/claims/{claim.id}/approve", data=_current(db_session, claim))
    assert "You proposed this correction; other editors must review it." in _flashes(desk)
    login(desk, editor2)
    page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Proposed correction" in page and "The first count included the old bridge." in page
    assert 'data-action="correct"' in page
    inbox = desk.get("/desk/review").get_data(as_text=True)
    assert f"#{claim.id}" in inbox and "Correction proposed by Edith" in inbox
    desk.post(f"/desk/claims/{claim.id}/approve", data=_current(db_session, claim))
    assert readers_see() == ("Mostly true", [])
    # Editors on the API see it waiting, and vote there too.
    headers = token_for(db_session, panel[0])
    shown = desk.get(f"/api/v1/articles/{article.id}", headers=headers).json["claims"][0]
    assert shown["verdict"]["rating"] == "mostly-true"
    pending = shown["pending_correction"]
    assert (pending["rating"], pending["reason"]) == ("false", CORRECTION["reason"])
    assert pending["author_id"] == editor.id
    vote = desk.post(f"/api/v1/claims/{claim.id}/approve", headers=headers)
    assert vote.json["outcome"] == "recorded"
    assert readers_see() == ("Mostly true", [])
    vote = desk.post(f"/api/v1/claims/{claim.id}/approve", headers=token_for(db_session, panel[1]))
    assert vote.status_code == 200 and vote.json["outcome"] == "corrected"
    assert vote.json["pending_correction"] is None and vote.json["verdict"]["rating"] == "false"
    rating, corrections = readers_see()
    assert rating == "False"
    assert [(c["previous_rating"], c["new_rating"]) for c in corrections] == [
        ("mostly-true", "false")
    ]
    page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "previously rated “Mostly true”" in page and "old bridge" in page
    db_session.refresh(claim)
    [correction] = claim.corrections
    assert correction.editor_id == editor.id
    assert correction.new_verdict.reviewer_id == panel[1].id


def test_with_one_approval_a_correction_still_needs_an_editor_other_than_its_author(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    published: tuple[Article, Claim],
) -> None:
    _article, claim = published
    publishing.propose_correction(
        db_session, claim, editor, rating_slug="false", explanation="x", reason="y"
    )
    db_session.commit()
    headers = token_for(db_session, editor)
    refused = client.post(f"/api/v1/claims/{claim.id}/approve", headers=headers)
    assert refused.status_code == 403
    assert refused.json["error"]["message"] == (
        "You proposed this correction; other editors must review it."
    )
    assert (
        _json_ld(client.get(f"/claims/{claim.id}").get_data(as_text=True))["reviewRating"][
            "alternateName"
        ]
        == "Mostly true"
    )
    approved = client.post(
        f"/api/v1/claims/{claim.id}/approve", headers=token_for(db_session, editor2)
    )
    assert approved.json["outcome"] == "corrected"
    assert (
        _json_ld(client.get(f"/claims/{claim.id}").get_data(as_text=True))["reviewRating"][
            "alternateName"
        ]
        == "False"
    )


def test_editors_propose_corrections_through_the_api(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    checker: User,
    published: tuple[Article, Claim],
) -> None:
    _article, claim = published
    url = f"/api/v1/claims/{claim.id}/correction"
    assert (
        client.post(url, json=CORRECTION, headers=token_for(db_session, checker)).status_code == 403
    )
    response = client.post(url, json=CORRECTION, headers=token_for(db_session, editor))
    assert response.status_code == 201
    assert response.json["pending_correction"]["reason"] == CORRECTION["reason"]
    assert response.json["verdict"]["rating"] == "mostly-true"
    # The rating changes under the published headline: said to the API too (session 19)
    warning = response.json["pending_correction"]["headline_warning"]
    assert warning is not None and "“Mostly true” to “False”" in warning
    again = client.post(url, json=CORRECTION, headers=token_for(db_session, editor))
    assert again.status_code == 409 and "already waiting" in again.json["error"]["message"]


def test_a_correction_with_a_new_headline_carries_no_warning(
    client: FlaskClient, db_session: Session, editor: User, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    body = {**CORRECTION, "headline": "The bridge count was too high"}
    response = client.post(
        f"/api/v1/claims/{claim.id}/correction", json=body, headers=token_for(db_session, editor)
    )
    assert response.status_code == 201, response.json
    assert response.json["pending_correction"]["headline_warning"] is None


def test_a_declined_correction_leaves_the_fact_check_as_it_was(
    app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    published: tuple[Article, Claim],
) -> None:
    _article, claim = published
    desk = app.test_client()
    login(desk, editor)
    desk.post(f"/desk/claims/{claim.id}/correct", data=_current(db_session, claim, **CORRECTION))
    again = desk.post(
        f"/desk/claims/{claim.id}/correct", data=_current(db_session, claim, **CORRECTION)
    )
    assert again.status_code == 409
    assert "already waiting for review" in again.get_data(as_text=True)
    login(desk, editor2)
    response = desk.post(
        f"/desk/claims/{claim.id}/return",
        data=_current(db_session, claim, note="The old count was right."),
    )
    assert response.status_code == 302
    assert "Correction of claim" in _flashes(desk)
    page = app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Mostly true" in page and "Correction," not in page
    desk_page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "The old count was right." in desk_page
    assert 'id="correct-h"' in desk_page, "a new correction can be proposed"
    actions = [e.action for e in audit.history(db_session, "claim", claim.id)]
    assert actions[-2:] == ["propose_correction", "decline_correction"]


def test_withdrawal_needs_a_reason_and_tells_readers(
    client: FlaskClient, db_session: Session, editor: User, published: tuple[Article, Claim]
) -> None:
    article, claim = published
    with pytest.raises(InvalidInput):
        publishing.withdraw_article(db_session, article, editor, reason="")
    publishing.withdraw_article(
        db_session, article, editor, reason="The source article was retracted."
    )
    db_session.commit()
    response = client.get(f"/factchecks/{article.id}")
    assert response.status_code == 410
    assert "The source article was retracted." in response.get_data(as_text=True)
    # The claim's own page, which shares, feeds and the sitemap linked to, says so too.
    claim_page = client.get(f"/claims/{claim.id}")
    assert claim_page.status_code == 410
    assert "The source article was retracted." in claim_page.get_data(as_text=True)
    listed = client.get("/corrections").get_data(as_text=True)
    assert "Withdrawn fact-checks" in listed and "The source article was retracted." in listed
    assert f'href="/factchecks/{article.id}"' in listed
    assert client.get(f"/api/v1/published/{article.id}").status_code == 410
    assert client.get("/api/v1/published").json["items"] == []
    assert search.search(db_session, SearchFilter("tunnel")) == []
    # Republishing, on purpose, puts it back.
    publishing.publish_article(db_session, article, editor, context=CONTEXT, republish=True)
    db_session.commit()
    assert client.get(f"/factchecks/{article.id}").status_code == 200


# Feeds, search, site pages --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/feeds/factchecks.atom", "/feeds/ratings/mostly-true.atom"])
def test_atom_feeds_parse(client: FlaskClient, published: tuple[Article, Claim], path: str) -> None:
    _article, claim = published
    response = client.get(path)
    assert response.mimetype == "application/atom+xml"
    feed = feedparser.parse(response.get_data())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    [entry] = feed.entries
    assert entry.title.startswith("Mostly true: ")
    assert entry.link.endswith(f"/claims/{claim.id}")


def test_empty_rating_feed_is_valid(client: FlaskClient) -> None:
    feed = feedparser.parse(client.get("/feeds/ratings/false.atom").get_data())
    assert not feed.bozo and feed.entries == []


def test_search_finds_published_claims_with_filters(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    published: tuple[Article, Claim],
) -> None:
    _article, claim = published
    assert [c.id for c in search.search(db_session, SearchFilter("tunnel vehicles"))] == [claim.id]
    assert search.search(db_session, SearchFilter("51,400")) != []  # the explanation
    assert search.search(db_session, SearchFilter("Harbour tunnel", rating="false")) == []
    assert search.search(db_session, SearchFilter("tunnel", claimant="ANA SILVA")) != []
    assert search.search(db_session, SearchFilter('vehicles OR "* NEAR(')) == []
    page = client.get("/search?q=tunnel").get_data(as_text=True)
    assert "1 result for" in page and claim.text in page
    assert client.get("/search?q=tunnel&from=yesterday").status_code == 400


def test_a_word_with_a_soft_hyphen_is_shown_and_found_whole(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Before session 19 the claim kept the article's soft hyphen ("im\u00adprisoned"):
    # copied or searched, "imprisoned" did not match it.
    body = (
        "Tom Breck was im\u00adprisoned for 4 years in 2019 after 12 frauds at Norland "
        "Bank, the Westford court said.\n\nCritics say the sentence was too short."
    )
    article, claim = publish_one(db_session, editor, editor2, checker, body=body)
    assert "imprisoned for 4 years" in claim.text and "\u00ad" not in claim.text
    assert "\u00ad" in article.body[claim.span_start : claim.span_end]  # the article's own text
    assert [c.id for c in search.search(db_session, SearchFilter("imprisoned"))] == [claim.id]
    page = client.get("/search?q=imprisoned").get_data(as_text=True)
    assert "1 result for" in page and "imprisoned for 4 years" in page
    assert "\u00ad" not in client.get(f"/claims/{claim.id}").get_data(as_text=True)


def test_search_results_come_in_pages(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bodies = [
        "The harbour tunnel carried 52,000 vehicles a day in 2025, the minister said.",
        "The harbour tunnel cost 310 million euros to build in 2019, the mayor said.",
        "The harbour tunnel closed for 14 days in 2024 after floods, the operator said.",
    ]
    for n, body in enumerate(bodies):
        url = f"https://example.org/news/tunnel-{n}"
        publish_one(db_session, editor, editor2, checker, title=f"T{n}", body=body, source_url=url)
    monkeypatch.setattr(search, "PAGE_SIZE", 2)
    first = client.get("/search?q=harbour+tunnel").get_data(as_text=True)
    dash = "\u2013"  # an en dash, as in "Results 1 to 2"
    assert f"Results 1{dash}2 for" in first and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/search?q=harbour+tunnel&page=2").get_data(as_text=True)
    assert f"Results 3{dash}3 for" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    for body in bodies:
        opening = body.split(",")[0]
        assert (opening in first) + (opening in second) == 1, "each result on one page"
    beyond = client.get("/search?q=harbour+tunnel&page=3").get_data(as_text=True)
    assert "No more results" in beyond
    for bad in ("0", "x", "51"):
        response = client.get(f"/search?q=harbour+tunnel&page={bad}")
        assert response.status_code == 400 and "page" in response.get_data(as_text=True)


def test_methodology_page_is_editable_by_admins(
    app: Flask, db_session: Session, admin: User, editor: User
) -> None:
    client = app.test_client()
    assert "How we check" in client.get("/methodology").get_data(as_text=True)
    with pytest.raises(PermissionDenied):
        site_pages.save_page(db_session, "methodology", editor, title="x", body="y")
    login(client, admin)
    response = client.post(
        "/desk/pages/methodology/edit",
        data={
            "title": "How we work",
            "body": "We **check**. <script>alert(1)</script>",
            "version": "1",
        },
    )
    assert response.status_code == 302
    page = app.test_client().get("/methodology").get_data(as_text=True)
    assert "How we work" in page and "<strong>check</strong>" in page
    assert "<script>alert" not in page


# HTTP caching ----------------------------------------------------------------------------------


def test_public_pages_answer_304_when_unchanged(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    article, _claim = published
    for path in (f"/factchecks/{article.id}", "/api/v1/published", "/feeds/factchecks.atom"):
        response = client.get(path)
        assert response.headers["ETag"], path
        assert "public" in response.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304, path


def test_cached_pages_keep_their_validators_and_staff_get_fresh_private_pages(
    engine: Engine,
    session_factory: sessionmaker[Session],
    editor: User,
    published: tuple[Article, Claim],
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)
    article, _claim = published
    path = f"/factchecks/{article.id}"
    reader = app.test_client()
    first, hit = reader.get(path), reader.get(path)  # the second comes from the page cache
    assert hit.headers["ETag"] == first.headers["ETag"]
    assert hit.headers["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in hit.headers["Vary"]
    again = reader.get(path, headers={"If-None-Match": hit.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    staff = app.test_client()
    login(staff, editor)
    assert staff.get(path).headers["Cache-Control"] == "private, no-cache"
    # A view that chose its own lifetime keeps it.
    assert reader.get("/ratings.css").headers["Cache-Control"] == "public, max-age=300"


def test_the_page_cache_serves_anonymous_readers_and_forgets_on_writes(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    published: tuple[Article, Claim],
) -> None:
    app = build_app(engine, session_factory, PUBLIC_CACHE_SECONDS=300)
    article, claim = published
    reader = app.test_client()
    assert "Close, but not quite." in reader.get(f"/factchecks/{article.id}").get_data(as_text=True)
    article.summary = "Changed behind the cache's back."
    db_session.commit()
    # Still cached for anonymous readers...
    assert "Close, but not quite." in reader.get(f"/factchecks/{article.id}").get_data(as_text=True)
    # ...until this process handles a write.
    desk = app.test_client()
    login(desk, editor)
    desk.post(
        f"/api/v1/claims/{claim.id}/details",
        headers=token_for(db_session, editor),
        json={"claimant": "Ana Silva"},
    )
    assert "Changed behind" in reader.get(f"/factchecks/{article.id}").get_data(as_text=True)


def test_three_editors_publishing_at_once_hear_who_published(engine: Engine) -> None:
    """Each request on its own connection, committing for real (not the rollback fixture)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    try:
        with factory() as session:
            editors = [make_user(session, Role.EDITOR, f"publisher-{i}") for i in range(3)]
            checker = make_user(session, Role.CHECKER, "publish-checker")
            article, _claim = approve_one(session, editors[0], editors[1], checker)
            headers = [token_for(session, editor) for editor in editors]
        app = build_app(engine, factory)
        start = threading.Barrier(3)
        answers: list[tuple[int, str]] = []

        def publish(auth: dict[str, str]) -> None:
            client = app.test_client()
            start.wait()
            response = client.post(f"/api/v1/articles/{article.id}/publish", headers=auth)
            body = response.get_json(silent=True) or {}
            answers.append((response.status_code, body.get("error", {}).get("message", "")))

        threads = [threading.Thread(target=publish, args=(auth,)) for auth in headers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(status for status, _ in answers) == [200, 409, 409], answers
        refusals = [message for status, message in answers if status == 409]
        with factory() as session:
            winner = audit.last_event(session, "article", article.id)
            assert winner is not None and winner.action == "publish"
            name = winner.actor.display_name
        for message in refusals:
            assert f"was published by {name}" in message, message
    finally:
        wipe(engine)
