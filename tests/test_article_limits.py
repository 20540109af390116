"""Every path that creates an article takes the same `Limits` (issue 21): pasted text,
a fetched page, an uploaded file and the one-step `articles.create_article` used by the
demo. What one article may cost is decided in one object, built from the settings."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from factcheck.domain import articles
from factcheck.domain.errors import TooLarge
from factcheck.domain.limits import Limits
from factcheck.models import User
from tests.fixtures import ARTICLE


def test_create_article_keeps_to_the_limits_it_is_given(db_session: Session, editor: User) -> None:
    with pytest.raises(TooLarge, match="the limit is 100"):
        articles.create_article(
            db_session, creator=editor, title="Long", body=ARTICLE, limits=Limits(max_chars=100)
        )
    strict = articles.create_article(
        db_session,
        creator=editor,
        title="Strict",
        body=ARTICLE,
        limits=Limits(max_chars=100_000, threshold=1.0),
        force=True,
    )
    loose = articles.create_article(
        db_session,
        creator=editor,
        title="Loose",
        body=ARTICLE,
        limits=Limits(max_chars=100_000, threshold=0.0),
        force=True,
    )
    assert len(strict.claims) < len(loose.claims)
