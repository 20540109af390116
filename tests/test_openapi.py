"""The OpenAPI document: generated from the route registry, it lists exactly the API's
routes, and the API keeps to it.

Schemathesis fuzzes every operation in-process (WSGI), with an editor's token and without
credentials, against a rolled-back database holding real articles, claims and users, so
that generated ids sometimes hit real records. Every check runs, among them
`positive_data_acceptance` (input that fits the document is accepted) and
`negative_data_rejection` (input that does not is refused). Fetching a URL never leaves the
process: `ingest.fetch` is replaced by a fake that answers with a page or a fetch error.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import (
    positive_data_acceptance,
)
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.routing import Rule

from factcheck import ingest
from factcheck.api import openapi, views
from factcheck.api.routes import PUBLIC, REGISTRY
from factcheck.domain import articles, ingesting, queue, research
from factcheck.domain.limits import Limits
from factcheck.ingest import FetchResult, IngestError
from factcheck.models import ClaimStatus, UrlImport, User
from tests.conftest import token_for
from tests.fixtures import ARTICLE
from tests.publishing_helpers import publish_one

PREFIX = "/api/v1"
SCHEMA_URL = f"{PREFIX}/openapi.json"
# Per operation and generation mode; the whole module stays well under two minutes.
FUZZ = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
assert views.bp  # importing the views fills the registry
OPERATIONS = [f"{op.method.upper()} {op.path}" for op in REGISTRY.values()]
PUBLIC_OPERATIONS = [
    f"{op.method.upper()} {op.path}" for op in REGISTRY.values() if op.auth == PUBLIC
]

# Route structure ---------------------------------------------------------------------------

_PART = re.compile(r"<(?:(?P<converter>\w+)(?:\((?P<args>[^)]*)\))?:)?(?P<name>\w+)>")


def _openapi_paths(rule: Rule) -> list[str]:
    """The OpenAPI paths of a Flask rule; `any(a, b)` converters become literal paths."""
    pieces: list[list[str]] = []
    position = 0
    for match in _PART.finditer(rule.rule):
        pieces.append([rule.rule[position : match.start()]])
        if match["converter"] == "any":
            pieces.append([item.strip().strip("'\"") for item in match["args"].split(",")])
        else:
            pieces.append([f"{{{match['name']}}}"])
        position = match.end()
    pieces.append([rule.rule[position:]])
    return ["".join(parts).removeprefix(PREFIX) for parts in itertools.product(*pieces)]


def _api_routes(app: Flask) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] != "api":
            continue
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
            routes.update((path, method.lower()) for path in _openapi_paths(rule))
    return routes


def test_the_document_lists_exactly_the_api_routes(app: Flask) -> None:
    document = openapi.document("http://factcheck.test/api/v1")
    described = {(path, method) for path, item in document["paths"].items() for method in item}
    routes = _api_routes(app)
    assert len(routes) > 20  # the blueprint was found
    assert routes - described == set(), "routes without a description"
    assert described - routes == set(), "descriptions of routes that do not exist"


def test_the_route_conversion_expands_any_converters() -> None:
    rule = Rule("/api/v1/claims/<int:claim_id>/<any(accept, reject):action>")
    assert _openapi_paths(rule) == ["/claims/{claim_id}/accept", "/claims/{claim_id}/reject"]


def test_the_document_is_served_and_valid(app: Flask, client: FlaskClient) -> None:
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response.json == openapi.document("http://factcheck.test/api/v1")
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app, config=schemathesis.Config())
    schema.validate()  # against the OpenAPI 3.1 meta-schema
    # Schemathesis leaves out the document it was loaded from.
    loaded = {op.ok().label for op in schema.get_all_operations()}
    assert loaded == set(OPERATIONS) - {"GET /openapi.json"}


def _walk_refs(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["$ref"]] if "$ref" in value else []
        return found + [r for item in value.values() for r in _walk_refs(item)]
    if isinstance(value, list):
        return [r for item in value for r in _walk_refs(item)]
    return []


def test_errors_share_one_schema_and_every_ref_resolves() -> None:
    document = openapi.document("http://factcheck.test/api/v1")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert operation["responses"], (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path)
    names = set(document["components"]["schemas"])
    for target in _walk_refs(document):
        assert target.removeprefix("#/components/schemas/") in names, target


def test_rate_limited_operations_document_their_429() -> None:
    """The operations in the rate-limit table, and only they, say they may answer 429."""
    from factcheck.ratelimit import LIMITED_ENDPOINTS

    document = openapi.document("http://factcheck.test/api/v1")
    documented = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if "429" in operation["responses"]
    }
    expected = {name.removeprefix("api.") for name in LIMITED_ENDPOINTS if name.startswith("api.")}
    assert documented == expected
    assert "import_article" in documented


def test_security_matches_what_the_routes_enforce(client: FlaskClient) -> None:
    """An anonymous call is refused with 401 exactly where the document asks for credentials."""
    document = openapi.document("http://factcheck.test/api/v1")
    for path, item in document["paths"].items():
        url = PREFIX + re.sub(r"\{\w+\}", "1", path)
        for method, operation in item.items():
            response = client.open(url, method=method.upper())
            refused = response.status_code == 401
            assert refused == (operation["security"] != []), (method, path, response.status_code)
            assert refused == ("401" in operation["responses"]), (method, path)


# Fuzzing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    headers: dict[str, str]
    ids: dict[str, list[int]]  # path parameter name -> ids of real records


PAGE = (
    "<html><head><title>Flood defences</title></head><body><article>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in ARTICLE.split("\n\n"))
    + "</article></body></html>"
).encode()
FETCH_FAILURES = ["dns_error", "timeout", "http_error", "unsupported_type", "no_text"]


def _fake_fetch(url: str, policy: ingest.FetchPolicy, **_: Any) -> FetchResult:
    """No network in tests: one URL in three gets a page, the others a fetch error."""
    digest = hashlib.sha256(url.encode()).digest()[0]
    if digest % 3 == 0:
        return FetchResult(
            url=url,
            final_url=url,
            status=200,
            content_type="text/html; charset=utf-8",
            body=PAGE,
            sha256=hashlib.sha256(PAGE).hexdigest(),
            fetched_at=dt.datetime.now(dt.UTC),
            peer_address="127.0.0.1",
        )
    code = FETCH_FAILURES[digest % len(FETCH_FAILURES)]
    raise IngestError(code, f"Fake fetch failure: {code}.")


@pytest.fixture
def world(
    monkeypatch: pytest.MonkeyPatch,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> World:
    """Records in every interesting state, and an editor's token to act on them."""
    monkeypatch.setattr(ingest, "fetch", _fake_fetch)
    published, _ = publish_one(db_session, editor2, editor, checker)
    article = articles.create_article(
        db_session,
        creator=editor2,
        title="Flood defences",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
    )
    claims = sorted(article.claims, key=lambda c: c.id)
    held, submitted, *_candidates = claims
    for claim in (held, submitted):
        articles.triage(db_session, claim, "accept", editor2, expected_version=None)
    queue.assign(db_session, held, editor, editor2)  # the editor holds it: research works
    queue.assign(db_session, submitted, checker, editor2)
    sources = [
        research.add_evidence(
            db_session, submitted, checker, url="https://example.org/budget", stance="supports"
        ),
        # The editor holds this claim: its source may be changed and removed.
        research.add_evidence(
            db_session, held, editor, url="https://example.org/levees", stance="refutes"
        ),
    ]
    research.submit_verdict(
        db_session, submitted, checker, rating_slug="true", explanation="Page 12."
    )
    fetching = UrlImport(url="https://example.org/fetching", created_by_id=editor.id)
    db_session.add(fetching)
    db_session.commit()
    assert held.status == ClaimStatus.IN_PROGRESS and submitted.status == ClaimStatus.SUBMITTED
    return World(
        headers=token_for(db_session, editor),
        ids={
            "claim_id": [c.id for c in claims] + [c.id for c in published.claims],
            "article_id": [article.id, published.id],
            "evidence_id": [source.id for source in sources],
            "import_id": [fetching.id],
        },
    )


def _cases(operation: Any, world: World, mode: GenerationMode) -> st.SearchStrategy[Any]:
    """Cases with generated path ids, or with the id of a real record."""
    generated = operation.as_strategy(generation_mode=mode)
    names = [parameter.name for parameter in operation.path_parameters]
    if not names:
        return generated
    [name] = names
    real = st.sampled_from(world.ids[name]).flatmap(
        lambda value: operation.as_strategy(generation_mode=mode, path_parameters={name: value})
    )
    return st.one_of(generated, real)


# Server errors the fuzzer may pass over while they are being fixed, by the exception the
# app raises. Empty: every 500 the fuzzer finds fails the suite. (The ones it found first
# are fixed; test_inputs_that_once_answered_500 keeps them fixed.)
KNOWN_BUGS: dict[str, tuple[type[BaseException], str]] = {}


def _known_bug(error: BaseException) -> str | None:
    for name, (kind, message) in KNOWN_BUGS.items():
        if isinstance(error, kind) and message in str(error):
            return name
    return None


# Refusals of input that fits the document, which no schema can foresee: each is a business
# rule of the domain, or a fact about the world. Any other refusal of valid input (above all
# a 422 `invalid_input`) means the document and the validation disagree, and fails.
DOMAIN_REFUSALS: dict[tuple[int, str], str] = {
    (400, "invalid_input"): "a rule on the data: an unknown rating slug, a comment's parent "
    "on another claim, a cursor that does not decode, a user who is inactive",
    (410, "gone"): "the fact-check was withdrawn",
    # As a generated `version` is stale (409, which schemathesis accepts by itself).
    (412, "precondition_failed"): "a generated If-Match names no current version of the record",
    (413, "too_large"): "longer than this site's configured limit (FACTCHECK_MAX_ARTICLE_CHARS)",
    (415, "unsupported_type"): "the fake page or the upload is not a document we read",
    # Facts about an uploaded file that its declared shape (any bytes) cannot foresee; the
    # fuzzer once sent "%PDF-" as file.pdf.
    (400, "corrupt"): "the upload starts like a document we read (a PDF) but cannot be opened",
    (415, "wrong_type"): "the upload's name says one kind of document, its bytes another",
    (422, "too_complex"): "the upload's structure passes the parser's limits",
    (422, "no_text"): "the fake page or the upload holds no article text",
    (422, "idempotency_key_reused"): "two generated requests happened to share a key",
    (400, "blocked_address"): "the generated URL names a private address",
}


def _refusal(response: Any) -> tuple[int, str]:
    try:
        return response.status_code, str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return response.status_code, ""


def positive_data_acceptance_but_domain_refusals(ctx: Any, response: Any, case: Any) -> None:
    """Schemathesis's `positive_data_acceptance`, with DOMAIN_REFUSALS accepted."""
    try:
        positive_data_acceptance(ctx, response, case)
    except Failure:
        if _refusal(response) not in DOMAIN_REFUSALS:
            raise


# A page that could not be fetched is the upstream's failure, declared as 502 and 504.
UPSTREAM_FAILURES = {(status, code) for code, status in ingesting.STATUSES.items() if status >= 500}


def not_a_server_error_but_upstream(ctx: Any, response: Any, case: Any) -> None:
    """Schemathesis's `not_a_server_error`, with the fake fetcher's failures accepted."""
    try:
        not_a_server_error(ctx, response, case)
    except Failure:
        if _refusal(response) not in UPSTREAM_FAILURES:
            raise


def _fuzz(app: Flask, label: str, world: World, headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app, config=schemathesis.Config())
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @FUZZ
        @given(case=_cases(operation, world, mode))
        def run(case: Any) -> None:
            try:
                case.call_and_validate(
                    headers=headers,
                    excluded_checks=[positive_data_acceptance, not_a_server_error],
                    additional_checks=[
                        positive_data_acceptance_but_domain_refusals,
                        not_a_server_error_but_upstream,
                    ],
                )
            except Exception as error:  # the app's own exception (TESTING propagates it)
                if _known_bug(error) is None:
                    raise

        try:
            run()
        except Unsatisfiable:
            # Nothing in this operation can be made invalid (no parameters, or only
            # free-form strings): there is no negative data to send.
            assert mode == GenerationMode.NEGATIVE, label


@pytest.mark.parametrize("label", OPERATIONS)
def test_the_api_keeps_to_its_description(app: Flask, world: World, label: str) -> None:
    _fuzz(app, label, world, world.headers)


@pytest.mark.parametrize("label", PUBLIC_OPERATIONS)
def test_public_routes_keep_to_it_without_credentials(app: Flask, world: World, label: str) -> None:
    _fuzz(app, label, world, {})


def _b64(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# Each was found by the fuzzer (or by reading the code it pointed at) and answered 500
# before it was fixed. {claim} is a real claim.
ONCE_500S = [
    ("GET", "/articles/2147483648", None, {}, "id-out-of-range"),
    ("GET", "/claims/99999999999999999999/events", None, {}, "id-out-of-range"),
    ("POST", "/claims/{claim}/assign", {"user_id": 2**63}, {}, "id-out-of-range"),
    ("GET", "/queue?article=99999999999999999999", None, {}, "id-out-of-range"),
    ("GET", "/claimreview?after=99999999999999999999", None, {}, "id-out-of-range"),
    ("GET", "/queue?limit=\u00b2", None, {}, "unicode-digits"),
    ("GET", "/queue?article=\u00b2", None, {}, "unicode-digits"),
    ("GET", "/queue?assignee=\u00b2", None, {}, "unicode-digits"),
    ("GET", "/published?limit=\u00b2", None, {}, "unicode-digits"),
    ("GET", "/claimreview?after=\u00b2", None, {}, "unicode-digits"),
    ("POST", "/claims/{claim}/accept", {"version": "\u00b2"}, {}, "unicode-digits"),
    ("POST", "/claims/{claim}/accept", None, {"If-Match": "\u00b2"}, "unicode-digits"),
    ("GET", "/queue?older_than_days=1000000", None, {}, "date-overflow"),
    ("GET", "/queue?older_than_days=1000000000", None, {}, "timedelta-overflow"),
    ("GET", "/queue?older_than_days=2147483648", None, {}, "timedelta-c-int"),
    ("GET", "/published?to=9999-12-31", None, {}, "date-overflow"),
    ("GET", f"/queue?cursor={_b64([None, float('inf')])}", None, {}, "infinite-cursor"),
    (
        "GET",
        f"/queue?cursor={_b64([['priority', [float('inf'), 1]], 1])}",
        None,
        {},
        "infinite-cursor",
    ),
    (
        "GET",
        f"/queue?sort=due&cursor={_b64([['due', '2026-01-01T00:00:00'], 1])}",
        None,
        {},
        "naive-cursor",
    ),
    ("GET", f"/published?cursor={_b64(['2026-01-01T00:00:00', 1])}", None, {}, "naive-cursor"),
]


@pytest.mark.parametrize(
    ("method", "url", "body", "extra", "bug"),
    [pytest.param(*known, id=f"{known[0]} {known[1]}") for known in ONCE_500S],
)
def test_inputs_that_once_answered_500(
    app: Flask,
    engine: Engine,
    world: World,
    method: str,
    url: str,
    body: dict[str, Any] | None,
    extra: dict[str, str],
    bug: str,
) -> None:
    """Bad input answers 4xx (a forged but well-formed cursor may simply be accepted)."""
    claim = world.ids["claim_id"][0]
    client = app.test_client()
    response = client.open(
        PREFIX + url.replace("{claim}", str(claim)),
        method=method,
        json=body,
        headers={**world.headers, **extra},
    )
    if bug == "naive-cursor":
        assert response.status_code == 200, response.status_code  # read as UTC
    else:
        assert 400 <= response.status_code < 500, response.status_code
