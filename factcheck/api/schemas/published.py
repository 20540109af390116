"""What readers get without signing in: published fact-checks, the rating scale, and
ClaimReview JSON-LD. No drafts, reviewer notes, assignees or desk notes appear here."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import ConfigDict, Field

from factcheck.api.schemas.fields import Moment
from factcheck.api.schemas.responses import Rating, Shape
from factcheck.models import Stance


class Source(Shape):
    url: str
    title: str | None
    publisher: str | None
    stance: Stance
    excerpt: str | None
    accessed_on: dt.date


class Correction(Shape):
    date: Moment | None
    reason: str
    previous_rating: str
    new_rating: str
    previous_headline: str | None = Field(
        description="The headline readers saw before this correction, when it rewrote it; "
        "null when the headline stayed."
    )


class Topic(Shape):
    slug: str
    name: str
    url: str = Field(description="The topic's public page, which lists its fact-checks.")


class PublishedClaim(Shape):
    id: int
    url: str
    text: str
    headline: str | None = Field(description="The finding in one line: the page's title.")
    claimant: str | None
    claim_date: dt.date | None
    rating: Rating = Field(
        description="Its description is the definition as it stood when the verdict was given."
    )
    explanation: str
    date_published: Moment | None
    date_modified: Moment | None
    sources: list[Source]
    corrections: list[Correction]
    topics: list[Topic]


class PublishedArticle(Shape):
    id: int
    title: str
    outlet: str | None
    source_url: str | None
    summary: str | None
    published_at: Moment | None
    url: str
    claims: list[PublishedClaim]


class WithdrawnClaim(Shape):
    id: int
    text: str
    headline: str | None
    claimant: str | None
    rating: Rating = Field(description="The rating it had when it was withdrawn.")
    date_published: Moment | None
    corrections: list[Correction]


class WithdrawnFactCheck(Shape):
    """A fact-check its editors withdrew, as readers knew it: no verdict readers may rely on
    any more, only what identifies it (the withdrawn page shows the same)."""

    id: int
    title: str
    outlet: str | None
    source_url: str | None
    url: str = Field(description="Its page, which answers 410 and says the same.")
    published_at: Moment | None
    withdrawn_at: Moment | None
    reason: str | None = Field(description="Why it was withdrawn.")
    claims: list[WithdrawnClaim]


class PublishedPage(Shape):
    items: list[PublishedArticle]
    next: str | None = Field(description="The cursor of the next page; null on the last.")


class Ratings(Shape):
    ratings: list[Rating]


# ClaimReview JSON-LD (https://schema.org/ClaimReview), as factcheck.domain.claimreview_jsonld
# builds it. Keys that the document may leave out default to None and are left out.


class LinkedData(Shape):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Person(LinkedData):
    type: Literal["Person"] = Field(alias="@type")
    name: str


class Appearance(LinkedData):
    type: Literal["CreativeWork"] = Field(alias="@type")
    url: str
    headline: str


class Organization(LinkedData):
    type: Literal["Organization"] = Field(alias="@type")
    name: str
    url: str | None = None


class ItemReviewed(LinkedData):
    type: Literal["Claim"] = Field(alias="@type")
    author: Person | Organization | None = None
    datePublished: str | None = None
    appearance: Appearance | None = None


class ReviewRating(LinkedData):
    type: Literal["Rating"] = Field(alias="@type")
    ratingValue: int
    bestRating: int
    worstRating: int
    alternateName: str
    ratingExplanation: str


class ClaimReview(LinkedData):
    context: Literal["https://schema.org"] = Field(alias="@context")
    type: Literal["ClaimReview"] = Field(alias="@type")
    url: str
    headline: str | None = None
    claimReviewed: str
    itemReviewed: ItemReviewed
    reviewRating: ReviewRating
    author: Organization | None = None
    datePublished: str | None = None
    dateModified: str | None = None


class ClaimReviewPage(LinkedData):
    context: Literal["https://schema.org"] = Field(alias="@context")
    graph: list[ClaimReview] = Field(alias="@graph")
    next_after: int | None = Field(
        description="Send it as `after` for the next page; null on the last."
    )
