"""JSON API v1. Writes need `Authorization: Bearer <token>`; session cookies only read."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_login import current_user

from factcheck import extraction, web
from factcheck.api import openapi, serialize
from factcheck.domain import (
    accounts,
    archive,
    articles,
    audit,
    comments,
    ingesting,
    listing,
    matching,
    public_listing,
    publishing,
    queue,
    queue_params,
    research,
    review,
    validation,
)
from factcheck.domain.errors import Gone, InvalidInput, PermissionDenied, Unauthorized
from factcheck.idempotency import idempotent
from factcheck.models import ArticleStatus, Role, User
from factcheck.public import cache as page_cache

bp = Blueprint("api", __name__, url_prefix="/api/v1")
web.csrf.exempt(bp)  # bearer tokens, not cookies, authorise writes: CSRF cannot forge them
F = TypeVar("F", bound=Callable[..., Any])
EDITORS = (Role.EDITOR, Role.ADMIN)
CLAIMREVIEW_PAGE = 500
# Readers' endpoints: cacheable, with ETags and 304s like the public pages.
PUBLIC_ENDPOINTS = {"api.published", "api.published_one", "api.claimreview_export", "api.ratings"}


@bp.after_request
def _cache_public_reads(response: Response) -> Response:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return page_cache.public_caching(response)
    return response


def _authenticate(*, write: bool) -> User:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if header:
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("Send the token as: Authorization: Bearer <token>.")
        record = accounts.token_for(web.db(), token.strip())
        if write and record.scope != "write":
            raise PermissionDenied(
                "This API token may only read; use a token with the write scope to change things."
            )
        return record.user
    if not write and current_user.is_authenticated:
        return web.user()
    raise Unauthorized("Authentication required: send Authorization: Bearer <token>.")


def api_auth(*, write: bool, roles: tuple[Role, ...] = ()) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            g.api_user = _authenticate(write=write)
            # End the token's transaction (it may record "last used") before the view, so a
            # slow view holds no lock from it (see web.reads_only).
            if web.db().in_transaction():
                web.db().commit()
            if roles and g.api_user.role not in roles:
                raise PermissionDenied(
                    f"Your role ({g.api_user.role.value}) cannot do this; it needs an editor."
                )
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorator


def _user() -> User:
    return cast(User, g.api_user)


def _body() -> dict[str, Any]:
    """The JSON object sent, or {} for an empty body."""
    if "body" in g:
        return cast(dict[str, Any], g.body)
    raw = request.get_data(cache=True)
    if not raw.strip():
        data: Any = {}
    else:
        try:
            data = json.loads(raw)
        except ValueError:
            raise InvalidInput("The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise InvalidInput("The request body must be a JSON object.")
    g.body = data
    return data


def _text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"{key!r} must be a string.", field=key)
    if value is not None:
        # Every string, not only free text: a slug or a URL is looked up in the database too.
        validation.refuse_nul(value, key)
    return value


def _version(data: dict[str, Any]) -> int | None:
    """The version a write was based on: the `version` field or an If-Match header."""
    raw = data.get("version", request.headers.get("If-Match", "").strip('"') or None)
    if raw is None:
        return None
    return validation.whole_number(raw, "version")


def _date(data: dict[str, Any], key: str) -> dt.date | None:
    return validation.calendar_date(_text(data, key), key)


def _lease() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["LEASE_HOURS"])


def _claim_response(claim_id: int, status: int = 200) -> tuple[Response, int]:
    return jsonify(serialize.claim(articles.get_claim(web.db(), claim_id))), status


@bp.route("/articles", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
@idempotent
def create_article() -> tuple[Response, int]:
    """`{title, text, ...}` to paste, or `{url, title?}` to fetch; `force` adds a new version."""
    data = _body()
    force = data.get("force") is True
    limits = web.ingest_limits()
    with web.reads_only() as session:  # fetching and extraction hold no write lock
        if data.get("url") is not None:
            incoming = ingesting.prepare_from_url(
                session,
                _user(),
                _text(data, "url"),
                limits,
                title=_text(data, "title"),
                force=force,
            )
        else:
            incoming = ingesting.prepare_from_text(
                _user(),
                limits,
                title=_text(data, "title"),
                body=_text(data, "text"),
                source_url=_text(data, "source_url"),
                outlet=_text(data, "outlet"),
                published_on=_date(data, "published_on"),
            )
    article = ingesting.store(web.db(), _user(), incoming, limits, force=force)
    web.db().commit()
    return jsonify({**serialize.article(article), "notices": web.extraction_notices()}), 201


@bp.route("/articles/upload", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
@idempotent
def upload_article() -> tuple[Response, int]:
    """A multipart upload: `file`, with optional `title` and `force`."""
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("Send the article as a multipart form field named 'file'.", field="file")
    limits = web.ingest_limits()
    with web.reads_only():  # parsing and extraction hold no write lock
        incoming = ingesting.prepare_from_file(
            _user(), upload.filename or "", upload.read(), limits, title=request.form.get("title")
        )
    article = ingesting.store(
        web.db(), _user(), incoming, limits, force=request.form.get("force") == "true"
    )
    web.db().commit()
    return jsonify(serialize.article(article)), 201


@bp.route("/articles/<int:article_id>")
@api_auth(write=False)
def get_article(article_id: int) -> Response:
    return jsonify(serialize.article(articles.get_article(web.db(), article_id)))


@bp.route("/claims/<int:claim_id>/<any(accept, reject, restore):action>", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def triage(claim_id: int, action: str) -> tuple[Response, int]:
    claim = articles.get_claim(web.db(), claim_id)
    articles.triage(web.db(), claim, action, _user(), expected_version=_version(_body()))
    web.db().commit()
    return _claim_response(claim_id)


@bp.route("/claims/<int:claim_id>/details", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def claim_details(claim_id: int) -> tuple[Response, int]:
    """Set who made the claim and when: `{claimant?, claim_date?, version?}`."""
    data = _body()
    claim = articles.get_claim(web.db(), claim_id)
    articles.edit_claim_details(
        web.db(),
        claim,
        _user(),
        claimant=_text(data, "claimant"),
        claim_date=_date(data, "claim_date"),
        expected_version=_version(data),
    )
    web.db().commit()
    return _claim_response(claim_id)


@bp.route("/queue/next", methods=["POST"])
@api_auth(write=True)
def take_next() -> tuple[Response, int] | Response:
    claim = queue.take_next(web.db(), _user(), lease=_lease())
    web.db().commit()
    if claim is None:
        return Response(status=204)
    return _claim_response(claim.id)


@bp.route("/claims/<int:claim_id>/assign", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def assign(claim_id: int) -> tuple[Response, int]:
    data = _body()
    user_id = data.get("user_id")
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        raise InvalidInput("'user_id' must be a user's numeric id.", field="user_id")
    user_id = validation.whole_number(user_id, "user_id", low=1)
    assert user_id is not None
    claim = articles.get_claim(web.db(), claim_id)
    queue.assign(
        web.db(),
        claim,
        accounts.get_user(web.db(), user_id),
        _user(),
        lease=_lease(),
        expected_version=_version(data),
    )
    web.db().commit()
    return _claim_response(claim_id)


@bp.route("/claims/<int:claim_id>/release", methods=["POST"])
@api_auth(write=True)
def release(claim_id: int) -> tuple[Response, int]:
    claim = articles.get_claim(web.db(), claim_id)
    queue.release(web.db(), claim, _user(), expected_version=_version(_body()))
    web.db().commit()
    return _claim_response(claim_id)


@bp.route("/claims/<int:claim_id>/evidence", methods=["POST"])
@api_auth(write=True)
@idempotent
def add_evidence(claim_id: int) -> tuple[Response, int]:
    data = _body()
    claim = articles.get_claim(web.db(), claim_id)
    item = research.add_evidence(
        web.db(),
        claim,
        _user(),
        url=_text(data, "url"),
        stance=_text(data, "stance"),
        title=_text(data, "title"),
        publisher=_text(data, "publisher"),
        excerpt=_text(data, "excerpt"),
        accessed_on=_date(data, "accessed_on"),
        lease=_lease(),
    )
    web.db().commit()
    return jsonify(serialize.evidence(item)), 201


@bp.route("/claims/<int:claim_id>/verdict", methods=["POST"])
@api_auth(write=True)
@idempotent
def submit_verdict(claim_id: int) -> tuple[Response, int]:
    data = _body()
    claim = articles.get_claim(web.db(), claim_id)
    research.submit_verdict(
        web.db(),
        claim,
        _user(),
        rating_slug=_text(data, "rating"),
        explanation=_text(data, "explanation"),
        expected_version=_version(data),
    )
    web.db().commit()
    return _claim_response(claim_id, 201)


@bp.route("/claims/<int:claim_id>/verdict", methods=["PUT"])
@api_auth(write=True)
def save_draft(claim_id: int) -> Response:
    """Save the verdict being written: `{rating?, explanation?}`; submit with POST."""
    data = _body()
    claim = articles.get_claim(web.db(), claim_id)
    draft = research.save_draft(
        web.db(),
        claim,
        _user(),
        rating_slug=_text(data, "rating"),
        explanation=_text(data, "explanation"),
        lease=_lease(),
    )
    web.db().commit()
    return jsonify(
        {
            "claim_id": claim.id,
            "rating": draft.rating_slug,
            "explanation": draft.explanation,
            "saved_at": draft.updated_at.isoformat(),
        }
    )


def _required_approvals() -> int:
    return int(current_app.config["REQUIRED_APPROVALS"])


@bp.route("/claims/<int:claim_id>/approve", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def approve(claim_id: int) -> tuple[Response, int]:
    """Vote to approve; the claim is approved once enough editors have (the `outcome`)."""
    claim = articles.get_claim(web.db(), claim_id)
    outcome = review.approve(
        web.db(),
        claim,
        _user(),
        required_approvals=_required_approvals(),
        expected_version=_version(_body()),
    )
    web.db().commit()
    response, status = _claim_response(claim_id)
    return jsonify({**response.get_json(), "outcome": outcome}), status


@bp.route("/claims/<int:claim_id>/return", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def return_claim(claim_id: int) -> tuple[Response, int]:
    data = _body()
    claim = articles.get_claim(web.db(), claim_id)
    outcome = review.return_to_checker(
        web.db(),
        claim,
        _user(),
        note=_text(data, "note"),
        required_approvals=_required_approvals(),
        expected_version=_version(data),
    )
    web.db().commit()
    response, status = _claim_response(claim_id)
    return jsonify({**response.get_json(), "outcome": outcome}), status


@bp.route("/claims/<int:claim_id>/comments", methods=["POST"])
@api_auth(write=True)
@idempotent
def add_comment(claim_id: int) -> tuple[Response, int]:
    """`{body, parent_id?}` → 201 with the comment."""
    data = _body()
    parent = data.get("parent_id")
    if parent is not None and (not isinstance(parent, int) or isinstance(parent, bool)):
        raise InvalidInput("'parent_id' must be a comment id.", field="parent_id")
    parent = validation.whole_number(parent, "parent_id", low=1)
    claim = articles.get_claim(web.db(), claim_id)
    comment = comments.add_comment(web.db(), claim, _user(), _text(data, "body"), parent_id=parent)
    web.db().commit()
    return jsonify(
        {
            "id": comment.id,
            "claim_id": claim.id,
            "parent_id": comment.parent_id,
            "body": comment.body,
            "author_id": comment.author_id,
            "created_at": comment.created_at.isoformat(),
        }
    ), 201


@bp.route("/articles/<int:article_id>/publish", methods=["POST"])
@api_auth(write=True, roles=EDITORS)
def publish(article_id: int) -> Response:
    data = _body()
    article = articles.get_article(web.db(), article_id)
    publishing.publish_article(
        web.db(), article, _user(), summary=_text(data, "summary"), context=web.publish_context()
    )
    web.db().commit()
    return jsonify(serialize.published_article(web.db(), article))


@bp.route("/published")
def published() -> Response:
    """Published fact-checks, newest first, keyset-paginated (`next` is the cursor)."""
    query = public_listing.parse(request.args)
    page = public_listing.published_page(web.db(), query)
    session = web.db()
    return jsonify(
        {
            "items": [serialize.published_article(session, a) for a in page.items],
            "next": page.next_cursor,
        }
    )


@bp.route("/published/<int:article_id>")
def published_one(article_id: int) -> Response:
    article = publishing.published_article(web.db(), article_id)
    if article.status != ArticleStatus.PUBLISHED:
        raise Gone(f"Fact-check #{article_id} was withdrawn: {article.withdrawn_reason}")
    return jsonify(serialize.published_article(web.db(), article))


@bp.route("/claimreview")
def claimreview_export() -> Response:
    """ClaimReview JSON-LD of every published claim, keyset-paginated by claim id."""
    session = web.db()
    after = request.args.get("after", "0")
    after_id = validation.whole_number(after, "after") or 0
    claims = public_listing.claims_after(session, after_id, limit=CLAIMREVIEW_PAGE)
    scale = research.ratings(session)
    context = web.publish_context()
    items = [
        publishing.review_document(c, c.published_verdict, scale, context)
        for c in claims
        if c.published_verdict is not None
    ]
    last = claims[-1].id if len(claims) == CLAIMREVIEW_PAGE else None
    return jsonify({"@context": "https://schema.org", "@graph": items, "next_after": last})


@bp.route("/claimreview/import", methods=["POST"])
@api_auth(write=True, roles=(Role.ADMIN,))
def claimreview_import() -> tuple[Response, int]:
    """Import other outlets' fact-checks: ClaimReview JSON-LD, or JSONL lines."""
    payload = request.get_data(as_text=True)
    report = archive.import_entries(web.db(), payload, _user())
    web.db().commit()
    status = 201 if report.created else 200
    return jsonify(
        {"created": report.created, "updated": report.updated, "errors": report.errors}
    ), status


@bp.route("/claims/<int:claim_id>/events")
@api_auth(write=False)
def claim_events(claim_id: int) -> Response:
    claim = articles.get_claim(web.db(), claim_id)
    events = audit.history(web.db(), "claim", claim.id)
    return jsonify({"claim_id": claim.id, "events": [serialize.event(e) for e in events]})


@bp.route("/ratings")
def ratings() -> Response:
    return jsonify({"ratings": [serialize.rating(r) for r in research.ratings(web.db())]})


@bp.route("/extract", methods=["POST"])
@api_auth(write=False)
def extract() -> Response:
    """Split and score text without storing it (read-only, so a session may call it)."""
    text = _text(_body(), "text")
    if not text or not text.strip():
        raise InvalidInput(
            "'text' is required: the article text to split into claims.", field="text"
        )
    validation.bounded_text(text, "text", max_length=current_app.config["MAX_ARTICLE_CHARS"])
    threshold = current_app.config["EXTRACTION_THRESHOLD"]
    sentences = extraction.extract(text, threshold=threshold)
    return jsonify({"sentences": [extraction.sentence_to_dict(s) for s in sentences]})


@bp.route("/queue")
@api_auth(write=False)
def queue_list() -> Response:
    """The shared queue with the queue page's filters, keyset-paginated (`next` cursor)."""
    filters, sort, cursor, limit = queue_params.parse(request.args)
    page = listing.list_claims(web.db(), filters, sort=sort, cursor=cursor, limit=limit)
    return jsonify(
        {
            "items": [serialize.claim(claim) for claim in page.items],
            "next": page.next_cursor,
            "sort": page.sort,
        }
    )


@bp.route("/match")
@api_auth(write=False)
def match() -> Response:
    """Earlier fact-checks (imported or our own) most like `text`, best first; `date`
    (YYYY-MM-DD, optional) is when the claim was made: fact-checks from shortly before rank
    higher."""
    text = (request.args.get("text") or "").strip()
    if not text:
        raise InvalidInput("'text' is required: the claim to look for.", field="text")
    validation.bounded_text(text, "text", max_length=5000)
    made = validation.calendar_date(request.args.get("date"), "date")
    suggestions = matching.suggest(
        web.db(), text, own_outlet=current_app.config["ORG_NAME"], limit=10, made=made
    )
    return jsonify({"matches": [serialize.suggestion(s) for s in suggestions]})


@bp.route("/openapi.json")
def openapi_document() -> Response:
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi.document(request.url_root.rstrip("/") + "/api/v1"))
