"""Issue #18, items 4-6: the publish gate (sources, details, preview, claim by claim, a
refused publish that keeps the summary), the checker's flow (a returned verdict prefilled,
"My claims", due dates, navigation counts) and the review inbox."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.config import ConfigError, settings_from_env
from factcheck.domain import articles, my_work, publishing, queue, research, review_panel
from factcheck.domain.errors import TooFewSources
from factcheck.domain.limits import Limits
from factcheck.models import Article, Claim, ClaimStatus, User
from tests.conftest import build_app, candidate_claim, login, token_for
from tests.fixtures import ARTICLE, FACTUAL
from tests.publishing_helpers import CONTEXT

UNEMPLOYMENT = "Unemployment in the district fell to 4.1 percent last year"


def _held(session: Session, editor: User, checker: User, text: str = FACTUAL) -> Claim:
    """A claim of a new article, accepted and given to `checker`."""
    article = articles.create_article(
        session,
        creator=editor,
        title="Flood defences",
        body=ARTICLE,
        source_url="https://example.org/flood",
        limits=Limits(max_chars=100_000),
        force=True,
    )
    claim = next(c for c in article.claims if c.text.startswith(text))
    articles.triage(session, claim, "accept", editor, expected_version=None)
    articles.edit_claim_details(
        session,
        claim,
        editor,
        claimant="Maria Lopes",
        claim_date=dt.date(2026, 3, 3),
        expected_version=None,
    )
    queue.assign(session, claim, checker, editor)
    return claim


def _source(session: Session, claim: Claim, checker: User, n: int = 1) -> None:
    research.add_evidence(
        session, claim, checker, url=f"https://example.org/source/{n}", stance="supports"
    )


def _approved(session: Session, editor: User, editor2: User, checker: User) -> Claim:
    claim = _held(session, editor, checker)
    _source(session, claim, checker)
    research.submit_verdict(session, claim, checker, rating_slug="true", explanation="Checked.")
    review_panel.approve(session, claim, editor2)
    _headline(claim)
    session.commit()
    return claim


def _headline(claim: Claim) -> None:
    """The finding, as the editor writes it in the publish box (required to publish)."""
    verdict = claim.current_verdict
    assert verdict is not None
    verdict.headline = f"Claim #{claim.id} checks out"


# Sources: FACTCHECK_MIN_SOURCES --------------------------------------------------------------


def test_a_verdict_without_a_source_is_refused_at_submission(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    with pytest.raises(TooFewSources, match=r"at least 1 source; claim #\d+ has 0"):
        research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="x")
    assert claim.status == ClaimStatus.IN_PROGRESS
    _source(db_session, claim, checker)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="x")
    assert claim.status == ClaimStatus.SUBMITTED


def test_removing_the_only_source_brings_the_refusal_back(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    research.add_evidence(db_session, claim, checker, url="https://example.org/a", stance="context")
    research.remove_evidence(db_session, claim.evidence[0], checker, expected_version=None)
    with pytest.raises(TooFewSources):
        research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="x")


def test_the_desk_form_keeps_the_text_and_says_to_add_a_source(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim.id}/verdict",
        data={"rating": "true", "explanation": "My careful words.", "version": claim.version},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "A verdict needs at least 1 source" in page
    assert "My careful words." in page


def test_the_api_answers_409_too_few_sources(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    db_session.commit()
    response = app.test_client().post(
        f"/api/v1/claims/{claim.id}/verdict",
        headers=token_for(db_session, checker),
        json={"rating": "true", "explanation": "x"},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "too_few_sources"


def test_min_sources_setting_raises_and_lowers_the_bar(
    engine: object, session_factory: object, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    _source(db_session, claim, checker)
    db_session.commit()
    strict = build_app(engine, session_factory, MIN_SOURCES=2)  # type: ignore[arg-type]
    client = strict.test_client()
    login(client, checker)
    sent = {"rating": "true", "explanation": "One source only.", "version": claim.version}
    refused = client.post(f"/desk/claims/{claim.id}/verdict", data=sent)
    assert refused.status_code == 409
    assert "at least 2 sources" in refused.get_data(as_text=True)
    lenient = build_app(engine, session_factory, MIN_SOURCES=0)  # type: ignore[arg-type]
    other = _held(db_session, editor, checker, text=UNEMPLOYMENT)
    db_session.commit()
    client = lenient.test_client()
    login(client, checker)
    sent = {"rating": "true", "explanation": "No source.", "version": other.version}
    assert client.post(f"/desk/claims/{other.id}/verdict", data=sent).status_code == 302


def test_min_sources_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for value, expected in (("3", 3), ("0", 0), (None, 1)):
        if value is None:
            monkeypatch.delenv("FACTCHECK_MIN_SOURCES", raising=False)
        else:
            monkeypatch.setenv("FACTCHECK_MIN_SOURCES", value)
        assert settings_from_env(tmp_path).min_sources == expected
    # A negative number is a mistake to correct, not a quiet 0 (session 22).
    monkeypatch.setenv("FACTCHECK_MIN_SOURCES", "-1")
    with pytest.raises(ConfigError, match="FACTCHECK_MIN_SOURCES must be a whole number"):
        settings_from_env(tmp_path)


def test_publishing_checks_sources_too(
    db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    """The standard may rise between approval and publication: publishing checks it again."""
    claim = _approved(db_session, editor, editor2, checker)
    stricter = publishing.PublishContext(
        publisher=CONTEXT.publisher, claim_url=CONTEXT.claim_url, min_sources=2
    )
    with pytest.raises(publishing.NotPublishable) as refused:
        publishing.publish_claim(db_session, claim, editor, context=stricter)
    assert [p.field for p in refused.value.problems] == ["evidence"]
    assert "it has 1 source; a verdict needs at least 2" in refused.value.problems[0].message
    with pytest.raises(publishing.NotPublishable):
        publishing.publish_article(db_session, claim.article, editor, context=stricter)


# Details asked for early, shown until set -----------------------------------------------------


def test_missing_details_are_named_on_the_claim_and_article_pages(
    app: Flask, db_session: Session, editor: User
) -> None:
    article = articles.create_article(
        db_session,
        creator=editor,
        title="No details",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    claim = next(c for c in article.claims if c.text == FACTUAL)
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    articles.edit_claim_details(  # the extractor named her: an editor takes the name off
        db_session, claim, editor, claimant=None, claim_date=None, expected_version=None
    )
    db_session.commit()
    assert publishing.missing_details(claim) == ["claimant", "claim date", "article URL"]
    client = app.test_client()
    login(client, editor)
    for url in (f"/desk/claims/{claim.id}", f"/desk/articles/{article.id}"):
        text = re.sub(r"<[^>]+>", "", client.get(url).get_data(as_text=True))
        assert "Missing: claimant, claim date, article URL" in text, url
    articles.edit_claim_details(
        db_session,
        claim,
        editor,
        claimant="Maria Lopes",
        claim_date=dt.date(2026, 3, 3),
        expected_version=None,
    )
    db_session.commit()
    text = re.sub(r"<[^>]+>", "", client.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert "Missing: article URL" in text


# A refused publish; the preview; claim by claim ----------------------------------------------


def _refused_publish(client: FlaskClient, article: Article, summary: str) -> str:
    response = client.post(f"/desk/articles/{article.id}/publish", data={"summary": summary})
    assert response.status_code == 409
    return response.get_data(as_text=True)


def test_a_refused_publish_keeps_the_summary_and_lists_each_problem(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _approved(db_session, editor, editor2, checker)
    article = claim.article
    article.source_url = None  # taken off after the page was opened
    articles.edit_claim_details(
        db_session, claim, editor, claimant=None, claim_date=None, expected_version=None
    )
    article.published_on = None
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = _refused_publish(client, article, "What I wrote for readers.")
    assert "What I wrote for readers.</textarea>" in page
    assert "Not published: 3 problems to fix first." in page
    listed = page.split('class="publish-problems"')[1].split("</ul>")[0]
    problems = re.findall(r"<li>(.*?)</li>", listed, re.S)
    assert len(problems) == 3
    assert ".;" not in page
    whole = re.search(r'<button type="submit" class="btn primary"([^>]*)>Publish 1 approved', page)
    assert whole is not None and "disabled" in whole.group(1)
    assert db_session.get(Article, article.id).summary is None  # type: ignore[union-attr]


def test_the_publish_button_is_enabled_once_the_gate_passes(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _approved(db_session, editor, editor2, checker)
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/articles/{claim.article_id}").get_data(as_text=True)
    whole = re.search(r'<button type="submit" class="btn primary"([^>]*)>Publish 1 approved', page)
    assert whole is not None and "disabled" not in whole.group(1)
    assert "Publishing is blocked" not in page


def test_the_preview_shows_the_reader_page_marked_and_not_indexed(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _approved(db_session, editor, editor2, checker)
    client = app.test_client()
    login(client, editor)
    response = client.get(f"/desk/claims/{claim.id}/preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>Preview</strong>" in page and "readers cannot see this page yet" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert "Checked." in page and f"Claim #{claim.id} checks out" in page  # the headline leads
    assert "application/ld+json" not in page
    assert "Not published yet" in page and "Published " not in page, "no date it never had"
    # Readers still get nothing.
    assert app.test_client().get(f"/claims/{claim.id}").status_code == 404


def test_nothing_to_preview_before_a_verdict(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    response = client.get(f"/desk/claims/{claim.id}/preview")
    assert response.status_code == 404


def _two_approved(
    session: Session, editor: User, editor2: User, checker: User
) -> tuple[Claim, Claim]:
    first = _approved(session, editor, editor2, checker)
    second = next(c for c in first.article.claims if c.text.startswith(UNEMPLOYMENT))
    articles.triage(session, second, "accept", editor, expected_version=None)
    articles.edit_claim_details(
        session,
        second,
        editor,
        claimant="ONS",
        claim_date=dt.date(2026, 3, 1),
        expected_version=None,
    )
    queue.assign(session, second, checker, editor)
    _source(session, second, checker, 2)
    research.submit_verdict(session, second, checker, rating_slug="true", explanation="ONS.")
    review_panel.approve(session, second, editor2)
    _headline(second)
    session.commit()
    return first, second


def test_one_claim_is_published_alone_from_the_desk(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    first, second = _two_approved(db_session, editor, editor2, checker)
    client = app.test_client()
    login(client, editor)
    response = client.post(f"/desk/claims/{first.id}/publish")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Claim #{first.id} published." in page
    db_session.expire_all()
    assert first.status == ClaimStatus.PUBLISHED
    assert second.status == ClaimStatus.APPROVED
    reader = app.test_client()
    assert reader.get(f"/claims/{first.id}").status_code == 200
    assert reader.get(f"/claims/{second.id}").status_code == 404
    assert "Publish 1 approved claim</button>" in page


def test_one_claim_is_published_alone_through_the_api(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    _first, second = _two_approved(db_session, editor, editor2, checker)
    response = app.test_client().post(
        f"/api/v1/claims/{second.id}/publish", headers=token_for(db_session, editor)
    )
    assert response.status_code == 200, response.json
    assert [c["id"] for c in response.json["claims"]] == [second.id]
    again = app.test_client().post(
        f"/api/v1/claims/{second.id}/publish", headers=token_for(db_session, editor)
    )
    assert again.status_code == 409


def test_one_claim_missing_its_headline_is_given_it_through_the_api(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Found in session 19: the endpoint took no body, so a claim with no headline could only
    # be published from the desk (or with every other approved claim of its article)
    claim = _approved(db_session, editor, editor2, checker)
    verdict = claim.current_verdict
    assert verdict is not None
    verdict.headline = None
    db_session.commit()
    url = f"/api/v1/claims/{claim.id}/publish"
    refused = app.test_client().post(url, headers=token_for(db_session, editor))
    assert refused.status_code == 409
    assert "send it as `headline`" in refused.get_data(as_text=True)
    response = app.test_client().post(
        url, headers=token_for(db_session, editor), json={"headline": "Yes: 3,200 homes"}
    )
    assert response.status_code == 200, response.json
    assert response.json["claims"][0]["headline"] == "Yes: 3,200 homes"


def test_a_claim_failing_the_gate_cannot_be_published_alone(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _approved(db_session, editor, editor2, checker)
    articles.edit_claim_details(
        db_session, claim, editor, claimant=None, claim_date=None, expected_version=None
    )
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    claim_page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    button = re.search(r"<button([^>]*)>Publish claim #\d+ only", claim_page)
    assert button is not None and "disabled" in button.group(1)
    response = client.post(f"/desk/claims/{claim.id}/publish")
    assert response.status_code == 409
    assert "nobody is named as the claimant" in response.get_data(as_text=True)
    response = app.test_client().post(
        f"/api/v1/claims/{claim.id}/publish", headers=token_for(db_session, editor)
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "not_publishable"


# The checker's flow ---------------------------------------------------------------------------


def test_a_returned_verdict_comes_back_prefilled_under_the_note(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    _source(db_session, claim, checker)
    research.submit_verdict(
        db_session, claim, checker, rating_slug="misleading", explanation="First try, **bold**."
    )
    review_panel.return_to_checker(db_session, claim, editor2, note="Cite page 12.")
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    form = page[page.index('id="verdict-h"') :]
    assert form.index("Cite page 12.") < form.index("<textarea")
    assert "First try, **bold**.</textarea>" in form
    assert '<option selected value="misleading">' in form


def test_my_claims_lists_work_in_review_and_recently_done(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    approved = _approved(db_session, editor, editor2, checker)
    submitted = _held(db_session, editor, checker, text=UNEMPLOYMENT)
    _source(db_session, submitted, checker)
    research.submit_verdict(db_session, submitted, checker, rating_slug="true", explanation="x")
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    page = client.get("/desk/mine").get_data(as_text=True)
    recent = page[page.index("In review and recently done") :]
    assert f"#{approved.id} " in recent and f"#{submitted.id} " in recent
    assert "status-approved" in recent and "status-submitted" in recent
    # The badge says the state once: "submitted 3 min ago", not "submitted submitted ...".
    words = " ".join(re.sub(r"<[^>]+>", " ", recent).split())
    assert "submitted submitted" not in words and "approved approved" not in words
    assert re.search(r"submitted (less than a minute|\d+ min) ago", words), words
    later = clock.now() + dt.timedelta(days=30)
    ids = [c.id for c in my_work.recent_work(db_session, checker, within=later - clock.now())]
    assert approved.id in ids
    # Past two weeks, the approved one drops off; the one in review stays.
    old = my_work.recent_work(db_session, checker, within=dt.timedelta(seconds=-1))
    assert [c.id for c in old] == [submitted.id]


def test_the_claim_page_shows_the_due_date_and_the_lease_end(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    queue.set_schedule(
        db_session, claim, editor, priority=1, due_at=clock.now() + dt.timedelta(days=3)
    )
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    text = re.sub(r"<[^>]+>", "", client.get(f"/desk/claims/{claim.id}").get_data(as_text=True))
    assert re.search(r"due in (3 days|2 days|71 h)", text), text
    assert re.search(
        r"lease ends in \d+ h( \d+ min)? \(\w{3} \d+ \w{3} \d{4}, \d\d:\d\d UTC\)", text
    )


def test_nav_counts_mine_returned_and_to_review(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    held = _held(db_session, editor, checker)
    returned = _held(db_session, editor, checker, text=UNEMPLOYMENT)
    _source(db_session, returned, checker)
    research.submit_verdict(db_session, returned, checker, rating_slug="true", explanation="x")
    review_panel.return_to_checker(db_session, returned, editor2, note="Again.")
    waiting = _held(db_session, editor, checker)
    _source(db_session, waiting, checker)
    research.submit_verdict(db_session, waiting, checker, rating_slug="true", explanation="x")
    db_session.commit()
    assert held.status == ClaimStatus.IN_PROGRESS
    assert my_work.nav_counts(db_session, checker) == my_work.NavCounts(
        mine=2, returned=1, to_review=0
    )
    assert my_work.nav_counts(db_session, editor) == my_work.NavCounts(
        mine=0, returned=0, to_review=1
    )
    client = app.test_client()
    login(client, checker)
    nav = client.get("/desk/").get_data(as_text=True).split("</nav>")[0]
    text = re.sub(r"<[^>]+>", "", nav)
    assert "My claims 2 held 1 returned" in " ".join(text.split())
    editor_client = app.test_client()
    login(editor_client, editor)
    nav = editor_client.get("/desk/").get_data(as_text=True).split("</nav>")[0]
    assert "Review 1 to review" in " ".join(re.sub(r"<[^>]+>", "", nav).split())


# The review inbox -----------------------------------------------------------------------------


def test_the_inbox_shows_sources_context_and_waiting_time_and_approves_in_place(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    research.add_evidence(
        db_session,
        claim,
        checker,
        url="https://example.org/budget",
        stance="supports",
        excerpt="Homes protected: 3,200.",
        note="Table 4, page 12.",
        is_primary=True,
    )
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    db_session.commit()
    client = app.test_client()
    login(client, editor2)
    page = client.get("/desk/review").get_data(as_text=True)
    item = page[page.index(f'id="claim-{claim.id}"') :]
    assert '<blockquote dir="auto">Homes protected: 3,200.</blockquote>' in item
    assert "Note: Table 4, page 12." in item
    assert "primary source" in item
    assert f"<mark>{FACTUAL}</mark>" in item
    assert "Construction is due to start in April." in item  # the rest of its paragraph
    assert "Harbourside council approved" not in item  # another paragraph
    assert re.search(r"waiting (less than a minute|\d+ min)", item)
    approved = client.post(f"/desk/claims/{claim.id}/approve", data={"version": claim.version})
    assert approved.status_code == 302
    assert approved.headers["Location"].endswith(f"/desk/review#claim-{claim.id}")
    db_session.expire_all()
    assert claim.status == ClaimStatus.APPROVED


def test_the_inbox_returns_with_a_note_in_place(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim = _held(db_session, editor, checker)
    _source(db_session, claim, checker)
    research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Yes.")
    db_session.commit()
    client = app.test_client()
    login(client, editor2)
    page = client.get("/desk/review").get_data(as_text=True)
    assert f'id="note-{claim.id}"' in page
    sent = client.post(
        f"/desk/claims/{claim.id}/return", data={"version": claim.version, "note": "Page?"}
    )
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/desk/review#claim-{claim.id}")
    db_session.expire_all()
    assert claim.status == ClaimStatus.RETURNED


# Details asked for at triage --------------------------------------------------------------------


def test_accepting_asks_for_the_details_publishing_needs(
    app: Flask, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor)
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Accept with these details" in page and 'name="accept-article_url"' in page
    sent = client.post(
        f"/desk/claims/{claim.id}/accept",
        data={
            "accept-version": claim.version,
            "accept-claimant": "Maria Lopes",
            "accept-claim_date": "2026-03-03",
            "accept-article_url": "https://example.org/herald/flood",
        },
    )
    assert sent.status_code == 302
    db_session.expire_all()
    assert claim.status == ClaimStatus.QUEUED
    assert (claim.claimant, claim.claim_date) == ("Maria Lopes", dt.date(2026, 3, 3))
    assert claim.article.source_url == "https://example.org/herald/flood"
    assert publishing.missing_details(claim) == []


def test_accepting_without_details_is_allowed_and_a_bad_url_is_refused(
    app: Flask, db_session: Session, editor: User
) -> None:
    claim = candidate_claim(db_session, editor)
    response = app.test_client().post(
        f"/api/v1/claims/{claim.id}/accept",
        headers=token_for(db_session, editor),
        json={"article_url": "javascript:alert(1)"},
    )
    assert response.status_code == 422
    response = app.test_client().post(
        f"/api/v1/claims/{claim.id}/accept",
        headers=token_for(db_session, editor),
        json={"claimant": "M. Lopes"},
    )
    assert response.status_code == 200, response.json
    db_session.expire_all()
    assert claim.status == ClaimStatus.QUEUED and claim.claimant == "M. Lopes"
    assert claim.article.source_url is None


def test_each_inbox_item_names_its_own_regions(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    # Two items in review gave two regions called "Evidence": a screen reader's list of
    # landmarks could not tell them apart (axe-core's landmark-unique).
    claims = [_held(db_session, editor, checker) for _ in range(2)]
    for claim in claims:
        _source(db_session, claim, checker)
        research.submit_verdict(db_session, claim, checker, rating_slug="true", explanation="Y.")
    db_session.commit()
    client = app.test_client()
    login(client, editor2)
    page = client.get("/desk/review").get_data(as_text=True)
    labels = re.findall(r'<section aria-label="([^"]+)"', page)
    assert len(labels) >= 4 and len(labels) == len(set(labels))


def test_a_verdict_sent_after_the_claim_was_reassigned_is_shown_back_with_why(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    """The checker no longer holds the claim, so the page has no verdict form: the text they
    typed must still come back, with the reason, rather than vanish with the form."""
    claim = _held(db_session, editor, checker)
    _source(db_session, claim, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Submit for review" in page
    queue.assign(db_session, claim, checker2, editor)
    db_session.commit()
    sent = {
        "rating": "true",
        "explanation": "The council's own budget papers give 3,200, page 14.",
        "version": claim.version - 1,
    }
    refused = client.post(f"/desk/claims/{claim.id}/verdict", data=sent)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "Not saved" in page
    assert "not by you" in page
    assert "The council&#39;s own budget papers give 3,200, page 14." in page
    assert "True" in page.split("Not saved", 1)[1]


def test_a_draft_saved_from_another_tab_is_not_overwritten_silently(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """Two tabs on one claim: each autosave used to replace the other's draft, and the
    first tab still said "Draft saved"."""
    claim = _held(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    url = f"/desk/claims/{claim.id}/draft"
    seen_by = {}
    for tab in ("a", "b"):
        page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
        found = re.search(r'name="draft_seen" value="([^"]*)"', page)
        assert found, page
        seen_by[tab] = found.group(1)
    assert seen_by == {"a": "", "b": ""}
    first = client.post(url, data={"explanation": "Tab A's paragraph.", "draft_seen": ""})
    assert first.status_code == 200, first.json
    refused = client.post(url, data={"explanation": "Tab B's note.", "draft_seen": ""})
    assert refused.status_code == 409
    assert "saved from another tab or window" in refused.json["error"]["message"]
    assert research.get_draft(db_session, claim, checker).explanation == "Tab A's paragraph."
    again = client.post(
        url, data={"explanation": "Tab A, more.", "draft_seen": first.json["stamp"]}
    )
    assert again.status_code == 200, again.json
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert f'name="draft_seen" value="{again.json["stamp"]}"' in page
    assert "Tab A, more." in page
