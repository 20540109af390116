"""What the form fuzzer (tests/test_form_fuzz.py) found, one focused test each."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import job_failures, topics
from factcheck.models import Claim, JobFailure, User, VerdictDraft
from tests.conftest import error_summary, held_claim, login


def test_a_topic_value_that_is_no_id_is_refused_and_keeps_the_topics(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """A topic value of "¹" passes str.isdigit() but int() refuses it: it was a 500."""
    claim = held_claim(db_session, editor, checker)
    transport = topics.create_topic(db_session, editor, "Transport")
    topics.set_claim_topics(db_session, claim, editor, [transport.id])
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    for value in ("¹", "99999999999999999999"):
        response = client.post(
            f"/desk/claims/{claim.id}/topics",
            data={"topics": [str(transport.id), value], "version": str(claim.version)},
        )
        assert response.status_code == 400, value
        assert '<a href="#topics">Topics: ' in error_summary(response.get_data(as_text=True))
    db_session.expire_all()
    assert [t.name for t in db_session.get(Claim, claim.id).topics] == ["Transport"]


def test_a_draft_saves_when_the_stamp_sent_names_no_draft(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """A stamp sent back while the claim has no draft at all was a 500 (an assert); with
    nothing another tab could have saved, the draft is saved."""
    claim = held_claim(db_session, editor, checker)
    client = app.test_client()
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "true", "explanation": "Budget papers agree.", "draft_seen": " "},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json["message"].startswith("Draft saved at")
    db_session.expire_all()
    draft = db_session.query(VerdictDraft).filter_by(claim_id=claim.id).one()
    assert draft.explanation == "Budget papers agree."


def test_a_failed_job_whose_task_no_longer_exists_is_refused_not_a_500(
    app: Flask, db_session: Session, admin: User
) -> None:
    """A failure kept under a job name a later release renamed: "Run again" was a 500
    (KeyError) after marking it run again; it is refused and stays waiting."""
    failure = job_failures.record(
        db_session, task_name="archive_old_name", task_id="t-1", arguments=[], error="x", tries=3
    )
    db_session.commit()
    client = app.test_client()
    login(client, admin)
    response = client.post(f"/desk/admin/jobs/{failure.id}/run-again", follow_redirects=True)
    assert response.status_code == 200
    assert "no job called archive_old_name" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(JobFailure, failure.id).retried_at is None  # type: ignore[union-attr]
