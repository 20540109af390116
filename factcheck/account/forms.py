from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired(), Length(max=1024)])
    new = PasswordField(
        "New password (at least 10 characters)", validators=[DataRequired(), Length(max=1024)]
    )
    confirm = PasswordField("New password again", validators=[DataRequired(), Length(max=1024)])


class TokenForm(FlaskForm):
    name = StringField("What it is for", validators=[Optional(), Length(max=100)])
    scope = SelectField(
        "Scope",
        choices=[SelectChoice("read", "read only"), SelectChoice("write", "read and write")],
    )


class ButtonForm(FlaskForm):
    """A one-click action (revoke): only the CSRF token."""
