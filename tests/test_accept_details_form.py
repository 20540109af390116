"""Accepting a candidate from its page with details ("Accept with these details"): a refused
form comes back as typed, with the focused error summary naming every problem."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.models import ClaimStatus, User
from tests.conftest import candidate_claim, error_summary, login


def test_refused_accept_details_come_back_as_typed_naming_every_problem(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    # Before session 19 the page came back with one flash message at the top (the first
    # problem only), no error summary, and every field the editor had typed emptied.
    claim = candidate_claim(db_session, editor)
    login(client, editor)
    tomorrow_week = (clock.now() + dt.timedelta(days=7)).date().isoformat()
    response = client.post(
        f"/desk/claims/{claim.id}/accept",
        data={
            "accept-version": claim.version,
            "accept-claimant": "Maria Lopes, typed just now",
            "accept-claim_date": tomorrow_week,
            "accept-article_url": "ftp://example.org/x",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    summary = error_summary(page)
    assert "autofocus" in summary and "There are problems with this form" in summary
    assert '<a href="#accept-article_url">Article URL: ' in summary
    assert "must be a full http:// or https:// address" in summary
    assert '<a href="#accept-claim_date">Date the claim was made: ' in summary
    assert "cannot be in the future" in summary
    assert 'value="Maria Lopes, typed just now"' in page
    assert f'value="{tomorrow_week}"' in page
    assert 'value="ftp://example.org/x"' in page
    db_session.expire_all()
    assert claim.status == ClaimStatus.CANDIDATE and claim.claimant != "Maria Lopes, typed just now"


def test_accept_details_that_are_fine_still_accept(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor)
    login(client, editor)
    response = client.post(
        f"/desk/claims/{claim.id}/accept",
        data={"accept-version": claim.version, "accept-article_url": "https://example.org/x"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert f"Claim #{claim.id} accepted: it waits in the queue." in response.get_data(as_text=True)
    db_session.expire_all()
    assert claim.status == ClaimStatus.QUEUED
    assert claim.article.source_url == "https://example.org/x"


def test_refused_claim_details_name_every_problem_in_one_pass(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    # Before session 19 a claimant too long and a date in the future gave the claimant's
    # problem only; the date's came after the next try.
    claim = candidate_claim(db_session, editor)
    login(client, editor)
    next_week = (clock.now() + dt.timedelta(days=7)).date().isoformat()
    response = client.post(
        f"/desk/claims/{claim.id}/details",
        data={"version": claim.version, "claimant": "M" * 201, "claim_date": next_week},
    )
    assert response.status_code == 400
    summary = error_summary(response.get_data(as_text=True))
    assert "Claimant (who made the claim): " in summary
    assert "Date the claim was made: " in summary and "cannot be in the future" in summary
