"""A form that comes back with problems opens with a summary linking each field
(GOV.UK's error summary), through the shared `form_errors` macro."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import research
from factcheck.models import User
from tests.conftest import error_summary, login, token_for
from tests.fixtures import ARTICLE
from tests.page_world import add_article
from tests.publishing_helpers import publish_one


def _held_claim(client: FlaskClient, db_session: Session, editor: User, checker: User) -> int:
    headers = token_for(db_session, editor)
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "A", "text": ARTICLE}
    ).json
    client.post(f"/api/v1/claims/{article['claims'][0]['id']}/accept", headers=headers)
    claim = client.post("/api/v1/queue/next", headers=token_for(db_session, checker)).json
    return int(claim["id"])


def test_a_bad_evidence_url_opens_the_form_with_a_linkederror_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim_id}/evidence",
        data={"url": "javascript:alert(1)", "stance": "supports", "form_token": "t-1"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = re.search(r'<div class="error-summary"(.*?)</div>', page, re.S)
    assert summary, page
    assert "autofocus" in summary.group(1) and "There is a problem with this form" in summary.group(
        1
    )
    assert re.search(r'<li><a href="#url">Source URL: [^<]*http', summary.group(1))
    # The summary comes before the fields it points to.
    assert page.index('class="error-summary"') < page.index('id="url"')


def test_a_form_without_problems_has_noerror_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    assert "error-summary" not in client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)


def test_each_missing_field_is_linked_from_theerror_summary(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim_id}/evidence", data={"url": "", "form_token": "t-2"}
    ).get_data(as_text=True)
    assert "There are problems with this form" in page
    assert '<li><a href="#url">Source URL: This field is required.</a></li>' in page
    assert '<li><a href="#stance-0">Stance: This field is required.</a></li>' in page


def test_a_verdict_sent_empty_says_what_to_write(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # It said "Explanation: This field is required.", which says nothing of what to do.
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim_id}/verdict", data={"rating": "", "explanation": ""}
    ).get_data(as_text=True)
    summary = error_summary(page)
    assert "Rating: Choose the rating the evidence supports." in summary
    assert "Explanation: Write why the evidence gives this rating." in summary


def test_refused_article_details_come_back_as_typed_with_aerror_summary(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article = add_article(db_session, editor, "Harbour tunnel traffic")
    db_session.commit()
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article.id}/edit",
        data={
            "version": article.version,
            "title": "",
            "outlet": "Harbour News, typed just now",
            "source_url": "https://example.org/tunnel",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<li><a href="#title">Headline: This field is required.</a></li>' in error_summary(page)
    assert 'value="Harbour News, typed just now"' in page
    assert re.search(r'<details class="card" id="article-details" open>', page)


def test_stale_article_details_keep_what_was_typed(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article = add_article(db_session, editor, "Harbour tunnel traffic")
    db_session.commit()
    login(client, editor)
    typed = {"title": "Tunnel traffic, edited", "outlet": "Harbour News"}
    first = client.post(
        f"/desk/articles/{article.id}/edit", data={"version": article.version, **typed}
    )
    assert first.status_code == 302
    second = client.post(
        f"/desk/articles/{article.id}/edit",
        data={"version": article.version, **typed, "title": "A second editor's headline"},
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "changed" in error_summary(page).lower()
    assert 'value="A second editor&#39;s headline"' in page


def test_a_withdrawal_without_a_reason_opens_its_form_with_aerror_summary(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, _claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    response = client.post(f"/desk/articles/{article.id}/withdraw", data={"reason": "  "})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<li><a href="#reason">Why it is withdrawn (shown to readers): ' in error_summary(page)
    assert re.search(r'<details class="card" id="withdraw" open>', page)
    # Nothing was withdrawn: readers still see the fact-check.
    assert client.get(f"/claims/{_claim.id}").status_code == 200


def test_a_refused_contact_record_keeps_what_was_asked_and_answered(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim_id}/replies",
        data={
            "contacted_on": "last Tuesday",
            "channel": "email",
            "contact": "We asked where the 52,000 figure comes from.",
            "answer": "The ministry's press office sent the 2025 traffic counts.",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#contacted_on">Contacted on: ' in error_summary(page)
    assert "We asked where the 52,000 figure comes from." in page
    assert "The ministry&#39;s press office sent the 2025 traffic counts." in page
    assert '<details id="reply-form" open>' in page


def test_a_comment_too_long_comes_back_as_typed(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    typed = "The council's own minutes disagree. " * 300  # 10,800 characters
    response = client.post(
        f"/desk/claims/{claim_id}/comments", data={"body": typed, "form_token": "c-1"}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#body">Comment: ' in error_summary(page)
    assert page.count("The council&#39;s own minutes disagree.") == 300


def test_a_refused_reply_to_a_comment_stays_a_reply(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    client.post(
        f"/desk/claims/{claim_id}/comments",
        data={"body": "Who has the counts?", "form_token": "c-2"},
    )
    parent = re.search(
        r'id="comment-(\d+)"', client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    )
    assert parent
    page = client.post(
        f"/desk/claims/{claim_id}/comments",
        data={"body": "x" * 10_001, "parent_id": parent.group(1), "form_token": "c-3"},
    ).get_data(as_text=True)
    assert f'name="parent_id" type="hidden" value="{parent.group(1)}"' in page
    assert f"Your reply to comment #{parent.group(1)}" in page


def test_a_refused_rating_definition_stays_as_typed(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    rating = research.rating_by_slug(db_session, "misleading")
    login(client, admin)
    typed = "True parts arranged to leave a false impression, or vital context left out."
    response = client.post(
        f"/desk/ratings/{rating.id}/edit",
        data={
            f"r{rating.id}-description": typed,
            f"r{rating.id}-colour": "",
            f"r{rating.id}-version": rating.version,
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = error_summary(page)
    assert f'<a href="#r{rating.id}-colour">Colour: This field is required.</a>' in summary
    assert typed in page


def test_a_refused_field_names_its_problem_to_a_screen_reader(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the keyboard walk: the summary's link leads to the field, but the field was
    # described by its hint only; a screen reader said "Source URL, invalid entry, http:// or
    # https:// only" and not what was wrong with it.
    claim_id = _held_claim(client, db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim_id}/evidence",
        data={"url": "not a url", "stance": "supports", "form_token": "t-3"},
    ).get_data(as_text=True)
    field = re.search(r'<input[^>]*id="url"[^>]*>', page)
    assert field and 'aria-invalid="true"' in field.group(0), page
    described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
    assert described
    texts = [
        re.search(rf'id="{name}"[^>]*>([^<]*)<', page).group(1)  # type: ignore[union-attr]
        for name in described.group(1).split()
    ]
    assert texts == ["http:// or https:// only", "URL must be a full http:// or https:// address."]
