"""What the desk's API answers: claims, articles, evidence, verdicts and the lists of them.

Every response model is closed (`extra="forbid"`, so `additionalProperties: false` in the
OpenAPI document): a field that is not declared here cannot be sent, and a client may
rely on the list. The serializers (factcheck/api/serialize.py) fill these models in.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from factcheck.api.schemas.fields import Moment
from factcheck.domain.review_panel import VoteOutcome
from factcheck.models import (
    ArticleStatus,
    ClaimStatus,
    ImportStatus,
    LlmRewriteStatus,
    Role,
    Stance,
    VerdictStatus,
)

# The claim kinds of factcheck.extraction.kinds.KINDS (a test keeps the two the same).
ClaimKind = Literal[
    "quantity", "comparison", "causal", "event", "attributed",
    "prediction", "opinion", "experience", "question", "boilerplate", "other",
]  # fmt: skip


class Shape(BaseModel):
    """A response object: exactly the fields declared."""

    model_config = ConfigDict(extra="forbid")


class Claimant(Shape):
    """Who made a claim: a person or an organisation, known by any of its names."""

    id: int
    name: str
    role: str | None = Field(
        description='What they are ("finance minister"), as the desk keeps it.'
    )
    kind: Literal["person", "organisation"]


class Rating(Shape):
    slug: str
    label: str
    ordinal: int
    description: str
    colour: str


class Reason(Shape):
    """Why a sentence scored as it did: a cue, its signed weight, and what it matched."""

    kind: str
    weight: float
    text: str | None = None
    label: str | None = None


class Evidence(Shape):
    id: int
    url: str
    title: str | None
    publisher: str | None
    excerpt: str | None
    stance: Stance
    accessed_on: dt.date
    archive_url: str | None
    note: str | None = Field(description="For the desk; readers never see it.")
    is_primary: bool
    added_by_id: int
    version: int = Field(description="Send it back to change or remove this source.")


class Verdict(Shape):
    id: int
    rating: str
    rating_label: str
    explanation: str
    headline: str | None = Field(
        description="The finding in one line, written by the editor; required to publish."
    )
    status: VerdictStatus
    author_id: int
    reviewer_id: int | None
    review_note: str | None
    created_at: Moment
    reviewed_at: Moment | None


class ProposedCorrection(Verdict):
    """A proposed verdict, and the reason readers will see once the panel approves it."""

    reason: str
    headline_warning: str | None = Field(
        None,
        description="Set when the rating changes but the headline is the one published, "
        "which states the old finding: check that it still fits. A warning; nothing is "
        "refused.",
    )


class Claim(Shape):
    id: int
    article_id: int
    text: str
    source_sentence: str
    start: int
    end: int
    position: int
    score: float
    reasons: list[Reason]
    claimant: Claimant | None
    suggested_claimant: str | None = Field(
        description='Who the article says made the claim ("the government"), when no '
        "claimant record names them yet (`claimant` is null): the desk shows it as a "
        "suggestion. Null once a claimant is set."
    )
    claimant_role: str | None = Field(
        description='The claimant\'s role as the article gives it ("finance minister"); '
        "null once an editor names another claimant."
    )
    kind: ClaimKind | None = Field(
        description="The kind the extractor gave the source sentence (null for claims "
        "extracted before kinds existed)."
    )
    claim_date: dt.date | None
    status: ClaimStatus
    assignee_id: int | None
    lease_expires_at: Moment | None
    priority: int
    due_at: Moment | None
    version: int
    verdict: Verdict | None = Field(
        description="The verdict under work or review; once published, the one readers see."
    )
    pending_correction: ProposedCorrection | None = Field(
        description="A correction of the published verdict waiting for the panel."
    )
    evidence: list[Evidence]


class DroppedClaimant(Shape):
    claim_id: int = Field(description="The merged candidate whose claimant this was.")
    claimant: str


class MergedClaim(Claim):
    """The claim several candidates were merged into. It keeps one claimant (the first in
    the article's order; an empty one gives way); the others are dropped and listed."""

    dropped_claimants: list[DroppedClaimant] = Field(
        description="The candidates whose other claimant the merged claim does not keep: "
        "set its claimant if one of them made the claim."
    )
    warning: str | None = Field(
        description="What the desk tells the editor when claimants were dropped; null when "
        "the candidates had one claimant, or none."
    )


class ReviewedClaim(Claim):
    """The claim after a vote; `recorded` means the panel still waits. On a published claim
    the vote is on its proposed correction: `corrected` (readers see it now) or `declined`."""

    outcome: VoteOutcome


class LlmRewrite(Shape):
    """The language model's rewrite of the article's candidates, done in the background."""

    status: LlmRewriteStatus = Field(
        description="pending: `claims` are the local model's candidates, replaced when the "
        "model answers (GET the article again); done: the untouched candidates were replaced "
        "by the model's claims; failed: the local candidates stay and `notice` says why."
    )
    notice: str | None = Field(description="Why the rewrite failed, for people.")


class Article(Shape):
    id: int
    title: str
    outlet: str | None
    author: str | None
    source_url: str | None
    body_sha256: str
    published_on: dt.date | None = Field(
        description="When the source article was published, as given when it was added "
        "(`published_on`) or read from the page; null when unknown."
    )
    status: ArticleStatus
    created_at: Moment
    published_at: Moment | None = Field(description="When our fact-check was published.")
    withdrawn_at: Moment | None = Field(
        description="When our fact-check was withdrawn; null unless it is withdrawn now."
    )
    llm_rewrite: LlmRewrite | None = Field(
        description="Null when no language model was configured as the article was added."
    )
    version: int = Field(description="Send it back (or as If-Match) to edit its details.")
    language: str | None = Field(
        description='The language the text looks to be in (ISO 639-1 or 639-3, "fr"), '
        "detected when it was added; null when it could not be told (read as English). An "
        "article not in English gets no candidates unless `propose_in_any_language` asked."
    )
    for_subscribers: bool = Field(
        description="The page it was fetched from says it is for subscribers: the text may be "
        "only the part shown to everyone. POST the full text as a new version."
    )
    claims: list[Claim]
    notices: list[str] = Field(
        description="What the desk says of the article: that its page is for subscribers or "
        "cut short, or its text not in English (and what that means); as it is added, also "
        "what happened during extraction (the language model rewriting the candidates)."
    )


class CreatedArticle(Article):
    """An article just added, with what happened as its claims were extracted."""


class UrlImport(Shape):
    """An article asked for by URL, fetched in the background."""

    id: int
    url: str
    status: ImportStatus = Field(
        description="pending: being fetched; done: `article_id` names the article (with "
        "`error_code` `duplicate`, the one already in the desk with this address or text: "
        "`force: true` adds a new version); failed: `error` says why (POST again to retry)."
    )
    article_id: int | None
    error: str | None = Field(
        description="Why the page could not be added, for people (with `done`: why it led "
        "to an article already in the desk)."
    )
    error_code: str | None = Field(description="The same, for programs (docs/ingest.md).")
    propose_in_any_language: bool = Field(
        description="Whether candidates were asked for even if the page is not in English."
    )
    status_url: str = Field(description="GET it until `status` is no longer pending.")
    created_at: Moment
    finished_at: Moment | None


class Draft(Shape):
    claim_id: int
    rating: str | None
    explanation: str
    saved_at: Moment
    author_id: int = Field(
        description="Who saved it. Another checker's id: the draft they left when the claim "
        "changed hands; a PUT saves your own copy, and theirs stays as it is."
    )


class Comment(Shape):
    id: int
    claim_id: int
    parent_id: int | None
    body: str
    author_id: int
    created_at: Moment


class Event(Shape):
    id: int
    action: str
    from_status: str | None
    to_status: str | None
    actor: str | None
    actor_id: int | None
    note: str | None
    at: Moment


class ClaimHistory(Shape):
    claim_id: int
    events: list[Event]


class QueuePage(Shape):
    items: list[Claim]
    next: str | None = Field(description="The cursor of the next page; null on the last.")
    sort: str


class Assignee(Shape):
    """Someone a claim can be assigned to (no email address: any staff caller sees this)."""

    id: int = Field(description="The `user_id` that POST /claims/{claim_id}/assign takes.")
    display_name: str
    role: Role
    open_claims: int = Field(description="Claims they hold now (in progress or returned).")


class Assignees(Shape):
    people: list[Assignee] = Field(description="Active checkers and editors, by name.")
