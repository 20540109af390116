"""Forms of the claimants pages (kept apart from desk.forms, which every area shares)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from factcheck.desk.forms import VersionedForm
from factcheck.models import ClaimantKind


class ClaimantForm(VersionedForm):
    name = StringField("Name readers see", validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        "Kind",
        choices=[
            SelectChoice(ClaimantKind.PERSON.value, "Person"),
            SelectChoice(ClaimantKind.ORGANISATION.value, "Organisation"),
        ],
    )
    role = StringField("Role", validators=[Optional(), Length(max=200)])
    aliases = TextAreaField("Other names (one per line)", validators=[Optional()])
    description = TextAreaField("Description", validators=[Optional(), Length(max=2000)])
    url = StringField("Web page", validators=[Optional(), Length(max=500)])

    def alias_lines(self) -> list[str]:
        return (self.aliases.data or "").splitlines()


class ClaimantMergeForm(FlaskForm):
    other = SelectField("Merge into this record", coerce=str, validators=[DataRequired()])
