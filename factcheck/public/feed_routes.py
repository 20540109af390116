"""The Atom feeds' routes (on the public blueprint): the latest fact-checks, a rating's, a
topic's, and the corrections. factcheck.public.feeds writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import Response, redirect, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from factcheck import web
from factcheck.domain import feed_claims, publishing, research, topics
from factcheck.models import Claim
from factcheck.public import cache, feeds
from factcheck.public.views import bp


@bp.route("/feeds/factchecks.atom")
@cache.cached
def factcheck_feed() -> Response:
    return _claims_feed(
        feed_claims.recent(web.db(), limit=50),
        title="Latest fact-checks",
        self_url=web.public_url("public.factcheck_feed"),
        empty=lambda: feed_claims.empty_since(web.db()),
    )


@bp.route("/feeds/ratings/<slug>.atom")
@cache.cached
def rating_feed(slug: str) -> Response:
    session = web.db()
    rating, _replacement = research.rating_for_readers(session, slug)
    return _claims_feed(
        feed_claims.by_rating(session, rating, limit=50),
        title=f"Fact-checks rated {rating.label}",
        self_url=web.public_url("public.rating_feed", slug=slug),
        empty=lambda: feed_claims.empty_since(session, rating=rating),
    )


@bp.route("/feeds/topics/<slug>.atom")
@cache.cached
def topic_feed(slug: str) -> Response | WerkzeugResponse:
    session = web.db()
    try:
        topic = topics.topic_by_slug(session, slug)
    except topics.TopicMoved as moved:  # renamed: feed readers follow a permanent redirect
        return redirect(url_for("public.topic_feed", slug=moved.topic.slug), 301)
    return _claims_feed(
        feed_claims.by_topic(session, topic, limit=50),
        title=f"Fact-checks on {topic.name}",
        self_url=web.public_url("public.topic_feed", slug=topic.slug),
        empty=lambda: feed_claims.empty_since(session, topic=topic),
    )


def _claims_feed(
    claims: list[Claim],
    *,
    title: str,
    self_url: str,
    empty: Callable[[], dt.datetime | None],
) -> Response:
    """`empty`: when the feed dates from if it has no entry (feed_claims.empty_since), read
    only then."""
    since = None if claims else empty()
    return feeds.claims_feed(claims, title=title, self_url=self_url, empty_since=since)


@bp.route("/feeds/corrections.atom")
@cache.cached
def corrections_feed() -> Response:
    corrections = publishing.recent_corrections(web.db(), limit=50)
    withdrawn = publishing.withdrawn_articles(web.db(), limit=50)
    return feeds.corrections_feed(
        corrections,
        withdrawn,
        self_url=web.public_url("public.corrections_feed"),
        empty_since=feed_claims.empty_corrections_since(web.db()),
    )
