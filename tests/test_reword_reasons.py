"""A reworded claim is scored on its new words, as a split claim's parts are: the reasons
beside it explain the text the editor and the checker read, not the sentence it replaced."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import articles, audit
from factcheck.domain.limits import Limits
from factcheck.models import Claim, User
from tests.conftest import login, token_for

BODY = (
    "Harbourside flooded badly this winter.\n\n"
    "I counted 3,200 homes flooded along the estuary in January, the mayor told the council.\n\n"
    "Residents think the plan is a good idea."
)
REWORDED = "The storm in January flooded 3,200 homes along the estuary."
FIRST_PERSON = "first person: I"


def _candidate(db_session: Session, editor: User) -> Claim:
    article = articles.create_article(
        db_session, creator=editor, title="Counted homes", body=BODY, limits=Limits(20_000)
    )
    db_session.commit()
    [claim] = article.claims
    assert FIRST_PERSON in [reason["label"] for reason in claim.reasons]
    return claim


def test_the_desk_shows_the_reasons_of_the_new_wording(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = _candidate(db_session, editor)
    old_score = claim.score
    login(client, editor)
    response = client.post(
        f"/desk/claims/{claim.id}/reword", data={"text": REWORDED, "version": claim.version}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Claim reworded; its score and reasons are now those of the new wording." in page
    alone = extraction.score_alone(REWORDED)
    assert FIRST_PERSON not in page
    assert "attributed: the mayor told" not in page
    assert "a number: 3,200" in page and f"score {alone.score:.2f}" in page
    triage = client.get(f"/desk/articles/{claim.article_id}").get_data(as_text=True)
    row = triage.split(f'id="claim-{claim.id}"')[1].split('class="row-status"')[0]
    assert FIRST_PERSON not in row and f"score {alone.score:.2f}" in row
    db_session.expire_all()
    stored = db_session.get(Claim, claim.id)
    assert stored is not None and (stored.score, stored.kind) == (alone.score, alone.kind)
    # The history keeps what the claim said, and how it scored, before.
    last = audit.history(db_session, "claim", claim.id)[-1]
    assert last.note == (
        "was: I counted 3,200 homes flooded along the estuary in January, the mayor told the "
        f"council. (score {old_score:.2f})"
    )


def test_the_api_answers_with_the_new_reasons(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = _candidate(db_session, editor)
    response = client.post(
        f"/api/v1/claims/{claim.id}/reword",
        headers=token_for(db_session, editor),
        json={"text": REWORDED, "version": claim.version},
    )
    assert response.status_code == 200, response.json
    labels = [reason["label"] for reason in response.json["reasons"]]
    assert FIRST_PERSON not in labels and "a number: 3,200" in labels
    assert response.json["score"] == round(extraction.score_alone(REWORDED).score, 4)
