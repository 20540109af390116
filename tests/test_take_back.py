"""Taking back a claim whose lease ran out: only its last checker, only while it waits.

Found on a checker's walk: the refusal said "Take it again from the queue", but "Take next
claim" hands out whatever comes first, so that claim (and the words typed after the lapse)
could not reliably be had again.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import drafts, queue, take_back
from factcheck.domain.errors import Conflict, InvalidTransition
from factcheck.models import ArticleStatus, Claim, ClaimStatus, Event, User
from tests.conftest import held_claim, login, token_for
from tests.factories import ArticleFactory, ClaimFactory, bind

HOUR = dt.timedelta(hours=1)


def _lapsed(db_session: Session, editor: User, checker: User) -> Claim:
    """A claim `checker` took, whose lease then ran out (back in the queue)."""
    bind(db_session)
    claim = ClaimFactory(article=ArticleFactory(created_by_id=editor.id), status=ClaimStatus.QUEUED)
    assert queue.take_next(db_session, checker, lease=HOUR) is not None
    assert queue.expire_leases(db_session, now=clock.now() + 2 * HOUR) == [claim.id]
    db_session.refresh(claim)
    return claim


def test_the_checker_whose_lease_ran_out_takes_that_claim_back_with_their_text(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    bind(db_session)
    # Another claim ahead of it in the queue: take-next would hand out that one.
    ClaimFactory(
        article=ArticleFactory(created_by_id=editor.id), status=ClaimStatus.QUEUED, priority=9
    )
    assert take_back.may_take_back(db_session, claim, checker)

    taken = take_back.take_back(
        db_session, claim, checker, lease=HOUR, rating_slug="misleading", explanation="Typed late."
    )

    assert taken.id == claim.id
    assert (claim.status, claim.assignee_id) == (ClaimStatus.IN_PROGRESS, checker.id)
    assert claim.lease_expires_at is not None and claim.lease_expires_at > clock.now()
    draft = drafts.continue_from(db_session, claim, checker)
    assert draft is not None and (draft.rating_slug, draft.explanation) == (
        "misleading",
        "Typed late.",
    )
    last = db_session.scalars(
        select(Event).where(Event.entity_id == claim.id).order_by(Event.id.desc())
    ).first()
    assert last is not None and (last.action, last.actor_id) == ("take", checker.id)
    # A second click changes nothing.
    assert take_back.take_back(db_session, claim, checker, explanation="Again.") is claim
    assert drafts.continue_from(db_session, claim, checker).explanation == "Typed late."  # type: ignore[union-attr]


def test_someone_who_took_it_meanwhile_keeps_it(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    assert queue.take_next(db_session, checker2) is not None
    db_session.refresh(claim)
    assert not take_back.may_take_back(db_session, claim, checker)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker)
    assert refused.value.message.startswith(
        f"{checker2.display_name} took claim #{claim.id} from the queue at "
    )
    assert claim.assignee_id == checker2.id


def test_an_editor_who_assigned_it_elsewhere_is_named(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    queue.assign(db_session, claim, checker2, editor)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker)
    assert f"{editor.display_name} assigned claim #{claim.id} to {checker2.display_name}" in (
        refused.value.message
    )


def test_another_checker_cannot_jump_the_queue_with_it(
    db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    assert not take_back.may_take_back(db_session, claim, checker2)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker2)
    assert "was not yours" in refused.value.message
    assert (claim.status, claim.assignee_id) == (ClaimStatus.QUEUED, None)


def test_a_claim_given_back_rather_than_lapsed_goes_by_the_queue(
    db_session: Session, editor: User, checker: User
) -> None:
    bind(db_session)
    claim = ClaimFactory(article=ArticleFactory(created_by_id=editor.id), status=ClaimStatus.QUEUED)
    queue.take_next(db_session, checker)
    queue.release(db_session, claim, checker)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker)
    assert "Only the checker whose lease" in refused.value.message


def test_a_claim_of_a_withdrawn_fact_check_is_not_taken_back(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    claim.article.status = ArticleStatus.WITHDRAWN
    claim.article.withdrawn_reason = "Made-up reason for the test"
    db_session.flush()
    assert not take_back.may_take_back(db_session, claim, checker)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker)
    assert "was withdrawn" in refused.value.message
    assert claim.status == ClaimStatus.QUEUED


def test_a_claim_sent_back_to_the_candidates_is_not_taken_back(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    claim.status = ClaimStatus.CANDIDATE
    db_session.flush()
    with pytest.raises(InvalidTransition):
        take_back.take_back(db_session, claim, checker)


def test_a_conflict_declared_since_refuses_it(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    queue.declare_conflict(db_session, checker, claim=claim)
    with pytest.raises(Conflict) as refused:
        take_back.take_back(db_session, claim, checker)
    assert "conflict of interest" in refused.value.message
    assert claim.assignee_id is None


# The desk: the button on the refusal, and the words typed after the lapse kept.


def _lapsed_on_the_desk(
    app: Flask, db_session: Session, editor: User, checker: User
) -> tuple[Claim, FlaskClient]:
    claim = held_claim(db_session, editor, checker, title="Take back", source=True)
    client = app.test_client()
    login(client, checker)
    version = claim.version
    assert claim.id in queue.expire_leases(db_session, now=clock.now() + dt.timedelta(days=2))
    db_session.commit()
    refused = client.post(
        f"/desk/claims/{claim.id}/verdict",
        data={"rating": "misleading", "explanation": TYPED, "version": version},
    )
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "Not saved" in page and f"Take claim #{claim.id} back</button>" in page
    return claim, client


TYPED = 'Typed after the lease ran out: "3,100" homes,\nnot 3,000.'


def _take_back_form(page: str) -> dict[str, str]:
    form = re.search(r'<form class="note returned" id="take-back".*?</form>', page, re.S)
    assert form, page
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0))
    }


def test_the_refused_checker_takes_the_claim_back_and_finds_their_words(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim, client = _lapsed_on_the_desk(app, db_session, editor, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    sent = _take_back_form(page)
    assert sent == {}  # the claim page, opened again: the button, nothing typed to carry
    refused = client.post(
        f"/desk/claims/{claim.id}/verdict",
        data={"rating": "misleading", "explanation": TYPED, "version": claim.version},
    )
    sent = _take_back_form(refused.get_data(as_text=True))
    assert sent == {"rating": "misleading", "explanation": TYPED}

    taken = client.post(f"/desk/claims/{claim.id}/take-back", data=sent)

    assert taken.status_code == 302 and taken.location.endswith(f"/desk/claims/{claim.id}")
    page = client.get(taken.location).get_data(as_text=True)
    assert f"Claim #{claim.id} is yours again." in page
    assert TYPED in html.unescape(page) and '<option selected value="misleading">' in page
    assert 'id="take-back"' not in page


def test_taken_meanwhile_the_words_stay_on_the_page_with_the_reason(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim, client = _lapsed_on_the_desk(app, db_session, editor, checker)
    assert queue.take_next(db_session, checker2) is not None
    db_session.commit()

    refused = client.post(
        f"/desk/claims/{claim.id}/take-back",
        data={"rating": "misleading", "explanation": TYPED},
    )

    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert f"{checker2.display_name} took claim #{claim.id} from the queue" in page
    assert TYPED in html.unescape(page) and 'id="take-back"' not in page


def test_another_checker_is_not_offered_the_button(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim, _client = _lapsed_on_the_desk(app, db_session, editor, checker)
    other = app.test_client()
    login(other, checker2)
    assert 'id="take-back"' not in other.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert other.post(f"/desk/claims/{claim.id}/take-back").status_code == 302
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).status == ClaimStatus.QUEUED  # type: ignore[union-attr]


def test_a_draft_refused_after_the_lapse_offers_the_button_in_the_verdict_form(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    """Autosave refused: the page's script shows the verdict form's own "Take claim #N back"
    button, which sends what the form holds to the take-back address."""
    claim = held_claim(db_session, editor, checker, title="Take back", source=True)
    client = app.test_client()
    login(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    button = re.search(r"<button[^>]*data-take-back[^>]*>Take claim #(\d+) back", page)
    assert button and button.group(1) == str(claim.id) and " hidden " in button.group(0)
    assert f'formaction="/desk/claims/{claim.id}/take-back"' in button.group(0)
    assert claim.id in queue.expire_leases(db_session, now=clock.now() + dt.timedelta(days=2))
    db_session.commit()

    refused = client.post(
        f"/desk/claims/{claim.id}/draft", data={"rating": "misleading", "explanation": TYPED}
    )
    assert refused.status_code == 409 and refused.get_json()["take_back"] is True

    assert queue.take_next(db_session, checker2) is not None
    db_session.commit()
    refused = client.post(f"/desk/claims/{claim.id}/draft", data={"explanation": TYPED})
    assert refused.status_code == 403 and refused.get_json()["take_back"] is False


def test_the_api_takes_a_lapsed_claim_back_for_its_checker_alone(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = _lapsed(db_session, editor, checker)
    db_session.commit()
    client = app.test_client()
    address = f"/api/v1/claims/{claim.id}/take-back"

    other = client.post(address, headers=token_for(db_session, checker2))
    assert other.status_code == 409
    assert "was not yours" in other.get_json()["error"]["message"]

    taken = client.post(address, headers=token_for(db_session, checker))
    assert taken.status_code == 200, taken.get_json()
    assert taken.get_json()["status"] == "in_progress"
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).assignee_id == checker.id  # type: ignore[union-attr]
