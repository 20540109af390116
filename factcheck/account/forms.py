from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.models import Delivery, NotificationKind


class NewPasswordForm(FlaskForm):
    """The new password twice: the account page's change, and a link's (invitation, reset).
    The rules (length, the two alike) are the domain's: accounts.replace_password."""

    new = PasswordField(
        "New password (at least 10 characters)",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(NewPasswordForm):
    # Password managers fill the current one and offer to generate and save the new one.
    current = PasswordField(
        "Current password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class TokenForm(FlaskForm):
    name = StringField("What it is for", validators=[Optional(), Length(max=100)])
    scope = SelectField(
        "Scope",
        choices=[SelectChoice("read", "read only"), SelectChoice("write", "read and write")],
    )
    # Asked again: a token outlives the session that makes it (accounts.create_own_token).
    password = PasswordField(
        "Your password",
        validators=[
            DataRequired(message="Type your password to create a token."),
            Length(max=1024),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class ButtonForm(FlaskForm):
    """A one-click action (revoke): only the CSRF token."""


class NotificationSettingsForm(FlaskForm):
    """For each kind of notification: in the app or not, and how to e-mail it.

    Fields are named ``in_app_<kind>`` and ``email_<kind>``, one pair per NotificationKind.
    """

    def setting(self, kind: NotificationKind) -> tuple[bool, Delivery]:
        in_app = bool(getattr(self, f"in_app_{kind.value}").data)
        return in_app, Delivery(getattr(self, f"email_{kind.value}").data)

    def fields_of(self, kind: NotificationKind) -> tuple[Any, Any]:
        return getattr(self, f"in_app_{kind.value}"), getattr(self, f"email_{kind.value}")


_DELIVERY_CHOICES = [
    SelectChoice(Delivery.IMMEDIATELY.value, "at once"),
    SelectChoice(Delivery.DIGEST.value, "in the daily digest"),
    SelectChoice(Delivery.OFF.value, "never"),
]
for _kind in NotificationKind:
    setattr(NotificationSettingsForm, f"in_app_{_kind.value}", BooleanField("In the app"))
    setattr(
        NotificationSettingsForm,
        f"email_{_kind.value}",
        SelectField("By e-mail", choices=_DELIVERY_CHOICES, validators=[DataRequired()]),
    )
