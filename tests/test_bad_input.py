"""Bad input gets a clear message, the right status, and loses nothing already saved."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.domain import accounts, validation
from factcheck.domain.errors import InvalidInput
from factcheck.domain.limits import Limits
from factcheck.models import Article, Claim, ClaimStatus, Event, User
from tests.conftest import build_app, login, token_for
from tests.fixtures import ARTICLE


def _count(db_session: Session, model: type) -> int:
    return db_session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_an_empty_article_is_refused(
    client: FlaskClient, db_session: Session, editor: User, text: str
) -> None:
    response = client.post(
        "/api/v1/articles",
        headers=token_for(db_session, editor),
        json={"title": "Empty", "text": text},
    )
    assert response.status_code == 422  # the shape asks for text that is not blank
    assert response.json["error"]["field"] == "text"
    assert response.json["error"]["code"] == "invalid_input"
    assert "empty" in response.json["error"]["message"]
    assert _count(db_session, Article) == 0


def test_an_empty_article_form_says_so(app: Flask, editor: User) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Empty", "text": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.get_data(as_text=True)


def test_a_two_megabyte_article_is_refused_through_the_api(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    huge = ("The council spent 4 million pounds. " * 60_000)[: 2 * 1024 * 1024]
    response = client.post(
        "/api/v1/articles",
        headers=token_for(db_session, editor),
        json={"title": "Huge", "text": huge},
    )
    assert response.status_code == 413
    assert "limit" in response.json["error"]["message"]
    assert _count(db_session, Article) == 0


def test_a_two_megabyte_article_form_is_refused_with_the_limit(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    huge = ("Prices rose 3 percent. " * 100_000)[: 2 * 1024 * 1024]
    response = client.post("/desk/articles/new", data={"title": "Huge", "text": huge})
    assert response.status_code == 413
    assert "the limit is 200,000" in response.get_data(as_text=True)
    assert _count(db_session, Article) == 0


def test_an_article_over_the_limit_keeps_the_form(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    long_text = "Prices rose 3 percent. " * 10_000  # 230,000 characters
    response = client.post("/desk/articles/new", data={"title": "Kept title", "text": long_text})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "230,000 characters; the limit is 200,000" in page
    assert 'value="Kept title"' in page
    assert _count(db_session, Article) == 0


def _queued_claim(client: FlaskClient, db_session: Session, editor: User) -> dict:
    headers = token_for(db_session, editor)
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "A", "text": ARTICLE}
    ).json
    claim = article["claims"][0]
    client.post(f"/api/v1/claims/{claim['id']}/accept", headers=headers)
    return claim


def test_an_unknown_rating_is_refused_and_the_draft_kept(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    client = app.test_client()
    _queued_claim(client, db_session, editor)
    as_checker = token_for(db_session, checker)
    claim = client.post("/api/v1/queue/next", headers=as_checker).json
    response = client.post(
        f"/api/v1/claims/{claim['id']}/verdict",
        headers=as_checker,
        json={"rating": "pants-on-fire", "explanation": "x"},
    )
    assert response.status_code == 400
    assert response.json["error"]["field"] == "rating"
    assert "Unknown rating 'pants-on-fire'" in response.json["error"]["message"]
    assert "mostly-true" in response.json["error"]["message"]
    # The web form keeps the explanation the checker typed.
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim['id']}/verdict",
        data={
            "rating": "pants-on-fire",
            "explanation": "My careful explanation",
            "version": claim["version"],
        },
    )
    assert response.status_code == 400
    assert "My careful explanation" in response.get_data(as_text=True)
    assert db_session.get(Claim, claim["id"]).status == ClaimStatus.IN_PROGRESS


def test_a_stale_form_is_refused_and_the_text_kept(
    app: Flask, db_session: Session, editor: User, editor2: User
) -> None:
    client = app.test_client()
    claim = _queued_claim(client, db_session, editor)
    opened_version = db_session.get(Claim, claim["id"]).version
    # Someone else rewords it after we opened the page.
    other = app.test_client()
    login(other, editor2)
    other.post(
        f"/desk/claims/{claim['id']}/reword",
        data={"text": "Their wording", "version": opened_version},
    )
    login(client, editor)
    response = client.post(
        f"/desk/claims/{claim['id']}/reword", data={"text": "My wording", "version": opened_version}
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f"changed by {editor2.display_name}" in page
    assert "since you opened it" in page
    assert "My wording" in page  # the user's text is kept in the form
    assert "Your text is kept below" in page
    assert "Their wording" in page  # and the current version is shown
    db_session.expire_all()
    assert db_session.get(Claim, claim["id"]).text == "Their wording"


def test_a_stale_api_write_answers_409(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "A", "text": ARTICLE}
    ).json
    claim = article["claims"][0]
    response = client.post(
        f"/api/v1/claims/{claim['id']}/accept",
        headers=headers,
        json={"version": claim["version"] + 5},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "stale"
    assert "kept below" not in response.json["error"]["message"], "no form below an API call"


@pytest.mark.parametrize(
    "header",
    [
        "Bearer fct_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "fct_abc",
    ],
)
def test_a_wrong_token_is_refused(client: FlaskClient, header: str) -> None:
    response = client.post("/api/v1/queue/next", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.json["error"]["message"]


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (None, "Authentication required: send the header Authorization: Bearer, a space"),
        ("Bearer ", "holds no token after Bearer"),
        ("Bearer", "holds no token after Bearer"),
        ("Basic dXNlcjpwYXNz", "uses the Basic scheme"),
        ("fct_abc", "names no scheme"),
    ],
)
def test_a_401_says_what_to_send_without_a_placeholder_that_vanishes(
    client: FlaskClient, header: str | None, words: str
) -> None:
    # Found by an outside tester: "send Authorization: Bearer ." (the message's "<token>"
    # is an HTML tag wherever the message is shown as HTML, and vanished)
    headers = {"Authorization": header} if header is not None else {}
    message = client.get("/api/v1/queue", headers=headers).json["error"]["message"]
    assert words in message
    assert "then your API token" in message and "<" not in message


def test_a_revoked_token_is_refused(
    client: FlaskClient, db_session: Session, checker: User
) -> None:
    raw, token = accounts.create_token(db_session, checker)
    db_session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.post("/api/v1/queue/next", headers=headers).status_code == 204
    accounts.revoke_token(db_session, token, checker)
    db_session.commit()
    response = client.post("/api/v1/queue/next", headers=headers)
    assert response.status_code == 401
    assert "revoked" in response.json["error"]["message"]


def test_session_cookies_cannot_write_through_the_api(app: Flask, editor: User) -> None:
    client = app.test_client()
    login(client, editor)
    response = client.post("/api/v1/articles", json={"title": "A", "text": ARTICLE})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    # Found in review: "Authentication required" told someone signed in to sign in.
    message = response.json["error"]["message"]
    assert "Authentication required" not in message
    assert "API writes need an API token" in message
    assert "your account page (/account/)" in message
    assert "then your API token" in message and "<" not in message
    # A read with the same session still works.
    assert client.get("/api/v1/queue").status_code == 200


@pytest.mark.parametrize(("body", "status"), [("not json", 400), ("[1, 2]", 422), ('"text"', 422)])
def test_malformed_json_is_refused(
    client: FlaskClient, db_session: Session, editor: User, body: str, status: int
) -> None:
    """What cannot be read as JSON is a 400; JSON that is no object breaks the shape: 422."""
    response = client.post(
        "/api/v1/articles",
        headers={**token_for(db_session, editor), "Content-Type": "application/json"},
        data=body,
    )
    assert response.status_code == status
    assert response.json["error"]["code"] == "invalid_input"


def test_javascript_urls_are_refused_as_evidence(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    _queued_claim(client, db_session, editor)
    as_checker = token_for(db_session, checker)
    claim = client.post("/api/v1/queue/next", headers=as_checker).json
    before = _count(db_session, Event)
    for url in ("javascript:alert(1)", "data:text/html,hi", "javascript://x.org/%0Aalert(1)"):
        response = client.post(
            f"/api/v1/claims/{claim['id']}/evidence",
            headers=as_checker,
            json={"url": url, "stance": "supports"},
        )
        assert response.status_code == 422
        assert response.json["error"]["field"] == "url"
    assert _count(db_session, Event) == before


def test_unknown_api_routes_answer_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_a_request_over_the_size_limit_gets_a_clear_413(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, editor: User
) -> None:
    app = build_app(engine, session_factory, MAX_CONTENT_LENGTH=100_000)
    client = app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/new", data={"title": "Huge", "text": "x" * 200_000})
    assert response.status_code == 413
    assert "limited to 200,000 characters" in response.get_data(as_text=True)
    response = client.post(
        "/api/v1/articles",
        headers=token_for(db_session, editor),
        json={"title": "Huge", "text": "x" * 200_000},
    )
    assert response.status_code == 413 and response.json["error"]["code"] == "too_large"
    assert _count(db_session, Article) == 0


def _first_claim_id(client: FlaskClient, headers: dict[str, str]) -> int:
    """Add the sample article through the API; the id of its first candidate claim."""
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "Port", "text": ARTICLE}
    ).json
    return int(article["claims"][0]["id"])


def _hold(client: FlaskClient, headers: dict[str, str], claim_id: int, user: User) -> None:
    """Accept the claim and give it to `user`, who may then add sources and a verdict."""
    client.post(f"/api/v1/claims/{claim_id}/accept", headers=headers)
    client.post(f"/api/v1/claims/{claim_id}/assign", headers=headers, json={"user_id": user.id})


def test_a_comment_with_a_nul_character_is_refused_clearly(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """PostgreSQL text cannot hold NUL: it was a 500 there, found by the API fuzzer."""
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    response = client.post(
        f"/api/v1/claims/{claim_id}/comments", headers=headers, json={"body": "a\x00b"}
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "NUL" in response.json["error"]["message"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/published?claimant=%00",  # a 500 on PostgreSQL, found by the API fuzzer
        "/api/v1/match?text=jobs&date=%00",
        "/search?q=jobs&claimant=a%00b",
        "/claimants/A%00B",
        "/ratings/fal%00se",
    ],
)
def test_a_nul_character_in_a_path_or_query_is_refused_clearly(
    client: FlaskClient, db_session: Session, editor: User, url: str
) -> None:
    """PostgreSQL text cannot hold NUL: any filter with one would fail in the database."""
    response = client.get(url, headers=token_for(db_session, editor))
    assert response.status_code == 400, response.get_data(as_text=True)
    assert "contains a NUL character; remove it and send again." in response.get_data(as_text=True)
    if url.startswith("/api/"):
        assert response.json["error"]["code"] == "invalid_input"


def test_a_nul_character_in_a_form_field_is_refused_and_nothing_is_saved(
    app: Flask, db_session: Session, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    claim_id = _first_claim_id(client, token_for(db_session, editor))
    events_before = _count(db_session, Event)
    response = client.post(f"/desk/claims/{claim_id}/dismiss", data={"key": "archive:\x001"})
    assert response.status_code == 400
    assert "Key contains a NUL character; remove it" in response.get_data(as_text=True)
    assert _count(db_session, Event) == events_before


def test_a_form_part_whose_name_cannot_be_read_is_no_server_error(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """werkzeug reads such a part's name as None; the NUL guard crashed on it (a 500)."""
    response = client.post(
        "/api/v1/articles/upload",
        headers=token_for(db_session, editor),
        data={"\n": "x", "file": (io.BytesIO(b"not a document"), "notes.bin")},
    )
    assert response.status_code == 415, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "unsupported_type"


def test_a_nul_character_in_any_json_string_is_refused_clearly(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """A rating slug with NUL was looked up as is: a 500 on PostgreSQL."""
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    _hold(client, headers, claim_id, editor)
    response = client.put(
        f"/api/v1/claims/{claim_id}/verdict",
        headers=headers,
        json={"rating": "fal\u0000se", "explanation": "Because."},
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"] == {
        "code": "invalid_input",
        "field": "rating",
        "message": "Rating contains a NUL character; remove it and send again.",
    }


def test_an_article_body_with_a_nul_character_is_refused_by_the_domain(
    db_session: Session, editor: User
) -> None:
    from factcheck.domain import articles
    from factcheck.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="contains a NUL character"):
        articles.create_article(
            db_session,
            creator=editor,
            title="Port",
            body="Crime\x00 rose.",
            limits=Limits(max_chars=1000),
        )
    assert _count(db_session, Article) == 0


# Partial updates: a field left out keeps its value, an explicit null clears it -----------


def _claimant_name(claim: dict) -> str | None:  # type: ignore[type-arg]
    return claim["claimant"]["name"] if claim["claimant"] else None


def test_setting_the_claim_date_keeps_the_claimant(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = next(c for c in _triaged(db_session, editor).claims if c.status == ClaimStatus.QUEUED)
    url = f"/api/v1/claims/{claim.id}/details"
    headers = token_for(db_session, editor)
    both = client.post(url, headers=headers, json={"claimant": "Ana Silva", "claim_date": None})
    assert (_claimant_name(both.json), both.json["claim_date"]) == ("Ana Silva", None)
    dated = client.post(url, headers=headers, json={"claim_date": "2026-02-02"})
    assert (_claimant_name(dated.json), dated.json["claim_date"]) == ("Ana Silva", "2026-02-02")
    renamed = client.post(url, headers=headers, json={"claimant": "The mayor"})
    assert (_claimant_name(renamed.json), renamed.json["claim_date"]) == ("The mayor", "2026-02-02")
    cleared = client.post(url, headers=headers, json={"claimant": None})
    assert (_claimant_name(cleared.json), cleared.json["claim_date"]) == (None, "2026-02-02")


def test_publishing_with_a_null_summary_clears_it(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = _approved(db_session, editor, editor2, checker)
    article.summary = "An earlier summary."
    db_session.commit()
    response = client.post(
        f"/api/v1/articles/{article.id}/publish",
        headers=token_for(db_session, editor),
        json={"summary": None, "headlines": [{"claim_id": claim.id, "headline": "Yes, it is"}]},
    )
    assert response.status_code == 200, response.json
    assert response.json["summary"] is None


def test_two_headlines_for_one_claim_are_refused_and_nothing_is_published(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Found in session 19: the last of the two won, silently
    article, claim = _approved(db_session, editor, editor2, checker)
    db_session.commit()
    twice = [{"claim_id": claim.id, "headline": "Yes"}, {"claim_id": claim.id, "headline": "No"}]
    response = client.post(
        f"/api/v1/articles/{article.id}/publish",
        headers=token_for(db_session, editor),
        json={"headlines": twice},
    )
    assert response.status_code == 400, response.json
    assert response.json["error"] == {
        "code": "invalid_input",
        "field": "headlines",
        "message": f"Claim #{claim.id} is given two headlines: send one.",
    }
    db_session.expire_all()
    assert article.published_at is None


def _approved(
    session: Session, editor: User, editor2: User, checker: User
) -> tuple[Article, Claim]:
    """An article with one claim approved and ready to publish (its claimant set)."""
    from factcheck.domain import articles, queue, research, review_panel

    article = _triaged(session, editor)
    claim = next(c for c in article.claims if c.status == ClaimStatus.QUEUED)
    articles.edit_claim_details(
        session, claim, editor, claimant="Maria Lopes", expected_version=None
    )
    queue.assign(session, claim, checker, editor)
    research.add_evidence(
        session, claim, checker, url="https://example.org/budget", stance="supports"
    )
    research.submit_verdict(session, claim, checker, rating_slug="true", explanation="Yes.")
    review_panel.approve(session, claim, editor2)
    return article, claim


def _triaged(session: Session, editor: User) -> Article:
    from factcheck.domain import articles

    article = articles.create_article(
        session,
        creator=editor,
        title="Details",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        source_url="https://example.org/news/budget",
        published_on=dt.date(2026, 2, 3),
    )
    for claim in article.claims:
        articles.triage(session, claim, "accept", editor, expected_version=None)
    session.commit()
    return article


def test_saving_one_field_of_a_draft_keeps_the_other(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    from factcheck.domain import queue

    claim = next(c for c in _triaged(db_session, editor).claims if c.status == ClaimStatus.QUEUED)
    queue.assign(db_session, claim, checker, editor)
    db_session.commit()
    url, headers = f"/api/v1/claims/{claim.id}/verdict", token_for(db_session, checker)
    client.put(url, headers=headers, json={"rating": "false", "explanation": "So far."})
    kept = client.put(url, headers=headers, json={"explanation": "So far, and more."})
    assert (kept.json["rating"], kept.json["explanation"]) == ("false", "So far, and more.")
    cleared = client.put(url, headers=headers, json={"rating": None})
    assert (cleared.json["rating"], cleared.json["explanation"]) == (None, "So far, and more.")


# Input no database can store, and JSON nested too deep ------------------------------------

SURROGATE = "\ud800"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": f"Port {SURROGATE}", "text": "Crime rose 4 percent, police said."}, "title"),
        ({"title": "Port", "text": f"Crime rose {SURROGATE} 4 percent, police said."}, "text"),
        ({"title": "Port", "text": "Crime rose.", "outlet": SURROGATE}, "outlet"),
    ],
)
def test_a_lone_surrogate_in_an_article_is_refused_naming_the_field(
    client: FlaskClient, db_session: Session, editor: User, body: dict[str, str], field: str
) -> None:
    response = client.post("/api/v1/articles", headers=token_for(db_session, editor), json=body)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["field"] == field
    assert "half of a surrogate pair" in error["message"]
    assert _count(db_session, Article) == 0


def test_a_lone_surrogate_in_a_comment_or_an_extract_is_refused(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    comment = client.post(
        f"/api/v1/claims/{claim_id}/comments", headers=headers, json={"body": f"Hm {SURROGATE}"}
    )
    assert comment.status_code == 422 and comment.json["error"]["field"] == "body"
    extract = client.post("/api/v1/extract", headers=headers, json={"text": SURROGATE * 3})
    assert extract.status_code == 422 and extract.json["error"]["field"] == "text"


def test_an_imported_line_with_a_lone_surrogate_is_reported_by_line_and_field(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    lines = [
        {"id": "a-1", "claim": "The bridge cost 3 million.", "outlet": "Other Desk"},
        {"id": "a-2", "claim": f"Broken {SURROGATE} claim.", "outlet": "Other Desk"},
    ]
    payload = "\n".join(json.dumps(line) for line in lines)
    response = client.post(
        "/api/v1/claimreview/import", data=payload, headers=token_for(db_session, admin)
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.json["created"] == 1
    assert response.json["errors"] == [
        "Line 2: claim contains half of a surrogate pair (\\ud800), which is not text"
    ]


DEEP = "[" * 100_000 + "]" * 100_000


@pytest.mark.parametrize(
    "payload", [DEEP, '{"title": ' * 100_000 + "1" + "}" * 100_000], ids=["array", "object"]
)
def test_json_nested_a_hundred_thousand_deep_is_a_400(
    client: FlaskClient, db_session: Session, editor: User, payload: str
) -> None:
    response = client.post(
        "/api/v1/articles",
        headers={**token_for(db_session, editor), "Content-Type": "application/json"},
        data=payload,
    )
    assert response.status_code == 400
    assert response.json["error"]["message"] == "The request body is nested too deeply to read."


def test_a_claimreview_import_nested_too_deep_is_a_400(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    headers = token_for(db_session, admin)
    response = client.post("/api/v1/claimreview/import", data=DEEP, headers=headers)
    assert response.status_code == 400
    assert "nested too deeply" in response.json["error"]["message"]
    # Nesting the parser does read is walked without recursion.
    review = {"@type": "ClaimReview", "claimReviewed": "Deep claim.", "author": "Deep Desk"}
    nested = "[" * 900 + json.dumps(review) + "]" * 900
    response = client.post("/api/v1/claimreview/import", data=nested, headers=headers)
    assert response.status_code == 201 and response.json["created"] == 1


def test_an_upload_whose_file_is_a_plain_field_is_refused_clearly(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """`curl -F file=notafile`: the part has no file name, so it arrives as text (a 500)."""
    response = client.post(
        "/api/v1/articles/upload",
        headers=token_for(db_session, editor),
        data={"file": "notafile"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.json["error"]["field"] == "file"
    assert "must be a file" in response.json["error"]["message"], response.json


def test_dates_that_have_not_come_yet_are_refused_on_the_field(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """Readers saw "accessed 2031-02-02" on a source, and a claim dated 2099."""
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    accepted = client.post(
        f"/api/v1/claims/{claim_id}/accept", headers=headers, json={"claim_date": "2099-01-01"}
    )
    assert accepted.status_code == 400, accepted.json
    assert accepted.json["error"]["field"] == "claim_date"
    assert "cannot be in the future" in accepted.json["error"]["message"]
    assert client.post(f"/api/v1/claims/{claim_id}/accept", headers=headers).status_code == 200
    client.post(f"/api/v1/claims/{claim_id}/assign", headers=headers, json={"user_id": editor.id})
    source = {"url": "https://example.org/s", "stance": "supports", "accessed_on": "2031-02-02"}
    added = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=source)
    assert added.status_code == 400 and added.json["error"]["field"] == "accessed_on"
    today = clock.now().date().isoformat()
    added = client.post(
        f"/api/v1/claims/{claim_id}/evidence",
        headers=headers,
        json={**source, "accessed_on": today},
    )
    assert added.status_code == 201, added.json
    details = client.post(
        f"/api/v1/claims/{claim_id}/details", headers=headers, json={"claim_date": "2999-01-01"}
    )
    assert details.status_code == 400 and details.json["error"]["field"] == "claim_date"


def test_a_right_of_reply_dated_in_the_future_is_a_form_error(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim_id = _first_claim_id(client, token_for(db_session, editor))
    headers = token_for(db_session, editor)
    _hold(client, headers, claim_id, editor)
    login(client, editor)
    sent = {"contacted_on": "2030-01-01", "channel": "email", "contact": "Where from?"}
    refused = client.post(f"/desk/claims/{claim_id}/replies", data=sent)
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "cannot be in the future" in page and "Where from?" in page


def test_a_method_the_api_does_not_take_names_those_it_does_and_401_names_the_scheme(
    client: FlaskClient,
) -> None:
    """RFC 9110: a 405 carries Allow, a 401 carries WWW-Authenticate."""
    refused = client.put("/api/v1/queue")
    assert refused.status_code == 405
    assert "GET" in refused.headers.get("Allow", ""), refused.headers
    assert refused.json["error"]["code"] == "method_not_allowed"
    unsigned = client.get("/api/v1/queue")
    assert unsigned.status_code == 401
    assert unsigned.headers.get("WWW-Authenticate") == "Bearer"
    assert unsigned.json["error"]["code"] == "unauthorized"


def test_an_error_in_a_union_names_the_input_key_not_pydantics_branch(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """'{"claimant": {"id": "1"}}' came back as field "claimant.function-after[_check(), str]"
    and "must be a string"."""
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    response = client.post(
        f"/api/v1/claims/{claim_id}/details", headers=headers, json={"claimant": {"id": "1"}}
    )
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == "claimant.id"
    assert "must be a whole number" in response.json["error"]["message"]


def test_an_address_with_a_direction_mark_is_refused(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """U+202E shows an address differently from where it leads ("gpj.exe" as "exe.jpg")."""
    headers = token_for(db_session, editor)
    claim_id = _first_claim_id(client, headers)
    _hold(client, headers, claim_id, editor)
    source = {"url": "https://example.org/\u202egpj.exe", "stance": "supports"}
    refused = client.post(f"/api/v1/claims/{claim_id}/evidence", headers=headers, json=source)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "url"
    with pytest.raises(InvalidInput, match="direction mark"):
        validation.web_url("https://example.org/\u202egpj.exe", "url", required=True)


def test_a_body_that_is_not_json_is_refused_as_such(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """text/plain was read as JSON by luck; a form got "'title' is required"."""
    headers = token_for(db_session, editor)
    as_text = client.post(
        "/api/v1/articles",
        headers=headers,
        data=json.dumps({"title": "t", "text": "Prices rose 9 percent."}),
        content_type="text/plain",
    )
    assert as_text.status_code == 415, as_text.json
    assert "Content-Type: application/json" in as_text.json["error"]["message"]
    as_form = client.post(
        "/api/v1/articles", headers=headers, data={"title": "t", "text": "Prices rose."}
    )
    assert as_form.status_code == 415
    assert client.get("/api/v1/openapi.json").json["paths"]["/articles"]["post"]["responses"]["415"]


@pytest.mark.parametrize("zero", ["\u0660", "\uff10"], ids=["arabic-indic", "fullwidth"])
def test_an_id_in_other_digits_than_ascii_is_not_found(
    client: FlaskClient, db_session: Session, editor: User, zero: str
) -> None:
    # Found in session 19: "/api/v1/articles/٣" answered article 3 (Werkzeug's "\d")
    headers = token_for(db_session, editor)
    created = client.post("/api/v1/articles", headers=headers, json={"title": "D", "text": ARTICLE})
    assert created.status_code == 201, created.json
    article_id = str(created.json["id"])
    other_digits = article_id.translate({ord("0") + n: ord(zero) + n for n in range(10)})
    assert client.get(f"/api/v1/articles/{article_id}", headers=headers).status_code == 200
    assert client.get(f"/api/v1/articles/{other_digits}", headers=headers).status_code == 404


def test_every_404_page_has_the_same_title_public_or_desk(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    # Found by an outside tester: a missing record's page was titled "That did not work", a
    # missing address's "Not Found"
    public = ["/no-such-page", "/claims/999999", "/factchecks/999999", "/ratings/nope"]
    login(client, editor)
    for path in [*public, "/desk/no-such-page", "/desk/claims/999999", "/desk/articles/999999"]:
        response = client.get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert "<title>Page not found · factcheck</title>" in page, path
        assert "<h1>Page not found</h1>" in page, path
