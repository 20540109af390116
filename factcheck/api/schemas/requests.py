"""What the API accepts: request bodies and query parameters, one model each.

The models are closed (`extra="forbid"`): a misspelt field is refused (422), not ignored.
Limits that depend on the site's settings (an article's length) stay with the domain,
which answers 413. Partial updates tell a field left out (`model_fields_set`) from an
explicit null.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Strict,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError
from werkzeug.datastructures import FileStorage

from factcheck.api.schemas import fields
from factcheck.api.schemas.fields import Day, Flag, Id, OneOf, Text, Version, WebUrl, whole
from factcheck.domain import articles, candidates, comments, headlines, research
from factcheck.domain import published_listing as public_listing
from factcheck.domain import queue_listing as listing
from factcheck.domain.validation import MAX_ID
from factcheck.models import ClaimStatus, Stance

PARTIAL = "A field left out keeps its value; null clears it."
MAX_SLUG = 64


class Body(BaseModel):
    """A JSON request body: only the fields declared, each of its declared type."""

    model_config = ConfigDict(extra="forbid")


class Versioned(Body):
    version: Version | None = None


class PastedArticle(Body):
    """An article pasted as text; `force` adds it again as a new version."""

    title: Annotated[str, Text(articles.MAX_TITLE, required=True)]
    text: Annotated[str, Text(required=True, description="The article text, stored as sent.")]
    source_url: Annotated[str, WebUrl()] | None = None
    outlet: Annotated[str, Text(200)] | None = None
    published_on: Day | None = None
    force: Flag = False
    propose_in_any_language: fields.AnyLanguage = False


class FetchedArticle(Body):
    """An article fetched from `url`; the title is taken from the page unless given."""

    url: Annotated[str, WebUrl("Fetch the article from this http(s) address.")]
    title: Annotated[str, Text(articles.MAX_TITLE, required=True)] | None = None
    force: Flag = False
    propose_in_any_language: fields.AnyLanguage = False


def _article_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        return "fetched" if "url" in value else "pasted"
    return value.__class__.__name__ if isinstance(value, Body) else None


# Paste (`title`, `text`, ...) or fetch (`url`, `title?`): the presence of `url` decides.
NewArticle = Annotated[
    Annotated[PastedArticle, Tag("pasted")] | Annotated[FetchedArticle, Tag("fetched")],
    Discriminator(_article_kind),
]


def _a_file_part(value: Any) -> FileStorage:
    """A form part sent without a file name arrives as text (`curl -F file=notes`)."""
    if not isinstance(value, FileStorage):
        raise ValueError("must be a file, sent as a multipart part with a file name")
    return value


class Upload(BaseModel):
    """A multipart upload: the file, and optionally a title and `force`."""

    model_config = ConfigDict(extra="forbid")

    file: Annotated[
        Any,
        AfterValidator(_a_file_part),
        WithJsonSchema(
            {
                "type": "string",
                "format": "binary",
                "contentMediaType": "application/octet-stream",
                "description": "A .txt, .md, .html, .docx or .pdf file.",
            }
        ),
    ]
    title: Annotated[str, Text(articles.MAX_TITLE)] | None = None
    force: Literal["true", "false"] = "false"
    propose_in_any_language: Literal["true", "false"] = Field(
        "false", description=fields.ANY_LANGUAGE
    )


def _kept_title(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("title_required", "cannot be cleared: an article needs one.")
    return value


KeptTitle = Annotated[str, Text(articles.MAX_TITLE, required=True), BeforeValidator(_kept_title)]
ArticleUrl = Annotated[
    str, WebUrl("The article's address: its ClaimReviews need it to be published.")
]


def _left_out() -> Any:
    """The value of a field that was not sent (read only through `model_fields_set`)."""
    return None


class ArticleDetails(Versioned):
    """What the desk's article page corrects: the article's title, outlet, address and
    date (never its text: claims point into it). A field left out keeps its value; null
    clears it, except the title, which an article always has."""

    # Not nullable, yet not required: left out keeps it (a default_factory puts no
    # `default: null` into the JSON Schema).
    title: KeptTitle = Field(default_factory=_left_out)
    outlet: Annotated[str, Text(articles.MAX_SOURCE_NAME)] | None = None
    source_url: ArticleUrl | None = None
    published_on: Day | None = Field(None, description="When the article was published.")


class ClaimantById(Body):
    """A claimant record, by its id (a merged record stands for the one it was merged into)."""

    id: Id


class ClaimDetails(Versioned):
    __doc__ = f"Who made the claim and when. {PARTIAL}"

    claimant: Annotated[str, Text(200)] | ClaimantById | None = Field(
        None,
        description="A name (any name or alias of a claimant; a new name makes a new "
        'claimant), or {"id": n} for a claimant record.',
    )
    claim_date: Day | None = None


class Acceptance(Versioned):
    """Accept a candidate; what publishing needs may come with it (each optional: left out or
    empty leaves it as it is; the article URL is set only when the article has none)."""

    claimant: Annotated[str, Text(200)] | None = None
    claim_date: Day | None = None
    article_url: Annotated[str, WebUrl()] | None = None


class Assignment(Versioned):
    user_id: Id


class NewEvidence(Body):
    """A source for the claim, as the desk's evidence form takes it."""

    url: Annotated[str, WebUrl()]
    stance: Stance
    title: Annotated[str, Text(300)] | None = None
    publisher: Annotated[str, Text(200)] | None = None
    excerpt: Annotated[str, Text(research.MAX_EXCERPT)] | None = None
    accessed_on: Day | None = Field(None, description="Default: today.")
    archive_url: Annotated[str, WebUrl("An archived copy of the source.")] | None = None
    note: Annotated[str, Text(research.MAX_EXCERPT)] | None = Field(
        None, description="For the desk; readers never see it."
    )
    is_primary: Flag = False

    def source_fields(self) -> dict[str, Any]:
        """The keyword arguments research.add_evidence and research.edit_evidence take."""
        return {
            "url": self.url,
            "stance": self.stance.value,
            "title": self.title,
            "publisher": self.publisher,
            "excerpt": self.excerpt,
            "accessed_on": self.accessed_on,
            "archive_url": self.archive_url,
            "note": self.note,
            "is_primary": self.is_primary,
        }


Slug = Annotated[str, Text(MAX_SLUG, required=True, description="A rating's slug.")]
Explanation = Annotated[str, Text(research.MAX_EXPLANATION, required=True)]
Headline = Annotated[
    str, Text(headlines.MAX_HEADLINE, description="The finding in one line, for readers.")
]


class EvidenceEdit(NewEvidence):
    """The source as it should read now: every field, as when adding it (a field left out
    takes its default). `version` is the evidence's, from when it was read."""

    version: Version | None = None


class Rewording(Versioned):
    text: Annotated[str, Text(candidates.MAX_CLAIM_TEXT, required=True)]


class Withdrawal(Body):
    reason: Annotated[str, Text(5000, required=True, description="Shown to readers.")]


class Schedule(Versioned):
    priority: Annotated[
        int,
        Strict(),
        Field(ge=-100, le=100, description="Higher is taken first."),
        BeforeValidator(whole),
    ] = 0
    due_on: Day | None = Field(
        None,
        description=(
            "Due at 17:00 that day in the newsroom's zone (FACTCHECK_TIME_ZONE, UTC unless "
            "set); null: no date."
        ),
    )


class Split(Versioned):
    parts: Annotated[
        list[Annotated[str, Text(candidates.MAX_CLAIM_TEXT, required=True)]],
        Field(min_length=2, max_length=candidates.MAX_PARTS),
    ]


class Merge(Body):
    claim_ids: Annotated[list[Id], Field(min_length=2, max_length=100)]
    text: Annotated[str, Text(candidates.MAX_CLAIM_TEXT)] | None = Field(
        None, description="The merged claim's wording; default: the claims' texts joined."
    )


class NewVerdict(Versioned):
    rating: Slug
    explanation: Explanation


class DraftChange(Body):
    __doc__ = f"The verdict being written. {PARTIAL}"

    rating: Annotated[str, Text(MAX_SLUG)] | None = None
    explanation: Annotated[str, Text(research.MAX_EXPLANATION)] | None = None
    saved_at: AwareDatetime | None = Field(
        None,
        description="The `saved_at` of the draft as you last read it (GET, or your last PUT). "
        "When it was saved since, by you elsewhere, nothing is written: 409. Left out, the "
        "save is not checked.",
    )


class ReturnNote(Versioned):
    note: Annotated[str, Text(5000, required=True, description="What to fix, or why not.")]


class NewCorrection(Versioned):
    rating: Slug
    explanation: Explanation
    reason: Annotated[str, Text(5000, required=True, description="Shown to readers.")]
    headline: Headline | None = Field(
        None, description="The corrected finding in one line; left out, the published one stays."
    )


class NewComment(Body):
    body: Annotated[str, Text(comments.MAX_COMMENT, required=True)]
    parent_id: Id | None = None


class ClaimHeadline(Body):
    claim_id: Id
    headline: Headline | None = Field(description="null clears it (and blocks publishing).")


class ClaimPublication(Body):
    """Left out (or no body at all), the verdict's own headline is used."""

    headline: Headline | None = Field(
        None, description="The headline readers see, which should state the finding."
    )


class Publication(Body):
    """Left out, the summary stays as it is; null clears it. Every claim published needs
    a headline: give it here, or it keeps the one set before."""

    summary: Annotated[str, Text(5000)] | None = None
    headlines: Annotated[list[ClaimHeadline], Field(max_length=1000)] = []
    republish: bool = Field(
        False,
        description="Bring a withdrawn fact-check back, with the claims published before "
        "its withdrawal; without it, publishing a withdrawn fact-check is refused (409).",
    )


class ExtractText(Body):
    text: Annotated[str, Text(required=True)]
    read_as: Literal["auto", "article", "sentence"] = Field(
        "auto",
        description="article: segmented, each sentence read in context; sentence: the whole "
        "text is one standalone sentence (a transcript line, a post), read by the network "
        "trained on such sentences at its own threshold; auto: a text without a line break "
        "that reads as one sentence is standalone, anything else an article.",
    )


# Query parameters -------------------------------------------------------------------------


class Query(BaseModel):
    """Query parameters: text, parsed to the declared types. Closed like the bodies: a
    misspelt filter (`ratng=false`) is a 422, not a page of everything (session 19)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


QueryId = Annotated[int, Field(ge=1, le=MAX_ID, json_schema_extra={"format": "int32"})]
Score = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class PublishedFilters(Query):
    rating: Annotated[str, Text(MAX_SLUG)] | None = Field(
        None, description="A rating slug, a retired rating's too; an unknown one is a 400."
    )
    claimant: Annotated[str, Text(200)] | None = Field(
        None, description="Case-insensitive exact claimant."
    )
    published_from: Day | None = Field(
        None, alias="from", description="Published on or after this day; after `to` is a 400."
    )
    published_to: Day | None = Field(
        None, alias="to", description="Published on or before this day."
    )
    cursor: Annotated[str, Text(500)] | None = Field(
        None, description="The `next` of the previous page."
    )
    limit: Annotated[int, Field(ge=1, le=public_listing.MAX_PAGE)] = 20


class QueueFilters(Query):
    status: Annotated[str, OneOf(("any", *(s.value for s in ClaimStatus)))] = Field(
        "queued", description="Default: queued."
    )
    article: QueryId | None = Field(None, description="Only this article's claims.")
    assignee: Annotated[str, Field(pattern=r"^([0-9]{1,9}|unassigned|any)$")] | None = Field(
        None, description="A user id, `unassigned` or `any`."
    )
    claimant: Annotated[str, Text(200)] | None = Field(
        None, description="Case-insensitive exact claimant."
    )
    min_score: Score | None = None
    max_score: Score | None = None
    due_before: Day | None = None
    older_than_days: Annotated[int, Field(ge=0, le=36_500)] | None = None
    sort: Annotated[str, OneOf(listing.SORTS)] = "priority"
    cursor: Annotated[str, Text(500)] | None = Field(
        None, description="The `next` of the previous page."
    )
    limit: Annotated[int, Field(ge=1, le=1000)] = Field(
        50, description=f"Page size; more than {listing.MAX_PAGE} gives {listing.MAX_PAGE}."
    )


class ClaimReviewQuery(Query):
    after: Annotated[int, Field(ge=0, le=MAX_ID)] = Field(0, description="Claims after this id.")
