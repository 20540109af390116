""" "Archive now" as a job: the source shows a pending state, then its snapshot or the reason
it could not be kept; the claim page's line updates from the archive-state URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.jobs.queue import huey
from factcheck.jobs.registry import TASKS
from factcheck.models import ArchiveStatus, Evidence, User
from tests.conftest import a_bug_of_ours, login, run_queued_jobs, run_with_every_retry, token_for
from tests.fixtures import ARTICLE
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(SiteHandler)))


def _source(
    client: FlaskClient, session: Session, editor: User, checker: User, url: str
) -> tuple[int, int]:
    """(claim id, evidence id) of a source the checker added to the claim they hold."""
    headers = token_for(session, editor)
    article = client.post(
        "/api/v1/articles", headers=headers, json={"title": "A", "text": ARTICLE}
    ).json
    client.post(f"/api/v1/claims/{article['claims'][0]['id']}/accept", headers=headers)
    as_checker = token_for(session, checker)
    claim = client.post("/api/v1/queue/next", headers=as_checker).json
    evidence = client.post(
        f"/api/v1/claims/{claim['id']}/evidence",
        headers=as_checker,
        json={"url": url, "stance": "context"},
    ).json
    return claim["id"], evidence["id"]


def test_archive_now_is_pending_then_shows_the_snapshot(
    queued_app: Flask, db_session: Session, editor: User, checker: User, site: Site
) -> None:
    client = queued_app.test_client()
    claim_id, evidence_id = _source(client, db_session, editor, checker, site.url("/article"))
    login(client, checker)
    response = client.post(f"/desk/evidence/{evidence_id}/archive", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Archiving the page in the background" in page
    assert "archiving the page…" in page and f"/desk/evidence/{evidence_id}/archive-state" in page
    assert ">Archive now<" not in page, "no second request while one is pending"
    assert client.get(f"/desk/evidence/{evidence_id}/archive-state").json["status"] == "pending"
    assert site.server.requests == []

    run_queued_jobs(queued_app)
    state = client.get(f"/desk/evidence/{evidence_id}/archive-state").json
    assert state["status"] == "archived"
    evidence = db_session.get(Evidence, evidence_id)
    assert evidence is not None
    db_session.refresh(evidence)
    assert evidence.snapshot is not None
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert f"/desk/snapshots/{evidence.snapshot.id}" in page


def test_a_failed_archive_says_why_and_may_be_tried_again(
    queued_app: Flask, db_session: Session, editor: User, checker: User, site: Site
) -> None:
    client = queued_app.test_client()
    claim_id, evidence_id = _source(client, db_session, editor, checker, site.url("/missing"))
    login(client, checker)
    client.post(f"/desk/evidence/{evidence_id}/archive")
    run_queued_jobs(queued_app)
    state = client.get(f"/desk/evidence/{evidence_id}/archive-state").json
    assert state["status"] == "failed" and "404" in state["text"]
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "<strong>failed</strong>" in page and ">Retry archiving<" in page


def test_an_archive_whose_job_was_lost_is_asked_for_again(
    queued_app: Flask, db_session: Session, editor: User, checker: User, site: Site
) -> None:
    """The queue lost the job (an outage between the commit and the send): the source said
    "archiving the page…" for ever. Ten minutes on, resume_lost_jobs asks again, on behalf of
    the person who asked, and the snapshot is kept."""
    client = queued_app.test_client()
    claim_id, evidence_id = _source(client, db_session, editor, checker, site.url("/article"))
    run_queued_jobs(queued_app)  # the article's own jobs
    login(client, checker)
    client.post(f"/desk/evidence/{evidence_id}/archive")
    huey.flush()  # the job is gone; the source stays pending
    with queued_app.app_context():
        TASKS["resume_lost_jobs"].call_local()
    assert run_queued_jobs(queued_app) == [], "a request younger than ten minutes is left alone"
    assert client.get(f"/desk/evidence/{evidence_id}/archive-state").json["status"] == "pending"

    later = clock.now() + dt.timedelta(minutes=11)
    clock.set_source(lambda: later)
    try:
        with queued_app.app_context():
            TASKS["resume_lost_jobs"].call_local()
        assert run_queued_jobs(queued_app) == ["archive_source"]
    finally:
        clock.set_source(None)
    assert client.get(f"/desk/evidence/{evidence_id}/archive-state").json["status"] == "archived"
    evidence = db_session.get(Evidence, evidence_id)
    assert evidence is not None
    db_session.refresh(evidence)
    assert evidence.snapshot is not None and evidence.snapshot.fetched_by_id == checker.id
    assert f"/desk/snapshots/{evidence.snapshot.id}" in client.get(
        f"/desk/claims/{claim_id}"
    ).get_data(as_text=True)


def test_an_archive_whose_job_fails_on_every_try_fails_with_a_reason_not_pending_for_ever(
    queued_app: Flask,
    db_session: Session,
    editor: User,
    checker: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error of ours on every try: before session 16 the source stayed at "archiving the
    # page…" for ever, and was asked for again every 10 minutes
    from factcheck.domain import ingesting

    monkeypatch.setattr(ingesting, "fetch_for_archive", a_bug_of_ours)
    client = queued_app.test_client()
    claim_id, evidence_id = _source(
        client, db_session, editor, checker, "https://example.org/source"
    )
    login(client, checker)
    client.post(f"/desk/evidence/{evidence_id}/archive")
    assert run_with_every_retry(queued_app).count("archive_source") == 5
    page = client.get(f"/desk/claims/{claim_id}").get_data(as_text=True)
    assert "something went wrong on our side" in page and ">Retry archiving<" in page
    assert "a bug of ours" not in page
    stored = db_session.get(Evidence, evidence_id)
    assert stored is not None
    db_session.refresh(stored)
    assert stored.archive_status is ArchiveStatus.FAILED
