"""A verdict half written is not lost when its claim changes hands: the checker who takes a
released, expired or reassigned claim starts from the draft the last checker left."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import drafts, queue, research, review_panel
from factcheck.models import Claim, Role, User
from tests.conftest import held_claim, login, make_user, token_for


def _draft_through_the_page(client: FlaskClient, claim: Claim, explanation: str) -> None:
    response = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "misleading", "explanation": explanation},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def _page(client: FlaskClient, claim: Claim) -> str:
    return client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)


def test_the_checker_who_takes_a_released_claim_starts_from_the_draft_left_on_it(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    first = app.test_client()
    login(first, checker)
    _draft_through_the_page(first, claim, "The council's papers list 3,100 homes, not 3,200.")
    released = first.post(f"/desk/claims/{claim.id}/release", data={"version": claim.version})
    assert released.status_code == 302
    db_session.expire_all()

    second_checker = make_user(db_session, Role.CHECKER, "rosa-vale")
    taken = queue.take_next(db_session, second_checker)
    assert taken is not None and taken.id == claim.id
    db_session.commit()
    second = app.test_client()
    login(second, second_checker)
    page = _page(second, claim)
    assert "The council&#39;s papers list 3,100 homes, not 3,200." in page
    assert '<option selected value="misleading">' in page
    assert f"Started from the draft {checker.display_name} left" in page

    # What the second checker types is theirs; the first checker's draft is as they left it.
    _draft_through_the_page(second, claim, "3,100 homes: the papers and the council agree.")
    db_session.expire_all()
    mine = research.get_draft(db_session, claim, second_checker)
    left = research.get_draft(db_session, claim, checker)
    assert mine is not None and mine.explanation.startswith("3,100 homes")
    assert left is not None and left.explanation.startswith("The council's papers")
    page = _page(second, claim)
    assert "3,100 homes: the papers and the council agree." in page
    assert "Started from the draft" not in page

    submitted = second.post(
        f"/desk/claims/{claim.id}/verdict",
        data={
            "rating": "misleading",
            "explanation": "3,100 homes: the papers and the council agree.",
            "version": db_session.get(Claim, claim.id).version,  # type: ignore[union-attr]
        },
    )
    assert submitted.status_code == 302
    db_session.expire_all()
    verdict = db_session.get(Claim, claim.id).current_verdict  # type: ignore[union-attr]
    assert verdict is not None and verdict.author_id == second_checker.id


def test_a_draft_left_when_the_lease_ran_out_passes_to_the_next_checker(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    client = app.test_client()
    login(client, checker)
    _draft_through_the_page(client, claim, "Half written when the lease ran out.")
    db_session.expire_all()
    assert claim.id in queue.expire_leases(db_session, now=clock.now() + dt.timedelta(days=2))
    second_checker = make_user(db_session, Role.CHECKER, "tom-ash")
    queue.assign(db_session, db_session.get(Claim, claim.id), second_checker, editor)  # type: ignore[arg-type]
    db_session.commit()
    second = app.test_client()
    login(second, second_checker)
    page = _page(second, claim)
    assert "Half written when the lease ran out." in page
    assert f"Started from the draft {checker.display_name} left" in page


def test_the_draft_typed_after_the_lease_ran_out_says_so_and_what_to_do(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """The autosave line said "Cannot save draft claim #N: it is queued.", which told a
    checker neither that the lease had run out nor what to do."""
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    client = app.test_client()
    login(client, checker)
    _draft_through_the_page(client, claim, "Written before the night.")
    db_session.expire_all()
    assert claim.id in queue.expire_leases(db_session, now=clock.now() + dt.timedelta(days=2))
    db_session.commit()

    refused = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "misleading", "explanation": "Written the next morning."},
    )
    assert refused.status_code == 409
    message = refused.get_json()["error"]["message"]
    assert message.startswith(f"Claim #{claim.id} went back to the queue at ")
    assert "its lease ran out" in message and f"Take claim #{claim.id} back" in message
    assert "it is queued" not in message


def test_the_draft_typed_after_an_editor_took_the_claim_back_names_them(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """It said "Cannot save draft claim #N: it is queued." after an editor unassigned it."""
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    client = app.test_client()
    login(client, checker)
    _draft_through_the_page(client, claim, "Written before.")
    db_session.expire_all()
    queue.release(db_session, db_session.get(Claim, claim.id), editor)  # type: ignore[arg-type]
    db_session.commit()

    refused = client.post(
        f"/desk/claims/{claim.id}/draft",
        data={"rating": "misleading", "explanation": "Written after."},
    )
    assert refused.status_code == 409
    message = refused.get_json()["error"]["message"]
    assert message.startswith(f"{editor.display_name} gave claim #{claim.id} back to the queue")
    assert "no longer yours" in message and "it is queued" not in message


def test_a_draft_older_than_the_last_submitted_verdict_is_not_offered(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """Once someone submitted a verdict, a draft written before it is superseded: after
    a return and a new assignment, the form starts from the returned verdict."""
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    first = app.test_client()
    login(first, checker)
    _draft_through_the_page(first, claim, "An early, abandoned draft.")
    first.post(f"/desk/claims/{claim.id}/release", data={"version": claim.version})
    db_session.expire_all()
    claim = db_session.get(Claim, claim.id)  # type: ignore[assignment]
    second_checker = make_user(db_session, Role.CHECKER, "ana-lind")
    queue.assign(db_session, claim, second_checker, editor)
    research.submit_verdict(
        db_session, claim, second_checker, rating_slug="true", explanation="Submitted in full."
    )
    review_panel.return_to_checker(db_session, claim, editor, note="Add the second source.")
    third_checker = make_user(db_session, Role.CHECKER, "lea-moss")
    queue.assign(db_session, claim, third_checker, editor)
    db_session.commit()

    assert drafts.left_draft(db_session, claim, third_checker) is None
    third = app.test_client()
    login(third, third_checker)
    page = _page(third, claim)
    assert "Submitted in full." in page
    assert "An early, abandoned draft." not in page
    assert "Started from the draft" not in page


def test_release_and_unassign_buttons_ask_before_the_claim_changes_hands(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    holder = app.test_client()
    login(holder, checker)
    assert (
        f'data-confirm="Give claim #{claim.id} back to the queue? Your draft stays saved'
        in _page(holder, claim)
    )
    assert "data-confirm=" in holder.get("/desk/mine").get_data(as_text=True)
    desk_editor = app.test_client()
    login(desk_editor, editor)
    assert (
        f'data-confirm="Take claim #{claim.id} from its checker and put it back in the queue?'
        in _page(desk_editor, claim)
    )


def test_through_the_api_the_holder_reads_their_draft_or_the_one_left_to_them(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    """PUT saved a draft that no call could read back, and a checker working through the
    API never saw the draft the last checker left."""
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    path = f"/api/v1/claims/{claim.id}/verdict"
    first = token_for(db_session, checker)
    nothing = client.get(path, headers=first)
    assert nothing.status_code == 404
    assert nothing.json["error"]["message"] == (
        f"Claim #{claim.id} has no verdict draft yet: nothing has been saved."
    )
    saved = client.put(path, headers=first, json={"rating": "false", "explanation": "Half."})
    assert saved.status_code == 200 and saved.json["author_id"] == checker.id
    read = client.get(path, headers=first).json
    assert (read["rating"], read["explanation"], read["author_id"]) == (
        "false",
        "Half.",
        checker.id,
    )

    assert (
        client.post(f"/api/v1/claims/{claim.id}/release", headers=first, json={}).status_code == 200
    )
    second_checker = make_user(db_session, Role.CHECKER, "ivo-kask")
    second = token_for(db_session, second_checker)
    # Not theirs to read until they hold the claim: drafts are private working state.
    assert client.get(path, headers=second).status_code == 409
    assert client.post("/api/v1/queue/next", headers=second, json={}).status_code == 200
    left = client.get(path, headers=second).json
    assert (left["explanation"], left["author_id"]) == ("Half.", checker.id)
    mine = client.put(path, headers=second, json={"explanation": "Half, then whole."}).json
    # A field not sent continues the draft left: the rating stays "false".
    assert (mine["author_id"], mine["rating"]) == (second_checker.id, "false")
    assert client.get(path, headers=second).json["explanation"] == "Half, then whole."


def test_the_queue_says_which_claims_hold_a_draft_left_by_their_last_checker(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Handover", source=True)
    other = held_claim(db_session, editor, checker, title="Untouched")
    holder = app.test_client()
    login(holder, checker)
    _draft_through_the_page(holder, claim, "Half written.")
    for released in (claim, other):
        db_session.refresh(released)
        assert (
            holder.post(
                f"/desk/claims/{released.id}/release", data={"version": released.version}
            ).status_code
            == 302
        )
    page = holder.get("/desk/queue").get_data(as_text=True)
    rows = {
        int(found): row
        for found, row in re.findall(
            r'<tr>\s*<td class="lead"><a href="/desk/claims/(\d+)">(.*?)</tr>', page, re.S
        )
    }
    assert f"A verdict draft left by {checker.display_name}, saved " in rows[claim.id]
    assert "whoever takes it starts from it" in rows[claim.id]
    assert "A verdict draft left" not in rows[other.id]


def test_the_assign_form_says_who_holds_the_claim(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    # Found in session 19: an editor could reassign a claim someone was typing in with no
    # word that anyone held it
    claim = held_claim(db_session, editor, checker, title="Held by someone")
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert f"{checker.display_name} holds this claim" in page
    assert "Assigning it to someone else takes it from them" in page


def test_a_checker_who_takes_a_claim_back_starts_from_the_newer_draft_left_since(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    """A drafts and releases; B takes the claim, writes more and releases; A takes it back.
    A's own older draft hid B's newer work, in the desk and through the API."""
    claim = held_claim(db_session, editor, checker, title="Round trip", source=True)
    drafts.save_draft(
        db_session, claim, checker, rating_slug="false", explanation="First look: maybe 3,200."
    )
    queue.release(db_session, claim, checker)
    db_session.commit()

    second_checker = make_user(db_session, Role.CHECKER, "rosa-vale")
    assert queue.take_next(db_session, second_checker) is not None
    db_session.commit()
    second = app.test_client()
    login(second, second_checker)
    _draft_through_the_page(second, claim, "The council's papers list 3,100 homes, not 3,200.")
    version = db_session.get(Claim, claim.id).version  # type: ignore[union-attr]
    assert second.post(f"/desk/claims/{claim.id}/release", data={"version": version})
    db_session.expire_all()
    assert queue.take_next(db_session, checker) is not None
    db_session.commit()

    api = app.test_client()
    path = f"/api/v1/claims/{claim.id}/verdict"
    headers = token_for(db_session, checker)
    read = api.get(path, headers=headers).json
    assert (read["explanation"], read["author_id"]) == (
        "The council's papers list 3,100 homes, not 3,200.",
        second_checker.id,
    )

    first = app.test_client()
    login(first, checker)
    page = _page(first, claim)
    assert "The council&#39;s papers list 3,100 homes, not 3,200." in page
    assert "First look" not in page
    assert '<option selected value="misleading">' in page
    assert f"Started from the draft {second_checker.display_name} left" in page

    # What the first checker types saves over their own old draft, with no conflict.
    seen = re.search(r'name="draft_seen" value="([^"]*)"', page)
    assert seen is not None
    saved = first.post(
        f"/desk/claims/{claim.id}/draft",
        data={
            "rating": "misleading",
            "explanation": "3,100 homes, as the papers say.",
            "draft_seen": seen.group(1),
        },
    )
    assert saved.status_code == 200, saved.get_data(as_text=True)
    db_session.expire_all()
    mine = research.get_draft(db_session, claim, checker)
    assert mine is not None and mine.explanation == "3,100 homes, as the papers say."


def test_a_field_not_sent_continues_the_newer_draft_left_since(
    db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Round trip", source=True)
    drafts.save_draft(db_session, claim, checker, rating_slug="false", explanation="Old.")
    queue.release(db_session, claim, checker)
    other = make_user(db_session, Role.CHECKER, "rosa-vale")
    assert queue.take_next(db_session, other) is not None
    drafts.save_draft(db_session, claim, other, rating_slug="misleading", explanation="Newer.")
    queue.release(db_session, claim, other)
    assert queue.take_next(db_session, checker) is not None

    mine = drafts.save_draft(db_session, claim, checker, explanation="Mine again.")
    assert (mine.rating_slug, mine.explanation) == ("misleading", "Mine again.")
