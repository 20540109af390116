"""A correction that changes the rating but keeps the published headline: the proposer, and
the editors asked to approve it, are told before readers see it. Warned, never refused."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import ClaimStatus, User
from tests.conftest import login
from tests.publishing_helpers import HEADLINE, publish_one

WARNING = "The headline is unchanged"


def _propose(client: FlaskClient, claim_id: int, version: int, headline: str) -> str:
    response = client.post(
        f"/desk/claims/{claim_id}/correct",
        data={
            "version": version,
            "rating": "misleading",
            "headline": headline,
            "explanation": "The operator's counts say 41,000.",
            "reason": "The operator published corrected counts.",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_new_rating_under_the_old_headline_is_pointed_out_before_approval(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Before session 19 the correction form pre-filled the published headline and nothing
    # said it no longer matched: readers got a "close to the figure" headline beside a
    # "Misleading" badge.
    _article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    proposed = _propose(client, claim.id, claim.version, HEADLINE)
    assert "Correction proposed." in proposed
    assert WARNING in proposed and "from “Mostly true” to “Misleading”" in proposed
    login(client, editor2)
    for url in (f"/desk/claims/{claim.id}", "/desk/review"):
        page = client.get(url).get_data(as_text=True)
        warning = re.search(r'<p class="note returned headline-warning"[^>]*>(.*?)</p>', page)
        assert warning, url
        assert HEADLINE.replace("'", "&#39;") in warning.group(1)
        assert "Approve" in page  # a warning, not a block
    db_session.expire_all()
    assert claim.status == ClaimStatus.PUBLISHED


def test_a_rewritten_headline_draws_no_warning(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _article, claim = publish_one(db_session, editor, editor2, checker)
    login(client, editor)
    proposed = _propose(client, claim.id, claim.version, "The tunnel carried far fewer vehicles")
    assert "Correction proposed." in proposed and WARNING not in proposed
    login(client, editor2)
    assert WARNING not in client.get("/desk/review").get_data(as_text=True)
