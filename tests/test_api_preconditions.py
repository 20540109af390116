"""If-Match on the API's writes, as RFC 9110 defines it: strong comparison, and a failed
condition is a 412 (`precondition_failed`), not a 409 or a 422. A 409 stays for conflicts
of state: a `version` in the body that is stale, a verdict draft saved elsewhere."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import research
from factcheck.models import Claim, ClaimStatus, User
from tests.conftest import candidate_claim, held_claim, token_for


def _reject(client: FlaskClient, claim_id: int, headers: dict[str, str], **body: object) -> object:
    return client.post(f"/api/v1/claims/{claim_id}/reject", headers=headers, json=body)


def _status_of(db_session: Session, claim_id: int) -> ClaimStatus:
    db_session.expire_all()
    claim = db_session.get(Claim, claim_id)
    assert claim is not None
    return claim.status


@pytest.mark.parametrize(
    "if_match",
    [
        '"{stale}"',  # an older version
        'W/"{current}"',  # weak: never matches strongly, even the current version
        'W/"{stale}", W/"{current}"',
        '"{stale}", "nine"',  # no tag of the list is the current version
        '"not-a-version"',
    ],
)
def test_an_if_match_that_does_not_match_strongly_is_412_and_writes_nothing(
    client: FlaskClient, db_session: Session, editor: User, if_match: str
) -> None:
    claim = candidate_claim(db_session, editor)
    value = if_match.format(stale=claim.version - 1, current=claim.version)
    response = _reject(client, claim.id, {**token_for(db_session, editor), "If-Match": value})
    assert response.status_code == 412, response.json  # type: ignore[attr-defined]
    error = response.json["error"]  # type: ignore[attr-defined]
    assert error["code"] == "precondition_failed"
    assert f"Claim #{claim.id} changed since you read it" in error["message"]
    assert "fetch it again" in error["message"]
    assert _status_of(db_session, claim.id) is ClaimStatus.CANDIDATE


@pytest.mark.parametrize("if_match", ['"{current}"', "{current}", '"{stale}", "{current}"', "*"])
def test_an_if_match_naming_the_current_version_or_star_writes(
    client: FlaskClient, db_session: Session, editor: User, if_match: str
) -> None:
    claim = candidate_claim(db_session, editor)
    value = if_match.format(stale=claim.version - 1, current=claim.version)
    response = _reject(client, claim.id, {**token_for(db_session, editor), "If-Match": value})
    assert response.status_code == 200, response.json  # type: ignore[attr-defined]
    assert _status_of(db_session, claim.id) is ClaimStatus.REJECTED


def test_a_stale_version_in_the_body_is_still_a_409_conflict(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """The body's `version` is no HTTP precondition: a stale one is the domain's `stale`."""
    claim = candidate_claim(db_session, editor)
    headers = token_for(db_session, editor)
    response = _reject(client, claim.id, headers, version=claim.version - 1)
    assert response.status_code == 409
    assert response.json["error"]["code"] == "stale"  # type: ignore[attr-defined]
    # Both sent: a current If-Match holds, and the stale body version is the conflict.
    both = _reject(
        client, claim.id, {**headers, "If-Match": f'"{claim.version}"'}, version=claim.version - 1
    )
    assert both.status_code == 409  # type: ignore[attr-defined]
    # A stale If-Match fails first, whatever the body says (preconditions come first).
    stale = _reject(
        client, claim.id, {**headers, "If-Match": f'"{claim.version - 1}"'}, version=claim.version
    )
    assert stale.status_code == 412  # type: ignore[attr-defined]


def test_a_missing_claim_is_404_whatever_if_match_says(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """RFC 9110 13.2.1: preconditions are ignored when the answer would not be a 2xx."""
    response = _reject(client, 999_999, {**token_for(db_session, editor), "If-Match": 'W/"1"'})
    assert response.status_code == 404  # type: ignore[attr-defined]


def test_removing_a_changed_source_with_its_old_version_is_412(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, source=True)
    evidence = claim.evidence[0]
    read = evidence.version
    research.edit_evidence(
        db_session,
        evidence,
        checker,
        expected_version=None,
        url="https://example.org/budget",
        stance="supports",
        note="Page 4.",
    )
    db_session.commit()
    headers = {**token_for(db_session, checker), "If-Match": f'"{read}"'}
    response = client.delete(f"/api/v1/evidence/{evidence.id}", headers=headers)
    assert response.status_code == 412, response.json
    assert f"Evidence #{evidence.id} changed since you read it" in response.json["error"]["message"]
    headers["If-Match"] = f'"{evidence.version}"'
    assert client.delete(f"/api/v1/evidence/{evidence.id}", headers=headers).status_code == 204


def test_the_openapi_document_declares_412_where_if_match_is_taken(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").json["paths"]
    reject = paths["/claims/{claim_id}/reject"]["post"]
    assert "412" in reject["responses"]
    assert "If-Match" in reject["responses"]["412"]["description"]
    header = next(p for p in reject["parameters"] if p["name"] == "If-Match")
    assert "412" in header["description"]
    assert "412" not in paths["/claims/{claim_id}/comments"]["post"]["responses"]
    # No write requires a precondition: there is no 428 anywhere.
    assert not any(
        "428" in operation["responses"] for path in paths.values() for operation in path.values()
    )
