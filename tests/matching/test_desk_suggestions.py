"""What an editor sees under "possibly already checked" on a claim's desk page."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import archive, articles, earlier_checks, publishing, queue, research
from factcheck.domain import review_panel as review
from factcheck.domain.limits import Limits
from factcheck.models import Article, Claim, ClaimStatus, User
from tests.conftest import login
from tests.publishing_helpers import CONTEXT

# An article about India's budget (written for this test; the figures are invented).
INDIA = (
    "India's finance minister said on Monday that the new budget would cut the fiscal "
    "deficit to 4.4 percent of GDP by the end of March."
)


def desk_page(app: Flask, user: User, claim: Claim) -> str:
    client = app.test_client()
    login(client, user)
    return client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)


def new_claim(session: Session, editor: User, title: str, body: str) -> Claim:
    article = articles.create_article(
        session, creator=editor, title=title, body=body, limits=Limits(max_chars=10_000)
    )
    session.commit()
    return max(article.claims, key=lambda c: c.score)


def test_a_claim_sharing_only_common_words_gets_no_suggestion(
    app: Flask, db_session: Session, editor: User
) -> None:
    # The desk of the issue: the demo's Riverton bridge fact-check is published; an article
    # on India's budget shares only "cut", "March", "said" and "new" with it.
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    riverton = db_session.scalars(select(Claim).where(Claim.status == ClaimStatus.PUBLISHED)).one()
    assert "March" in riverton.text and "new" in riverton.article.title
    claim = new_claim(db_session, editor, "India's budget", INDIA)
    page = desk_page(app, editor, claim)
    assert "Possibly already checked" not in page and 'id="matches"' not in page
    assert earlier_checks.suggestions_for(db_session, claim, own_outlet="Us") == []
    # The same desk still suggests it for a claim it did check.
    crossing = new_claim(
        db_session,
        editor,
        "Bridge",
        "The average morning crossing now takes 14 minutes instead of 21, the council said.",
    )
    page = desk_page(app, editor, crossing)
    assert "Possibly already checked" in page and "average morning crossing" in page


def publish_all(
    session: Session, editor: User, approver: User, checker: User, body: str
) -> Article:
    """An article whose every candidate claim is checked and published."""
    article = articles.create_article(
        session, creator=editor, title="Tunnel traffic", body=body, limits=Limits(max_chars=10_000),
        published_on=dt.date(2026, 2, 3), source_url="https://example.org/news/tunnel",
        outlet="Harbour News",
    )  # fmt: skip
    for claim in article.claims:
        articles.triage(session, claim, "accept", editor, expected_version=None)
        if claim.claimant_id is None:  # "the council said": a claimant must be named
            articles.edit_claim_details(
                session, claim, editor, claimant="Harbour City Council", expected_version=None
            )
        queue.assign(session, claim, checker, editor)
        research.add_evidence(
            session, claim, checker, url="https://example.org/counts", title="Counts",
            stance="refutes",
        )  # fmt: skip
        research.submit_verdict(
            session, claim, checker, rating_slug="mostly-true", explanation="Close."
        )
        review.approve(session, claim, approver)
    publishing.publish_article(
        session,
        article,
        editor,
        context=CONTEXT,
        headlines={c.id: "Close to the count" for c in article.claims if c.status == "approved"},
    )
    session.commit()
    return article


TWICE = (
    "The harbour tunnel carried 52,000 vehicles a day in 2025, the minister said.\n\n"
    "In 2025 the harbour tunnel carried 52,000 vehicles every day, officials confirmed."
)


def test_a_claim_is_never_matched_with_its_own_article(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article = publish_all(db_session, editor, editor2, checker, TWICE)
    first, second = sorted(article.claims, key=lambda c: c.position)
    assert {first.status, second.status} == {ClaimStatus.PUBLISHED}
    assert earlier_checks.suggestions_for(db_session, first, own_outlet="Us") == []
    assert "Possibly already checked" not in desk_page(app, editor, first)
    # Another article's claim with the same words is matched with both.
    other = new_claim(db_session, editor, "Tunnel", TWICE.split("\n\n")[0])
    found = {s.key for s in earlier_checks.suggestions_for(db_session, other, own_outlet="Us")}
    assert found == {f"claim:{first.id}", f"claim:{second.id}"}


def test_weaker_matches_wait_behind_more_and_say_why(
    app: Flask, db_session: Session, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    others = ["Schools closed early.", "The mayor opened a library.", "Wheat prices fell.",
              "A storm hit the coast.", "The senate passed the budget."]  # fmt: skip
    entries = [
        {"id": "close", "claim": "The harbour tunnel carried 52,000 vehicles a day in 2025."},
        {"id": "loose", "claim": "The harbour tunnel toll rose in 2025, drivers complained."},
        *({"id": f"other-{i}", "claim": text} for i, text in enumerate(others)),
    ]
    archive.import_entries(db_session, "\n".join(json.dumps(e) for e in entries), None)
    claim = new_claim(
        db_session, editor, "Tunnel", "The harbour tunnel carried 52,000 vehicles a day in 2025."
    )
    close, loose = earlier_checks.suggestions_for(db_session, claim, own_outlet="Us")
    assert (close.external_id, loose.external_id) == ("close", "loose")
    assert close.confidence > loose.confidence
    # Levels between the two, whatever the exact confidences of this tiny archive.
    monkeypatch.setattr(earlier_checks, "LIKELY", (close.confidence + loose.confidence) / 2)
    monkeypatch.setattr(earlier_checks, "WEAK", loose.confidence / 2)
    page = desk_page(app, editor, claim)
    likely, _, more = page.partition("<details>")
    assert "Possibly already checked" in likely and "52,000 vehicles a day" in likely
    assert "1 more, weaker match</summary>" in more and "toll rose" in more
    assert "why: phrases “harbour tunnel carried 52000 vehicles day 2025”" in likely
    assert "numbers 52000, 2025" in likely


def test_readers_are_not_shown_another_outlets_unrelated_fact_check(
    app: Flask, db_session: Session
) -> None:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    # The demo archive's bridge-budget check shares "budget" with the India claim only.
    page = app.test_client().get("/search", query_string={"q": INDIA[:200]})
    assert "From other fact-checkers" not in page.get_data(as_text=True)
    page = app.test_client().get("/search", query_string={"q": "bridge came in on budget"})
    assert "From other fact-checkers" in page.get_data(as_text=True)
