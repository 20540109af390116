"""Undoing an accept: an editor takes a queued claim that no checker holds back to the
candidates, from the triage row, the claim page or the API; a held claim stays where it is."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import articles, audit
from factcheck.models import Claim, ClaimStatus, User
from tests.conftest import candidate_claim, held_claim, login, token_for

BUTTON = "Back to candidates"


def _queued(db_session: Session, editor: User) -> Claim:
    claim = candidate_claim(db_session, editor, title="Accepted by mistake")
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    db_session.commit()
    return claim


def _row(page: str, claim: Claim) -> str:
    """The claim's row of the triage page, down to its status line."""
    return page.split(f'id="claim-{claim.id}"')[1].split('class="row-status"')[1].split("</p>")[0]


def _buttons(page: str, claim: Claim) -> str:
    return page.split(f'id="claim-{claim.id}"')[1].split('class="meta"')[0]


def _status(db_session: Session, claim: Claim) -> ClaimStatus:
    db_session.expire_all()
    found = db_session.get(Claim, claim.id)
    assert found is not None
    return found.status


def test_the_triage_row_takes_an_accepted_claim_back_to_the_candidates(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = _queued(db_session, editor)
    login(client, editor)
    page = client.get(f"/desk/articles/{claim.article_id}").get_data(as_text=True)
    row = _buttons(page, claim)
    assert f'aria-label="{BUTTON} claim {claim.id}">{BUTTON}</button>' in row
    assert f'action="/desk/claims/{claim.id}/triage/unaccept"' in row

    response = client.post(
        f"/desk/claims/{claim.id}/triage/unaccept", data={"version": claim.version}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#claim-{claim.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    message = f"Claim #{claim.id} taken back to the candidates."
    assert f'<span class="flash success">{message}</span>' in _row(page, claim)
    row = _buttons(page, claim)
    assert 'data-action="accept"' in row and 'data-action="reject"' in row
    assert BUTTON not in row
    assert _status(db_session, claim) == ClaimStatus.CANDIDATE
    last = audit.history(db_session, "claim", claim.id)[-1]
    assert (last.action, last.from_status, last.to_status, last.actor_id) == (
        "unaccept",
        "queued",
        "candidate",
        editor.id,
    )
    history = client.get(f"/desk/claims/{claim.id}/history").get_data(as_text=True)
    assert BUTTON in history


def test_the_claim_page_offers_it_and_the_script_gets_the_new_row(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = _queued(db_session, editor)
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert f">{BUTTON}</button>" in page
    response = client.post(
        f"/desk/claims/{claim.id}/triage/unaccept",
        data={"version": claim.version},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["message"] == f"Claim #{claim.id} taken back to the candidates."
    assert 'data-action="accept"' in body["rows"][str(claim.id)]


def test_a_claim_a_checker_holds_is_not_offered_and_is_refused_by_name(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker)
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert BUTTON not in page
    response = client.post(
        f"/desk/claims/{claim.id}/triage/unaccept",
        data={"version": claim.version},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 409
    message = response.get_json()["error"]["message"]
    assert message == (
        f"Claim #{claim.id} cannot go back to the candidates: it is in_progress, held by "
        f"{checker.display_name}. Only a queued claim that no checker holds can."
    )
    assert _status(db_session, claim) == ClaimStatus.IN_PROGRESS


def test_checkers_cannot_take_a_claim_back(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    login(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert BUTTON not in page
    response = client.post(f"/desk/claims/{claim.id}/triage/unaccept", data={})
    assert response.status_code == 403
    assert _status(db_session, claim) == ClaimStatus.QUEUED


def test_the_api_takes_a_queued_claim_back_and_refuses_a_held_one(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    held = held_claim(db_session, editor, checker)
    as_editor = token_for(db_session, editor)
    response = client.post(f"/api/v1/claims/{claim.id}/unaccept", headers=as_editor)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "candidate"
    response = client.post(f"/api/v1/claims/{held.id}/unaccept", headers=as_editor)
    assert response.status_code == 409
    assert "cannot go back to the candidates" in response.json["error"]["message"]
    events = client.get(f"/api/v1/claims/{claim.id}/events", headers=as_editor).json["events"]
    assert events[-1]["action"] == "unaccept"
