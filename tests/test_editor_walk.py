"""What an editor's morning of triage turned up: the Back button and refused splits."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import articles
from factcheck.models import User
from tests.conftest import PASSWORD, candidate_claim, login


def test_desk_pages_are_never_kept_for_the_back_button(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """Accepting on the triage page replaces the row in place; the browser's Back came back to
    the page as first loaded, with the claim still a candidate, and its buttons were refused
    as "changed by" the editor themselves. A desk page is fetched again instead."""
    claim = candidate_claim(db_session, editor, title="Back and forth")
    login(client, editor)
    for path in (f"/desk/articles/{claim.article_id}", f"/desk/claims/{claim.id}", "/desk/queue"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path


def test_a_refused_split_keeps_the_lines_typed_on_the_claim_page(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor, title="Split me")
    login(client, editor)
    typed = "The mill closed in a year when the river flooded twice, said Mayor Ada Quill."
    response = client.post(
        f"/desk/claims/{claim.id}/split", data={"version": claim.version, "parts": typed}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give between 2 and 10 claims, one per line." in page
    split_form = page.split('id="split"')[1].split("</section>")[0]
    assert typed in split_form
    assert 'id="parts"' in split_form


def test_a_stale_split_keeps_the_lines_typed(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor, title="Split me late")
    stale = claim.version
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    articles.triage(db_session, claim, "unaccept", editor, expected_version=None)
    db_session.commit()
    login(client, editor)
    typed = "The ferry carried 900 riders.\nThe ferry stopped on Sundays."
    response = client.post(
        f"/desk/claims/{claim.id}/split", data={"version": stale, "parts": typed}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "since you opened it" in page and "Your text is kept below." in page
    split_form = page.split('id="split"')[1].split("</section>")[0]
    assert "The ferry carried 900 riders.\nThe ferry stopped on Sundays." in split_form


def test_a_rewording_refused_for_its_text_is_bad_input_not_a_conflict(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor, title="Reword me")
    login(client, editor)
    for text, message, status in (
        ("", "This field is required.", 400),
        ("The harbour dredging cost " + "a great deal " * 200, "the limit is 2,000.", 413),
    ):
        response = client.post(
            f"/desk/claims/{claim.id}/reword", data={"version": claim.version, "text": text}
        )
        assert response.status_code == status, text[
            :20
        ]  # was 409, as if someone else had changed it
        assert message in response.get_data(as_text=True)


def test_account_pages_are_never_kept_either(client: FlaskClient, editor: User) -> None:
    """The account page lists API tokens and shows a new one in full, once. Before, it had no
    Cache-Control at all: after signing out on a shared computer, Back could show it from the
    browser's cache. Like the desk, it is fetched again (or not at all) instead."""
    login(client, editor)
    for path in ("/account/", "/account/notifications"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path
    created = client.post(
        "/account/tokens", data={"name": "scripts", "scope": "read", "password": PASSWORD}
    )
    assert created.status_code == 201
    assert created.headers.get("Cache-Control") == "no-store"
