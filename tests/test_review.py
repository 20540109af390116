"""Evidence, verdicts and review: votes, panels, drafts, right of reply, comments, scales."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import feedparser
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck.domain import (
    articles,
    audit,
    comments,
    queue,
    replies,
    research,
    review_panel,
    scale,
)
from factcheck.domain.claimreview_jsonld import short_claim
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from factcheck.domain.limits import Limits
from factcheck.models import (
    Claim,
    ClaimStatus,
    Event,
    Rating,
    ReviewVote,
    Role,
    User,
    VerdictStatus,
)
from tests.conftest import held_claim, login, make_user, token_for, wipe
from tests.fixtures import ARTICLE


def _submitted(session: Session, editor: User, checker: User) -> Claim:
    """A claim with a verdict waiting for review."""
    claim = held_claim(session, editor, checker, title="Review me", source=True)
    research.submit_verdict(session, claim, checker, rating_slug="true", explanation="Checked.")
    session.commit()
    return claim


@pytest.fixture
def submitted(db_session: Session, editor: User, checker: User) -> Claim:
    return _submitted(db_session, editor, checker)


# Votes and panels ------------------------------------------------------------------------


def test_with_three_approvals_required_it_takes_three_votes(
    db_session: Session, submitted: Claim, editor: User
) -> None:
    panel = [make_user(db_session, Role.EDITOR, f"panel-{i}") for i in range(3)]
    assert review_panel.approve(db_session, submitted, panel[0], required_approvals=3) == "recorded"
    assert review_panel.approve(db_session, submitted, panel[1], required_approvals=3) == "recorded"
    assert submitted.status == ClaimStatus.SUBMITTED
    with pytest.raises(Conflict, match="already voted"):
        review_panel.approve(db_session, submitted, panel[1], required_approvals=3)
    assert review_panel.approve(db_session, submitted, panel[2], required_approvals=3) == "approved"
    assert submitted.status == ClaimStatus.APPROVED
    votes = db_session.scalars(select(ReviewVote)).all()
    assert sorted(v.editor_id for v in votes) == sorted(u.id for u in panel)
    actions = [e.action for e in audit.history(db_session, "claim", submitted.id)]
    assert actions[-3:] == ["vote", "vote", "approve"]


def test_a_majority_of_returns_sends_the_claim_back(db_session: Session, submitted: Claim) -> None:
    panel = [make_user(db_session, Role.EDITOR, f"panel-{i}") for i in range(3)]
    review_panel.approve(db_session, submitted, panel[0], required_approvals=3)
    assert (
        review_panel.return_to_checker(
            db_session, submitted, panel[1], note="Source 1 is weak.", required_approvals=3
        )
        == "recorded"
    )
    assert (
        review_panel.return_to_checker(
            db_session, submitted, panel[2], note="Add the date.", required_approvals=3
        )
        == "returned"
    )
    assert submitted.status == ClaimStatus.RETURNED
    assert review_panel.returned_note(submitted) == "Source 1 is weak.\n\nAdd the date."


def test_nobody_reviews_their_own_verdict(db_session: Session, editor: User, editor2: User) -> None:
    claim = _submitted(db_session, editor2, editor)  # an editor checked this one
    with pytest.raises(PermissionDenied, match="other editors must review it"):
        review_panel.approve(db_session, claim, editor)
    with pytest.raises(PermissionDenied):
        review_panel.return_to_checker(db_session, claim, editor, note="x")
    assert review_panel.approve(db_session, claim, editor2) == "approved"


def test_a_checker_cannot_approve_their_verdict_through_the_api(
    client: FlaskClient, db_session: Session, submitted: Claim, checker: User
) -> None:
    response = client.post(
        f"/api/v1/claims/{submitted.id}/approve", headers=token_for(db_session, checker)
    )
    assert response.status_code == 403


def test_a_return_needs_a_note(db_session: Session, submitted: Claim, editor2: User) -> None:
    with pytest.raises(InvalidInput, match="Note is required"):
        review_panel.return_to_checker(db_session, submitted, editor2, note=" ")


def test_an_editor_can_hand_a_returned_claim_to_another_checker(
    app: Flask,
    db_session: Session,
    submitted: Claim,
    editor: User,
    checker: User,
    checker2: User,
) -> None:
    review_panel.return_to_checker(db_session, submitted, editor, note="Find the 2019 figure.")
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/claims/{submitted.id}").get_data(as_text=True)
    assert 'id="assign-h"' in page  # the table offers "assign" on a returned claim
    response = client.post(
        f"/desk/claims/{submitted.id}/assign",
        data={"user_id": str(checker2.id), "version": str(submitted.version)},
    )
    assert response.status_code == 302
    db_session.refresh(submitted)
    # Still returned, now Cora's, with no lease running (returned claims hold none).
    assert submitted.status == ClaimStatus.RETURNED
    assert submitted.assignee_id == checker2.id and submitted.lease_expires_at is None
    assert queue.my_claims(db_session, checker2) == [submitted]
    assert queue.my_claims(db_session, checker) == []
    last = audit.history(db_session, "claim", submitted.id)[-1]
    assert (last.action, last.from_status, last.to_status) == ("assign", "returned", "returned")
    # Cora sees the editor's note and can answer it; Chris no longer can.
    login(client, checker2)
    assert "Find the 2019 figure." in client.get(f"/desk/claims/{submitted.id}").get_data(
        as_text=True
    )
    with pytest.raises(PermissionDenied):
        research.submit_verdict(
            db_session, submitted, checker, rating_slug="false", explanation="x"
        )
    research.submit_verdict(
        db_session, submitted, checker2, rating_slug="false", explanation="The 2019 figure."
    )
    assert submitted.status == ClaimStatus.SUBMITTED


@pytest.fixture
def committed(engine: Engine) -> Iterator[sessionmaker[Session]]:
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    yield factory
    wipe(engine)


def test_two_editors_approving_at_once_record_one_approval(
    committed: sessionmaker[Session],
) -> None:
    with committed() as session:
        editor = make_user(session, Role.EDITOR, "race-editor")
        checker = make_user(session, Role.CHECKER, "race-checker")
        judges = [make_user(session, Role.EDITOR, f"judge-{i}") for i in range(2)]
        claim_id = _submitted(session, editor, checker).id
        version = session.get(Claim, claim_id).version
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(judge_id: int) -> None:
        start.wait()
        with committed() as session:
            try:
                claim = session.get(Claim, claim_id)
                outcomes.append(
                    review_panel.approve(
                        session, claim, session.get(User, judge_id), expected_version=version
                    )
                )
                session.commit()
            except (StaleVersion, Conflict, PermissionDenied) as exc:
                session.rollback()
                outcomes.append(exc)
            except Exception as exc:
                session.rollback()
                outcomes.append(f"unexpected {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=approve, args=(judge.id,)) for judge in judges]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("approved") == 1, outcomes
    assert not any(isinstance(o, str) and o.startswith("unexpected") for o in outcomes), outcomes
    with committed() as session:
        assert session.scalar(select(func.count()).select_from(ReviewVote)) == 1
        approvals = session.scalar(
            select(func.count()).select_from(Event).where(Event.action == "approve")
        )
        assert approvals == 1
        assert session.get(Claim, claim_id).current_verdict.status == VerdictStatus.APPROVED


# Evidence ----------------------------------------------------------------------------------


def _in_progress(session: Session, editor: User, checker: User) -> Claim:
    return held_claim(session, editor, checker, title="Work")


def _with_a_source(session: Session, claim: Claim, checker: User) -> None:
    """The source a verdict needs before it can be submitted (FACTCHECK_MIN_SOURCES)."""
    research.add_evidence(session, claim, checker, url="https://example.org/s", stance="supports")


def test_evidence_is_edited_reordered_and_removed_with_history(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    first = research.add_evidence(
        db_session, claim, checker, url="https://a.example/1", stance="supports", title="One"
    )
    second = research.add_evidence(
        db_session,
        claim,
        checker,
        url="https://a.example/2",
        stance="context",
        title="Two",
        is_primary=True,
    )
    db_session.refresh(claim)
    assert [e.id for e in claim.evidence] == [first.id, second.id]
    research.move_evidence(db_session, second, checker, up=True)
    db_session.refresh(claim)
    assert [e.id for e in claim.evidence] == [second.id, first.id]
    research.edit_evidence(
        db_session,
        first,
        checker,
        expected_version=first.version,
        url="https://a.example/1",
        stance="refutes",
        title="One, corrected",
    )
    assert first.stance.value == "refutes"
    research.remove_evidence(db_session, second, checker, expected_version=second.version)
    db_session.refresh(claim)
    assert [e.id for e in claim.evidence] == [first.id]
    notes = [(e.action, e.note) for e in audit.history(db_session, "claim", claim.id)]
    assert ("edit_evidence", f"evidence #{second.id} moved up") in notes
    assert any(a == "edit_evidence" and "stance: supports → refutes" in (n or "") for a, n in notes)
    assert ("remove_evidence", f"evidence #{second.id}: https://a.example/2") in notes


def test_a_stale_evidence_edit_is_refused(db_session: Session, editor: User, checker: User) -> None:
    claim = _in_progress(db_session, editor, checker)
    evidence = research.add_evidence(
        db_session, claim, checker, url="https://a.example/1", stance="supports"
    )
    opened = evidence.version
    research.edit_evidence(
        db_session,
        evidence,
        checker,
        expected_version=opened,
        url="https://a.example/1",
        stance="context",
    )
    with pytest.raises(StaleVersion, match=f"Evidence #{evidence.id} was changed by"):
        research.edit_evidence(
            db_session,
            evidence,
            checker,
            expected_version=opened,
            url="https://a.example/x",
            stance="refutes",
        )


def test_only_the_holder_edits_evidence(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    evidence = research.add_evidence(
        db_session, claim, checker, url="https://a.example/1", stance="supports"
    )
    with pytest.raises(PermissionDenied, match="held by"):
        research.remove_evidence(db_session, evidence, checker2, expected_version=None)


# Drafts, right of reply, comments ----------------------------------------------------------


def test_drafts_save_as_the_checker_types_and_survive_a_reload(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    _with_a_source(db_session, claim, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "misleading", "explanation": "Half written"},
    )
    assert response.status_code == 200 and "Draft saved" in response.json["message"]
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Half written" in page
    assert '<option selected value="misleading">' in page
    response = client.put(
        f"/api/v1/claims/{claim.id}/verdict",
        headers=token_for(db_session, checker),
        json={"rating": "nope", "explanation": "x"},
    )
    assert response.status_code == 400 and response.json["error"]["field"] == "rating"
    db_session.refresh(claim)  # the app's requests renewed the lease meanwhile
    research.submit_verdict(
        db_session, claim, checker, rating_slug="misleading", explanation="Done."
    )
    assert research.get_draft(db_session, claim, checker) is None


def test_right_of_reply_is_recorded_and_shown(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    client.post(
        f"/desk/claims/{claim.id}/replies",
        data={
            "contacted_on": "2026-03-01",
            "channel": "email",
            "contact": "Where is the 3,200 from?",
            "answer": "From the council's budget papers.",
        },
    )
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Contacted 2026-03-01 by email" in page
    assert "From the council&#39;s budget papers." in page
    assert replies.for_claim(db_session, claim)[0].answer == "From the council's budget papers."


def _reply_form(answer: str) -> dict[str, str]:
    return {"contacted_on": "2026-03-01", "channel": "email", "contact": "?", "answer": answer}


def test_only_the_holder_or_an_editor_records_a_reply_and_only_the_holder_renews_the_lease(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    claim.lease_expires_at = claim.lease_expires_at - dt.timedelta(hours=20)
    db_session.commit()
    lease = claim.lease_expires_at
    client = app.test_client()
    login(client, checker2)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Record a contact with the claimant" not in page
    refused = client.post(
        f"/desk/claims/{claim.id}/replies", data=_reply_form("From someone else.")
    )
    assert refused.status_code == 403
    page = refused.get_data(as_text=True)
    assert "is held by Chris, not by you" in page
    assert "Not saved" in page and "From someone else." in page, "the typed answer is kept"
    login(client, editor)
    client.post(f"/desk/claims/{claim.id}/replies", data=_reply_form("Via the editor."))
    db_session.refresh(claim)
    assert [r.answer for r in replies.for_claim(db_session, claim)] == ["Via the editor."]
    assert claim.lease_expires_at == lease, "an editor's reply does not keep Chris's lease"
    login(client, checker)
    client.post(f"/desk/claims/{claim.id}/replies", data=_reply_form("Via the holder."))
    db_session.refresh(claim)
    assert len(replies.for_claim(db_session, claim)) == 2
    assert claim.lease_expires_at > lease + dt.timedelta(hours=19)


def test_a_reply_on_a_published_fact_check_is_an_editors_correction(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User, checker2: User
) -> None:
    from tests.publishing_helpers import publish_one

    _article, claim = publish_one(db_session, editor, editor2, checker)
    client = app.test_client()
    for someone in (checker2, checker):  # any checker, and the checker who held it
        login(client, someone)
        client.post(f"/desk/claims/{claim.id}/replies", data=_reply_form("Planted answer."))
        assert "Planted answer." not in client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert replies.for_claim(db_session, claim) == []
    login(client, editor2)
    response = client.post(
        f"/desk/claims/{claim.id}/replies", data=_reply_form("We stand by the figure.")
    )
    assert response.status_code == 302
    reader = app.test_client()
    page = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "We stand by the figure." in page
    assert "Corrected" in page and "the rating “Mostly true” is unchanged" in page
    assert "Right of reply added after publication" in page
    listing = reader.get("/corrections").get_data(as_text=True)
    assert "Right of reply added after publication" in listing
    feed = feedparser.parse(reader.get("/feeds/corrections.atom").get_data())
    title = f"Correction to “{short_claim(claim.text, 100)}”: the rating stays Mostly true"
    assert feed.entries[0].title == title
    assert "Right of reply added after publication" in feed.entries[0].summary


def test_comments_are_threaded(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    db_session.commit()
    first = client.post(
        f"/api/v1/claims/{claim.id}/comments",
        headers=token_for(db_session, checker),
        json={"body": "Which budget?"},
    )
    assert first.status_code == 201
    reply = client.post(
        f"/api/v1/claims/{claim.id}/comments",
        headers=token_for(db_session, editor),
        json={"body": "The 2026 one.", "parent_id": first.json["id"]},
    )
    assert reply.status_code == 201
    thread = comments.thread(db_session, claim)
    assert [(c.body, depth) for c, depth in thread] == [("Which budget?", 0), ("The 2026 one.", 1)]
    bad = client.post(
        f"/api/v1/claims/{claim.id}/comments",
        headers=token_for(db_session, editor),
        json={"body": "x", "parent_id": 999},
    )
    assert bad.status_code == 400


# The rating scale --------------------------------------------------------------------------


def test_scale_changes_are_versioned_and_retiring_needs_a_replacement(
    db_session: Session, admin: User, editor: User, checker: User
) -> None:
    claim = _in_progress(db_session, editor, checker)
    _with_a_source(db_session, claim, checker)
    old = research.submit_verdict(
        db_session, claim, checker, rating_slug="unsupported", explanation="x"
    )
    before = old.scale_version_id
    unsupported = research.rating_by_slug(db_session, "unsupported")
    with pytest.raises(PermissionDenied):
        scale.retire_rating(db_session, unsupported, editor, replacement=None)
    with pytest.raises(InvalidInput, match="replaces it"):
        scale.retire_rating(db_session, unsupported, admin, replacement=None)
    added = scale.add_rating(
        db_session,
        admin,
        slug="unproven",
        label="Unproven",
        ordinal=3,
        description="Not enough evidence either way.",
        colour="#4b5563",
        replaces=unsupported,  # the ordinal is its: it is retired, "Unproven" replacing it
    )
    assert unsupported.replaced_by_id == added.id
    with pytest.raises(InvalidInput, match=r"was retired\. Use “Unproven”"):
        research.rating_by_slug(db_session, "unsupported")
    assert "unsupported" not in [r.slug for r in research.ratings(db_session)]
    assert research.current_scale_version(db_session) > before
    db_session.refresh(old)
    assert old.rating.slug == "unsupported" and old.scale_version_id == before


def test_admins_manage_the_scale_on_its_page(app: Flask, db_session: Session, admin: User) -> None:
    client = app.test_client()
    login(client, admin)
    response = client.post(
        "/desk/ratings",
        data={
            "slug": "half-true",
            "label": "Half true",
            "ordinal": "7",  # above the default scale: no rating in use holds it
            "colour": "#123456",
            "description": "Partly accurate.",
        },
    )
    assert response.status_code == 302
    page = client.get("/desk/ratings").get_data(as_text=True)
    assert "Half true" in page
    response = client.post(
        "/desk/ratings", data={"slug": "Bad Slug", "label": "x", "ordinal": "1", "colour": "red"}
    )
    assert response.status_code == 400
    assert db_session.scalars(select(Rating).where(Rating.slug == "half-true")).one()


# The audit trail ---------------------------------------------------------------------------


# That the database refuses changes to events: tests/test_audit_append_only.py


def test_no_route_edits_or_deletes_events(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if "event" in rule.rule or "history" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule


def test_the_article_history_lists_its_claims_events(
    app: Flask, db_session: Session, submitted: Claim, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/articles/{submitted.article_id}/history").get_data(as_text=True)
    assert f"claim #{submitted.id}" in page and "Submit verdict" in page and "Extract" in page


def test_readers_see_the_right_of_reply(
    client: FlaskClient, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    from tests.publishing_helpers import publish_one

    _article, claim = publish_one(db_session, editor, editor2, checker)
    replies.record_reply(
        db_session,
        claim,
        editor,
        contacted_at=None,
        channel="phone",
        contact="Asked for the source.",
        answer="We stand by the figure.",
    )
    db_session.commit()
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "We contacted Ana Silva by phone" in page
    assert "We stand by the figure." in page


def test_split_and_merge_candidates(app: Flask, db_session: Session, editor: User) -> None:
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Split",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    first, second = sorted(article.claims, key=lambda c: c.span_start)[:2]
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    client.post(
        f"/desk/claims/{first.id}/split",
        data={
            "version": first.version,
            "parts": "The council approved 48 million pounds.\nThe money is for flood defences.",
        },
    )
    db_session.expire_all()
    parts = [
        c
        for c in db_session.get(type(first), first.id).article.claims
        if c.text in ("The council approved 48 million pounds.", "The money is for flood defences.")
    ]
    assert len(parts) == 2 and all(p.span_start == first.span_start for p in parts)
    assert db_session.get(type(first), first.id).status == ClaimStatus.SPLIT
    response = client.post(
        f"/desk/articles/{article.id}/merge",
        data={"claim_ids": [str(parts[0].id), str(second.id)], "text": "Merged wording"},
    )
    assert response.status_code == 302
    db_session.expire_all()
    merged = next(
        c
        for c in db_session.get(type(first), first.id).article.claims
        if c.text == "Merged wording"
    )
    assert (merged.span_start, merged.span_end) == (parts[0].span_start, second.span_end)
    assert db_session.get(type(first), second.id).status == ClaimStatus.REJECTED
    history = [e.action for e in audit.history(db_session, "claim", merged.id)]
    assert history == ["merge_from"]
    page = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert "Merged wording" in page
    refused = client.post(f"/desk/claims/{second.id}/split", data={"version": 99, "parts": "a\nb"})
    assert refused.status_code == 409  # refused: it is merged (rejected) now
    assert "Not saved" in refused.get_data(as_text=True)  # the lines typed, shown to copy


def _hidden_version(page: str, form_action: str) -> str:
    """The hidden version of the form posting to `form_action`, as the browser would send it."""
    form = page[page.index(f'action="{form_action}"') :]
    form = form[: form.index("</form>")]
    marker = 'name="version" type="hidden" value="'
    start = form.index(marker) + len(marker)
    return form[start : form.index('"', start)]


def test_a_first_verdict_submits_after_the_draft_autosaved(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """B1: the checker opens the claim, types (the draft saves itself), then submits."""
    claim = _in_progress(db_session, editor, checker)
    _with_a_source(db_session, claim, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    verdict_url = f"/desk/claims/{claim.id}/verdict"
    version = _hidden_version(
        client.get(f"/desk/claims/{claim.id}").get_data(as_text=True), verdict_url
    )
    for typed in ("It is", "It is misleading", "It is misleading: the count is older."):
        saved = client.post(
            f"/desk/claims/{claim.id}/draft", data={"rating": "misleading", "explanation": typed}
        )
        assert saved.status_code == 200, saved.json
    response = client.post(
        verdict_url,
        data={
            "version": version,
            "rating": "misleading",
            "explanation": "It is misleading: the count is older.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/desk/mine")
    db_session.expire_all()
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_conflict_keeps_the_text_and_the_retry_goes_through(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """A real change by someone else is named; the page keeps the text and the current
    version, so sending it again (after reading the change) works."""
    claim = _in_progress(db_session, editor, checker)
    _with_a_source(db_session, claim, checker)
    db_session.commit()
    client = app.test_client()
    login(client, checker)
    verdict_url = f"/desk/claims/{claim.id}/verdict"
    version = _hidden_version(
        client.get(f"/desk/claims/{claim.id}").get_data(as_text=True), verdict_url
    )
    articles.edit_claim_details(
        db_session, claim, editor, claimant="Petro Kotin", claim_date=None, expected_version=None
    )
    db_session.commit()
    typed = {"rating": "misleading", "explanation": "My careful explanation."}
    refused = client.post(verdict_url, data={"version": version, **typed})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "was changed by Edith" in page
    assert "My careful explanation." in page
    retried = client.post(
        verdict_url, data={**typed, "version": _hidden_version(page, verdict_url)}
    )
    assert retried.status_code == 302, retried.get_data(as_text=True)


def test_merging_candidates_too_long_together_asks_for_a_wording(
    app: Flask, db_session: Session, editor: User
) -> None:
    """Joined, two long candidates made a claim over the 2,000 characters a claim holds, and
    the refusal said "claim text" is too long about a text the editor never typed."""
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Long sentences",
        body=ARTICLE,
        limits=Limits(max_chars=100_000),
        force=True,
    )
    first, second = sorted(article.claims, key=lambda c: c.span_start)[:2]
    first.text = "The council approved 48 million pounds for the harbour. " * 19  # 1,064 chars
    second.text = "The tunnel carried 52,000 vehicles a day in 2025. " * 21  # 1,050 chars
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = client.post(
        f"/desk/articles/{article.id}/merge",
        data={"claim_ids": [str(first.id), str(second.id)], "text": ""},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Together these candidates are 2,115 characters, more than the 2,000" in page
    db_session.expire_all()
    assert {c.status for c in (first, second)} == {ClaimStatus.CANDIDATE}
    typed = client.post(
        f"/desk/articles/{article.id}/merge",
        data={"claim_ids": [str(first.id), str(second.id)], "text": "Merged, shorter."},
    )
    assert typed.status_code == 302
    db_session.expire_all()
    assert any(c.text == "Merged, shorter." for c in first.article.claims)
