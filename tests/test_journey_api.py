"""The same desk through the JSON API, end to end."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import token_for
from tests.fixtures import ARTICLE, FACTUAL


def test_api_article_to_published(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    as_editor = token_for(db_session, editor)
    as_editor2 = token_for(db_session, editor2)
    as_checker = token_for(db_session, checker)

    response = client.post(
        "/api/v1/articles",
        headers=as_editor,
        json={
            "title": "Flood defences",
            "text": ARTICLE,
            "outlet": "Harbourside Herald",
            "source_url": "https://example.org/news/flood",
            "published_on": "2026-03-03",
        },
    )
    assert response.status_code == 201, response.json
    article = response.json
    claims = article["claims"]
    assert claims, "the factual sentences become candidates"
    for claim in claims:
        assert ARTICLE[claim["start"] : claim["end"]] == claim["text"]
        assert set(claim) >= {
            "id",
            "text",
            "start",
            "end",
            "score",
            "reasons",
            "claimant",
            "status",
        }
        assert claim["status"] == "candidate"
    assert [c["score"] for c in claims] == sorted((c["score"] for c in claims), reverse=True)
    factual = next(c for c in claims if c["text"] == FACTUAL)

    response = client.post(f"/api/v1/claims/{factual['id']}/accept", headers=as_editor)
    assert response.status_code == 200 and response.json["status"] == "queued"
    others = [c for c in claims if c["id"] != factual["id"]]
    for claim in others:
        response = client.post(f"/api/v1/claims/{claim['id']}/reject", headers=as_editor)
        assert response.json["status"] == "rejected"

    response = client.post("/api/v1/queue/next", headers=as_checker)
    assert response.status_code == 200
    taken = response.json
    assert taken["id"] == factual["id"] and taken["assignee_id"] == checker.id
    assert taken["lease_expires_at"]
    assert client.post("/api/v1/queue/next", headers=as_checker).status_code == 204

    response = client.post(
        f"/api/v1/claims/{taken['id']}/evidence",
        headers=as_checker,
        json={
            "url": "https://example.org/budget",
            "title": "Budget",
            "excerpt": "3,200 homes",
            "stance": "supports",
        },
    )
    assert response.status_code == 201 and response.json["stance"] == "supports"
    response = client.post(
        f"/api/v1/claims/{taken['id']}/verdict",
        headers=as_checker,
        json={"rating": "mostly-true", "explanation": "Close enough."},
    )
    assert response.status_code == 201 and response.json["status"] == "submitted"

    response = client.post(
        f"/api/v1/claims/{taken['id']}/return", headers=as_editor, json={"note": "Which page?"}
    )
    assert response.json["status"] == "returned"
    assert response.json["verdict"]["review_note"] == "Which page?"
    response = client.post(
        f"/api/v1/claims/{taken['id']}/verdict",
        headers=as_checker,
        json={"rating": "true", "explanation": "Page 12."},
    )
    assert response.json["status"] == "submitted"

    response = client.post(f"/api/v1/claims/{taken['id']}/approve", headers=as_editor2)
    assert response.status_code == 200 and response.json["status"] == "approved"
    # Approved twice (a retry without its key): the refusal speaks of approving, not of an
    # internal "vote" the API has no operation for.
    again = client.post(f"/api/v1/claims/{taken['id']}/approve", headers=as_editor2)
    assert again.status_code == 409
    message = again.json["error"]["message"]
    assert message == f"Cannot approve or return claim #{taken['id']}: it is approved."
    # The publish-time linter names the missing ClaimReview field and how to fix it.
    response = client.post(
        f"/api/v1/claims/{taken['id']}/details", headers=as_editor, json={"claimant": ""}
    )
    response = client.post(
        f"/api/v1/articles/{article['id']}/publish",
        headers=as_editor,
        json={"summary": "It holds up."},
    )
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "not_publishable"
    assert [p["field"] for p in error["problems"]] == ["headline", "itemReviewed.author.name"]
    assert "Publish box" in error["problems"][0]["fix"]
    assert "Set the claimant" in error["problems"][1]["fix"]
    assert client.get("/api/v1/published").json["items"] == []
    response = client.post(
        f"/api/v1/claims/{taken['id']}/details",
        headers=as_editor,
        json={"claimant": "Maria Lopes", "claim_date": "2026-03-02"},
    )
    assert response.json["claimant"]["name"] == "Maria Lopes"
    response = client.post(
        f"/api/v1/articles/{article['id']}/publish",
        headers=as_editor,
        json={
            "summary": "It holds up.",
            "headlines": [{"claim_id": taken["id"], "headline": "Page 12 backs the figure"}],
        },
    )
    assert response.status_code == 200

    published = client.get("/api/v1/published").json["items"]
    assert [p["id"] for p in published] == [article["id"]]
    [rated] = published[0]["claims"]
    assert rated["rating"]["slug"] == "true"
    assert rated["explanation"] == "Page 12."
    assert rated["headline"] == "Page 12 backs the figure"
    assert rated["sources"][0]["url"] == "https://example.org/budget"
    assert published[0]["url"].endswith(f"/factchecks/{article['id']}")

    events = client.get(f"/api/v1/claims/{taken['id']}/events", headers=as_editor).json["events"]
    assert [e["action"] for e in events] == [
        "extract",
        "accept",
        "take",
        "add_evidence",
        "submit",
        "return",
        "submit",
        "approve",
        "edit_details",
        "edit_details",
        "publish",
    ]
    assert [e["to_status"] for e in events][-1] == "published"


def test_ratings_are_listed(client: FlaskClient) -> None:
    ratings = client.get("/api/v1/ratings").json["ratings"]
    assert ratings[0]["slug"] == "true"
    assert all({"slug", "label", "ordinal"} <= set(r) for r in ratings)


def test_the_public_api_shows_nothing_unpublished(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    client.post(
        "/api/v1/articles",
        headers=token_for(db_session, editor),
        json={"title": "Draft", "text": ARTICLE},
    )
    assert client.get("/api/v1/published").json["items"] == []
    assert client.get("/api/v1/articles/1").status_code == 401
