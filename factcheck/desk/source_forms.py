"""The form of "Correct this source" on a published claim (kept apart from desk.forms,
which every area shares)."""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from factcheck.desk.dates import DayField
from factcheck.desk.forms import VersionedForm
from factcheck.desk.lengths import AtMost, link_length
from factcheck.domain.research import MAX_EXCERPT
from factcheck.domain.source_corrections import MAX_REASON
from factcheck.models import Evidence, Stance


class SourceCorrectionForm(VersionedForm):
    """The source as it should read; `version` is the source's, as for its edit form."""

    url = StringField("Source URL", validators=[DataRequired(), link_length()])
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    excerpt = TextAreaField("Quoted passage", validators=[Optional(), AtMost(MAX_EXCERPT)])
    # Shown so that the editor sees it, and refused when changed (domain.source_corrections).
    stance = RadioField(
        "Stance",
        choices=[SelectChoice(s.value, s.value.capitalize()) for s in Stance],
        validators=[InputRequired()],
    )
    accessed_on = DayField("Date accessed", validators=[Optional()])
    reason = TextAreaField(
        "Reason for the correction (shown to readers)",
        validators=[DataRequired(), AtMost(MAX_REASON)],
    )

    @classmethod
    def of(cls, evidence: Evidence) -> SourceCorrectionForm:
        """A fresh form holding the source as published."""
        return cls(
            prefix=f"c{evidence.id}",
            formdata=None,
            version=evidence.version,
            url=evidence.url,
            title=evidence.title,
            publisher=evidence.publisher,
            excerpt=evidence.excerpt,
            stance=evidence.stance.value,
            accessed_on=evidence.accessed_on,
        )
