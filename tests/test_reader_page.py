"""The reader's fact-check page: headline, boxes, byline, right of reply, sharing, the rating
card, the embeddable card and oEmbed; rating definitions versioned with the scale."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.config import ConfigError, parse_bylines
from factcheck.domain import publishing, replies, research, scale
from factcheck.domain.errors import InvalidInput
from factcheck.models import Article, Claim, ClaimStatus, Rating, User
from factcheck.public import cards
from tests.conftest import build_app
from tests.publishing_helpers import CONTEXT, HEADLINE, approve_one, correct_now, publish_one


@pytest.fixture
def published(
    db_session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim]:
    return publish_one(db_session, editor, editor2, checker)


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


# The headline ------------------------------------------------------------------------------


def test_publishing_without_a_headline_is_refused_naming_the_claim(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = approve_one(db_session, editor, editor2, checker, headline=None)
    with pytest.raises(publishing.NotPublishable) as refused:
        publishing.publish_article(db_session, article, editor, context=CONTEXT)
    [problem] = [str(problem) for problem in refused.value.problems]
    assert f"Claim #{claim.id}: the headline is missing (headline)" in problem
    # The linter suggests one to start from.
    assert "For example: “Ana Silva's claim, rated “Mostly true”: The harbour tunnel" in problem
    assert claim.status == ClaimStatus.APPROVED
    publishing.publish_article(
        db_session, article, editor, context=CONTEXT, headlines={claim.id: "  Close, not over  "}
    )
    assert claim.status == ClaimStatus.PUBLISHED
    assert claim.published_verdict is not None
    assert claim.published_verdict.headline == "Close, not over"


def test_a_headline_for_a_claim_not_being_published_is_refused(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = approve_one(db_session, editor, editor2, checker)
    with pytest.raises(InvalidInput, match="not an approved claim"):
        publishing.publish_article(
            db_session, article, editor, context=CONTEXT, headlines={claim.id + 999: "No"}
        )


def test_the_headline_is_h1_title_og_title_and_claimreview_headline(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    article, claim = published
    for url in (f"/factchecks/{article.id}", f"/claims/{claim.id}"):
        page = _page(client, url)
        shown = HEADLINE.replace("'", "&#39;")
        assert f'<h1 class="headline" dir="auto">{shown}</h1>' in page
        assert f"<title>{shown} ·" in page
        assert f'<meta property="og:title" content="{shown}">' in page
    page = _page(client, f"/claims/{claim.id}")
    document = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)  # type: ignore[union-attr]
    )
    assert document["headline"] == HEADLINE
    assert document["author"]["@type"] == "Organization"
    assert document["author"]["name"] == "factcheck"  # FACTCHECK_ORG_NAME, else SITE_NAME
    api = client.get("/api/v1/published").json
    assert api["items"][0]["claims"][0]["headline"] == HEADLINE  # type: ignore[index]


def test_a_correction_can_change_the_headline(
    client: FlaskClient,
    db_session: Session,
    published: tuple[Article, Claim],
    editor: User,
    editor2: User,
) -> None:
    _article, claim = published
    publishing.propose_correction(
        db_session,
        claim,
        editor,
        rating_slug="false",
        explanation="The counts say 41,000.",
        reason="New counts.",
        headline="The tunnel carried far fewer vehicles",
    )
    from factcheck.domain import review_panel

    assert review_panel.approve(db_session, claim, editor2) == "corrected"
    db_session.commit()
    page = _page(client, f"/claims/{claim.id}")
    assert '<h1 class="headline" dir="auto">The tunnel carried far fewer vehicles</h1>' in page
    # Left out, the published headline carries over to the next correction.
    correct_now(
        db_session, claim, editor, editor2, rating="misleading", explanation="41k.", reason="R."
    )
    assert claim.published_verdict is not None
    assert claim.published_verdict.headline == "The tunnel carried far fewer vehicles"


# The boxes, the byline, the right of reply -------------------------------------------------


def test_claim_box_verdict_box_and_right_of_reply(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    article, claim = approve_one(db_session, editor, editor2, checker)
    replies.record_reply(
        db_session, claim, editor, contacted_at=dt.datetime(2026, 2, 2, 9, tzinfo=dt.UTC),
        channel="email", contact="press@example.org", answer=None,
    )  # fmt: skip
    replies.record_reply(
        db_session, claim, editor, contacted_at=dt.datetime(2026, 2, 3, 9, tzinfo=dt.UTC),
        channel="phone", contact=None, answer="The figure came from the operator.",
    )  # fmt: skip
    publishing.publish_article(db_session, article, editor, context=CONTEXT, summary="Close.")
    db_session.commit()
    page = _page(client, f"/claims/{claim.id}")
    box = page[page.index('class="box claim-box"') : page.index('class="box verdict-box"')]
    assert "Ana Silva" in box
    assert 'Stated on <time datetime="2026-02-02">2 February 2026</time> in' in box
    assert '<a href="https://example.org/news/tunnel" rel="nofollow noopener noreferrer">' in box
    assert "(Harbour News)" in box
    verdict = page[page.index('class="box verdict-box"') :]
    assert 'href="/methodology#rating-mostly-true">Mostly true</a>' in verdict
    mostly_true = research.rating_by_slug(db_session, "mostly-true")
    assert mostly_true.description.replace("'", "&#39;") in verdict.split("</section>")[0]
    assert "We contacted Ana Silva by email on " in page
    assert "2 February 2026</time>; they did not reply." in page
    assert "; they said: “The figure came from the operator.”" in page


@pytest.mark.parametrize(
    ("bylines", "shown", "hidden"),
    [
        (("checker", "editor"), ["Checked by", "edited by"], []),
        (("editor",), ["Edited by"], ["Checked by"]),
        ((), [], ["Checked by", "dited by"]),
    ],
)
def test_bylines_follow_the_setting(
    engine: Engine,
    session_factory: sessionmaker[Session],
    published: tuple[Article, Claim],
    bylines: tuple[str, ...],
    shown: list[str],
    hidden: list[str],
) -> None:
    _article, claim = published
    client = build_app(engine, session_factory, BYLINES=bylines).test_client()
    page = _page(client, f"/claims/{claim.id}")
    byline = re.search(r'<p class="byline">(.*?)</p>', page, re.S)
    assert byline is not None
    for text in shown:
        assert text in byline.group(1)
    for text in hidden:
        assert text not in byline.group(1)
    assert "Published <time" in byline.group(1)


def test_bylines_setting_is_parsed_and_checked() -> None:
    assert parse_bylines(None) == ("checker", "editor")
    assert parse_bylines("editor") == ("editor",)
    assert parse_bylines(" Editor , checker ") == ("checker", "editor")
    assert parse_bylines("") == ()
    with pytest.raises(ConfigError, match="FACTCHECK_BYLINES names reporter"):
        parse_bylines("checker,reporter")


def test_share_links_carry_the_canonical_url(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    page = _page(client, f"/claims/{claim.id}")
    canonical = f"http://factcheck.test/claims/{claim.id}"
    encoded = f"http%3A//factcheck.test/claims/{claim.id}"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert "mailto:?subject=" in page and f"body={encoded}" in page
    assert f"https://twitter.com/intent/tweet?url={encoded}" in page
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in page
    assert "https://wa.me/?text=" in page and encoded in page
    assert f'id="share-url" class="share-url" type="text" readonly value="{canonical}"' in page
    # No script from elsewhere.
    assert not re.search(r'<script[^>]+src="https?://', page)


# The rating card ---------------------------------------------------------------------------


def test_the_card_is_a_1200x630_png_drawn_once_and_served_with_an_etag(
    engine: Engine,
    session_factory: sessionmaker[Session],
    published: tuple[Article, Claim],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _article, claim = published
    client = build_app(engine, session_factory, CARD_FOLDER=str(tmp_path)).test_client()
    drawn: list[cards.Card] = []
    render = cards.render
    monkeypatch.setattr(cards, "render", lambda card: drawn.append(card) or render(card))
    page = _page(client, f"/claims/{claim.id}")
    image_url = f"http://factcheck.test/claims/{claim.id}/card.png"
    assert f'<meta property="og:image" content="{image_url}">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    first = client.get(f"/claims/{claim.id}/card.png")
    assert first.status_code == 200 and first.mimetype == "image/png"
    with Image.open(io.BytesIO(first.data)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    etag = first.headers["ETag"]
    again = client.get(f"/claims/{claim.id}/card.png", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(f"/claims/{claim.id}/card.png").data == first.data
    assert len(drawn) == 1 and drawn[0].rating == "Mostly true"
    assert drawn[0].claimant == "Ana Silva" and drawn[0].outlet == "factcheck"


def test_a_correction_draws_a_new_card(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    published: tuple[Article, Claim],
    editor: User,
    editor2: User,
    tmp_path: Path,
) -> None:
    _article, claim = published
    client = build_app(engine, session_factory, CARD_FOLDER=str(tmp_path)).test_client()
    before = client.get(f"/claims/{claim.id}/card.png").headers["ETag"]
    correct_now(db_session, claim, editor, editor2, rating="false", explanation="No.", reason="R.")
    db_session.commit()
    after = client.get(f"/claims/{claim.id}/card.png", headers={"If-None-Match": before})
    assert after.status_code == 200 and after.headers["ETag"] != before


def test_the_card_renders_without_any_system_font(monkeypatch: pytest.MonkeyPatch) -> None:
    truetype = cards.ImageFont.truetype

    def no_font(font: object, *args: object, **kwargs: object) -> object:
        # A font named by file is not found; Pillow's own (bytes in memory) still is.
        if isinstance(font, str):
            raise OSError("cannot open resource")
        return truetype(font, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cards.ImageFont, "truetype", no_font)
    cards._font.cache_clear()
    try:
        data = cards.render(
            cards.Card("A claim " * 40, "Someone", "Mostly false", "#c2410c", "Desk")
        )
    finally:
        cards._font.cache_clear()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)


# The embeddable card and oEmbed ------------------------------------------------------------


def test_the_embed_page_may_be_framed_and_nothing_else_may(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    embed = client.get(f"/claims/{claim.id}/embed")
    assert embed.status_code == 200
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    assert HEADLINE.replace("'", "&#39;") in embed.get_data(as_text=True)
    page = client.get(f"/claims/{claim.id}")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_oembed_answers_rich_json_with_an_iframe(
    client: FlaskClient, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    url = f"http://factcheck.test/claims/{claim.id}"
    page = _page(client, f"/claims/{claim.id}")
    assert 'rel="alternate" type="application/json+oembed"' in page
    response = client.get("/oembed", query_string={"url": url, "format": "json"})
    assert response.status_code == 200
    body = response.json
    assert body["version"] == "1.0" and body["type"] == "rich"  # type: ignore[index]
    assert body["title"] == HEADLINE  # type: ignore[index]
    assert f'<iframe src="http://factcheck.test/claims/{claim.id}/embed"' in body["html"]  # type: ignore[index]
    assert (body["width"], body["height"]) == (550, 360)  # type: ignore[index]
    assert body["thumbnail_url"] == f"{url}/card.png"  # type: ignore[index]
    narrow = client.get("/oembed", query_string={"url": url, "maxwidth": "300"}).json
    assert narrow["width"] == 300  # type: ignore[index]


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"url": "http://factcheck.test/claims/1", "format": "xml"}, 501, "unsupported_format"),
        ({"url": "https://elsewhere.example/claims/1"}, 404, "not_found"),
        ({"url": "http://factcheck.test/methodology"}, 404, "not_found"),
        ({"url": "http://factcheck.test/claims/99999"}, 404, "not_found"),
        ({"url": "javascript:alert(1)"}, 404, "not_found"),
        ({}, 404, "not_found"),
    ],
)
def test_oembed_refuses_what_it_cannot_embed(
    client: FlaskClient, published: tuple[Article, Claim], query: dict, status: int, code: str
) -> None:
    response = client.get("/oembed", query_string=query)
    assert response.status_code == status
    assert response.json["error"]["code"] == code  # type: ignore[index]
    assert response.json["error"]["message"]  # type: ignore[index]


def test_a_withdrawn_claims_embed_and_oembed_say_so(
    client: FlaskClient, db_session: Session, editor: User, published: tuple[Article, Claim]
) -> None:
    # Before session 20 the embed's 410 refused framing (the partner's iframe showed a
    # browser error) and oEmbed answered an HTML error page.
    article, claim = published
    publishing.withdraw_article(db_session, article, editor, reason="The ministry retracted it.")
    db_session.commit()
    embed = client.get(f"/claims/{claim.id}/embed")
    assert embed.status_code == 410
    assert "frame-ancestors *" in embed.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in embed.headers
    text = embed.get_data(as_text=True)
    assert "This fact-check was withdrawn" in text and "The ministry retracted it." in text
    assert f'href="http://factcheck.test/factchecks/{article.id}" target="_blank"' in text
    url = f"http://factcheck.test/claims/{claim.id}"
    response = client.get("/oembed", query_string={"url": url})
    assert response.status_code == 410
    assert response.json["error"]["code"] == "gone"  # type: ignore[index]
    assert "withdrawn" in response.json["error"]["message"]  # type: ignore[index]


# Rating definitions ------------------------------------------------------------------------


def test_definitions_are_versioned_with_the_scale(
    client: FlaskClient, db_session: Session, admin: User, published: tuple[Article, Claim]
) -> None:
    _article, claim = published
    verdict = claim.published_verdict
    assert verdict is not None
    given_in = verdict.scale_version_id
    rating = db_session.get(Rating, verdict.rating_id)
    assert rating is not None
    before = rating.description
    scale.edit_rating(
        db_session, rating, admin, description="Right in substance; a detail is off.",
        colour=rating.colour, expected_version=None,
    )  # fmt: skip
    assert research.current_scale_version(db_session) != given_in
    assert scale.definition_at(db_session, rating, given_in) == before
    now = research.current_scale_version(db_session)
    assert scale.definition_at(db_session, rating, now) == "Right in substance; a detail is off."
    # Changing the colour alone starts no version.
    scale.edit_rating(
        db_session, rating, admin, description="Right in substance; a detail is off.",
        colour="#3d7a20", expected_version=None,
    )  # fmt: skip
    assert research.current_scale_version(db_session) == now
    db_session.commit()
    page = _page(client, "/methodology")
    assert '<div class="rating-definition" id="rating-mostly-true">' in page
    assert "Right in substance; a detail is off." in page
    assert "rating rating-false" in page and "best available evidence contradicts" in page


def test_the_default_scale_has_definitions(db_session: Session) -> None:
    for rating in research.ratings(db_session):
        assert len(rating.description) > 40, rating.slug


def test_admins_set_definitions_on_the_ratings_page_and_see_earlier_ones(
    app: Flask, db_session: Session, admin: User
) -> None:
    from tests.conftest import login

    rating = research.rating_by_slug(db_session, "misleading")
    before = rating.description
    desk = app.test_client()
    login(desk, admin)
    response = desk.post(
        f"/desk/ratings/{rating.id}/edit",
        data={
            f"r{rating.id}-description": "True parts, false impression.",
            f"r{rating.id}-colour": rating.colour,
            f"r{rating.id}-version": rating.version,
        },
    )
    assert response.status_code == 302
    page = desk.get("/desk/ratings").get_data(as_text=True)
    assert "Definition (shown to readers" in page
    assert "Earlier definitions (1)" in page and before in page
    reader = app.test_client()
    assert "True parts, false impression." in _page(reader, "/methodology")


@pytest.mark.parametrize("label", ["Needs context", "Pants on fire", "True"])
def test_the_suggested_headline_quotes_any_label(label: str) -> None:
    # Found in session 19: "Tom Breck's claim is needs context: ..." (the label was made an
    # adjective)
    from factcheck.domain.claimreview_jsonld import suggest_headline

    suggested = suggest_headline(label, "Tom Breck", "The bridge cost 3 million pounds." * 20)
    assert suggested.startswith(f"Tom Breck's claim, rated “{label}”: The bridge cost")
    assert len(suggested) <= 200


# The dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source_date", [dt.date(2026, 12, 1), None])
def test_the_fact_checks_date_is_not_read_as_the_outlets(
    app: Flask, source_date: dt.date | None
) -> None:
    from types import SimpleNamespace

    from flask import render_template

    article = SimpleNamespace(
        id=7,
        title="Harbour tunnel: what the minister said",
        summary=None,
        outlet="BBC News",
        source_url="https://example.org/news/tunnel",
        published_on=source_date,
        published_at=dt.datetime(2026, 12, 5, 9, 30),
    )
    with app.test_request_context():
        page = render_template(
            "public/factcheck.html", article=article, claims=[], corrections={}, topics=[],
            related=[],
        )  # fmt: skip
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "Fact-check published 5 December 2026" in text
    assert "Article by" not in text
    if source_date is None:
        assert "Fact-check published 5 December 2026 · Checked article: BBC News (original)" in text
    else:
        assert (
            "Fact-check published 5 December 2026 · Checked article: BBC News, published "
            "1 December 2026 (original)"
        ) in text
