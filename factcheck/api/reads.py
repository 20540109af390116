"""JSON API v1: lists and tools. Readers' lists (published fact-checks, ClaimReview, the
rating scale) need no sign-in and are cacheable; the desk's queue, whom a claim can be
assigned to, the matcher and the extractor need a token or a session. And the OpenAPI
document itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, current_app, jsonify, request

from factcheck import clock, extraction, web
from factcheck.api import openapi, serialize
from factcheck.api.errors import GoneWithRecord
from factcheck.api.routes import PUBLIC, operation
from factcheck.api.schemas import extracted, matching
from factcheck.api.schemas import published as pub
from factcheck.api.schemas import requests as into
from factcheck.api.schemas import responses as out
from factcheck.domain import assignment, earlier_checks, publishing, research, validation
from factcheck.domain import published_listing as public_listing
from factcheck.domain import queue_listing as listing
from factcheck.domain.queue_listing import UNASSIGNED, QueueFilter
from factcheck.extraction import language
from factcheck.models import ArticleStatus, ClaimStatus

CLAIMREVIEW_PAGE = 500
READERS: dict[str, Any] = {"auth": PUBLIC, "tag": "public", "cacheable": True}


def _words(value: str | None) -> str | None:
    """A query value stripped; None when it is empty (as the pages read their filters)."""
    return (value or "").strip() or None


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return clock.local_moment(day, 0) if day else None


@operation(
    "GET",
    "/published",
    summary="Published fact-checks, newest first (keyset-paginated: `next` is the cursor)",
    responses={200: pub.PublishedPage},
    query=into.PublishedFilters,
    **READERS,
)
def list_published(query: into.PublishedFilters) -> pub.PublishedPage:
    wanted = public_listing.PublishedQuery(
        rating=_words(query.rating),
        claimant=_words(query.claimant),
        published_from=query.published_from,
        published_to=query.published_to,
        cursor=_words(query.cursor),
        limit=query.limit,
    )
    session = web.db()
    page = public_listing.published_page(session, wanted)
    items = [serialize.published_article(session, article) for article in page.items]
    return pub.PublishedPage(items=items, next=page.next_cursor)


@operation(
    "GET",
    "/published/<int:article_id>",
    summary="One published fact-check",
    responses={200: pub.PublishedArticle},
    errors=(410,),
    **READERS,
)
def get_published(article_id: int) -> pub.PublishedArticle:
    article = publishing.published_article(web.db(), article_id)
    if article.status != ArticleStatus.PUBLISHED:
        when = f" on {clock.day_of(article.withdrawn_at)}" if article.withdrawn_at else ""
        raise GoneWithRecord(
            f"Fact-check #{article_id} was withdrawn{when}: {article.withdrawn_reason}",
            serialize.withdrawn_factcheck(web.db(), article),
        )
    return serialize.published_article(web.db(), article)


@operation(
    "GET",
    "/claimreview",
    summary="ClaimReview JSON-LD of every published claim, by claim id",
    responses={200: pub.ClaimReviewPage},
    query=into.ClaimReviewQuery,
    **READERS,
)
def export_claimreview(query: into.ClaimReviewQuery) -> pub.ClaimReviewPage:
    """Pages of 500 claims; `next_after` is the `after` of the next page."""
    session = web.db()
    claims = public_listing.claims_after(session, query.after, limit=CLAIMREVIEW_PAGE)
    scale = research.ratings(session)
    context = web.publish_context()
    items = [
        serialize.claim_review(publishing.review_document(c, c.published_verdict, scale, context))
        for c in claims
        if c.published_verdict is not None
    ]
    last = claims[-1].id if len(claims) == CLAIMREVIEW_PAGE else None
    return pub.ClaimReviewPage.model_validate(
        {"@context": "https://schema.org", "@graph": items, "next_after": last}
    )


@operation(
    "GET",
    "/ratings",
    summary="The rating scale, most true first",
    responses={200: pub.Ratings},
    **READERS,
)
def list_ratings() -> pub.Ratings:
    return pub.Ratings(ratings=[serialize.rating(r) for r in research.ratings(web.db())])


@operation(
    "GET",
    "/queue",
    summary="The shared queue, with the queue page's filters, keyset-paginated",
    responses={200: out.QueuePage},
    query=into.QueueFilters,
    tag="queue",
)
def list_queue(query: into.QueueFilters) -> out.QueuePage:
    assignee: int | str | None = None
    if query.assignee == UNASSIGNED:
        assignee = UNASSIGNED
    elif query.assignee not in (None, "any"):
        assignee = int(query.assignee)
    filters = QueueFilter(
        status=None if query.status == "any" else ClaimStatus(query.status),
        article_id=query.article,
        assignee=assignee,
        claimant=_words(query.claimant),
        min_score=query.min_score,
        max_score=query.max_score,
        due_before=_midnight(query.due_before),
        older_than_days=query.older_than_days,
    )
    page = listing.list_claims(
        web.db(), filters, sort=query.sort, cursor=_words(query.cursor), limit=query.limit
    )
    items = [serialize.claim(claim) for claim in page.items]
    return out.QueuePage(items=items, next=page.next_cursor, sort=page.sort)


@operation(
    "GET",
    "/assignees",
    summary="The people a claim can be assigned to, with how many claims each holds",
    responses={200: out.Assignees},
    tag="queue",
)
def list_assignees() -> out.Assignees:
    """The ids to send to POST /claims/{claim_id}/assign: active checkers and editors, as
    the desk's assign form offers them. Email addresses are not shown."""
    people = assignment.assignable(web.db())
    return out.Assignees(people=[serialize.assignee(person) for person in people])


@operation(
    "GET",
    "/match",
    summary="Earlier fact-checks (imported or our own) most like a claim, best first",
    responses={200: matching.Matches},
    query=matching.MatchQuery,
    tag="tools",
)
def match(query: matching.MatchQuery) -> matching.Matches:
    own = current_app.config["ORG_NAME"]
    found = earlier_checks.suggest(
        web.db(), query.text.strip(), own_outlet=own, limit=10, made=query.date
    )
    return matching.Matches(matches=[serialize.suggestion(s) for s in found])


@operation(
    "POST",
    "/extract",
    summary="Split text into sentences and score them (nothing is stored)",
    responses={200: extracted.Sentences},
    body=into.ExtractText,
    errors=(413,),
    tag="tools",
)
def extract(body: into.ExtractText) -> extracted.Sentences:
    """Read-only, so a signed-in session may call it too."""
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    text = validation.bounded_text(body.text, "text", max_length=limit)
    threshold = current_app.config["EXTRACTION_THRESHOLD"]
    read_as, found = extraction.extract_as(text, body.read_as, threshold=threshold)
    code = language.detect(text)
    return extracted.Sentences(
        read_as=read_as,
        sentences=[serialize.sentence(s) for s in found],
        language=code,
        language_note=language.caution(code),
    )


@operation(
    "GET",
    "/openapi.json",
    summary="This document",
    responses={200: dict[str, Any]},
    auth=PUBLIC,
    tag="meta",
)
def get_openapi() -> Response:
    """The OpenAPI 3.1 description of this API, generated from its declarations."""
    site = current_app.config.get("SITE_URL") or request.url_root.rstrip("/")
    return jsonify(openapi.document(site + "/api/v1"))
