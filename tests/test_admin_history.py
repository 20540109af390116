"""Admin → History: the changes to people, the rating scale, topics, the site's pages and
webhooks, from the audit trail (found on an admin walk: they were recorded, with who made
them, but no page showed them; only claims and webhooks had history pages)."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import admin_history, people, scale, topics
from factcheck.models import Rating, Role, User
from tests.conftest import login


def _rating(session: Session, slug: str) -> Rating:
    return session.scalars(select(Rating).where(Rating.slug == slug)).one()


@pytest.fixture
def changes(db_session: Session, admin: User, editor: User) -> None:
    """An invitation (the admin), a rating retired (the admin), a topic renamed (an editor)."""
    people.invite(
        db_session,
        "secret",
        actor=admin,
        email="nadia@example.org",
        display_name="Nadia Checker",
        role=Role.CHECKER,
        mail=False,
    )
    scale.retire_rating(
        db_session,
        _rating(db_session, "mostly-true"),
        admin,
        replacement=_rating(db_session, "true"),
    )
    topic = topics.create_topic(db_session, editor, "Helth")
    topics.rename_topic(db_session, topic, editor, "Health")
    db_session.commit()


def _rows(page: str) -> list[str]:
    """The text of each row of the history table, tags dropped, spaces squeezed."""
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr.*?</tr>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_an_admin_sees_the_changes_newest_first_with_who_made_them(
    app: Flask, admin: User, editor: User, changes: None
) -> None:
    client = app.test_client()
    login(client, admin)
    response = client.get("/desk/admin/history")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    rows = _rows(page)
    # The accounts the tests signed in with were made on the command line, before.
    assert len(rows) == 6, rows
    renamed, created, retired, invited, *made = rows
    assert "Edith" in renamed and "renamed the topic" in renamed and "Helth → Health" in renamed
    assert "Edith" in created and "created the topic" in created
    assert "Ada" in retired and "retired “Mostly true”, replaced by “True”" in retired
    assert "Ada" in invited and "invited them as a checker" in invited
    assert "Nadia Checker" in invited
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", invited)
    assert "the command line made the account as an admin Ada" in made[-1]
    # The thing changed links to its page.
    assert 'href="/desk/topics"' in page
    assert 'href="/desk/ratings"' in page
    assert re.search(r'href="/desk/admin/people#person-\d+"', page)
    # The desk's admin navigation links to the page.
    assert 'href="/desk/admin/history"' in client.get("/desk/admin/people").get_data(as_text=True)


def test_a_kind_of_change_can_be_shown_alone(app: Flask, admin: User, changes: None) -> None:
    client = app.test_client()
    login(client, admin)
    rows = _rows(client.get("/desk/admin/history?kind=topics").get_data(as_text=True))
    assert len(rows) == 2 and all("topic" in row for row in rows), rows
    response = client.get("/desk/admin/history?kind=claims")
    assert response.status_code == 400
    assert "Show one of: people, ratings, topics, pages, webhooks, imports." in response.get_data(
        as_text=True
    )


def test_checkers_and_editors_are_refused_as_on_other_admin_pages(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    for user in (editor, checker):
        client = app.test_client()
        login(client, user)
        client.get("/desk/queue")  # shows "Signed in as …" once
        other = client.get("/desk/admin/people")
        response = client.get("/desk/admin/history")
        assert response.status_code == other.status_code == 403
        # The same page but for the sign-out form's CSRF token, which carries the second it
        # was made in: two requests either side of a second differ there (CI failed once so).
        assert _without_token(response.get_data()) == _without_token(other.get_data())


def _without_token(page: bytes) -> bytes:
    return re.sub(rb'name="csrf_token" value="[^"]*"', b'name="csrf_token" value=""', page)


def test_paging_crosses_two_pages(
    app: Flask, admin: User, changes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(admin_history, "PAGE_SIZE", 3)
    client = app.test_client()
    login(client, admin)
    first = client.get("/desk/admin/history").get_data(as_text=True)
    assert len(_rows(first)) == 3
    older = re.search(r'<a href="([^"]+)" rel="next">Older changes</a>', first)
    assert older, first
    second = client.get(older.group(1).replace("&amp;", "&")).get_data(as_text=True)
    rows = _rows(second)
    assert len(rows) == 3 and "invited them as a checker" in rows[0]
    assert 'rel="next"' not in second
    forged = client.get("/desk/admin/history?cursor=not-a-cursor")
    assert forged.status_code == 400
    assert "The page cursor is not valid; start from the first page." in forged.get_data(
        as_text=True
    )
