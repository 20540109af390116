"""E-mail over SMTP: FACTCHECK_SMTP_URL, with a plain-text and an HTML part.

``smtp://user:password@host:587`` upgrades with STARTTLS when the server offers it (and
refuses to send a password in clear when it does not); ``smtps://host:465`` is TLS from the
start; ``smtp://host:25`` without a password may stay in clear (a local relay). Every call
has a deadline. Without FACTCHECK_SMTP_URL no e-mail is sent: notifications stay in the app.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import Flask, render_template, url_for

TIMEOUT_SECONDS = 15


class MailNotConfigured(RuntimeError):
    """FACTCHECK_SMTP_URL is not set."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    html: str


def send(config: dict[str, Any], mail: Mail) -> None:
    """Send one e-mail, or raise (the job retries it)."""
    url = config.get("SMTP_URL")
    if not url:
        raise MailNotConfigured("FACTCHECK_SMTP_URL is not set")
    parts = urlsplit(url)
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or f"factcheck <noreply@{parts.hostname}>"
    if config.get("MAIL_REPLY_TO"):
        message["Reply-To"] = config["MAIL_REPLY_TO"]
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="factcheck")
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    host, user = parts.hostname or "localhost", unquote(parts.username or "")
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        smtp = smtplib.SMTP(host, parts.port or 25, timeout=TIMEOUT_SECONDS)
    with smtp:
        smtp.ehlo()
        if parts.scheme != "smtps" and smtp.has_extn("starttls"):
            smtp.starttls(context=context)
            smtp.ehlo()
        elif parts.scheme != "smtps" and user:
            raise smtplib.SMTPException("the server offers no STARTTLS: not sending a password")
        if user:
            smtp.login(user, unquote(parts.password or ""))
        smtp.send_message(message)


def desk_link(app: Flask, endpoint: str, **values: Any) -> str:
    """An absolute link into the desk, built outside any request (a job has none)."""
    site = app.config.get("SITE_URL")
    if not site:
        hosts = app.config.get("TRUSTED_HOSTS") or ["127.0.0.1:5000"]
        site = f"http://{hosts[0].lstrip('.')}"
    with app.test_request_context(base_url=site):
        return site.rstrip("/") + url_for(endpoint, **values)


def render(template: str, **context: Any) -> tuple[str, str]:
    """(plain text, HTML) from ``templates/email/<template>.txt`` and ``.html``."""
    return (
        render_template(f"email/{template}.txt", **context),
        render_template(f"email/{template}.html", **context),
    )
