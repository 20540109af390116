"""Publishing refused because another editor published first keeps what was typed."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import publishing
from factcheck.models import User
from tests.conftest import login
from tests.publishing_helpers import CONTEXT, approve_one


def test_a_publish_sent_after_another_editors_keeps_the_summary_and_headline(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """Found in a review walk: two editors had the article open and typed in its Publish
    box; the second one's Publish was refused ("… was published by Edith …; no approved
    claim is left to publish") and the page came back with "Nothing to publish yet", their
    summary and headline gone."""
    article, claim = approve_one(db_session, editor, editor2, checker)
    desk = app.test_client()
    login(desk, editor2)
    publishing.publish_article(
        db_session, article, editor, context=CONTEXT, summary="The first editor's summary."
    )
    db_session.commit()
    typed = {
        "summary": "A summary the second editor wrote with care.",
        f"headline-{claim.id}": "The second editor's careful headline",
    }
    refused = desk.post(f"/desk/articles/{article.id}/publish", data=typed)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "no approved claim is left to publish" in page
    assert "A summary the second editor wrote with care." in page
    assert "The second editor&#39;s careful headline" in page
