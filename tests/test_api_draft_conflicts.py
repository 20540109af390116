"""Two programs saving one verdict draft through the API: the second, from a stale read, is
refused rather than silently overwriting the first (as the desk's tabs already were)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Role, User
from tests.conftest import held_claim, make_user, token_for


def test_a_save_from_a_stale_read_is_refused_and_one_without_saved_at_goes_through(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Two programs", source=True)
    path = f"/api/v1/claims/{claim.id}/verdict"
    headers = token_for(db_session, checker)
    first = client.put(path, headers=headers, json={"rating": "false", "explanation": "One."})
    assert first.status_code == 200
    read = client.get(path, headers=headers).json
    assert read["saved_at"] == first.json["saved_at"]

    # Program A saves on top of what it read.
    a = client.put(path, headers=headers, json={"explanation": "A.", "saved_at": read["saved_at"]})
    assert a.status_code == 200, a.json
    # Program B read the same draft before A saved: before, it overwrote A's words (200).
    b = client.put(path, headers=headers, json={"explanation": "B.", "saved_at": read["saved_at"]})
    assert b.status_code == 409
    assert "saved from another tab or window" in b.json["error"]["message"]
    assert client.get(path, headers=headers).json["explanation"] == "A."
    # Saving on top of A's answer works; leaving saved_at out is not checked.
    again = client.put(
        path, headers=headers, json={"explanation": "A again.", "saved_at": a.json["saved_at"]}
    )
    assert again.status_code == 200
    assert client.put(path, headers=headers, json={"explanation": "Anyway."}).status_code == 200


def test_the_draft_left_by_another_checker_can_be_saved_on_top_of(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """GET gives the draft left by the last checker; its saved_at must be accepted."""
    claim = held_claim(db_session, editor, checker, title="Handed over", source=True)
    path = f"/api/v1/claims/{claim.id}/verdict"
    first = token_for(db_session, checker)
    assert client.put(path, headers=first, json={"explanation": "Half."}).status_code == 200
    assert client.post(f"/api/v1/claims/{claim.id}/release", headers=first, json={}).status_code
    second = token_for(db_session, make_user(db_session, Role.CHECKER, "ivo-kask"))
    assert client.post("/api/v1/queue/next", headers=second, json={}).status_code == 200
    left = client.get(path, headers=second).json
    saved = client.put(
        path, headers=second, json={"explanation": "Whole.", "saved_at": left["saved_at"]}
    )
    assert saved.status_code == 200, saved.json
    assert client.get(path, headers=second).json["explanation"] == "Whole."
