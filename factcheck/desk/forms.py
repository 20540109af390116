"""Forms of the desk. Every form that changes a claim carries the version it was based on."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FloatField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from factcheck.desk.dates import DayField
from factcheck.desk.lengths import AtMost, link_length
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import not_in_the_future, optional_id, web_url
from factcheck.domain.webhooks import LABELS as WEBHOOK_LABELS
from factcheck.models import ReplyChannel, Stance, WebhookFormat


class CsrfOnlyForm(FlaskForm):
    """A button that acts on no particular version (take next)."""


class VersionedForm(FlaskForm):
    """A form that edits a claim: the version makes a stale submission detectable."""

    version = HiddenField(
        validators=[InputRequired("The form was sent without the version it was based on.")]
    )

    def expected_version(self) -> int | None:
        raw = self.version.data
        # A version that is not a number cannot be current: it fails the check as stale.
        return None if raw in (None, "") else (optional_id(raw) or -1)


class ClaimActionForm(VersionedForm):
    """A button on a claim (accept, reject, take, release, approve...)."""


class Checked:
    """A field validator that runs the domain's own check of the value, so that the form
    names every problem in one pass rather than the domain's first one. The domain checks
    again when the form is valid (and for the API)."""

    def __init__(self, check: Callable[[Any], object]) -> None:
        self.check = check

    def __call__(self, form: FlaskForm, field: Any) -> None:
        try:
            self.check(field.data)
        except DomainError as error:
            raise ValidationError(error.message) from None


class AcceptForm(VersionedForm):
    """Accepting a candidate, with the details publishing needs when they are known."""

    claimant = StringField(
        "Claimant (who made the claim)", validators=[Optional(), Length(max=200)]
    )
    claim_date = DayField(
        "Date the claim was made",
        validators=[
            Optional(),
            Checked(lambda day: not_in_the_future(day, "claim_date", "The claim's date")),
        ],
    )
    article_url = StringField(
        "Article URL",
        validators=[
            Optional(),
            Length(max=2000),
            Checked(lambda url: web_url(url, "article_url", required=False, label="article URL")),
        ],
    )


class RewordForm(VersionedForm):
    text = TextAreaField("Claim as worded for checking", validators=[DataRequired()])


class SplitForm(VersionedForm):
    # The domain says how many parts it takes; a refused split comes back with the lines typed.
    parts = TextAreaField("One claim per line; each keeps this sentence as its source")


class AssignForm(VersionedForm):
    user_id = SelectField("Checker", coerce=int, validators=[InputRequired()])


class ScoreField(FloatField):
    """A score as editors type it: "0.75" or "0,75", or a percentage, "75" or "75%". Above 1
    it can only be a percentage; 1 and below is a score ("1%" is one percent). Anything else
    gets the form's own message, not WTForms' "Not a valid float value."."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        text = str(valuelist[0]).strip() if valuelist else ""
        number = text.removesuffix("%").strip()
        if not text:
            self.data = None
        elif not _NUMBER.fullmatch(number):
            raise ValueError(_SCORE_MESSAGE)
        else:
            value = float(number.replace(",", "."))
            self.data = value / 100 if text.endswith("%") or value > 1 else value


_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+")
_SCORE_MESSAGE = "Give a score from 0 to 1 (0.75 or 0,75) or a percentage (75 or 75%)."


class RejectBelowForm(FlaskForm):
    below = ScoreField(
        "Reject candidates scoring below",
        validators=[
            InputRequired(_SCORE_MESSAGE),
            NumberRange(0, 1, _SCORE_MESSAGE.replace("%", "%%")),  # it formats the message
        ],
    )


class PromoteForm(FlaskForm):
    start = IntegerField(validators=[InputRequired()])
    end = IntegerField(validators=[InputRequired()])


def _new_form_token() -> str:
    return uuid.uuid4().hex


class EvidenceForm(FlaskForm):
    version = HiddenField()
    # Identifies one filling-in of the form: sent twice, it still adds one source.
    form_token = HiddenField(default=_new_form_token)
    url = StringField("Source URL", validators=[DataRequired(), link_length()])
    title = StringField("Title", validators=[Optional(), Length(max=300)])
    publisher = StringField("Publisher", validators=[Optional(), Length(max=200)])
    excerpt = TextAreaField("Quoted passage", validators=[Optional(), AtMost(5000)])
    stance = RadioField(
        "Stance",
        choices=[SelectChoice(s.value, s.value.capitalize()) for s in Stance],
        default=Stance.CONTEXT.value,
        validators=[InputRequired()],
    )
    accessed_on = DayField("Date accessed", validators=[Optional()])
    archive_url = StringField(
        "Archived copy URL (optional)", validators=[Optional(), link_length()]
    )
    note = TextAreaField("Note (for the desk)", validators=[Optional(), AtMost(5000)])
    is_primary = BooleanField("Primary source")

    def expected_version(self) -> int | None:
        raw = self.version.data
        # A version that is not a number cannot be current: it fails the check as stale.
        return None if raw in (None, "") else (optional_id(raw) or -1)


class VerdictForm(VersionedForm):
    rating = SelectField("Rating", [InputRequired("Choose the rating the evidence supports.")])
    explanation = TextAreaField(
        "Explanation", [DataRequired("Write why the evidence gives this rating."), AtMost(20000)]
    )


class ReturnForm(VersionedForm):
    # Required of a vote, by the domain: a return that takes the decision the panel's
    # counted votes already carry adds no vote, and so no note (review_panel.may_decide).
    note = TextAreaField(
        "Note to the checker",
        validators=[Optional(), Length(max=5000)],
        render_kw={"required": True},
    )


class PublishForm(FlaskForm):
    """The summary, and one `headline-<claim id>` field per approved claim (`headlines`)."""

    summary = TextAreaField("Summary for readers", validators=[Optional(), Length(max=5000)])


HEADLINE_FIELD = re.compile(r"headline-([1-9][0-9]{0,9})")


def headlines(data: Mapping[str, str]) -> dict[int, str]:
    """The headlines sent with the publish form, by claim id."""
    found: dict[int, str] = {}
    for name, value in data.items():
        if match := HEADLINE_FIELD.fullmatch(name):
            found[int(match.group(1))] = value
    return found


class PublishClaimForm(FlaskForm):
    """Publishing one approved claim: a button, its CSRF token only."""


class ScheduleForm(VersionedForm):
    priority = IntegerField(
        "Priority (higher is taken first)", default=0, validators=[InputRequired()]
    )
    due_on = DayField("Due date", validators=[Optional()])


class ConflictForm(FlaskForm):
    scope = RadioField(
        "Conflict with",
        choices=[
            SelectChoice("claim", "this claim"),
            SelectChoice("claimant", "everything this claimant says"),
        ],
        default="claim",
        validators=[InputRequired()],
    )
    # Its own id: the evidence form on the same page has a "note" too, and a label finds
    # its field by id.
    note = StringField(
        "Why (optional, seen by editors)",
        validators=[Optional(), Length(max=500)],
        id="conflict-note",
    )


class ClaimDetailsForm(VersionedForm):
    # The list is the page's <datalist>, which claimants.js fills as the editor types.
    claimant = StringField(
        "Claimant (who made the claim)",
        validators=[Optional(), Length(max=200)],
        render_kw={"list": "claimant-names", "autocomplete": "off"},
    )
    claim_date = DayField(
        "Date the claim was made",
        validators=[
            Optional(),
            Checked(lambda day: not_in_the_future(day, "claim_date", "The claim's date")),
        ],
    )


class ArticleDetailsForm(VersionedForm):
    title = StringField("Headline", validators=[DataRequired(), Length(max=300)])
    outlet = StringField("Outlet", validators=[Optional(), Length(max=200)])
    source_url = StringField("Source URL", validators=[Optional(), link_length()])
    published_on = DayField("Original publication date", validators=[Optional()])


class CorrectionForm(VersionedForm):
    rating = SelectField("New rating", validators=[InputRequired()])
    headline = StringField(
        "Headline (the finding in one line; left empty, the published one stays)",
        validators=[Optional(), Length(max=200)],
    )
    explanation = TextAreaField("Explanation", validators=[DataRequired(), AtMost(20000)])
    reason = TextAreaField(
        "Reason for the correction (shown to readers)",
        validators=[DataRequired(), Length(max=5000)],
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why it is withdrawn (shown to readers)", validators=[DataRequired(), Length(max=5000)]
    )


class SitePageForm(VersionedForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    body = TextAreaField("Text (Markdown)", validators=[DataRequired(), Length(max=50000)])


class ReplyForm(FlaskForm):
    contacted_on = DayField("Contacted on", validators=[Optional()])
    channel = SelectField("How", choices=[SelectChoice(c.value, c.value) for c in ReplyChannel])
    contact = TextAreaField("What we asked", validators=[Optional(), Length(max=5000)])
    answer = TextAreaField(
        "What they answered (leave empty if no answer yet)",
        validators=[Optional(), Length(max=20000)],
    )


class CommentForm(FlaskForm):
    form_token = HiddenField(default=_new_form_token)
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=10000)])
    parent_id = HiddenField()


class RatingForm(FlaskForm):
    slug = StringField("Slug", validators=[DataRequired(), Length(max=64)])
    label = StringField("Label", validators=[DataRequired(), Length(max=80)])
    ordinal = IntegerField("Ordinal (higher is more true)", validators=[InputRequired()])
    description = TextAreaField(
        "Definition (shown to readers)", validators=[Optional(), Length(max=2000)]
    )
    colour = StringField("Colour", default="#4b5563", validators=[DataRequired(), Length(max=7)])
    # Its choices are the ratings in use (desk.admin); "" adds a new place on the scale.
    replaces = SelectField("Takes the place of", validators=[Optional()])


class RatingEditForm(FlaskForm):
    version = HiddenField()
    description = TextAreaField(
        "Definition (shown to readers; a change starts a new scale version)",
        validators=[Optional(), Length(max=2000)],
    )
    colour = StringField("Colour", validators=[DataRequired(), Length(max=7)])


class RetireForm(FlaskForm):
    replacement = SelectField("Replaced by", validators=[InputRequired()])
    # Sent by the confirmation page only: the first press of Retire asks first.
    confirmed = HiddenField()


class TopicForm(FlaskForm):
    name = StringField("Topic", validators=[DataRequired(), Length(max=80)])


class ClaimTopicsForm(VersionedForm):
    # No "required": clearing every topic is a choice. Choices are the desk's topics.
    topics = SelectMultipleField("Topics", coerce=int, validate_choice=False)


class _WebhookFields(FlaskForm):
    """An endpoint's URL, events and description: what an admin may change of it."""

    url = StringField("Endpoint URL", validators=[DataRequired(), link_length()])
    description = StringField("Description (optional)", validators=[Optional(), Length(max=200)])
    events = SelectMultipleField(
        "Events to send",
        choices=[SelectChoice(event.value, label) for event, label in WEBHOOK_LABELS.items()],
        option_widget=widgets.CheckboxInput(),
        widget=widgets.ListWidget(prefix_label=False),
        validators=[DataRequired(message="Choose at least one event to send.")],
    )


class WebhookEditForm(_WebhookFields):
    # The endpoint as the page showed it (`webhook_endpoints.edit_mark`): a save from a page
    # opened before someone else's edit is refused instead of undoing it.
    based_on = HiddenField()


class WebhookForm(_WebhookFields):
    # The format is chosen once: deliveries keep the body they were made with.
    payload_format = RadioField(
        "Format",
        choices=[
            SelectChoice(WebhookFormat.JSON.value, "JSON (the event as an object)"),
            SelectChoice(WebhookFormat.SLACK.value, 'Slack-compatible ({"text": ...})'),
        ],
        default=WebhookFormat.JSON.value,
    )


class ConfirmForm(FlaskForm):
    # Sent by the confirmation page only: the first press of the button asks first.
    confirmed = HiddenField()
