"""What readers see: published fact-checks only, cached briefly for spikes."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse

from factcheck import resources, web
from factcheck.domain import (
    claimants,
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
from factcheck.domain.errors import DomainError, NotFound, Withdrawn
from factcheck.domain.search import SearchFilter
from factcheck.domain.validation import calendar_date
from factcheck.models import Article, ArticleStatus, Claimant
from factcheck.public import cache, crawlers
from factcheck.web.templating import claimant_page_url

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
        page=listings.latest_articles(session, cursor=request.args.get("after")),
        ratings=research.ratings(session),
        topics=topics.public_topics(session),
    )


@bp.route("/factchecks/<int:article_id>")
@cache.cached
def factcheck(article_id: int) -> tuple[str, int] | str:
    article = publishing.published_article(web.db(), article_id)
    if article.status == ArticleStatus.WITHDRAWN:
        return _withdrawn(article)
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


def _withdrawn(article: Article) -> tuple[str, int]:
    """Gone, with what was withdrawn: the claims readers saw, their ratings and their
    corrections logs (the template marks it withdrawn, noindex, with no ClaimReview)."""
    claims = publishing.published_claims(article)
    return render_template(
        "public/withdrawn.html",
        article=article,
        claims=claims,
        corrections={c.id: publishing.corrections_of(web.db(), c) for c in claims},
    ), 410


@bp.route("/claims/<int:claim_id>")
@cache.cached
def claim_page(claim_id: int) -> str | tuple[str, int]:
    session = web.db()
    try:
        claim = publishing.public_claim(session, claim_id)
    except Withdrawn as withdrawn:  # readers who follow a shared link learn why
        return _withdrawn(publishing.published_article(session, withdrawn.article.id))
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


@bp.route("/ratings/<slug>")
@cache.cached
def by_rating(slug: str) -> str:
    session = web.db()
    rating, replacement = research.rating_for_readers(session, slug)
    page = listings.claims_page(
        session, listings.by_rating(rating.id), cursor=request.args.get("after")
    )
    return _listing(
        f"Rated “{rating.label}”",
        page,
        "public.by_rating",
        endpoint_args={"slug": rating.slug},
        rating=rating,
        replacement=replacement,
        feed_url=url_for("public.rating_feed", slug=rating.slug),
        empty="Nothing has been published with this rating yet.",
    )


@bp.route("/claimants/<int:claimant_id>-<slug>")
@cache.cached
def claimant_page(claimant_id: int, slug: str) -> WerkzeugResponse | str:
    session = web.db()
    found = claimants.get(session, claimant_id)
    claimant = _published_claimant(found, f"#{claimant_id}")
    if claimant is not found or slug != claimants.slug(claimant.name):
        # A merged record, or a renamed one: the address readers and links should keep.
        return redirect(claimant_page_url(claimant), 301)
    page = listings.claims_page(
        session, listings.by_claimant(claimant.id), cursor=request.args.get("after")
    )
    if not page.items:  # a cursor past the last page
        raise NotFound(f"No published fact-checks of claims by #{claimant_id}.")
    return _listing(
        f"Claims by {claimant.name}",
        page,
        "public.claimant_page",
        endpoint_args={"claimant_id": claimant.id, "slug": slug},
        claimant=claimant,
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
def topic_page(slug: str) -> str | WerkzeugResponse:
    session = web.db()
    try:
        topic = topics.topic_by_slug(session, slug)
    except topics.TopicMoved as moved:  # renamed: old links follow it
        return redirect(url_for("public.topic_page", slug=moved.topic.slug), 301)
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


@bp.route("/claimants/<path:name>")
@cache.cached
def by_claimant(name: str) -> WerkzeugResponse:
    """The address of a claimant's page before claimants were records: by any name."""
    claimant = claimants.find(web.db(), name)
    if claimant is None:
        raise NotFound(f"No published fact-checks of claims by {name}.")
    return redirect(claimant_page_url(_published_claimant(claimant, name)), 301)


def _published_claimant(record: Claimant, asked: str) -> Claimant:
    """The record readers may see for `record` (the one it was merged into, if so). The
    desk's records name people in unpublished work: one with nothing published is not
    found, and no redirect spells its name out in an address."""
    claimant = claimants.current(web.db(), record)
    if not listings.any_published(web.db(), listings.by_claimant(claimant.id)):
        raise NotFound(f"No published fact-checks of claims by {asked}.")
    return claimant


@bp.route("/search")
def search_page() -> tuple[str, int]:
    status = 200
    page, error, error_field, suggestion = None, None, None, None
    query = (request.args.get("q") or "").strip()
    rating, rating_notice = search.rating_filter(web.db(), request.args.get("rating"))
    try:
        filters = SearchFilter(
            query=query,
            rating=rating,
            claimant=request.args.get("claimant") or None,
            published_from=calendar_date(request.args.get("from"), "from"),
            published_to=calendar_date(request.args.get("to"), "to"),
        )
        page = search.search_page(web.db(), filters, request.args.get("page")) if query else None
        if page is not None and page.number == 1 and len(page.results) < search.SUGGEST_BELOW:
            suggestion = search.suggestion(web.db(), query)
    except DomainError as exc:
        error, error_field, status = exc.message, exc.field, exc.status
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
        error_field=error_field,
        rating_notice=rating_notice,
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


@bp.route("/api")
@cache.cached
def api_reference() -> str:
    """The API's reference for people, read from its OpenAPI document (api.reference)."""
    from factcheck.api import openapi, reference  # only this page needs the API's shapes

    site = current_app.config.get("SITE_URL") or request.url_root.rstrip("/")
    document = openapi.document(site + "/api/v1")
    return render_template("public/api_reference.html", api=reference.reference(document))


@bp.route("/corrections")
@cache.cached
def corrections() -> str:
    return render_template(
        "public/corrections.html",
        corrections=publishing.recent_corrections(web.db()),
        withdrawn=publishing.withdrawn_articles(web.db()),
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


# The sharing and feed routes register on this blueprint; imported last, since they import it.
from factcheck.public import feed_routes, sharing  # noqa: E402, F401
