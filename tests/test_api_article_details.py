"""POST /api/v1/articles/<id>/details: an article's metadata corrected through the API, as
the desk's article page does. An API-only client that pasted an article without its
address could not publish it (the ClaimReview needs the article's URL) and had no call to
add one."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from tests.conftest import candidate_claim, token_for
from tests.publishing_helpers import approve_one


def _details(client: FlaskClient, article_id: int, headers: dict[str, str], **body: Any) -> Any:
    return client.post(f"/api/v1/articles/{article_id}/details", headers=headers, json=body)


def _article(db_session: Session, article_id: int) -> Article:
    db_session.expire_all()
    article = db_session.get(Article, article_id)
    assert article is not None
    return article


def test_an_article_pasted_without_its_address_gets_one_and_then_publishes(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, _claim = approve_one(db_session, editor, editor2, checker, source_url="")
    assert article.source_url is None
    headers = token_for(db_session, editor)

    refused = client.post(f"/api/v1/articles/{article.id}/publish", headers=headers, json={})
    assert refused.status_code == 409
    problems = refused.json["error"]["problems"]
    assert [p["field"] for p in problems] == ["itemReviewed.appearance.url"]
    # The fix names the API's way too, not only the desk's page.
    assert "POST /api/v1/articles/{article_id}/details" in problems[0]["fix"]
    assert "`source_url`" in problems[0]["fix"]

    response = _details(client, article.id, headers, source_url="https://example.org/news/tunnel")
    assert response.status_code == 200, response.json
    # The answer is the article as GET /api/v1/articles/<id> shows it.
    assert response.json == client.get(f"/api/v1/articles/{article.id}", headers=headers).json
    assert response.json["source_url"] == "https://example.org/news/tunnel"

    published = client.post(f"/api/v1/articles/{article.id}/publish", headers=headers, json={})
    assert published.status_code == 200, published.json


def test_fields_left_out_keep_their_value_and_null_clears_an_optional_one(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article = candidate_claim(db_session, editor).article
    headers = token_for(db_session, editor)
    sent = {
        "title": "Flood budget",
        "outlet": "Harbour News",
        "source_url": "https://example.org/flood",
        "published_on": "2026-02-03",
    }
    assert _details(client, article.id, headers, **sent).status_code == 200

    response = _details(client, article.id, headers, outlet="Estuary Post")
    assert response.status_code == 200, response.json
    shown = response.json
    assert (shown["title"], shown["outlet"], shown["source_url"], shown["published_on"]) == (
        "Flood budget",
        "Estuary Post",
        "https://example.org/flood",
        "2026-02-03",
    )

    response = _details(client, article.id, headers, published_on=None, source_url=None)
    assert response.status_code == 200, response.json
    stored = _article(db_session, article.id)
    assert (stored.title, stored.outlet, stored.source_url, stored.published_on) == (
        "Flood budget",
        "Estuary Post",
        None,
        None,
    )


def test_a_bad_url_or_a_cleared_title_is_a_422_naming_the_field_and_changes_nothing(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article = candidate_claim(db_session, editor, title="Kept title").article
    headers = token_for(db_session, editor)
    for body, field in [
        ({"source_url": "javascript:alert(1)", "outlet": "Gone"}, "source_url"),
        ({"source_url": "example.org/news"}, "source_url"),
        ({"title": None}, "title"),
        ({"title": "   "}, "title"),
        ({"published_on": "03/02/2026"}, "published_on"),
        ({"headline": "not a field"}, "headline"),
    ]:
        response = _details(client, article.id, headers, **body)
        assert response.status_code == 422, (body, response.json)
        assert response.json["error"]["field"] == field, (body, response.json)
    assert response.json["error"]["code"] == "invalid_input"
    cleared = _details(client, article.id, headers, title=None).json["error"]["message"]
    assert cleared == "Title cannot be cleared: an article needs one."
    stored = _article(db_session, article.id)
    assert (stored.title, stored.outlet, stored.source_url) == ("Kept title", None, None)


def test_a_checker_is_refused_with_a_403(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    article = candidate_claim(db_session, editor).article
    response = _details(client, article.id, token_for(db_session, checker), outlet="Mine")
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert "needs an editor" in response.json["error"]["message"]
    assert _article(db_session, article.id).outlet is None


def test_a_stale_version_is_a_409_and_a_stale_if_match_a_412(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article = candidate_claim(db_session, editor).article
    headers = token_for(db_session, editor)
    read = client.get(f"/api/v1/articles/{article.id}", headers=headers).json["version"]
    assert _details(client, article.id, headers, outlet="First", version=read).status_code == 200

    # Based on the copy read before that change: refused, nothing written.
    stale = _details(client, article.id, headers, outlet="Second", version=read)
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale"
    assert f"Article #{article.id} was changed by" in stale.json["error"]["message"]
    precondition = _details(client, article.id, {**headers, "If-Match": f'"{read}"'}, outlet="2")
    assert precondition.status_code == 412
    error = precondition.json["error"]
    assert (error["code"], error["field"]) == ("precondition_failed", "If-Match")
    assert f"Article #{article.id} changed since you read it" in error["message"]
    assert _article(db_session, article.id).outlet == "First"

    current = _article(db_session, article.id).version
    matched = _details(client, article.id, {**headers, "If-Match": f'"{current}"'}, outlet="2")
    assert matched.status_code == 200, matched.json
    assert matched.json["outlet"] == "2"
    assert matched.json["version"] > current


def test_an_unknown_article_is_a_404_json_error(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    response = _details(client, 999_999, token_for(db_session, editor), outlet="Nobody")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
    assert "999999" in response.json["error"]["message"]


def test_a_claim_without_claimant_or_date_is_told_the_api_calls_that_set_them(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Session 22: these two fixes named only desk pages, though the API can set both.
    article, claim = approve_one(db_session, editor, editor2, checker)
    headers = token_for(db_session, editor)
    cleared = client.post(
        f"/api/v1/claims/{claim.id}/details",
        headers=headers,
        json={"claimant": None, "claim_date": None},
    )
    assert cleared.status_code == 200, cleared.json
    _details(client, article.id, headers, published_on=None)

    refused = client.post(f"/api/v1/articles/{article.id}/publish", headers=headers, json={})
    assert refused.status_code == 409
    fixes = {p["field"]: p["fix"] for p in refused.json["error"]["problems"]}
    assert (
        "`claimant` to POST /api/v1/claims/{claim_id}/details" in fixes["itemReviewed.author.name"]
    )
    assert (
        "`claim_date` to POST /api/v1/claims/{claim_id}/details"
        in fixes["itemReviewed.datePublished"]
    )
