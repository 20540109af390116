"""Issue 18 item 9: the small things a desk meets all day."""

from __future__ import annotations

import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import accounts, articles, queue, research, review_panel
from factcheck.domain.limits import Limits
from factcheck.models import Event, User
from tests.conftest import build_app, candidate_claim, held_claim, login, login_with_csrf
from tests.fixtures import ARTICLE, FACTUAL


def test_every_page_names_a_favicon_that_is_served(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()


def test_password_fields_tell_password_managers_what_they_hold(
    client: FlaskClient, editor: User
) -> None:
    sign_in = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in sign_in and 'autocomplete="username"' in sign_in
    login(client, editor)
    account = client.get("/account/").get_data(as_text=True)
    assert account.count('autocomplete="new-password"') == 2
    # The current one, to change it, and again to make an API token.
    assert account.count('autocomplete="current-password"') == 2


def test_the_new_article_page_puts_paste_first(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    page = client.get("/desk/articles/new").get_data(as_text=True)
    order = [page.index(heading) for heading in ("Paste the text", "From a link", "From a file")]
    assert order == sorted(order)


def _duplicate_ids(page: str) -> set[str]:
    ids = re.findall(r'\sid="([^"]+)"', page)
    return {found for found in ids if ids.count(found) > 1}


def test_no_id_is_used_twice_on_the_desks_busiest_pages(
    engine: Engine,
    session_factory: sessionmaker[Session],
    db_session: Session,
    editor: User,
    checker: User,
) -> None:
    """A label names its field by id: with the conflict form's "note" and the evidence
    form's "note" sharing one, the conflict label focused the evidence note, and the
    conflict field had no name a screen reader could read."""
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Ids",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    claim = next(c for c in article.claims if c.text == FACTUAL)
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    queue.assign(db_session, claim, checker, editor)
    db_session.commit()
    client = build_app(engine, session_factory, WTF_CSRF_ENABLED=True).test_client()
    login_with_csrf(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Declare a conflict of interest" in page and "Add evidence" in page
    assert _duplicate_ids(page) == set()
    client = build_app(engine, session_factory, WTF_CSRF_ENABLED=True).test_client()
    login_with_csrf(client, editor)
    accounts.create_token(db_session, editor, name="Script")  # each row has a revoke form
    db_session.commit()
    pages = (f"/desk/claims/{claim.id}", f"/desk/articles/{article.id}", "/desk/queue", "/account/")
    for path in pages:
        assert _duplicate_ids(client.get(path).get_data(as_text=True)) == set(), path


def test_one_candidate_is_counted_in_the_singular(client: FlaskClient, editor: User) -> None:
    # Before session 19 the desk said "Article added with 1 candidate claims."
    login(client, editor)
    page = client.post(
        "/desk/articles/new",
        data={"title": "One claim", "text": FACTUAL},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Article added with 1 candidate claim." in page


def test_a_draft_refused_for_another_tabs_save_says_not_saved_once(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Before session 19 the autosave line read "Draft not saved: Not saved: this draft was
    # saved from another tab…": desk.js puts its own prefix before the server's message.
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    url = f"/desk/claims/{claim.id}/draft"
    assert client.post(url, data={"explanation": "Tab A.", "draft_seen": ""}).status_code == 200
    refused = client.post(url, data={"explanation": "Tab B.", "draft_seen": ""})
    assert refused.status_code == 409
    script = (Path(__file__).parents[1] / "factcheck/static/js/desk.js").read_text()
    prefix = re.search(r'"(Draft not saved: )" \+ \(\(body\.error', script)
    assert prefix, "the autosave line's prefix moved: update this test"
    shown = prefix.group(1) + refused.json["error"]["message"]
    assert shown.lower().count("not saved") == 1
    assert "saved from another tab or window" in shown


def test_a_returned_verdict_names_the_editor_who_returned_it(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Before session 19 the claim page's verdict list read "Mostly true returned by <the
    # checker>": the author's name followed the status, though an editor returned it.
    claim = held_claim(db_session, editor, checker, source=True)
    research.submit_verdict(
        db_session, claim, checker, rating_slug="mostly-true", explanation="Close."
    )
    review_panel.return_to_checker(db_session, claim, editor, note="Which page of the report?")
    db_session.commit()
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    verdicts = page[page.index('id="verdicts-h"') :]
    line = " ".join(re.sub(r"<[^>]+>", " ", verdicts.split("</p>", 1)[0]).split())
    assert f"submitted by {checker.display_name} on " in line
    assert f"returned by {editor.display_name} on " in line
    assert f"returned by {checker.display_name}" not in line


def test_take_next_pressed_twice_takes_one_claim(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # A double click on "Take next claim" (or a resend after a slow answer) took two claims:
    # the checker landed on the second, and the first stayed theirs, unseen, for its lease.
    for title in ("First in line", "Second in line", "Third in line"):
        claim = candidate_claim(db_session, editor, title=title)
        articles.triage(db_session, claim, "accept", editor, expected_version=None)
    db_session.commit()
    login(client, checker)
    for page in ("/desk/", "/desk/queue", "/desk/mine"):
        found = re.search(r'name="form_token" value="([0-9a-f]+)"', client.get(page).text)
        assert found, f"{page}: the take form carries no form_token"
        token = found.group(1)
        data = {"form_token": token}
        first = client.post("/desk/queue/next", data=data)
        second = client.post("/desk/queue/next", data=data)
        assert first.status_code == second.status_code == 302
        assert second.headers["Location"] == first.headers["Location"]
        released = client.post(f"{first.headers['Location']}/release")
        assert released.status_code == 302, (first.headers, released.text[:300])
    db_session.expire_all()
    taken = db_session.scalars(
        select(Event).where(Event.action == "take", Event.actor_id == checker.id)
    ).all()
    assert len(taken) == 3, "one take per page's form, whatever the presses"


def test_a_claim_just_taken_shows_its_whole_lease(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # A lease of 24 hours read "23 h 59 min left" a second after the take: the time left
    # was rounded down, so a checker saw less time than they had.
    claim = candidate_claim(db_session, editor, title="Lease in full")
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    db_session.commit()
    login(client, checker)
    mine = client.get("/desk/mine")
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', mine.text)
    assert token
    assert client.post("/desk/queue/next", data={"form_token": token.group(1)}).status_code == 302
    page = client.get("/desk/mine").text
    assert "lease: 24 h left" in page, re.findall(r"lease: [^(]*", page)
