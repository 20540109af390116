"""A body an article calls by its kind in small letters ("the government said") names no
particular body outside that article: it makes no claimant record shared across articles,
and the claim keeps the words as the extractor's hint until an editor sets who it is."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import articles, claimants, publishing
from factcheck.domain.limits import Limits
from factcheck.models import Article, Claim, Claimant, ClaimantKind, User
from tests.conftest import login, token_for
from tests.publishing_helpers import CONTEXT, approve_one

NORLAND = (
    "Norland sells most of its catch abroad.\n\n"
    "The government said on Monday that exports of fish rose by 14 percent in 2025."
)
WESTMARK = (
    "Westmark charged two officials with fraud.\n\n"
    "The government said 40 people were arrested in the capital in March."
)
BODIES = (
    "The agency said 3,000 fishing boats were registered in 2024.\n\n"
    "The council said the new harbour wall cost 30 million pounds in 2025.\n\n"
    "The police said 40 people were arrested in the harbour in March."
)
NAMED = (
    "Riverton City Council said it spent 4 million pounds on roads in 2025.\n\n"
    "The council said crime fell by 12 percent in 2025.\n\n"
    "The Norland Bank said lending to fishermen rose by 5% in 2024."
)


def _article(session: Session, editor: User, body: str, title: str) -> Article:
    return articles.create_article(
        session, creator=editor, title=title, body=body, limits=Limits(max_chars=10_000)
    )


def _said(article: Article) -> Claim:
    return next(c for c in article.claims if " said " in c.text)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def _records(session: Session) -> dict[str, ClaimantKind]:
    return {record.name: record.kind for record in session.scalars(select(Claimant))}


def test_the_government_of_two_countries_is_no_shared_record(
    db_session: Session, editor: User
) -> None:
    # Before: both claims were linked to one record "government" (an organisation), and
    # "agency", "council" and "police" became records any later article's were linked to.
    norland = _said(_article(db_session, editor, NORLAND, "Fish"))
    westmark = _said(_article(db_session, editor, WESTMARK, "Arrests"))
    bodies = _article(db_session, editor, BODIES, "Harbour")
    db_session.flush()
    assert (norland.claimant, norland.claimant_id) == ("government", None)
    assert (westmark.claimant, westmark.claimant_id) == ("government", None)
    hints = sorted((c.claimant, c.claimant_id) for c in bodies.claims)
    assert hints == [("agency", None), ("council", None), ("police", None)]
    assert _records(db_session) == {}


def test_a_named_body_and_one_the_article_names_still_get_their_record(
    db_session: Session, editor: User
) -> None:
    article = _article(db_session, editor, NAMED, "Roads")
    db_session.flush()
    assert _records(db_session) == {
        "Riverton City Council": ClaimantKind.ORGANISATION,
        "Norland Bank": ClaimantKind.ORGANISATION,
    }
    council = claimants.find(db_session, "Riverton City Council")
    assert council is not None
    by_council = [c for c in article.claims if c.claimant_id == council.id]
    assert len(by_council) == 2  # "The council said" is Riverton City Council's


def test_the_desk_shows_the_hint_and_keeping_it_makes_no_record(
    app: Flask, db_session: Session, editor: User
) -> None:
    claim = _said(_article(db_session, editor, NORLAND, "Fish"))
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    row = _text(client.get(f"/desk/articles/{claim.article_id}").get_data(as_text=True))
    assert "suggested claimant: government (the article's words, no claimant record)" in row
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert 'name="accept-claimant" type="text" value="government"' in page
    # The editor accepts with the form as the page fills it, then saves a date only.
    client.post(
        f"/desk/claims/{claim.id}/accept",
        data={
            "accept-version": claim.version,
            "accept-claimant": "government",
        },
    )
    db_session.expire_all()
    assert (claim.status.value, claim.claimant, claim.claimant_id) == (
        "queued",
        "government",
        None,
    )
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert 'name="claimant" type="text" value="government"' in page
    client.post(
        f"/desk/claims/{claim.id}/details",
        data={
            "version": claim.version,
            "claimant": "government",
            "claim_date": "2026-02-02",
        },
    )
    db_session.expire_all()
    assert (claim.claimant, claim.claimant_id, claim.claim_date) == (
        "government",
        None,
        dt.date(2026, 2, 2),
    )
    assert _records(db_session) == {}
    # Through the API, a date alone leaves the hint as it is too.
    done = app.test_client().post(
        f"/api/v1/claims/{claim.id}/details",
        headers=token_for(db_session, editor),
        json={"claim_date": "2026-02-01"},
    )
    assert done.status_code == 200, done.json
    # The API shows the hint as the desk does (before session 21: "claimant": null only).
    assert (done.json["claimant"], done.json["suggested_claimant"]) == (None, "government")
    db_session.expire_all()
    assert (claim.claimant, _records(db_session)) == ("government", {})
    # Typing who it is makes (or finds) the record.
    articles.edit_claim_details(
        db_session, claim, editor, claimant="Norland government", expected_version=None
    )
    assert _records(db_session) == {"Norland government": ClaimantKind.ORGANISATION}
    db_session.commit()
    listed = app.test_client().get(
        f"/api/v1/articles/{claim.article_id}", headers=token_for(db_session, editor)
    )
    [shown] = [c for c in listed.json["claims"] if c["id"] == claim.id]
    assert (shown["claimant"]["name"], shown["suggested_claimant"]) == ("Norland government", None)


def test_a_claim_whose_claimant_names_nobody_is_not_published_until_one_is_named(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """Readers and ClaimReview would have shown "government" (as a Person) with no page:
    publishing asks who made the claim; each article's government is then its own record."""
    published = []
    for title, body, who in (
        ("Fish", NORLAND, "Norland government"),
        ("Arrests", WESTMARK, "Westmark government"),
    ):
        article, claim = approve_one(
            db_session,
            editor,
            editor2,
            checker,
            title=title,
            body=body,
            claimant="government",  # the claim's hint, as the page fills the field
            source_url=f"https://example.org/news/{title.lower()}",
        )
        with pytest.raises(publishing.NotPublishable) as refused:
            publishing.publish_article(db_session, article, editor, context=CONTEXT, summary="Ok.")
        assert [str(p) for p in refused.value.problems] == [
            f"Claim #{claim.id}: its claimant is the article's words “government”, which name"
            " no one in particular (claimant). Set who made the claim, by name, under “Who made"
            " the claim” on the claim's page."
        ]
        assert publishing.missing_details(claim) == ["claimant"]
        db_session.rollback()
        articles.edit_claim_details(db_session, claim, editor, claimant=who, expected_version=None)
        publishing.publish_article(db_session, article, editor, context=CONTEXT, summary="Ok.")
        db_session.commit()
        published.append(claim)
    assert _records(db_session) == {
        "Norland government": ClaimantKind.ORGANISATION,
        "Westmark government": ClaimantKind.ORGANISATION,
    }
    reader = app.test_client()
    assert reader.get("/claimants/government").status_code == 404
    pages = {reader.get(f"/claims/{c.id}").get_data(as_text=True) for c in published}
    assert len(pages) == 2
    assert all(page.count('href="/claimants/') == 1 for page in pages)
