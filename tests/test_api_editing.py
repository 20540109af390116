"""The API accepts what the desk can change after the fact (issue 21): a source edited
(with its archive URL, note and primary flag) or removed, a claim reworded, a published
fact-check withdrawn. Each calls the desk's domain function, under the same permission
table and version checks."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.domain import articles, audit, queue
from factcheck.domain.limits import Limits
from factcheck.models import ArticleStatus, Claim, ClaimStatus, User
from tests.conftest import token_for
from tests.fixtures import ARTICLE, FACTUAL
from tests.publishing_helpers import publish_one

SOURCE = {"url": "https://stats.example/rivers", "stance": "supports"}


def _claim(db_session: Session, editor: User, checker: User | None = None) -> Claim:
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Editing over the API",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    claim = next(c for c in article.claims if c.text == FACTUAL)
    if checker is not None:
        articles.triage(db_session, claim, "accept", editor, expected_version=None)
        queue.assign(db_session, claim, checker, editor)
    db_session.commit()
    return claim


def test_a_source_is_edited_with_every_field_the_desk_sets(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _claim(db_session, editor, checker)
    auth = token_for(db_session, checker)
    added = client.post(f"/api/v1/claims/{claim.id}/evidence", headers=auth, json=SOURCE).json
    change = {
        **SOURCE,
        "archive_url": "https://archive.example/rivers",
        "note": "The 2019 table.",
        "is_primary": True,
        "version": added["version"],
    }
    edited = client.put(f"/api/v1/evidence/{added['id']}", headers=auth, json=change)
    assert edited.status_code == 200, edited.json
    assert edited.json["archive_url"] == "https://archive.example/rivers"
    assert edited.json["note"] == "The 2019 table." and edited.json["is_primary"] is True
    assert edited.json["version"] == added["version"] + 1
    stale = client.put(f"/api/v1/evidence/{added['id']}", headers=auth, json=change)
    assert stale.status_code == 409 and stale.json["error"]["code"] == "stale"


def test_a_source_is_removed_and_another_checker_may_not(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    checker: User,
    checker2: User,
) -> None:
    claim = _claim(db_session, editor, checker)
    auth = token_for(db_session, checker)
    added = client.post(f"/api/v1/claims/{claim.id}/evidence", headers=auth, json=SOURCE).json
    path = f"/api/v1/evidence/{added['id']}"
    assert client.delete(path, headers=token_for(db_session, checker2)).status_code == 403
    assert client.delete(path, headers=auth).status_code == 204
    shown = client.get(f"/api/v1/articles/{claim.article_id}", headers=auth).json
    [listed] = [c for c in shown["claims"] if c["id"] == claim.id]
    assert listed["evidence"] == []


def test_an_editor_rewords_a_candidate_and_a_checker_may_not(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _claim(db_session, editor)
    path = f"/api/v1/claims/{claim.id}/reword"
    body = {"text": "The river rose three metres.", "version": claim.version}
    assert client.post(path, headers=token_for(db_session, checker), json=body).status_code == 403
    reworded = client.post(path, headers=token_for(db_session, editor), json=body)
    assert reworded.status_code == 200, reworded.json
    assert reworded.json["text"] == "The river rose three metres."
    assert reworded.json["status"] == ClaimStatus.CANDIDATE.value


def test_an_editor_withdraws_a_published_fact_check(
    client: FlaskClient,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    published, _ = publish_one(db_session, editor, editor2, checker)
    auth = token_for(db_session, editor)
    path = f"/api/v1/articles/{published.id}/withdraw"
    assert client.post(path, headers=auth, json={"reason": ""}).status_code == 422
    done = client.post(path, headers=auth, json={"reason": "The figures were wrong."})
    assert done.status_code == 200, done.json
    assert done.json["status"] == ArticleStatus.WITHDRAWN.value
    again = client.post(path, headers=auth, json={"reason": "Twice."})
    assert again.status_code == 409


def test_an_editor_schedules_splits_and_merges_claims(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    claim = _claim(db_session, editor)
    auth = token_for(db_session, editor)
    article = client.get(f"/api/v1/articles/{claim.article_id}", headers=auth).json
    others = [c["id"] for c in article["claims"] if c["id"] != claim.id][:2]
    split = client.post(
        f"/api/v1/claims/{claim.id}/split",
        headers=auth,
        json={"parts": ["The river rose.", "It rose 3 metres."], "version": claim.version},
    )
    assert split.status_code == 201, split.json
    texts = {c["text"]: c["status"] for c in split.json["claims"]}
    assert texts["The river rose."] == texts["It rose 3 metres."] == "candidate"
    merged = client.post(
        f"/api/v1/articles/{claim.article_id}/merge", headers=auth, json={"claim_ids": others}
    )
    assert merged.status_code == 201, merged.json
    accepted = client.post(f"/api/v1/claims/{merged.json['id']}/accept", headers=auth).json
    scheduled = client.post(
        f"/api/v1/claims/{accepted['id']}/schedule",
        headers=auth,
        json={"priority": 5, "due_on": "2027-01-31", "version": accepted["version"]},
    )
    assert scheduled.status_code == 200, scheduled.json
    assert scheduled.json["priority"] == 5
    assert scheduled.json["due_at"].startswith("2027-01-31T17:00")
    refused = client.post(
        f"/api/v1/claims/{accepted['id']}/schedule", headers=auth, json={"priority": True}
    )
    assert refused.status_code == 422


def test_errors_name_the_input_key(client: FlaskClient, db_session: Session, editor: User) -> None:
    first, second = _claim(db_session, editor), _claim(db_session, editor)
    auth = token_for(db_session, editor)
    merge = client.post(
        f"/api/v1/articles/{first.article_id}/merge",
        headers=auth,
        json={"claim_ids": [first.id, second.id]},
    )
    assert merge.status_code == 400 and merge.json["error"]["field"] == "claim_ids"
    split = client.post(f"/api/v1/claims/{first.id}/split", headers=auth, json={"parts": ["One."]})
    assert split.status_code == 422 and split.json["error"]["field"] == "parts"
    reword = client.post(f"/api/v1/claims/{first.id}/reword", headers=auth, json={"text": " "})
    assert reword.status_code == 422 and reword.json["error"]["field"] == "text"


def test_a_removed_source_can_be_neither_removed_again_nor_edited(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """Each repeated DELETE answered 204 and wrote another removal into the audit trail;
    an edit changed a source no one sees any more."""
    claim = _claim(db_session, editor, checker)
    auth = token_for(db_session, checker)
    added = client.post(f"/api/v1/claims/{claim.id}/evidence", headers=auth, json=SOURCE).json
    path = f"/api/v1/evidence/{added['id']}"
    assert client.delete(path, headers=auth).status_code == 204
    events = len(audit.history(db_session, "claim", claim.id))
    again = client.delete(path, headers=auth)
    assert again.status_code == 410 and again.json["error"]["code"] == "gone"
    assert "was removed" in again.json["error"]["message"]
    edited = client.put(path, headers=auth, json={**SOURCE, "title": "After removal"})
    assert edited.status_code == 410
    db_session.expire_all()
    assert len(audit.history(db_session, "claim", claim.id)) == events


def test_merging_a_candidate_with_itself_says_so(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """It answered "Cannot merge claim #N: it is rejected" about a claim still a candidate."""
    claim = _claim(db_session, editor)
    auth = token_for(db_session, editor)
    path = f"/api/v1/articles/{claim.article_id}/merge"
    refused = client.post(path, headers=auth, json={"claim_ids": [claim.id, claim.id]})
    assert refused.status_code == 400, refused.json
    assert refused.json["error"]["field"] == "claim_ids"
    assert f"#{claim.id} is listed more than once" in refused.json["error"]["message"]
    db_session.refresh(claim)
    assert claim.status == ClaimStatus.CANDIDATE
