"""The e-mail with a link to set a password: an invitation, or a reset someone asked for.

The job is queued with the person's id and the link's purpose only: it makes the token
itself when it runs, so no raw token is ever kept in the queue or its failure records.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.domain import accounts, password_links
from factcheck.domain.password_links import Purpose
from factcheck.jobs import mail
from factcheck.jobs.queue import app_for_job
from factcheck.jobs.registry import job
from factcheck.models import User

ENDPOINTS = {Purpose.INVITE: "auth.accept_invitation", Purpose.RESET: "auth.reset_password"}
SUBJECTS = {
    Purpose.INVITE: "You are invited to the fact-check desk",
    Purpose.RESET: "Set a new password for the fact-check desk",
}


@job()
def email_password_link(session: Session, user_id: int, purpose_name: str) -> bool:
    """Mail `user_id` a link to set a password; False when there is no one to mail."""
    app = app_for_job()
    purpose = Purpose(purpose_name)
    user = session.get(User, user_id)
    if user is None or not user.active or not app.config.get("SMTP_URL"):
        return False
    if purpose is Purpose.INVITE and accounts.has_password(user):
        # Run again (a retry, an admin's "run again") after they joined: a new invitation
        # would be a 7-day link replacing the password they chose.
        return False
    token = password_links.make_token(app.config["SECRET_KEY"], user, purpose)
    link = mail.desk_link(app, ENDPOINTS[purpose], token=token)
    text, html = mail.render(
        f"password_{purpose.value}",
        user=user,
        link=link,
        lifetime=password_links.LIFETIME_TEXT[purpose],
    )
    message = mail.Mail(to=user.email, subject=SUBJECTS[purpose], text=text, html=html)
    session.rollback()  # the read ends: a slow mail server must hold no database lock
    mail.send(app.config, message)
    return True
