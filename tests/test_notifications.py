"""Notifications: in the app (the bell, the list, mark as read) and by e-mail to a real SMTP
server on loopback (aiosmtpd), at once or in the daily digest, as each person prefers."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.domain import (
    audit,
    comments,
    drafts,
    notifications,
    queue,
    research,
    review_panel,
)
from factcheck.jobs import tasks
from factcheck.models import (
    Claim,
    ClaimStatus,
    Delivery,
    Notification,
    NotificationKind,
    User,
)
from tests.conftest import build_app, held_claim, login, run_job
from tests.factories import ArticleFactory, ClaimFactory, bind
from tests.publishing_helpers import approve_one


class Inbox:
    """What the SMTP server on loopback received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, str]]:
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@pytest.fixture
def mail_app(
    engine: Engine, session_factory: sessionmaker[Session], inbox: tuple[Inbox, str]
) -> Flask:
    return build_app(
        engine,
        session_factory,
        SMTP_URL=inbox[1],
        MAIL_FROM="Desk <desk@example.org>",
        MAIL_REPLY_TO="editors@example.org",
        SITE_URL="https://desk.example.org",
    )


@contextmanager
def at_digest_hour(zone: str | None = None) -> Iterator[None]:
    """The clock at the next 07:00 in `zone` (the newsroom's, UTC by default), when the
    hourly digest run sends."""
    clock.set_zone(zone)
    local = clock.local(clock.now())
    morning = local.replace(hour=tasks.DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += dt.timedelta(days=1)
    clock.set_source(lambda: morning.astimezone(dt.UTC))
    try:
        yield
    finally:
        clock.set_source(None)
        clock.set_zone(None)


def _queued(session: Session, editor: User) -> Claim:
    bind(session)
    claim = ClaimFactory(article=ArticleFactory(created_by_id=editor.id), status=ClaimStatus.QUEUED)
    session.commit()
    return claim


def _text_and_html(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "both parts"
    return text.get_content(), html.get_content()


def test_an_assignment_sends_one_email_to_the_checker_with_the_link(
    mail_app: Flask, inbox: tuple[Inbox, str], db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    client = mail_app.test_client()
    login(client, editor)
    response = client.post(
        f"/desk/claims/{claim.id}/assign", data={"user_id": checker.id, "version": claim.version}
    )
    assert response.status_code == 302

    received = inbox[0].messages
    assert [message["To"] for message in received] == [checker.email]
    message = received[0]
    assert message["From"] == "Desk <desk@example.org>"
    assert message["Reply-To"] == "editors@example.org"
    assert message["Subject"] == "A claim is assigned to you"
    text, html = _text_and_html(message)
    link = f"https://desk.example.org/desk/claims/{claim.id}"
    assert link in text and f'href="{link}"' in html
    assert f"{editor.display_name} assigned you" in text
    # The same in the app: the bell counts it, the list shows it, and it can be read.
    login(client, checker)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert f"{editor.display_name} assigned you" in page
    assert 'aria-label="1 unread"' in page
    client.post("/account/notifications/read")
    assert 'aria-label="1 unread"' not in client.get("/desk/").get_data(as_text=True)


def test_a_preference_of_off_sends_nothing(
    mail_app: Flask, inbox: tuple[Inbox, str], db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    client = mail_app.test_client()
    login(client, checker)
    settings = {
        f"{channel}_{kind.value}": value
        for kind in NotificationKind
        for channel, value in (("email", "immediately"), ("in_app", "y"))
    }
    settings["email_assigned"] = "off"
    del settings["in_app_assigned"]
    assert client.post("/account/notifications/settings", data=settings).status_code == 302
    login(client, editor)
    client.post(
        f"/desk/claims/{claim.id}/assign", data={"user_id": checker.id, "version": claim.version}
    )
    assert inbox[0].messages == []
    assert db_session.scalars(select(Notification)).all() == []


def test_a_digest_gathers_a_days_updates_into_one_email(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    # Jobs queued with JOBS_RUN_NOW run when the app context that queued them ends.
    with mail_app.app_context():
        _article, claim = approve_one(db_session, editor, editor2, checker)
    # Approval goes to the digest by default; assignment was e-mailed at once.
    assert [m["Subject"] for m in inbox[0].to(checker.email)] == ["A claim is assigned to you"]
    with mail_app.app_context():
        notifications.set_preferences(
            db_session, checker, {NotificationKind.ASSIGNED: (True, Delivery.DIGEST)}
        )
        other = _queued(db_session, editor)
        queue.assign(db_session, other, checker, editor)
        db_session.commit()
    assert len(inbox[0].to(checker.email)) == 1, "the second assignment waits for the digest"

    with mail_app.app_context(), at_digest_hour():
        assert tasks.send_digests.call_local() == 1
    with mail_app.app_context(), at_digest_hour():
        assert tasks.send_digests.call_local() == 0, "nothing twice"
    digests = inbox[0].to(checker.email)[1:]
    assert len(digests) == 1
    assert digests[0]["Subject"] == "factcheck: 2 updates today"
    text, html = _text_and_html(digests[0])
    assert "approved your verdict" in text and "assigned you" in text
    assert f"https://desk.example.org/desk/claims/{claim.id}" in html


def test_the_digest_goes_at_seven_in_the_newsrooms_morning(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    # Before, the digest went at 07:00 UTC: 18:00 in Sydney, "today" arriving at dusk.
    with mail_app.app_context():
        approve_one(db_session, editor, editor2, checker)  # the approval waits for the digest
    clock.set_zone("Australia/Sydney")
    try:
        for utc_hour, sent in [(7, 0), (20, 1)]:  # 18:00 and 07:00 AEDT
            at = dt.datetime(2026, 12, 5, utc_hour, tzinfo=dt.UTC)
            clock.set_source(lambda at=at: at)
            with mail_app.app_context():
                assert tasks.send_digests.call_local() == sent, utc_hour
    finally:
        clock.set_source(None)
        clock.set_zone(None)
    assert [m["Subject"] for m in inbox[0].to(checker.email)][-1] == "factcheck: 1 update today"


def test_submitting_tells_the_editors_and_returning_tells_the_checker_with_the_note(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    bind(db_session)
    claim = ClaimFactory(
        article=ArticleFactory(created_by_id=editor.id),
        status=ClaimStatus.IN_PROGRESS,
        assignee_id=checker.id,
        lease_expires_at=clock.now() + dt.timedelta(hours=5),
    )
    with mail_app.app_context():
        research.add_evidence(
            db_session, claim, checker, url="https://example.org/counts", stance="refutes"
        )
        research.submit_verdict(
            db_session, claim, checker, rating_slug="mostly-true", explanation="Counts differ."
        )
        db_session.commit()
    review = {m["To"] for m in inbox[0].messages if m["Subject"] == "A verdict awaits review"}
    assert review == {editor.email, editor2.email}, "every editor, not the checker"

    with mail_app.app_context():
        review_panel.return_to_checker(db_session, claim, editor, note="Cite the 2025 count.")
        db_session.commit()
    returned = [m for m in inbox[0].messages if m["Subject"] == "Your verdict is returned"]
    assert [m["To"] for m in returned] == [checker.email]
    text, _ = _text_and_html(returned[0])
    assert "Their note: Cite the 2025 count." in text


def test_approval_tells_the_author_and_never_the_approver(
    mail_app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    with mail_app.app_context():
        approve_one(db_session, editor, editor2, checker)
    approved = {
        (n.user_id, n.kind)
        for n in db_session.scalars(select(Notification))
        if n.kind is NotificationKind.APPROVED
    }
    assert approved == {(checker.id, NotificationKind.APPROVED)}


def test_an_at_mention_tells_that_person_only(
    mail_app: Flask, inbox: tuple[Inbox, str], db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    handle = checker.email.split("@")[0]
    with mail_app.app_context():
        comments.add_comment(db_session, claim, editor, f"@{handle} can you look? cc @nobody")
        db_session.commit()
    assert [message["To"] for message in inbox[0].messages] == [checker.email]
    text, _ = _text_and_html(inbox[0].messages[0])
    assert f"{editor.display_name} mentioned you" in text and "can you look?" in text


def test_a_lease_ending_within_the_hour_warns_its_holder_once(
    mail_app: Flask, inbox: tuple[Inbox, str], db_session: Session, editor: User, checker: User
) -> None:
    bind(db_session)
    ends = clock.now() + dt.timedelta(minutes=30)
    ClaimFactory(
        article=ArticleFactory(created_by_id=editor.id),
        status=ClaimStatus.IN_PROGRESS,
        assignee_id=checker.id,
        lease_expires_at=ends,
    )
    ClaimFactory(  # a lease with hours left: no warning yet
        article=ArticleFactory(created_by_id=editor.id),
        status=ClaimStatus.IN_PROGRESS,
        assignee_id=checker.id,
        lease_expires_at=clock.now() + dt.timedelta(hours=5),
    )
    db_session.commit()
    with mail_app.app_context():
        assert tasks.warn_leases_ending.call_local() == 1
        assert tasks.warn_leases_ending.call_local() == 0
    assert [message["Subject"] for message in inbox[0].messages] == [
        "Your lease ends within an hour"
    ]


def test_without_smtp_notifications_stay_in_the_app(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    claim = _queued(db_session, editor)
    login(client, editor)
    client.post(
        f"/desk/claims/{claim.id}/assign", data={"user_id": checker.id, "version": claim.version}
    )
    stored = db_session.scalars(select(Notification)).one()
    assert stored.user_id == checker.id and stored.emailed_at is None
    login(client, checker)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "sends no e-mail" in page and "assigned you" in page


# --- a checker loses a claim: reassigned or unassigned by an editor -----------------------


def _told(session: Session, user: User) -> list[tuple[NotificationKind, str]]:
    session.expire_all()
    query = select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    return [(n.kind, n.message) for n in session.scalars(query)]


def test_reassigning_tells_the_checker_who_lost_the_claim_who_took_it_and_that_the_draft_stays(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    editor: User,
    checker: User,
    checker2: User,
) -> None:
    claim = held_claim(db_session, editor, checker, title="Reassigned", source=True)
    drafts.save_draft(db_session, claim, checker, explanation="Half of what I found.")
    db_session.commit()
    client = mail_app.test_client()
    login(client, editor)
    response = client.post(
        f"/desk/claims/{claim.id}/assign", data={"user_id": checker2.id, "version": claim.version}
    )
    assert response.status_code == 302

    [lost] = inbox[0].to(checker.email)
    assert lost["Subject"] == "A claim is no longer yours"
    text, html = _text_and_html(lost)
    assert f"{editor.display_name} reassigned" in text
    assert f"to {checker2.display_name}; it is no longer yours." in text
    assert "Your verdict draft stays saved and passes to the next checker" in text
    link = f"https://desk.example.org/desk/claims/{claim.id}"
    assert f'href="{link}"' in html
    assert [m["Subject"] for m in inbox[0].to(checker2.email)] == ["A claim is assigned to you"]
    login(client, checker)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert f"{editor.display_name} reassigned" in page and 'aria-label="1 unread"' in page


def test_unassigning_tells_the_checker_and_releasing_ones_own_claim_tells_nobody(
    mail_app: Flask, inbox: tuple[Inbox, str], db_session: Session, editor: User, checker: User
) -> None:
    mine = held_claim(db_session, editor, checker, title="Released")
    taken = held_claim(db_session, editor, checker, title="Unassigned")
    client = mail_app.test_client()
    login(client, checker)
    client.post(f"/desk/claims/{mine.id}/release", data={"version": mine.version})
    assert inbox[0].messages == [], "nobody is told about their own release"

    login(client, editor)
    client.post(f"/desk/claims/{taken.id}/release", data={"version": taken.version})
    [lost] = inbox[0].to(checker.email)
    assert lost["Subject"] == "A claim is no longer yours"
    text, _ = _text_and_html(lost)
    assert f"{editor.display_name} gave" in text
    assert "back to the queue; it is no longer yours." in text
    assert "draft" not in text, "they saved no draft: none is mentioned"


def test_an_assignment_tells_whom_it_assigned_even_when_reassigned_before_the_job_ran(
    app: Flask, db_session: Session, editor: User, checker: User, checker2: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Quick change")  # jobs not run yet
    queue.assign(db_session, claim, checker2, editor)
    db_session.commit()
    for event in audit.history(db_session, "claim", claim.id):
        if event.action == "assign":
            run_job(app, "notify_about_event", event.id)

    # Each is told once, what happened to them: the assignment, then the reassignment.
    assert [kind.value for kind, _ in _told(db_session, checker)] == ["assigned", "unassigned"]
    assert [kind.value for kind, _ in _told(db_session, checker2)] == ["assigned"]


def test_an_assignment_recorded_before_the_events_named_people_tells_the_holder(
    app: Flask, db_session: Session, editor: User, checker: User
) -> None:
    claim = held_claim(db_session, editor, checker, title="Old event")
    old = audit.record(
        db_session, actor=editor, entity_type="claim", entity_id=claim.id, action="assign"
    )
    db_session.commit()
    run_job(app, "notify_about_event", old.id)
    [(kind, message)] = _told(db_session, checker)
    assert kind is NotificationKind.ASSIGNED and f"{editor.display_name} assigned you" in message


def test_turning_an_account_off_tells_its_owner_nothing_about_the_claims_given_back(
    app: Flask, db_session: Session, admin: User, editor: User, checker: User
) -> None:
    held_claim(db_session, editor, checker, title="Leaving")
    client = app.test_client()
    login(client, admin)
    client.post(f"/desk/admin/people/{checker.id}/active")
    assert _told(db_session, checker) == []


def test_the_settings_offer_the_lost_claim_kind_e_mailed_at_once(
    client: FlaskClient, checker: User
) -> None:
    login(client, checker)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "A claim is no longer yours" in page
    assert re.search(
        r'id="email-unassigned"[^>]*>.*?<option selected value="immediately"', page, re.S
    )
