"""Forms of Admin → People: inviting someone, changing a person's role or email."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from factcheck.models import Role

ROLE_CHOICES = [
    SelectChoice(Role.CHECKER.value, "checker"),
    SelectChoice(Role.EDITOR.value, "editor"),
    SelectChoice(Role.ADMIN.value, "admin"),
]


class InviteForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[DataRequired(), Email("Not a valid email address."), Length(max=254)],
    )
    display_name = StringField("Display name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default=Role.CHECKER.value)


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class EmailForm(FlaskForm):
    # The domain checks the address (as an invitation's), so one message says what is wrong.
    email = StringField(
        "New email",
        validators=[DataRequired("Type the new email address."), Length(max=254)],
    )
