"""Matching work done by jobs, not in the request: the embeddings of imported fact-checks, and
the earlier fact-checks of a new article's claims (stored, shown pending until found)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import (
    archive,
    earlier_checks,
    job_failures,
    lost_jobs,
    publishing,
    stored_suggestions,
)
from factcheck.jobs.outbox import pending
from factcheck.jobs.queue import huey
from factcheck.jobs.registry import TASKS
from factcheck.matching.embedding import StaticEmbedder
from factcheck.models import (
    ArchiveEntry,
    Article,
    Claim,
    ClaimStatus,
    ClaimSuggestion,
    JobFailure,
    LlmRewriteStatus,
    MatchEntry,
    User,
)
from tests.conftest import a_bug_of_ours, login, run_queued_jobs, run_with_every_retry, token_for
from tests.page_world import add_article
from tests.publishing_helpers import CONTEXT, approve_one

FEED = "\n".join(
    json.dumps(item)
    for item in [
        {
            "id": "pf-1",
            "claim": "The city's murder rate doubled in 2024.",
            "rating": "Pants on Fire",
            "url": "https://pf.example/1",
            "outlet": "PolitiFact",
        },
        {"id": "pf-2", "claim": "Unemployment is at a 50-year low.", "outlet": "PolitiFact"},
    ]
)
BODY = (
    "The city's murder rate has doubled since 2024, the mayor said on Monday.\n\n"
    "Unemployment is at its lowest in 50 years, she added."
)


@pytest.fixture
def embedded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many texts the embedding model was asked for, call by call."""
    calls: list[int] = []
    real = StaticEmbedder.embed

    def counting(self: StaticEmbedder, texts: list[str]) -> Any:
        calls.append(len(texts))
        return real(self, texts)

    monkeypatch.setattr(StaticEmbedder, "embed", counting)
    return calls


def _vectors(session: Session) -> list[bytes | None]:
    session.expire_all()
    query = select(MatchEntry.embedding).where(MatchEntry.archive_entry_id.is_not(None))
    return list(session.scalars(query))


def test_an_api_import_stores_the_entries_and_leaves_their_embedding_to_a_job(
    queued_app: Flask, db_session: Session, admin: User, embedded: list[int]
) -> None:
    client = queued_app.test_client()
    answer = client.post(
        "/api/v1/claimreview/import",
        headers=token_for(db_session, admin) | {"Content-Type": "application/octet-stream"},
        data=FEED,
    )
    assert answer.status_code == 201, answer.json
    assert answer.json["created"] == 2 and answer.json["waiting_for_vectors"] == 2
    assert embedded == [], "the request embedded nothing"
    assert _vectors(db_session) == [None, None]
    login(client, admin)
    jobs_page = client.get("/desk/admin/jobs").get_data(as_text=True)
    assert "2 imported fact-checks wait for matching vectors" in jobs_page

    run_queued_jobs(queued_app)
    assert embedded == [2], "one batch"
    vectors = _vectors(db_session)
    assert len(vectors) == 2 and all(v is not None and len(v) == 512 for v in vectors)
    assert "wait for matching vectors" not in client.get("/desk/admin/jobs").get_data(as_text=True)

    # A second run (a retry, an admin's "run again") finds nothing left to embed.
    with queued_app.app_context():
        TASKS["embed_archive_entries"]()
    run_queued_jobs(queued_app)
    assert embedded == [2] and _vectors(db_session) == vectors


def test_the_openapi_document_declares_the_waiting_count(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert "waiting_for_vectors" in schemas["ImportReport"]["properties"]
    assert "waiting_for_vectors" in schemas["ImportReport"]["required"]


def test_an_entry_still_without_its_embedding_is_found_by_its_words(
    app: Flask, db_session: Session, editor: User
) -> None:
    from factcheck.domain import articles
    from factcheck.domain.limits import Limits

    archive.import_entries(db_session, FEED, None)  # no app here: the job does not run
    assert _vectors(db_session) == [None, None]
    article = articles.create_article(
        db_session, creator=editor, title="Crime", body=BODY, limits=Limits(max_chars=10_000)
    )
    db_session.commit()
    claim = next(c for c in article.claims if "murder" in c.text)
    found = earlier_checks.suggestions_for(db_session, claim, own_outlet="Us")
    assert [(s.outlet, s.rating, s.likely) for s in found] == [
        ("PolitiFact", "Pants on Fire", True)
    ]
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Possibly already checked" in page and "Pants on Fire" in page


def _article(client: FlaskClient, session: Session, editor: User) -> tuple[int, int]:
    """(article id, id of its murder-rate claim), added through the API."""
    answer = client.post(
        "/api/v1/articles",
        headers=token_for(session, editor),
        json={"title": "Crime", "text": BODY},
    )
    assert answer.status_code == 201, answer.json
    claim = next(c for c in answer.json["claims"] if "murder" in c["text"])
    return answer.json["id"], claim["id"]


def _archive_then_article(
    app: Flask, session: Session, editor: User
) -> tuple[FlaskClient, int, int]:
    """The feed imported (its refresh run, with no article yet), then the crime article
    added through the API: (client, article id, id of its murder-rate claim)."""
    archive.import_entries(session, FEED, None, embed_now=True)
    session.commit()
    run_queued_jobs(app)
    client = app.test_client()
    return (client, *_article(client, session, editor))


def test_the_article_page_shows_pending_then_the_stored_suggestions(
    queued_app: Flask, db_session: Session, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, article_id, claim_id = _archive_then_article(queued_app, db_session, editor)
    login(client, editor)
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "Looking for earlier fact-checks…" in page
    assert f'data-poll="/desk/articles/{article_id}/match-state"' in page
    assert "Possibly already checked" not in page
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "pending" and "Looking for earlier fact-checks" in state["text"]

    run_queued_jobs(queued_app)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "done" and "Earlier fact-checks looked up" in state["text"]
    assert "Possibly already checked: <strong>PolitiFact</strong>" in state["claims"][str(claim_id)]

    # The page reads what the job stored: it searches nothing itself.
    def no_search(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the article page searched the archive")

    monkeypatch.setattr(earlier_checks, "search", no_search)
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "Possibly already checked: <strong>PolitiFact</strong>" in page
    assert "Looking for earlier fact-checks" not in page and "data-poll" not in page


def test_a_dismissed_suggestion_stays_hidden_on_the_article_page(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    client, article_id, claim_id = _archive_then_article(queued_app, db_session, editor)
    run_queued_jobs(queued_app)
    login(client, editor)
    shown = "Possibly already checked: <strong>PolitiFact</strong> (“Pants on Fire”)"
    assert shown in client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    entry = db_session.scalars(select(ArchiveEntry).where(ArchiveEntry.external_id == "pf-1")).one()
    client.post(f"/desk/claims/{claim_id}/dismiss", data={"key": f"archive:{entry.id}"})
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "Pants on Fire" not in page
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert "Possibly already checked" not in state["claims"][str(claim_id)]


def test_rewording_a_claim_looks_again(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    client, article_id, _claim_id = _archive_then_article(queued_app, db_session, editor)
    run_queued_jobs(queued_app)
    other = db_session.scalars(
        select(Claim).where(Claim.article_id == article_id, Claim.text.contains("Unemployment"))
    ).one()
    login(client, editor)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert "Pants on Fire" not in state["claims"][str(other.id)]
    client.post(
        f"/desk/claims/{other.id}/reword",
        data={"text": "The city's murder rate doubled in 2024.", "version": str(other.version)},
    )
    assert client.get(f"/desk/articles/{article_id}/match-state").json["status"] == "pending"
    run_queued_jobs(queued_app)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "done" and "Pants on Fire" in state["claims"][str(other.id)]


def test_fact_checks_imported_after_the_search_reach_the_article_page(
    queued_app: Flask, db_session: Session, editor: User, admin: User
) -> None:
    """The article was searched before the archive held its fact-check; the import asks again
    for every article still on the desk, and the editor sees it on the article page."""
    client = queued_app.test_client()
    article_id, claim_id = _article(client, db_session, editor)
    run_queued_jobs(queued_app)
    login(client, editor)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert (
        state["status"] == "done"
        and "Possibly already checked" not in state["claims"][str(claim_id)]
    )

    answer = client.post(
        "/api/v1/claimreview/import",
        headers=token_for(db_session, admin) | {"Content-Type": "application/octet-stream"},
        data=FEED,
    )
    assert answer.status_code == 201, answer.json
    ran = run_queued_jobs(queued_app)
    assert "refresh_earlier_checks" in ran and "find_earlier_checks" in ran
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "done"
    assert "Possibly already checked: <strong>PolitiFact</strong>" in state["claims"][str(claim_id)]
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "Possibly already checked: <strong>PolitiFact</strong>" in page


def test_publishing_asks_again_for_the_articles_still_on_the_desk(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """Our own fact-check, once published, is an earlier fact-check for the others."""
    article, _claim = approve_one(db_session, editor, editor2, checker)
    db_session.info.clear()
    publishing.publish_article(
        db_session, article, editor, context=CONTEXT, summary="Close, but not quite."
    )
    assert ("refresh_earlier_checks", ()) in pending(db_session)


def test_a_refresh_leaves_finished_and_old_articles_alone(
    db_session: Session, editor: User
) -> None:
    recent = add_article(db_session, editor, "Still on the desk")
    done = add_article(db_session, editor, "Every claim rejected")
    old = add_article(db_session, editor, "Left behind months ago")
    db_session.flush()
    for article in (recent, done, old):
        stored_suggestions.request(db_session, article.id)
    for claim in done.claims:
        claim.status = ClaimStatus.REJECTED
    old.created_at = clock.now() - stored_suggestions.REFRESH_WINDOW - dt.timedelta(days=1)
    db_session.flush()
    db_session.info.clear()  # what the requests above queued
    assert stored_suggestions.refresh_open_articles(db_session) == 1
    assert pending(db_session) == [("find_earlier_checks", (recent.id,))]


def test_searches_and_vectors_whose_jobs_were_lost_are_asked_for_again(
    queued_app: Flask, db_session: Session, editor: User, admin: User
) -> None:
    """The queue lost both jobs (an outage between the commit and the send): ten minutes on,
    the periodic resume_lost_jobs asks again, and the work gets done."""
    client = queued_app.test_client()
    client.post(
        "/api/v1/claimreview/import",
        headers=token_for(db_session, admin) | {"Content-Type": "application/octet-stream"},
        data=FEED,
    )
    article_id, claim_id = _article(client, db_session, editor)
    huey.flush()  # both jobs are gone
    with queued_app.app_context():
        TASKS["resume_lost_jobs"].call_local()
    run_queued_jobs(queued_app)
    assert _vectors(db_session) == [None, None], "work younger than ten minutes is left alone"

    later = clock.now() + dt.timedelta(minutes=11)
    clock.set_source(lambda: later)
    try:
        with queued_app.app_context():
            TASKS["resume_lost_jobs"].call_local()
        run_queued_jobs(queued_app)
    finally:
        clock.set_source(None)
    assert all(vector is not None for vector in _vectors(db_session))
    login(client, editor)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "done"
    assert "Possibly already checked" in state["claims"][str(claim_id)]


def test_a_search_whose_job_fails_on_every_try_says_so_and_can_be_asked_again(
    queued_app: Flask,
    db_session: Session,
    checker: User,
    editor: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error of ours on every try: before session 17 the page said "Looking for earlier
    # fact-checks…" for ever, and resume_lost_jobs queued the failing job every ten minutes.
    client, article_id, claim_id = _archive_then_article(queued_app, db_session, editor)
    monkeypatch.setattr(earlier_checks, "matches_for_claims", a_bug_of_ours)
    assert run_with_every_retry(queued_app).count("find_earlier_checks") == 5
    login(client, checker)
    page = client.get(f"/desk/articles/{article_id}").get_data(as_text=True)
    assert "could not look for earlier fact-checks" in page and "Search again" in page
    assert "Looking for earlier fact-checks…" not in page and "a bug of ours" not in page
    assert f'data-poll="/desk/articles/{article_id}/match-state"' not in page
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "failed" and "Search again" in state["text"]

    later = clock.now() + dt.timedelta(minutes=11)
    clock.set_source(lambda: later)
    try:
        assert lost_jobs.resume_lost_jobs(db_session).searches == 0
    finally:
        clock.set_source(None)

    monkeypatch.undo()
    asked = client.post(f"/desk/articles/{article_id}/search-again", follow_redirects=True)
    page = asked.get_data(as_text=True)
    assert "Looking for earlier fact-checks again." in page
    assert "Looking for earlier fact-checks…" in page and "Search again" not in page
    assert run_queued_jobs(queued_app) == ["find_earlier_checks"]
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "done" and "Earlier fact-checks looked up" in state["text"]
    assert "Possibly already checked" in state["claims"][str(claim_id)]

    again = client.post(f"/desk/articles/{article_id}/search-again", follow_redirects=True)
    assert "Only a search for earlier fact-checks that failed" in again.get_data(as_text=True)
    assert run_queued_jobs(queued_app) == []
    missing = client.post("/desk/articles/999999/search-again", follow_redirects=True)
    assert "There is no article #999999." in missing.get_data(as_text=True)


def test_a_failed_search_keeps_the_suggestions_an_earlier_one_found(
    queued_app: Flask, db_session: Session, editor: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, article_id, claim_id = _archive_then_article(queued_app, db_session, editor)
    run_queued_jobs(queued_app)

    monkeypatch.setattr(earlier_checks, "matches_for_claims", a_bug_of_ours)
    stored_suggestions.request(db_session, article_id)
    db_session.commit()
    run_with_every_retry(queued_app)
    login(client, editor)
    state = client.get(f"/desk/articles/{article_id}/match-state").json
    assert state["status"] == "failed"
    assert "The suggestions shown are from the search of" in state["text"]
    assert "Possibly already checked" in state["claims"][str(claim_id)]


def test_vectors_whose_job_gave_up_wait_for_an_admin_not_the_ten_minute_retry(
    queued_app: Flask, db_session: Session, admin: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: a model that could not load failed every try, and resume_lost_jobs queued the
    # job again every ten minutes, to fail again: a new failed job on Admin → Jobs (and in
    # the audit trail) six times an hour, for ever.
    monkeypatch.setattr(StaticEmbedder, "embed", a_bug_of_ours)
    client = queued_app.test_client()
    client.post(
        "/api/v1/claimreview/import",
        headers=token_for(db_session, admin) | {"Content-Type": "application/octet-stream"},
        data=FEED,
    )
    assert run_with_every_retry(queued_app).count("embed_archive_entries") == 5
    later = clock.now() + dt.timedelta(minutes=11)
    clock.set_source(lambda: later)
    try:
        assert lost_jobs.resume_lost_jobs(db_session).vectors is False
        login(client, admin)
        page = client.get("/desk/admin/jobs").get_data(as_text=True)
        assert "2 imported fact-checks wait for matching vectors" in page
        assert "their job failed: run it again below" in page
        failure = db_session.scalars(select(JobFailure)).one()
        monkeypatch.undo()
        job_failures.run_again(db_session, failure.id, admin)
        db_session.commit()
        assert run_queued_jobs(queued_app) == ["embed_archive_entries"]
    finally:
        clock.set_source(None)
    assert all(vector is not None for vector in _vectors(db_session))


def test_a_rewrite_left_pending_is_asked_for_again(db_session: Session, editor: User) -> None:
    article = add_article(db_session, editor, "Waiting for the model")
    db_session.flush()
    article.llm_rewrite_status = LlmRewriteStatus.PENDING
    db_session.flush()
    db_session.info.pop("factcheck.jobs.pending", None)  # what creating the article queued
    assert lost_jobs.resume_lost_jobs(db_session).rewrites == 0, "not yet ten minutes"
    db_session.execute(
        update(Article)
        .where(Article.id == article.id)
        .values(updated_at=clock.now() - dt.timedelta(minutes=11))
    )
    assert lost_jobs.resume_lost_jobs(db_session).rewrites == 1
    assert ("rewrite_candidates", (article.id,)) in pending(db_session)


DATED_FEED = json.dumps(
    {
        "id": "pf-9",
        "claim": "The city's murder rate doubled in 2024.",
        "rating": "False",
        "url": "https://pf.example/9",
        "outlet": "PolitiFact",
        "date": "2025-03-01",
    }
)


def _stored_score(session: Session, claim_id: int) -> float:
    session.expire_all()
    [score] = session.scalars(
        select(ClaimSuggestion.score).where(ClaimSuggestion.claim_id == claim_id)
    ).all()
    return score


def _searched_now(session: Session, claim_id: int) -> float:
    claim = session.get(Claim, claim_id)
    assert claim is not None
    [match] = earlier_checks.matches_for_claims(session, [claim], limit=1)[claim_id]
    return match.score


def _searched_undated(
    queued_app: Flask, session: Session, editor: User
) -> tuple[FlaskClient, int, int, float]:
    """A dated fact-check in the archive, then an article whose murder-rate claim has no
    date of its own, searched: (client, article id, claim id, the claim's stored score)."""
    archive.import_entries(session, DATED_FEED, None, embed_now=True)
    session.commit()
    client = queued_app.test_client()
    article_id, claim_id = _article(client, session, editor)
    run_queued_jobs(queued_app)
    return client, article_id, claim_id, _stored_score(session, claim_id)


def _version(session: Session, model: type[Claim] | type[Article], key: int) -> str:
    item = session.get(model, key)
    assert item is not None
    return str(item.version)


def _match_state(client: FlaskClient, article_id: int) -> str:
    return str(client.get(f"/desk/articles/{article_id}/match-state").json["status"])


def test_dating_a_claim_looks_again(queued_app: Flask, db_session: Session, editor: User) -> None:
    """The fact-check is dated 2025-03-01; the claim, undated, was matched as made the day
    the article came in. Dated the same day as the fact-check, it is matched again, and the
    stored suggestion is what a search with the new date finds."""
    client, article_id, claim_id, undated = _searched_undated(queued_app, db_session, editor)
    login(client, editor)
    answer = client.post(
        f"/desk/claims/{claim_id}/details",
        data={
            "claimant": "",
            "claim_date": "2025-03-01",
            "version": _version(db_session, Claim, claim_id),
        },
    )
    assert answer.status_code == 302
    assert _match_state(client, article_id) == "pending"
    assert "find_earlier_checks" in run_queued_jobs(queued_app)
    assert _match_state(client, article_id) == "done"
    dated = _stored_score(db_session, claim_id)
    assert dated == pytest.approx(_searched_now(db_session, claim_id))
    assert dated > undated, "a check of the same day is likelier than one years before"


def test_dating_an_article_looks_again_for_its_undated_claims(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    client, article_id, claim_id, undated = _searched_undated(queued_app, db_session, editor)
    login(client, editor)
    answer = client.post(
        f"/desk/articles/{article_id}/edit",
        data={
            "title": "Crime",
            "published_on": "2025-03-02",
            "version": _version(db_session, Article, article_id),
        },
    )
    assert answer.status_code == 302
    assert _match_state(client, article_id) == "pending"
    run_queued_jobs(queued_app)
    dated = _stored_score(db_session, claim_id)
    assert dated == pytest.approx(_searched_now(db_session, claim_id))
    assert dated > undated


def test_an_edit_that_keeps_the_dates_does_not_look_again(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    client = queued_app.test_client()
    article_id, claim_id = _article(client, db_session, editor)
    run_queued_jobs(queued_app)
    login(client, editor)
    client.post(
        f"/desk/claims/{claim_id}/details",
        data={
            "claimant": "The mayor",
            "claim_date": "",
            "version": _version(db_session, Claim, claim_id),
        },
    )
    assert _match_state(client, article_id) == "done"
    assert run_queued_jobs(queued_app) == []


def test_accepting_a_claim_with_its_date_looks_again(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    client, _article_id, claim_id, undated = _searched_undated(queued_app, db_session, editor)
    answer = client.post(
        f"/api/v1/claims/{claim_id}/accept",
        headers=token_for(db_session, editor),
        json={"claim_date": "2025-03-01"},
    )
    assert answer.status_code == 200, answer.json
    assert "find_earlier_checks" in run_queued_jobs(queued_app)
    assert _stored_score(db_session, claim_id) > undated
