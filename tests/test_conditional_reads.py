"""A partner polling the feeds and the public API revalidates with If-None-Match and gets a
304 while nothing changed (docs/readers.md, "Polling")."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.publishing_helpers import correct_now, publish_one

PATHS = ["/feeds/factchecks.atom", "/feeds/corrections.atom", "/api/v1/published", "/"]


@pytest.mark.parametrize("path", PATHS)
def test_a_poll_revalidates_with_its_etag_until_the_content_changes(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User,
    path: str,
) -> None:  # fmt: skip
    _article, claim = publish_one(db_session, editor, editor2, checker)
    first = client.get(path)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=60"
    for sent in (etag, f"W/{etag}", f'"other", {etag}'):  # a proxy may weaken the tag
        again = client.get(path, headers={"If-None-Match": sent})
        assert again.status_code == 304 and again.get_data() == b""
        assert again.headers["ETag"] == etag
        # Before: the app wrote a Date of its own on every conditional answer, and the
        # server (gunicorn, Werkzeug's) wrote another: two Date headers in one response.
        assert "Date" not in again.headers
    correct_now(
        db_session, claim, editor, editor2, rating="false",
        explanation="The count was of the old bridge.", reason="We misread the table.",
    )  # fmt: skip
    db_session.commit()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Date" not in changed.headers
