"""Bulk triage on the article page: accept or reject the ticked candidates, reject every
candidate below a score; answered as HTML rows for the page's script (JSON) or with a
message beside the list (plain forms). A stale copy is refused per claim, the rest applied."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, Event, User
from tests.conftest import login
from tests.factories import ArticleFactory, ClaimFactory, bind

JSON = {"Accept": "application/json"}
SCORE_MESSAGE = "Give a score from 0 to 1 (0.75 or 0,75) or a percentage (75 or 75%)."


def _article(db_session: Session, editor: User, scores: list[float]) -> tuple[Article, list[Claim]]:
    bind(db_session)
    article = ArticleFactory(created_by_id=editor.id)
    claims = [
        ClaimFactory(article=article, score=score, position=n, text=f"Candidate number {n}.")
        for n, score in enumerate(scores)
    ]
    db_session.flush()
    return article, claims


def _versions(claims: list[Claim]) -> dict[str, object]:
    return {f"version_{c.id}": c.version for c in claims}


def _statuses(db_session: Session, claims: list[Claim]) -> list[ClaimStatus]:
    db_session.expire_all()
    return [db_session.get(Claim, c.id).status for c in claims]  # type: ignore[union-attr]


def test_the_ticked_candidates_are_accepted_with_one_event_each(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.9, 0.8, 0.7])
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article.id}/bulk/accept",
        data={"claim_ids": [claims[0].id, claims[2].id], **_versions(claims)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/desk/articles/{article.id}#candidates")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # The message sits beside the list the redirect jumps to, not only at the top.
    status = '<p class="bulk-status" id="bulk-status" role="status" aria-live="polite">'
    assert status + '<span class="flash success">2 claims accepted.</span>' in page
    assert _statuses(db_session, claims) == [
        ClaimStatus.QUEUED,
        ClaimStatus.CANDIDATE,
        ClaimStatus.QUEUED,
    ]
    events = db_session.scalars(
        select(Event).where(Event.entity_type == "claim", Event.action == "accept")
    ).all()
    assert sorted(e.entity_id for e in events) == sorted([claims[0].id, claims[2].id])


def test_a_stale_copy_is_refused_by_name_and_the_rest_applied(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.9, 0.8])
    login(client, editor)
    seen = _versions(claims)
    seen[f"version_{claims[1].id}"] = claims[1].version - 1  # an older copy of the page
    response = client.post(
        f"/desk/articles/{article.id}/bulk/reject",
        data={"claim_ids": [c.id for c in claims], **seen},
        headers=JSON,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["message"].startswith(f"1 claim rejected. 1 not changed: Claim #{claims[1].id} ")
    assert body["refused"][0]["claim_id"] == claims[1].id
    said = body["refused"][0]["message"]
    assert said.startswith(f"Claim #{claims[1].id} was changed by ")
    assert said.endswith(
        "since you opened the page; its current state is shown. Decide again if needed."
    )
    assert "Your text is kept" not in said  # a button has no text to keep
    # Both rows come back: the rejected one with Restore, the refused one current.
    assert set(body["rows"]) == {str(claims[0].id), str(claims[1].id)}
    assert "Restore" in body["rows"][str(claims[0].id)]
    assert (
        f'name="version_{claims[1].id}" value="{claims[1].version}"'
        in body["rows"][str(claims[1].id)]
    )
    assert _statuses(db_session, claims) == [ClaimStatus.REJECTED, ClaimStatus.CANDIDATE]


def test_reject_below_a_score_leaves_the_higher_ones(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.9, 0.45, 0.3, 0.1])
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article.id}/reject-below",
        data={"below": "0.5", **_versions(claims)},
        headers=JSON,
    )
    assert response.get_json()["message"] == "3 claims rejected."
    assert _statuses(db_session, claims) == [
        ClaimStatus.CANDIDATE,
        ClaimStatus.REJECTED,
        ClaimStatus.REJECTED,
        ClaimStatus.REJECTED,
    ]


def test_reject_below_spares_candidates_the_editor_has_not_seen(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.2, 0.1])
    login(client, editor)
    client.post(
        f"/desk/articles/{article.id}/reject-below",
        data={"below": "0.5", **_versions(claims[:1])},
    )
    assert _statuses(db_session, claims) == [ClaimStatus.REJECTED, ClaimStatus.CANDIDATE]


def test_bad_bulk_input_gets_a_clear_message_not_a_500(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.9])
    login(client, editor)
    nothing = client.post(f"/desk/articles/{article.id}/bulk/accept", data={}, headers=JSON)
    assert nothing.status_code == 400
    assert nothing.get_json()["error"]["message"] == "Tick at least one candidate first."
    score = client.post(
        f"/desk/articles/{article.id}/reject-below", data={"below": "170"}, headers=JSON
    )
    assert score.status_code == 400
    assert score.get_json()["error"]["message"] == SCORE_MESSAGE
    odd = client.post(
        f"/desk/articles/{article.id}/bulk/restore",
        data={"claim_ids": [claims[0].id], **_versions(claims)},
        follow_redirects=True,
    )
    assert "Unknown bulk action" in odd.get_data(as_text=True)


def test_one_candidate_by_fetch_comes_back_as_its_new_row(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    _, claims = _article(db_session, editor, [0.9])
    login(client, editor)
    claim = claims[0]
    response = client.post(
        f"/desk/claims/{claim.id}/triage/accept", data={"version": claim.version}, headers=JSON
    )
    body = response.get_json()
    assert body["message"] == f"Claim #{claim.id} accepted."
    assert (
        f'<li id="claim-{claim.id}" class="claim-item status-queued handled"'
        in body["rows"][str(claim.id)]
    )
    stale = client.post(
        f"/desk/claims/{claim.id}/triage/reject", data={"version": claim.version}, headers=JSON
    )
    assert stale.status_code == 409
    said = stale.get_json()["error"]["message"]
    assert said.startswith(f"Claim #{claim.id} was changed by {editor.display_name} "), said


def test_without_script_a_decision_is_announced_on_its_row(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    _, claims = _article(db_session, editor, [0.9])
    login(client, editor)
    claim = claims[0]
    response = client.post(
        f"/desk/claims/{claim.id}/triage/reject", data={"version": claim.version}
    )
    assert response.headers["Location"].endswith(f"#claim-{claim.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<span class="flash success">Claim #{claim.id} rejected.</span>' in page
    assert page.count(f"Claim #{claim.id} rejected.") == 1  # not repeated at the top


def test_reject_below_reads_a_decimal_comma_and_says_what_it_wants_otherwise(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """ "0,3" and "abc" got WTForms' "Not a valid float value." """
    article, claims = _article(db_session, editor, [0.9, 0.2])
    login(client, editor)
    path = f"/desk/articles/{article.id}/reject-below"
    odd = client.post(path, data={"below": "abc", **_versions(claims)}, headers=JSON)
    assert odd.status_code == 400
    assert odd.get_json()["error"]["message"] == SCORE_MESSAGE
    comma = client.post(path, data={"below": "0,3", **_versions(claims)}, headers=JSON)
    assert comma.get_json()["message"] == "1 claim rejected.", comma.get_json()


@pytest.mark.parametrize(
    ("typed", "rejected"),
    [("75", 2), ("75%", 2), (" 50 % ", 1), ("0,75", 2), ("0.5", 1), ("1", 3)],
)
def test_reject_below_reads_a_percentage_as_editors_type_it(
    client: FlaskClient, db_session: Session, editor: User, typed: str, rejected: int
) -> None:
    """A number above 1 is a percentage ("75" is 0.75); 1 and below is a score."""
    article, claims = _article(db_session, editor, [0.9, 0.6, 0.2])
    login(client, editor)
    path = f"/desk/articles/{article.id}/reject-below"
    response = client.post(path, data={"below": typed, **_versions(claims)}, headers=JSON)
    assert response.status_code == 200, response.get_json()
    said = "1 claim rejected." if rejected == 1 else f"{rejected} claims rejected."
    assert response.get_json()["message"] == said


def test_one_percent_is_written_with_its_sign(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, claims = _article(db_session, editor, [0.9, 0.2])
    login(client, editor)
    path = f"/desk/articles/{article.id}/reject-below"
    response = client.post(path, data={"below": "1%", **_versions(claims)}, headers=JSON)
    message = response.get_json()["error"]["message"]
    assert message == "No candidate on this page scores below 0.01."


@pytest.mark.parametrize("typed", ["abc", "0.7.5", "-5", "150", "75%%", "1e3", "", "nan"])
def test_without_script_a_score_nobody_can_read_is_named_beside_the_list(
    client: FlaskClient, db_session: Session, editor: User, typed: str
) -> None:
    article, claims = _article(db_session, editor, [0.9, 0.2])
    login(client, editor)
    response = client.post(
        f"/desk/articles/{article.id}/reject-below", data={"below": typed, **_versions(claims)}
    )
    assert response.headers["Location"].endswith(f"/desk/articles/{article.id}#candidates")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'<span class="flash error">{SCORE_MESSAGE}</span>' in page.split('id="bulk-status"')[1]
    assert _statuses(db_session, claims) == [ClaimStatus.CANDIDATE, ClaimStatus.CANDIDATE]


def test_the_field_says_how_a_percentage_is_read(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    article, _ = _article(db_session, editor, [0.9])
    login(client, editor)
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    field = page.split('id="below"')[1].split(">")[0]
    assert 'type="text"' in field and 'inputmode="decimal"' in field
    assert "a number above 1 counts as a percentage, so one percent is 1%" in page
