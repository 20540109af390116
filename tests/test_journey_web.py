"""The whole desk through its web pages: paste, triage, take, research, review, publish, read."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, User
from tests.conftest import login
from tests.fixtures import ARTICLE, FACTUAL


def _claim_id(location: str) -> int:
    match = re.search(r"/desk/claims/(\d+)", location)
    assert match, location
    return int(match.group(1))


def _paste_and_accept(client: FlaskClient, db_session: Session) -> Article:
    response = client.post(
        "/desk/articles/new",
        data={
            "title": "Flood defences",
            "outlet": "Harbourside Herald",
            "source_url": "https://example.org/herald/flood-defences",
            "published_on": "2026-03-03",
            "text": ARTICLE,
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Candidate claims" in page and FACTUAL in page
    article = db_session.scalars(select(Article).where(Article.title == "Flood defences")).one()
    factual = next(c for c in article.claims if c.text == FACTUAL)
    for claim in article.claims:
        action = "accept" if claim is factual else "reject"
        response = client.post(
            f"/desk/claims/{claim.id}/triage/{action}", data={"version": claim.version}
        )
        assert response.status_code == 302
    db_session.expire_all()
    return article


def test_article_to_published_fact_check(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    desk = app.test_client()
    login(desk, editor)
    article = _paste_and_accept(desk, db_session)
    assert [c.status for c in article.claims if c.text == FACTUAL] == [ClaimStatus.QUEUED]

    # A checker takes the next claim, adds evidence and submits a verdict.
    checking = app.test_client()
    login(checking, checker)
    response = checking.post("/desk/queue/next")
    claim_id = _claim_id(response.headers["Location"])
    claim = db_session.get(Claim, claim_id)
    assert claim is not None and claim.text == FACTUAL
    page = checking.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "Add evidence" in page and "Your verdict" in page
    response = checking.post(
        f"/desk/claims/{claim_id}/evidence",
        data={
            "url": "https://example.org/council/budget",
            "title": "Council budget papers",
            "excerpt": "Flood barrier: 3,200 properties protected.",
            "stance": "supports",
        },
    )
    assert response.status_code == 302
    db_session.refresh(claim)
    response = checking.post(
        f"/desk/claims/{claim_id}/verdict",
        data={
            "rating": "mostly-true",
            "explanation": "The budget papers list 3,200 homes.",
            "version": claim.version,
        },
    )
    assert response.status_code == 302

    # The editor returns it once with a note; the checker sees the note and resubmits.
    db_session.refresh(claim)
    response = desk.post(
        f"/desk/claims/{claim_id}/return",
        data={
            "note": "Cite the page number of the budget papers.",
            "version": claim.version,
        },
    )
    assert response.status_code == 302
    mine = checking.get("/desk/mine").get_data(as_text=True)
    assert "Cite the page number of the budget papers." in mine
    db_session.refresh(claim)
    response = checking.post(
        f"/desk/claims/{claim_id}/verdict",
        data={
            "rating": "true",
            "explanation": "Budget papers, page 12, list 3,200 homes.",
            "version": claim.version,
        },
    )
    assert response.status_code == 302

    # Another editor approves, the first publishes.
    inbox = app.test_client()
    login(inbox, editor2)
    assert "Budget papers, page 12" in inbox.get("/desk/review").get_data(as_text=True)
    db_session.refresh(claim)
    response = inbox.post(f"/desk/claims/{claim_id}/approve", data={"version": claim.version})
    assert response.status_code == 302

    def _version() -> int:
        db_session.expire_all()
        return db_session.get(Claim, claim_id).version

    # Publishing waits until ClaimReview is complete: the claimant must be named.
    desk.post(f"/desk/claims/{claim_id}/details", data={"claimant": "", "version": _version()})
    page = desk.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert "Publishing is blocked" in page and "nobody is named as the claimant" in page
    response = desk.post(
        f"/desk/claims/{claim_id}/details",
        data={"claimant": "Maria Lopes", "claim_date": "2026-03-02", "version": _version()},
    )
    assert response.status_code == 302
    # ... and the editor must write the headline: refused without it, naming the claim,
    # with the summary typed kept for the next try.
    response = desk.post(
        f"/desk/articles/{article.id}/publish", data={"summary": "The homes figure holds up."}
    )
    assert response.status_code == 409  # the page again, as typed, with the problems
    page = response.get_data(as_text=True)
    assert f"Claim #{claim_id}</a>: the headline is missing" in page
    assert "For example: “Maria Lopes&#39;s claim, rated “True”:" in page
    assert "The homes figure holds up.</textarea>" in page
    response = desk.post(
        f"/desk/articles/{article.id}/publish",
        data={
            "summary": "The homes figure holds up.",
            f"headline-{claim_id}": "The council's papers back the 3,200 homes",
        },
    )
    assert response.status_code == 302

    # An anonymous reader sees the rated summary.
    reader = app.test_client()
    home = reader.get("/").get_data(as_text=True)
    assert "The council&#39;s papers back the 3,200 homes" in home  # the finding leads
    page = reader.get(f"/factchecks/{article.id}").get_data(as_text=True)
    assert FACTUAL in page
    headline = "The council&#39;s papers back the 3,200 homes"
    assert f'<h1 class="headline" dir="auto">{headline}</h1>' in page
    assert "<title>The council&#39;s papers back the 3,200 homes ·" in page
    assert ">True<" in page
    assert "Budget papers, page 12, list 3,200 homes." in page
    assert "https://example.org/council/budget" in page
    assert "The homes figure holds up." in page
    assert f'id="claim-{claim_id}"' in page
    assert "Maria Lopes" in page and "Stated on <time" in page
    # The rejected candidates and the returned draft stay off the public page.
    assert "In my opinion" not in page
    assert "Cite the page number" not in page


def test_the_checker_cannot_see_editor_pages(app: Flask, checker: User) -> None:
    client = app.test_client()
    login(client, checker)
    assert client.get("/desk/articles/new").status_code == 403
    assert client.get("/desk/review").status_code == 403


def test_login_refuses_a_wrong_password(client: FlaskClient, editor: User) -> None:
    response = client.post("/login", data={"email": editor.email, "password": "nope nope"})
    assert response.status_code == 200
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/desk/").status_code == 302


def test_login_email_is_case_insensitive(client: FlaskClient, editor: User) -> None:
    from tests.conftest import PASSWORD

    response = client.post("/login", data={"email": editor.email.upper(), "password": PASSWORD})
    assert response.status_code == 302


def test_a_replayed_cookie_after_logout_is_refused(app: Flask, editor: User) -> None:
    client = app.test_client()
    login(client, editor)
    cookie = client.get_cookie("session", domain="factcheck.test")
    assert cookie is not None
    assert client.get("/desk/").status_code == 200
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", cookie.value, domain=cookie.domain)
    response = replay.get("/desk/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
