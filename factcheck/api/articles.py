"""JSON API v1: articles in (pasted, fetched, uploaded), fact-checks out (publishing, and
other outlets' fact-checks imported)."""

from __future__ import annotations

from flask import Response, after_this_request, request

from factcheck import errors, web
from factcheck.api import serialize
from factcheck.api.routes import WRITE, caller, operation
from factcheck.api.schemas import matching
from factcheck.api.schemas import published as pub
from factcheck.api.schemas import requests as into
from factcheck.api.schemas import responses as out
from factcheck.domain import (
    archive,
    articles,
    headlines,
    ingesting,
    publishing,
    url_imports,
    validation,
)
from factcheck.domain.errors import UnsupportedMediaType
from factcheck.models import ADMINS, EDITORS

CREATED = {201: out.CreatedArticle}


@operation(
    "POST",
    "/articles",
    summary="Add an article (pasted text, or fetched from a URL) and extract its claims",
    responses=CREATED,
    auth=WRITE,
    roles=EDITORS,
    body=into.NewArticle,
    errors=(409, 415, 422, 502, 504),
    idempotent=True,
    tag="articles",
)
def create_article(
    body: into.PastedArticle | into.FetchedArticle,
) -> tuple[out.CreatedArticle, int] | Response:
    """Paste `{title, text, ...}`, or fetch `{url, title?}`. An article already in the desk
    answers 409 `duplicate` naming it; `force: true` adds a new version instead. A page
    fetched whose text is in the desk already is kept on that article when it has no
    address (its address and a snapshot of the page), and the 409 says so. Fetching here is
    deprecated (the answer says so in its `Deprecation` and `Link` headers): POST the `url`
    to /articles/imports, which answers at once."""
    limits = web.ingest_limits()
    if isinstance(body, into.FetchedArticle):
        after_this_request(_fetching_here_is_deprecated)
    with web.reads_only() as session:  # fetching and extraction hold no write lock
        if isinstance(body, into.FetchedArticle):
            incoming = ingesting.prepare_from_url(
                session,
                caller(),
                body.url,
                limits,
                title=body.title,
                force=body.force,
                any_language=body.propose_in_any_language,
            )
        else:
            incoming = ingesting.prepare_from_text(
                caller(),
                limits,
                title=body.title,
                body=body.text,
                source_url=body.source_url,
                outlet=body.outlet,
                published_on=body.published_on,
                any_language=body.propose_in_any_language,
            )
    stored = url_imports.store_or_keep(web.db(), caller(), incoming, limits, force=body.force)
    if stored.refusal is not None:
        return errors.refusal(stored.refusal)  # committed with the answer: the page kept
    return serialize.created_article(stored.article, web.extraction_notices()), 201


def _fetching_here_is_deprecated(response: Response) -> Response:
    """A `url` here makes the client wait for the fetch, holding an app worker: say so in the
    headers clients and proxies read (RFC 9745 Deprecation, RFC 8288 Link), and where to go."""
    response.headers["Deprecation"] = "true"
    response.headers["Link"] = '</api/v1/articles/imports>; rel="successor-version"'
    return response


@operation(
    "POST",
    "/articles/imports",
    summary="Fetch an article from a URL in the background: answers at once",
    responses={202: out.UrlImport},
    auth=WRITE,
    roles=EDITORS,
    body=into.FetchedArticle,
    errors=(409,),
    idempotent=True,
    tag="articles",
)
def import_article(body: into.FetchedArticle) -> tuple[out.UrlImport, int]:
    """202 with a pending import; GET its `status_url` until it is `done` (with the
    `article_id`) or `failed` (with the reason). An article already in the desk answers 409
    `duplicate`; `force: true` adds a new version instead. POST /articles with a `url`
    still fetches while the request waits (deprecated)."""
    record = url_imports.request_import(
        web.db(),
        caller(),
        body.url,
        title=body.title,
        force=body.force,
        any_language=body.propose_in_any_language,
    )
    return serialize.url_import(record), 202


@operation(
    "GET",
    "/articles/imports/<int:import_id>",
    summary="Where a background fetch of an article stands",
    responses={200: out.UrlImport},
    tag="articles",
)
def get_url_import(import_id: int) -> out.UrlImport:
    return serialize.url_import(url_imports.get_import(web.db(), import_id))


@operation(
    "POST",
    "/articles/upload",
    summary="Add an article from an uploaded file",
    responses=CREATED,
    auth=WRITE,
    roles=EDITORS,
    form=into.Upload,
    errors=(409, 415, 422),
    idempotent=True,
    tag="articles",
)
def upload_article(body: into.Upload) -> tuple[out.CreatedArticle, int]:
    limits = web.ingest_limits()
    with web.reads_only():  # parsing and extraction hold no write lock
        incoming = ingesting.prepare_from_file(
            caller(),
            body.file.filename or "",
            body.file.read(),
            limits,
            title=body.title,
            any_language=body.propose_in_any_language == "true",
        )
    article = ingesting.store(web.db(), caller(), incoming, limits, force=body.force == "true")
    return serialize.created_article(article, web.extraction_notices()), 201


@operation(
    "GET",
    "/articles/<int:article_id>",
    summary="An article and its claims",
    responses={200: out.Article},
    tag="articles",
)
def get_article(article_id: int) -> out.Article:
    return serialize.article(articles.get_article(web.db(), article_id))


@operation(
    "POST",
    "/articles/<int:article_id>/publish",
    summary="Publish the article's approved claims",
    responses={200: pub.PublishedArticle},
    auth=WRITE,
    roles=EDITORS,
    body=into.Publication,
    errors=(409,),
    tag="publishing",
)
def publish_article(article_id: int, body: into.Publication) -> pub.PublishedArticle:
    """A claim whose ClaimReview would lack a required field blocks publishing: 409
    `not_publishable`, with `problems` saying what to fix. An article added without its
    address (`source_url`) gets it from POST /articles/{article_id}/details. A withdrawn
    fact-check comes back only with `republish: true` (else 409 `invalid_transition`)."""
    article = articles.get_article(web.db(), article_id)
    publishing.publish_article(
        web.db(),
        article,
        caller(),
        summary=body.summary if "summary" in body.model_fields_set else validation.KEEP,
        headlines=headlines.by_claim((item.claim_id, item.headline) for item in body.headlines),
        context=web.publish_context(),
        republish=body.republish,
    )
    return serialize.published_article(web.db(), article)


@operation(
    "POST",
    "/claims/<int:claim_id>/publish",
    summary="Publish one approved claim of its article",
    responses={200: pub.PublishedArticle},
    auth=WRITE,
    roles=EDITORS,
    body=into.ClaimPublication,
    errors=(409,),
    tag="publishing",
)
def publish_claim(claim_id: int, body: into.ClaimPublication) -> pub.PublishedArticle:
    """Publishes the claim alone; the article's other claims stay as they are. A claim that
    fails the publishing standard answers 409 `not_publishable`, with `problems`; one
    missing only its headline can be given it here (`headline`)."""
    claim = articles.get_claim(web.db(), claim_id)
    publishing.publish_claim(
        web.db(), claim, caller(), context=web.publish_context(), headline=body.headline
    )
    return serialize.published_article(web.db(), claim.article)


@operation(
    "POST",
    "/claimreview/import",
    summary="Import other outlets' fact-checks (ClaimReview JSON-LD, or JSON lines)",
    responses={200: matching.ImportReport, 201: matching.ImportReport},
    auth=WRITE,
    roles=ADMINS,
    raw_body={
        "application/octet-stream": {
            "schema": {
                "type": "string",
                "format": "binary",
                "description": "The file as it is: ClaimReview JSON-LD (an object, an array "
                "or a @graph), or JSON lines {id, claim, title?, rating?, url?, date?, outlet?}.",
            }
        }
    },
    query=matching.ImportQuery,
    errors=(415, 422),
    tag="archive",
)
def import_claimreview(query: matching.ImportQuery) -> tuple[matching.ImportReport, int]:
    """201 when something new came in, 200 when every entry was already there (`updated`
    counts those whose fields changed, `unchanged` the others; `repeated` the entries whose
    id the file gives again further on, the last being imported). Lines that cannot be read
    are reported in `errors` and skipped; a file of which none can be read is refused (422
    `no_fact_checks`, naming the fields its first record has). Dates not kept are counted
    (`unreadable_dates`, `ambiguous_dates`, `future_dates`, `old_dates`) with examples in
    `notices`; `date_order` reads numeric dates whose day and month could be either way. The
    entries are stored and searchable by their words at once; their matching vectors are
    computed by a background job (`waiting_for_vectors` says for how many)."""
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        # Read as a form, the file would be gone before the import saw it ("empty").
        raise UnsupportedMediaType(
            "Send the file itself as the body, as application/octet-stream "
            "(curl: --data-binary @file -H 'Content-Type: application/octet-stream')."
        )
    payload = request.get_data()
    report = archive.import_entries(web.db(), payload, caller(), date_order=query.date_order)
    status = 201 if report.created else 200
    result = matching.ImportReport(
        **{name: getattr(report, name) for name in matching.ImportReport.model_fields}
    )
    return result, status
