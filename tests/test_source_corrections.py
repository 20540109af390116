"""Correct this source: a wrong quote, address or date in a published fact-check's source is
put right by an editor, and readers see the source as corrected with a dated entry in the
corrections log saying what it read before and why; the rating stands. Before, sources
were locked once published (409), and only a correction of the rating could explain one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import audit, webhooks
from factcheck.models import ArchiveStatus, Article, Claim, Event, Evidence, User, WebhookEvent
from tests.conftest import login, run_queued_jobs, token_for
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve
from tests.publishing_helpers import publish_one

WRONG = "The tunnel carried 58,000 vehicles a day."
RIGHT = "The tunnel carried 51,400 vehicles a day."
REASON = "The quote was copied from the 2024 table, not the 2025 one."


@pytest.fixture
def published(db_session: Session, editor: User, editor2: User, checker: User) -> Claim:
    """A published claim whose one source was published quoting the wrong line."""
    _, claim = publish_one(db_session, editor, editor2, checker)
    claim.evidence[0].excerpt = WRONG
    db_session.commit()
    return claim


def _form(evidence: Evidence, **changes: Any) -> dict[str, Any]:
    """The "Correct this source" form as the claim page fills it in, with `changes`."""
    fields = {
        "version": evidence.version,
        "url": evidence.url,
        "title": evidence.title or "",
        "publisher": evidence.publisher or "",
        "excerpt": evidence.excerpt or "",
        "stance": evidence.stance.value,
        "accessed_on": evidence.accessed_on.isoformat(),
        "reason": "",
        **changes,
    }
    return {f"c{evidence.id}-{name}": value for name, value in fields.items()}


def _editor_desk(app: Flask, editor: User) -> FlaskClient:
    desk = app.test_client()
    login(desk, editor)
    return desk


def test_an_editor_corrects_a_published_quote_and_readers_see_it(
    app: Flask, db_session: Session, editor: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    desk = _editor_desk(app, editor)
    page = desk.get(f"/desk/claims/{published.id}").get_data(as_text=True)
    assert (
        "Correct this source" in page and f'action="/desk/evidence/{evidence.id}/correct"' in page
    )

    sent = desk.post(
        f"/desk/evidence/{evidence.id}/correct",
        data=_form(evidence, excerpt=RIGHT, reason=REASON),
        follow_redirects=True,
    )
    assert sent.status_code == 200
    assert "Source corrected: readers see it now" in sent.get_data(as_text=True)

    entry = (
        f"Source 1 was corrected: the quote now reads “{RIGHT}” (was “{WRONG}”). Reason: {REASON}"
    )
    reader = app.test_client()
    claim_page = reader.get(f"/claims/{published.id}").get_data(as_text=True)
    assert f'<blockquote class="excerpt">{RIGHT}</blockquote>' in claim_page
    assert f'<blockquote class="excerpt">{WRONG}</blockquote>' not in claim_page
    assert "Corrected" in claim_page and "the rating “Mostly true” is unchanged" in claim_page
    assert entry.replace("'", "&#39;") in claim_page
    listing = reader.get("/corrections").get_data(as_text=True)
    assert "the rating “Mostly true” stands" in listing and f"(was “{WRONG}”)" in listing
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    assert feed.entries[0].summary == entry
    api = reader.get(f"/api/v1/published/{published.article_id}").get_json()["claims"][0]
    assert api["sources"][0]["excerpt"] == RIGHT
    assert api["rating"]["slug"] == "mostly-true"
    assert [c["reason"] for c in api["corrections"]] == [entry]
    # The desk's history names the source and says from what to what; webhooks hear of it
    # as a correction.
    event = audit.history(db_session, "claim", published.id)[-1]
    assert event.action == "correct_source"
    assert event.note == f"evidence #{evidence.id} (source 1): " + entry.removeprefix(
        "Source 1 was corrected: "
    )
    assert webhooks.webhook_event(event) is WebhookEvent.CORRECTION


def test_a_stance_change_is_refused_with_the_text_kept_and_nothing_changed(
    app: Flask, db_session: Session, editor: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    desk = _editor_desk(app, editor)
    refused = desk.post(
        f"/desk/evidence/{evidence.id}/correct",
        data=_form(evidence, excerpt=RIGHT, stance="supports", reason=REASON),
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "The stance of source 1 cannot be corrected here" in page
    assert "propose a correction of the rating under “Correct the published verdict”" in page
    assert f"{REASON}</textarea>" in page and f"{RIGHT}</textarea>" in page, "text kept"
    reader = app.test_client().get(f"/claims/{published.id}").get_data(as_text=True)
    assert WRONG in reader and "Corrected" not in reader
    assert "(refutes, accessed" in reader


def test_a_correction_needs_a_reason_and_a_change(
    app: Flask, editor: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    desk = _editor_desk(app, editor)
    no_reason = desk.post(
        f"/desk/evidence/{evidence.id}/correct", data=_form(evidence, excerpt=RIGHT)
    )
    assert no_reason.status_code == 400
    assert f"{RIGHT}</textarea>" in no_reason.get_data(as_text=True)
    unchanged = desk.post(
        f"/desk/evidence/{evidence.id}/correct", data=_form(evidence, reason=REASON)
    )
    assert unchanged.status_code == 400
    assert "Source 1 reads as published" in unchanged.get_data(as_text=True)
    assert "Corrected" not in app.test_client().get(f"/claims/{published.id}").get_data(
        as_text=True
    )


def test_a_correction_from_a_page_opened_before_another_is_refused(
    app: Flask, editor: User, editor2: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    stale = _form(evidence, excerpt="Something else.", reason="Mine.")
    first = _editor_desk(app, editor2).post(
        f"/desk/evidence/{evidence.id}/correct", data=_form(evidence, excerpt=RIGHT, reason=REASON)
    )
    assert first.status_code == 302
    second = _editor_desk(app, editor).post(f"/desk/evidence/{evidence.id}/correct", data=stale)
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Your text is kept below." in page and "Something else.</textarea>" in page
    assert RIGHT in app.test_client().get(f"/claims/{published.id}").get_data(as_text=True)


def test_checkers_may_not_correct_a_published_source(
    app: Flask, db_session: Session, checker: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    desk = app.test_client()
    login(desk, checker)
    assert "Correct this source" not in desk.get(f"/desk/claims/{published.id}").get_data(
        as_text=True
    )
    sent = desk.post(
        f"/desk/evidence/{evidence.id}/correct", data=_form(evidence, excerpt=RIGHT, reason=REASON)
    )
    assert sent.status_code == 403
    api = app.test_client().post(
        f"/api/v1/evidence/{evidence.id}/correction",
        headers=token_for(db_session, checker),
        json={"excerpt": RIGHT, "reason": REASON},
    )
    assert api.status_code == 403
    assert WRONG in app.test_client().get(f"/claims/{published.id}").get_data(as_text=True)


def test_the_api_corrects_a_source_and_refuses_a_stance(
    app: Flask, db_session: Session, editor: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    client = app.test_client()
    headers = token_for(db_session, editor)
    url = f"/api/v1/evidence/{evidence.id}/correction"
    refused = client.post(url, headers=headers, json={"stance": "supports", "reason": REASON})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "conflict"
    assert refused.json["error"]["field"] == "stance"
    done = client.post(
        url,
        headers=headers,
        json={"accessed_on": "2026-02-01", "stance": "refutes", "reason": "Read a day earlier."},
    )
    assert done.status_code == 200, done.json
    assert done.json["accessed_on"] == "2026-02-01" and done.json["excerpt"] == WRONG
    api = client.get(f"/api/v1/published/{published.article_id}").get_json()["claims"][0]
    assert api["sources"][0]["accessed_on"] == "2026-02-01"
    reason = api["corrections"][0]["reason"]
    assert reason.startswith("Source 1 was corrected: the date accessed is now 1 February 2026")
    assert reason.endswith("Reason: Read a day earlier.")


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(SiteHandler)))


def test_a_corrected_address_is_archived_again(
    queued_app: Flask,
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
    site: Site,
) -> None:
    _, claim = publish_one(db_session, editor, editor2, checker)
    run_queued_jobs(queued_app)
    evidence = claim.evidence[0]
    evidence.archive_url = "https://web.archive.example/counts"  # a copy of the old page
    db_session.commit()
    desk = _editor_desk(queued_app, editor)
    new_url = site.url("/article")
    sent = desk.post(
        f"/desk/evidence/{evidence.id}/correct",
        data=_form(evidence, url=new_url, reason="The link went to last year's counts."),
        follow_redirects=True,
    )
    assert "Its new address is being archived." in sent.get_data(as_text=True)
    assert "archive_source" in run_queued_jobs(queued_app)
    db_session.expire_all()
    evidence = db_session.get_one(Evidence, evidence.id)
    assert evidence.url == new_url and evidence.archive_url is None
    assert evidence.archive_status is ArchiveStatus.ARCHIVED, evidence.archive_error
    assert evidence.snapshot is not None and evidence.snapshot.url == new_url
    reader = queued_app.test_client().get(f"/claims/{claim.id}").get_data(as_text=True)
    assert f"the address is now “{new_url}” (was “https://example.org/counts”)" in reader


def test_a_withdrawn_fact_check_s_source_can_be_put_right_before_it_returns(
    app: Flask, db_session: Session, editor: User, published: Claim
) -> None:
    evidence = published.evidence[0]
    desk = _editor_desk(app, editor)
    desk.post(f"/desk/articles/{published.article_id}/withdraw", data={"reason": "A wrong quote."})
    article = db_session.get_one(Article, published.article_id)
    db_session.refresh(article)
    assert article.status.value == "withdrawn"
    sent = desk.post(
        f"/desk/evidence/{evidence.id}/correct", data=_form(evidence, excerpt=RIGHT, reason=REASON)
    )
    assert sent.status_code == 302
    listing = app.test_client().get("/corrections").get_data(as_text=True)
    assert "since withdrawn" in listing and f"(was “{WRONG}”)" in listing
    events = db_session.scalars(select(Event.action).where(Event.entity_id == published.id))
    assert "correct_source" in list(events)
