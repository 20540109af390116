"""What an editor's morning of triage turned up."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import candidate_claim, login


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
