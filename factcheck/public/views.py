"""What readers see: published fact-checks only, cached briefly for spikes."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from factcheck import resources, web
from factcheck.domain import (
    earlier_checks,
    listings,
    publishing,
    related,
    research,
    scale,
    search,
    site_pages,
    topics,
)
from factcheck.domain.errors import DomainError, NotFound
from factcheck.domain.search import SearchFilter
from factcheck.domain.validation import calendar_date
from factcheck.models import ArticleStatus, Claim
from factcheck.public import cache, cards, crawlers, feeds
from factcheck.web.security import EMBEDDABLE_CONTENT_SECURITY_POLICY

bp = Blueprint("public", __name__)
bp.after_request(cache.public_caching)


def json_ld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block that no text can break out of."""
    raw = json.dumps(data, ensure_ascii=False, indent=2)
    return Markup(raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@bp.route("/")
@cache.cached
def home() -> str:
    session = web.db()
    return render_template(
        "public/home.html",
        articles=listings.latest_articles(session, limit=20),
        ratings=research.ratings(session),
        topics=topics.public_topics(session),
    )


@bp.route("/factchecks/<int:article_id>")
@cache.cached
def factcheck(article_id: int) -> tuple[str, int] | str:
    article = publishing.published_article(web.db(), article_id)
    if article.status == ArticleStatus.WITHDRAWN:
        return render_template("public/withdrawn.html", article=article), 410
    claims = publishing.published_claims(article)
    ids = [c.id for c in claims]
    return render_template(
        "public/factcheck.html",
        article=article,
        claims=claims,
        corrections={c.id: publishing.corrections_of(web.db(), c) for c in claims},
        topics=topics.of_claims(claims),
        related=related.for_claims(web.db(), ids, exclude_article=article.id),
    )


@bp.route("/claims/<int:claim_id>")
@cache.cached
def claim_page(claim_id: int) -> str:
    session = web.db()
    claim = publishing.public_claim(session, claim_id)
    verdict = claim.published_verdict
    assert verdict is not None  # a public claim always has a published verdict
    document = publishing.review_document(
        claim, verdict, research.ratings(session), web.publish_context()
    )
    return render_template(
        "public/claim.html",
        claim=claim,
        article=claim.article,
        verdict=verdict,
        corrections=publishing.corrections_of(session, claim),
        claimreview=json_ld(document),
        modified=publishing.last_modified(claim),
        topics=topics.of_claims([claim]),
        related=related.for_claims(session, [claim.id], exclude_article=claim.article_id),
        single=len(publishing.published_claims(claim.article)) == 1,
    )


def _listing(heading: str, page: listings.ListPage, endpoint: str, **extra: object) -> str:
    """A paged list of published claims (ratings, claimants, topics)."""
    return render_template(
        "public/listing.html",
        heading=heading,
        page=page,
        endpoint=endpoint,
        endpoint_args=extra.pop("endpoint_args"),
        **extra,
    )


def _card(claim: Claim) -> cards.Card:
    verdict = claim.published_verdict
    assert verdict is not None  # a public claim always has a published verdict
    return cards.Card(
        claim=claim.text,
        claimant=claim.claimant,
        rating=verdict.rating.label,
        colour=verdict.rating.colour
        if scale.HEX_COLOUR.fullmatch(verdict.rating.colour)
        else "#555555",
        outlet=current_app.config["SITE_NAME"],
    )


@bp.route("/claims/<int:claim_id>/card.png")
def card_image(claim_id: int) -> Response:
    """The Open Graph image: drawn once per claim and verdict, then read from the instance
    folder; the ETag answers a client that has it already with 304."""
    claim = publishing.public_claim(web.db(), claim_id)
    folder = Path(current_app.config.get("CARD_FOLDER") or Path(current_app.instance_path, "cards"))
    data, tag = cards.cached(folder, f"{claim.id}-{claim.published_verdict_id}", _card(claim))
    response = Response(data, mimetype="image/png")
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def embeddable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Any site may frame this page: its own policy, frame-ancestors *, and no
    X-Frame-Options (every other page keeps refusing frames)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = EMBEDDABLE_CONTENT_SECURITY_POLICY
        return response

    return wrapped


@bp.route("/claims/<int:claim_id>/embed")
@embeddable
@cache.cached
def embed(claim_id: int) -> str:
    claim = publishing.public_claim(web.db(), claim_id)
    return render_template("public/embed.html", claim=claim, verdict=claim.published_verdict)


EMBED_WIDTH, EMBED_HEIGHT = 550, 360


@bp.route("/oembed")
def oembed() -> tuple[Response, int] | Response:
    """oEmbed (https://oembed.com) for a claim's page: a "rich" card in an iframe."""
    if (request.args.get("format") or "json") != "json":
        return _oembed_error(501, "unsupported_format", "Only format=json is offered.")
    claim_id = _claim_of_url(request.args.get("url") or "")
    if claim_id is None:
        return _oembed_error(404, "not_found", "That URL is not a fact-check of this site.")
    try:
        claim = publishing.public_claim(web.db(), claim_id)
    except NotFound as exc:
        return _oembed_error(404, "not_found", exc.message)
    verdict = claim.published_verdict
    assert verdict is not None
    width = _bounded(request.args.get("maxwidth"), EMBED_WIDTH)
    height = _bounded(request.args.get("maxheight"), EMBED_HEIGHT)
    src = web.public_url("public.embed", claim_id=claim.id)
    title = verdict.headline or f"{verdict.rating.label}: {claim.text}"
    frame = (
        f'<iframe src="{Markup.escape(src)}" width="{width}" height="{height}" '
        f'title="{Markup.escape(title)}" style="border:0" loading="lazy"></iframe>'
    )
    return jsonify(
        version="1.0",
        type="rich",
        title=title,
        provider_name=current_app.config["SITE_NAME"],
        provider_url=web.public_url("public.home"),
        html=frame,
        width=width,
        height=height,
        thumbnail_url=web.public_url("public.card_image", claim_id=claim.id),
        thumbnail_width=cards.WIDTH,
        thumbnail_height=cards.HEIGHT,
    )


def _oembed_error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": message}), status


def _bounded(raw: str | None, default: int) -> int:
    """A maxwidth/maxheight the consumer asked for, never above our size nor below 100."""
    try:
        return max(100, min(default, int(raw))) if raw else default
    except ValueError:
        return default


def _claim_of_url(url: str) -> int | None:
    """The claim id of a URL of this site's claim or embed page, else None."""
    parts = urlsplit(url.strip())
    own = urlsplit(web.public_url("public.home"))
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != own.netloc.lower():
        return None
    try:
        endpoint, args = current_app.url_map.bind(own.netloc).match(parts.path, method="GET")
    except HTTPException:
        return None
    if endpoint not in ("public.claim_page", "public.embed"):
        return None
    claim_id = args.get("claim_id")
    return claim_id if isinstance(claim_id, int) else None


@bp.route("/ratings/<slug>")
@cache.cached
def by_rating(slug: str) -> str:
    session = web.db()
    try:
        rating = research.rating_by_slug(session, slug)
    except DomainError:
        abort(404)
    page = listings.claims_page(
        session, listings.by_rating(rating.id), cursor=request.args.get("after")
    )
    return _listing(
        f"Rated “{rating.label}”",
        page,
        "public.by_rating",
        endpoint_args={"slug": rating.slug},
        rating=rating,
        feed_url=url_for("public.rating_feed", slug=rating.slug),
        empty="Nothing has been published with this rating yet.",
    )


@bp.route("/claimants/<path:name>")
@cache.cached
def by_claimant(name: str) -> str:
    page = listings.claims_page(
        web.db(), listings.by_claimant(name), cursor=request.args.get("after")
    )
    if not page.items:
        raise NotFound(f"No published fact-checks of claims by {name}.")
    return _listing(
        f"Claims by {page.items[0].claimant}",
        page,
        "public.by_claimant",
        endpoint_args={"name": name},
        rating=None,
        feed_url=None,
        empty="",
    )


@bp.route("/topics")
@cache.cached
def topic_index() -> str:
    return render_template("public/topics.html", topics=topics.public_topics(web.db()))


@bp.route("/topics/<slug>")
@cache.cached
def topic_page(slug: str) -> str:
    session = web.db()
    topic = topics.topic_by_slug(session, slug)
    page = listings.claims_page(
        session, listings.by_topic(topic.id), cursor=request.args.get("after")
    )
    return _listing(
        topic.name,
        page,
        "public.topic_page",
        endpoint_args={"slug": topic.slug},
        rating=None,
        feed_url=url_for("public.topic_feed", slug=topic.slug),
        empty="Nothing has been published on this topic yet.",
    )


@bp.route("/search")
def search_page() -> tuple[str, int]:
    status = 200
    page, error, suggestion = None, None, None
    query = (request.args.get("q") or "").strip()
    try:
        filters = SearchFilter(
            query=query,
            rating=request.args.get("rating") or None,
            claimant=request.args.get("claimant") or None,
            published_from=calendar_date(request.args.get("from"), "from"),
            published_to=calendar_date(request.args.get("to"), "to"),
        )
        page = search.search_page(web.db(), filters, request.args.get("page")) if query else None
        if page is not None and page.number == 1 and len(page.results) < search.SUGGEST_BELOW:
            suggestion = search.suggestion(web.db(), query)
    except DomainError as exc:
        error, status = exc.message, exc.status
    # The matcher also finds other outlets' fact-checks (credited to them, never ours).
    elsewhere = []
    if query and not error:
        elsewhere = earlier_checks.suggest(
            web.db(), query, own_outlet="", limit=5, include_ours=False,
            min_confidence=earlier_checks.WEAK,
        )  # fmt: skip
    return render_template(
        "public/search.html",
        query=query,
        page=page,
        error=error,
        elsewhere=elsewhere,
        suggestion=suggestion,
        args=request.args,
        ratings=research.ratings(web.db()),
    ), status


@bp.route("/methodology")
@cache.cached
def methodology() -> str:
    session = web.db()
    page = site_pages.get_page(session, "methodology")
    scale_now = research.ratings(session, include_retired=True)
    return render_template(
        "public/site_page.html",
        page=page,
        scale=scale_now,
        labels={r.id: r.label for r in scale_now},
    )


@bp.route("/corrections")
@cache.cached
def corrections() -> str:
    return render_template(
        "public/corrections.html", corrections=publishing.recent_corrections(web.db())
    )


@bp.route("/source")
def source() -> str:
    """The licence and the running version: where the footer's "Source" link goes when
    FACTCHECK_SOURCE_URL is unset."""
    return render_template("public/source.html", version=resources.version())


@bp.route("/source/LICENSE")
def license_text() -> Response:
    text = resources.license_text()
    if text is None:
        abort(404, "This installation carries no copy of the licence.")
    return Response(text, mimetype="text/plain")


@bp.route("/feeds/factchecks.atom")
@cache.cached
def factcheck_feed() -> Response:
    claims = publishing.recent_claims(web.db(), limit=50)
    return feeds.claims_feed(
        claims, title="Latest fact-checks", self_url=web.public_url("public.factcheck_feed")
    )


@bp.route("/feeds/ratings/<slug>.atom")
@cache.cached
def rating_feed(slug: str) -> Response:
    session = web.db()
    try:
        rating = research.rating_by_slug(session, slug)
    except DomainError:
        abort(404)
    return feeds.claims_feed(
        publishing.claims_by_rating(session, rating, limit=50),
        title=f"Fact-checks rated {rating.label}",
        self_url=web.public_url("public.rating_feed", slug=slug),
    )


@bp.route("/feeds/topics/<slug>.atom")
@cache.cached
def topic_feed(slug: str) -> Response:
    session = web.db()
    topic = topics.topic_by_slug(session, slug)
    return feeds.claims_feed(
        publishing.claims_by_topic(session, topic, limit=50),
        title=f"Fact-checks on {topic.name}",
        self_url=web.public_url("public.topic_feed", slug=topic.slug),
    )


@bp.route("/feeds/corrections.atom")
@cache.cached
def corrections_feed() -> Response:
    return feeds.corrections_feed(
        publishing.recent_corrections(web.db(), limit=50),
        self_url=web.public_url("public.corrections_feed"),
    )


@bp.route("/robots.txt")
@cache.cached
def robots() -> Response:
    return crawlers.robots()


@bp.route("/sitemap.xml")
@cache.cached
def sitemap_index() -> Response:
    return crawlers.sitemap_index()


@bp.route("/sitemaps/<int:number>.xml")
@cache.cached
def sitemap_part(number: int) -> Response:
    return crawlers.sitemap_part(number)


@bp.route("/ratings.css")
def rating_styles() -> Response:
    """One colour per rating, as a stylesheet: no inline styles, so the CSP can forbid them."""
    rules = [
        f".rating-{r.slug} {{ --rating: {r.colour}; }}"
        for r in research.ratings(web.db())
        if scale.HEX_COLOUR.fullmatch(r.colour) and scale.SLUG.fullmatch(r.slug)
    ]
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
