"""Promoting a sentence from "Other sentences": the page comes back at the new candidate,
with the message on its row, as after any other triage action (README, "Feedback where you
look"); a refused promotion comes back at "Other sentences", open, with the reason there."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import candidates
from factcheck.models import Claim, User
from tests.conftest import candidate_claim, login
from tests.fixtures import OPINION


def _opinion_span(db_session: Session, editor: User) -> tuple[int, int, int]:
    """The article of a new candidate, and the span of its opinion (not a candidate)."""
    claim = candidate_claim(db_session, editor, title="Promote me")
    [sentence] = [s for s in candidates.other_sentences(claim.article) if s.text == OPINION]
    return claim.article_id, sentence.start, sentence.end


def test_a_promoted_sentence_lands_at_its_new_candidate_with_the_message_beside_it(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article_id, start, end = _opinion_span(db_session, editor)
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article_id}/promote", data={"start": start, "end": end}
    )
    assert response.status_code == 302
    db_session.expire_all()
    claim = db_session.scalars(
        select(Claim).where(Claim.article_id == article_id, Claim.span_start == start)
    ).one()
    assert response.headers["Location"].endswith(f"/desk/articles/{article_id}#claim-{claim.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    row = page.split(f'id="claim-{claim.id}"')[1].split('<p class="row-status"')[1]
    assert row.startswith(
        ' aria-live="polite"><span class="flash success">Sentence added to the candidates.</span>'
    )
    assert page.count("Sentence added to the candidates.") == 1  # not at the top as well


def test_a_refused_promotion_comes_back_at_other_sentences_open_with_the_reason(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article_id, start, end = _opinion_span(db_session, editor)
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article_id}/promote", data={"start": start, "end": end + 1}
    )
    assert response.headers["Location"].endswith(f"/desk/articles/{article_id}#others")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    others = re.search(r'<details class="others" id="others"( open)?>(.*?)</details>', page, re.S)
    assert others and others.group(1) == " open"
    assert "That sentence is not in the article, or is already a claim." in others.group(2)
    # Without a message, the list stays folded.
    again = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert '<details class="others" id="others">' in again
