"""A candidate claim keeps the claimant's canonical name and role (issue 15, part 5)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.domain import articles
from factcheck.domain.limits import Limits
from factcheck.models import User

BODY = (
    "Finance minister Ravi Quellmann presented the harbour budget on Monday.\n\n"
    "Mr Quellmann said the deficit fell to 4.5% of GDP in 2025.\n"
)


def test_a_candidate_claim_has_the_canonical_name_and_role(
    db_session: Session, editor: User
) -> None:
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Harbour budget",
        body=BODY,
        limits=Limits(max_chars=10_000, threshold=0.0),
    )
    claim = next(c for c in article.claims if c.text.startswith("Mr Quellmann said"))
    assert (claim.claimant, claim.claimant_role) == ("Ravi Quellmann", "Finance minister")

    articles.edit_claim_details(
        db_session, claim, editor, claimant="Ravi Quellmann", expected_version=claim.version
    )
    assert claim.claimant_role == "Finance minister", "the same claimant keeps the role"
    articles.edit_claim_details(
        db_session, claim, editor, claimant="Ana Berg", expected_version=claim.version
    )
    assert (claim.claimant, claim.claimant_role) == ("Ana Berg", None)


def test_an_article_whose_claimant_is_longer_than_a_name_may_be_is_still_ingested(
    db_session: Session, editor: User
) -> None:
    # A capitalised run of 300 letters before "said" is read as a name. Before session 16 it
    # reached the claimant record whole, which refused it (at most 200 characters), and
    # the article was refused with it.
    speaker = "Q" + "x" * 299
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Long name",
        body=f"{speaker} said the deficit fell to 4.5% of GDP in 2025.\n",
        limits=Limits(max_chars=10_000, threshold=0.0),
    )
    (claim,) = article.claims
    assert claim.claimant == speaker[:200]
    assert claim.claimant_record is not None and claim.claimant_record.name == speaker[:200]
