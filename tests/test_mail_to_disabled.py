"""No e-mail reaches a person whose account is off, even one made for them before.

A notification is made when its event happens; its e-mail goes later, at once through a
job or in the next morning's digest. A checker who leaves may be turned off in between.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import people
from factcheck.jobs import tasks
from factcheck.models import Delivery, Notification, NotificationKind, User
from tests.publishing_helpers import approve_one
from tests.test_notifications import Inbox, at_digest_hour, inbox, mail_app

__all__ = ["inbox", "mail_app"]  # the SMTP server on loopback and the app that mails to it


def _waiting(session: Session, user: User, email: Delivery, key: str) -> int:
    notification = Notification(
        user_id=user.id,
        kind=NotificationKind.APPROVED,
        message="Your verdict is approved.",
        dedupe_key=key,
        shown_in_app=True,
        email=email,
    )
    session.add(notification)
    session.commit()
    return notification.id


def test_a_digest_waiting_for_someone_turned_off_is_not_sent(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    admin: User,
    editor: User,
    editor2: User,
    checker: User,
) -> None:
    # Jobs queued with JOBS_RUN_NOW run when the app context that queued them ends.
    with mail_app.app_context():
        approve_one(db_session, editor, editor2, checker)  # the approval waits for the digest
    _waiting(db_session, editor2, Delivery.DIGEST, "still-here")
    with mail_app.app_context():
        people.disable(db_session, checker, admin)
        db_session.commit()
    with mail_app.app_context(), at_digest_hour():
        assert tasks.send_digests.call_local() == 1, "only the person still here"
    assert inbox[0].to(checker.email)[1:] == [], "nothing after the assignment"
    digests = [
        m["Subject"] for m in inbox[0].to(editor2.email) if m["Subject"].startswith("factcheck")
    ]
    assert digests == ["factcheck: 1 update today"]


def test_an_email_due_at_once_to_someone_turned_off_is_not_sent(
    mail_app: Flask,
    inbox: tuple[Inbox, str],
    db_session: Session,
    admin: User,
    checker: User,
) -> None:
    notification_id = _waiting(db_session, checker, Delivery.IMMEDIATELY, "left")
    with mail_app.app_context():
        people.disable(db_session, checker, admin)
        db_session.commit()
        assert tasks.email_notification.func(notification_id) is False
    assert inbox[0].to(checker.email) == []
