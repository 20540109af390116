"""An article's details edited after its fact-check is published: readers see the change,
dated, in the corrections log, as they do a right of reply added afterwards."""

from __future__ import annotations

import datetime as dt

import feedparser
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Correction, User
from tests.conftest import login
from tests.publishing_helpers import publish_one


def _details(article: Article, **changes: str) -> dict[str, str]:
    form = {
        "version": str(article.version),
        "title": article.title,
        "outlet": article.outlet or "",
        "source_url": article.source_url or "",
        "published_on": article.published_on.isoformat() if article.published_on else "",
    }
    form.update(changes)
    return form


def test_a_title_changed_after_publication_is_dated_in_the_corrections_log(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, claim = publish_one(db_session, editor, editor2, checker)
    desk = app.test_client()
    login(desk, editor)
    assert "a change here is dated in their corrections log" in desk.get(
        f"/desk/articles/{article.id}"
    ).get_data(as_text=True)
    response = desk.post(
        f"/desk/articles/{article.id}/edit",
        data=_details(article, title="Harbour tunnel traffic in 2025", published_on="2026-03-02"),
    )
    assert response.status_code == 302

    reader = app.test_client()
    page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Harbour tunnel traffic in 2025" in page
    assert "Corrected" in page and "the rating “Mostly true” is unchanged" in page
    assert (
        "The article&#39;s details were corrected after publication: title “Harbour tunnel "
        "traffic in 2025” (was “Harbour tunnel traffic”); publication date 2 March 2026"
    ) in page
    listing = reader.get("/corrections").get_data(as_text=True)
    assert "title “Harbour tunnel traffic in 2025” (was “Harbour tunnel traffic”)" in listing
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    assert "The article's details were corrected after publication" in feed.entries[0].summary


def test_saving_the_details_unchanged_adds_no_correction(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    article, _claim = publish_one(db_session, editor, editor2, checker)
    desk = app.test_client()
    login(desk, editor)
    assert desk.post(f"/desk/articles/{article.id}/edit", data=_details(article)).status_code == 302
    assert db_session.scalar(select(func.count()).select_from(Correction)) == 0


def test_details_edited_before_publication_are_no_correction(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    from tests.publishing_helpers import approve_one

    article, _claim = approve_one(db_session, editor, editor2, checker)
    desk = app.test_client()
    login(desk, editor)
    page = desk.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert "a change here is dated in their corrections log" not in page
    response = desk.post(
        f"/desk/articles/{article.id}/edit",
        data=_details(
            article, outlet="Harbour Gazette", published_on=dt.date(2026, 3, 1).isoformat()
        ),
    )
    assert response.status_code == 302
    assert db_session.scalar(select(func.count()).select_from(Correction)) == 0
