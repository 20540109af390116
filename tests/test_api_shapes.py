"""The API's declared shapes: what they accept, and how they refuse (422, naming the field)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from factcheck.api.errors import from_validation
from factcheck.api.schemas.requests import NewEvidence, Publication
from factcheck.domain import articles, research, validation
from factcheck.domain.errors import InvalidInput
from factcheck.domain.limits import Limits
from factcheck.models import Claim, ClaimStatus, Evidence, User
from tests.conftest import held_claim, token_for
from tests.fixtures import ARTICLE


def test_evidence_takes_everything_the_desk_form_takes(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/evidence",
        headers=token_for(db_session, checker),
        json={
            "url": "https://example.org/budget",
            "stance": "supports",
            "archive_url": "https://archive.example.org/budget",
            "note": "Table 3, not the summary.",
            "is_primary": True,
        },
    )
    assert response.status_code == 201, response.json
    shown = {key: response.json[key] for key in ("archive_url", "note", "is_primary")}
    assert shown == {
        "archive_url": "https://archive.example.org/budget",
        "note": "Table 3, not the summary.",
        "is_primary": True,
    }
    stored = db_session.get(Evidence, response.json["id"])
    assert (stored.archive_url, stored.note, stored.is_primary) == tuple(shown.values())


def test_an_article_shows_the_publication_date_it_was_created_with(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    # Found by an outside tester: POST /articles took `published_on` and no answer showed it
    headers = token_for(db_session, editor)
    sent = {"title": "Budget", "text": ARTICLE, "published_on": "2026-01-31"}
    created = client.post("/api/v1/articles", headers=headers, json=sent)
    assert created.status_code == 201, created.json
    assert created.json["published_on"] == "2026-01-31"
    again = client.get(f"/api/v1/articles/{created.json['id']}", headers=headers).json
    assert again["published_on"] == "2026-01-31"
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Article"]
    assert schema["properties"]["published_on"]["anyOf"][0]["format"] == "date"
    assert "published_on" in schema["required"]


@pytest.mark.parametrize(
    ("sent", "field", "message"),
    [
        ({"stance": "supports"}, "url", "'url' is required."),
        ({"url": "https://x.org", "stance": "agrees"}, "stance", "'stance' must be one of"),
        (
            {"url": "https://x.org", "stance": "supports", "archive_url": "ftp://x.org"},
            "archive_url",
            # Before: "Archive_url must be…", unlike the desk's "Archive URL must be…".
            "Archive URL must be a full http:// or https:// address.",
        ),
        (
            {"url": "https://x.org", "stance": "supports", "archiveUrl": "https://x.org"},
            "archiveUrl",
            "'archiveUrl' is not a field of this request.",
        ),
        (
            {"url": "https://x.org", "stance": "supports", "is_primary": "yes"},
            "is_primary",
            "'is_primary' must be true or false.",
        ),
    ],
)
def test_evidence_of_the_wrong_shape_is_a_422_naming_the_field(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    checker: User,
    sent: dict[str, object],
    field: str,
    message: str,
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/evidence", headers=token_for(db_session, checker), json=sent
    )
    assert response.status_code == 422, response.json
    error = response.json["error"]
    assert (error["code"], error["field"]) == ("invalid_input", field)
    assert error["message"].startswith(message)


def test_a_nested_field_is_named_by_its_json_path() -> None:
    class Batch(BaseModel):
        evidence: list[NewEvidence]

    with pytest.raises(ValidationError) as caught:
        Batch.model_validate({"evidence": [{"url": "javascript:alert(1)", "stance": "supports"}]})
    refused = from_validation(caught.value)
    assert (refused.status, refused.field) == (422, "evidence.0.url")


def test_an_if_match_that_is_no_version_is_refused_even_beside_a_body_version(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """Found by the fuzzer on PostgreSQL: with `"version": null` the header went unread."""
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/details",
        headers={**token_for(db_session, editor), "If-Match": "jWy=| -"},
        json={"claimant": "Ana Silva", "version": None},
    )
    assert response.status_code == 422
    assert response.json["error"]["field"] == "If-Match"


def test_a_version_sent_as_a_whole_float_is_a_version(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """JSON Schema counts 4.0 as an integer, and so does the API; "4" and true are not."""
    article = articles.create_article(
        db_session, creator=editor, title="Harbour", body=ARTICLE, limits=Limits(max_chars=100_000)
    )
    claim = article.claims[0]
    db_session.commit()
    url, headers = f"/api/v1/claims/{claim.id}/accept", token_for(db_session, editor)
    for refused in ("1", True):
        assert client.post(url, headers=headers, json={"version": refused}).status_code == 422
    response = client.post(url, headers=headers, json={"version": float(claim.version)})
    assert response.status_code == 200 and response.json["status"] == ClaimStatus.QUEUED


def test_a_malformed_idempotency_key_is_a_422(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/comments",
        headers={**token_for(db_session, checker), "Idempotency-Key": "has space"},
        json={"body": "Checked."},
    )
    assert response.status_code == 422
    assert response.json["error"]["field"] == "Idempotency-Key"


@pytest.mark.parametrize("url", ["http://[", "http://[1e8]/", "http://\u2100.example/"])
def test_a_url_that_python_cannot_split_is_refused_not_a_500(url: str) -> None:
    """urlsplit raises ValueError on these; the desk's evidence form answered 500."""
    with pytest.raises(InvalidInput, match="must be a full http"):
        validation.web_url(url, "url", required=True, label="URL")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://[::1]:99999/x", "has a port beyond 65535"),
        ("http://%00%ff/x", "names no host that could exist"),
        ("http://..../x", "names no host that could exist"),
        ("https://-norland.example/x", "names no host that could exist"),
    ],
)
def test_a_url_whose_host_or_port_could_not_exist_is_refused(url: str, problem: str) -> None:
    # Found by the fuzzing session of session 19: each was stored as a source's address
    with pytest.raises(InvalidInput, match=problem):
        validation.web_url(url, "url", required=True, label="URL")


@pytest.mark.parametrize(
    "url",
    [
        "https://norland.example/x",
        "http://127.0.0.1:8080/x",
        "http://[::1]/x",
        "https://bücher.example/x",
        "https://my_blog.norland.example/",
        "https://norland.example./x",
    ],
)
def test_real_addresses_stay_accepted(url: str) -> None:
    assert validation.web_url(url, "url", required=True) == url


def test_domain_refusals_name_the_input_key_not_a_label(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = db_session.get(Claim, held_claim(db_session, editor, checker).id)
    with pytest.raises(InvalidInput) as refused:
        research.add_evidence(
            db_session, claim, checker, url="https://x.org", stance="supports", archive_url="ftp:"
        )
    assert refused.value.field == "archive_url"
    assert refused.value.message == "Archive URL must be a full http:// or https:// address."


def test_if_match_star_writes_whatever_the_version(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """RFC 9110: "*" matches any current version. Before session 19 it was refused (422)."""
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/details",
        headers={**token_for(db_session, editor), "If-Match": "*"},
        json={"claimant": "Ana Silva"},
    )
    assert response.status_code == 200, response.json
    assert response.json["claimant"]["name"] == "Ana Silva"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"Bogus": 1}, "Bogus"),
        ({"x-note": 1}, "x-note"),
        ({"headlines": [{"claim_id": 1, "headline": "x", "Extra": 1}]}, "headlines.0.Extra"),
    ],
)
def test_a_key_the_shape_does_not_have_is_named_whatever_it_looks_like(
    body: dict[str, object], field: str
) -> None:
    # Found by schemathesis in session 19: a key with a capital or a hyphen was taken for
    # the name pydantic gives a union's branch and dropped, so the error named no field
    with pytest.raises(ValidationError) as caught:
        Publication.model_validate(body)
    refused = from_validation(caught.value)
    assert (refused.status, refused.field) == (422, field)
    assert refused.message.startswith(f"'{field}' ")


@pytest.mark.parametrize("path", ["/api/v1/published?ratng=false", "/api/v1/claimreview?aftr=3"])
def test_a_misspelt_query_parameter_is_a_422_not_everything(client: FlaskClient, path: str) -> None:
    # Found in session 19: unknown query parameters were ignored, so a misspelt filter gave
    # every fact-check, although the README promised a 422
    response = client.get(path)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["message"].endswith("is not a field of this request.")


@pytest.mark.parametrize(
    ("method", "path", "body", "unknown"),
    [
        ("GET", "/api/v1/match?q=jobs", None, "q"),
        ("POST", "/api/v1/extract", {"txt": "Jobs rose 5 percent."}, "txt"),
    ],
)
def test_a_misnamed_required_field_is_named_with_the_name_it_should_have(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    method: str,
    path: str,
    body: dict[str, str] | None,
    unknown: str,
) -> None:
    # Found by an outside tester: ?q= was answered "'text' is required", as if it were absent
    response = client.open(path, method=method, json=body, headers=token_for(db_session, editor))
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["field"] == unknown
    assert error["message"] == (
        f"'{unknown}' is not a field of this request: the required field is named 'text'."
    )


@pytest.mark.parametrize("body", ["\t", "\n", "  \r\n "])
def test_a_body_of_blanks_is_not_json_and_not_an_empty_body(
    client: FlaskClient, db_session: Session, editor: User, checker: User, body: str
) -> None:
    # Found by a longer schemathesis run in session 22: "\t" as the body of POST
    # /claims/{id}/details answered 200, read as the empty body that means {}. Blanks are
    # not a JSON document; only a body with nothing in it means "no fields".
    claim_id = held_claim(db_session, editor, checker).id
    response = client.post(
        f"/api/v1/claims/{claim_id}/details",
        headers={**token_for(db_session, editor), "Content-Type": "application/json"},
        data=body,
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"] == {
        "code": "invalid_input",
        "message": "The request body is not valid JSON.",
    }
