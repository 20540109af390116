"""schema.org ClaimReview for a published claim, and the linter that guards publishing.

The linter builds the same document that readers and search engines get, so what it
checks is exactly what is published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from factcheck.markdown import plain
from factcheck.models import Article, Claim, ClaimantKind, Rating, Verdict

SHORT_CLAIM = 75


@dataclass(frozen=True)
class Publisher:
    """Who publishes the fact-checks (ClaimReview `author`) and where."""

    name: str | None
    url: str | None


@dataclass(frozen=True)
class LintProblem:
    claim_id: int
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"Claim #{self.claim_id}: {self.message} ({self.field}). {self.fix}"


def short_claim(text: str, limit: int = SHORT_CLAIM) -> str:
    """The claim cut at a word boundary to at most `limit` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return cut + "…"


def claim_date(claim: Claim, article: Article) -> dt.date | None:
    """When the claim was made: set on the claim, else the article's publication date."""
    return claim.claim_date or article.published_on


def _author(claim: Claim) -> dict[str, str] | None:
    """Who made the claim, as a schema.org Person or Organization."""
    record = claim.claimant_record
    if record is not None:
        kind = "Organization" if record.kind == ClaimantKind.ORGANISATION else "Person"
        return {"@type": kind, "name": record.name}
    return {"@type": "Person", "name": claim.claimant} if claim.claimant else None


def scale_bounds(verdict: Verdict, scale: list[Rating]) -> tuple[int, int]:
    """worstRating and bestRating: those of the scale version the verdict was given in, so
    that a rating added later leaves a published ClaimReview as it was; the current scale
    (`scale`) only for a verdict from before versions kept them.

    Reads `Verdict.scale_version`: load it with the verdict where many are shown."""
    version = verdict.scale_version
    if (
        version is not None
        and version.worst_ordinal is not None
        and version.best_ordinal is not None
    ):
        return version.worst_ordinal, version.best_ordinal
    ordinals = [rating.ordinal for rating in scale] or [verdict.rating.ordinal]
    return min(ordinals), max(ordinals)


def document(
    claim: Claim,
    verdict: Verdict,
    scale: list[Rating],
    *,
    publisher: Publisher,
    claim_url: str,
    date_published: dt.datetime | None,
    date_modified: dt.datetime | None,
) -> dict[str, Any]:
    """The ClaimReview JSON-LD object for one claim and its published verdict."""
    article = claim.article
    worst, best = scale_bounds(verdict, scale)
    item: dict[str, Any] = {"@type": "Claim"}
    if (author := _author(claim)) is not None:
        item["author"] = author
    if (made := claim_date(claim, article)) is not None:
        item["datePublished"] = made.isoformat()
    if article.source_url:
        item["appearance"] = {
            "@type": "CreativeWork",
            "url": article.source_url,
            "headline": article.title,
        }
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": short_claim(claim.text),
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating.ordinal,
            "bestRating": best,
            "worstRating": worst,
            "alternateName": verdict.rating.label,
            "ratingExplanation": plain(verdict.explanation),
        },
    }
    if verdict.headline:
        review["headline"] = verdict.headline
    if publisher.name:
        review["author"] = {"@type": "Organization", "name": publisher.name}
        if publisher.url:
            review["author"]["url"] = publisher.url
    if date_published is not None:
        review["datePublished"] = date_published.isoformat()  # the moment, with its offset
    if date_modified is not None:
        review["dateModified"] = date_modified.isoformat()
    return review


# Every field the linter insists on, with the fix an editor can make.
REQUIRED: list[tuple[tuple[str, ...], str, str]] = [
    (
        ("url",),
        "the page address is missing",
        "Set FACTCHECK_SITE_URL to the public address of the site.",
    ),
    (("claimReviewed",), "the claim text is empty", "Reword the claim on its page."),
    (
        ("headline",),
        "the headline is missing",
        "Write the finding in one line in the Publish box of the article page (through "
        "the API: send it as `headline`).",
    ),
    (
        ("author", "name"),
        "the publishing organisation is not configured",
        "Set FACTCHECK_ORG_NAME (or FACTCHECK_SITE_NAME).",
    ),
    (
        ("reviewRating", "alternateName"),
        "the rating has no label",
        "Give the rating a label in the rating scale.",
    ),
    (
        ("reviewRating", "ratingExplanation"),
        "the explanation is empty",
        "Return the verdict to its checker for an explanation.",
    ),
    (
        ("itemReviewed", "author", "name"),
        "nobody is named as the claimant",
        "Set the claimant on the claim's page (through the API: send it as `claimant` to "
        "POST /api/v1/claims/{claim_id}/details).",
    ),
    (
        ("itemReviewed", "datePublished"),
        "the date the claim was made is unknown",
        "Set the claim date on the claim's page, or the article's publication date (through "
        "the API: `claim_date` to POST /api/v1/claims/{claim_id}/details, or `published_on` "
        "to POST /api/v1/articles/{article_id}/details).",
    ),
    (
        ("itemReviewed", "appearance", "url"),
        "the article's URL is missing",
        "Add the article's source URL on the article page (through the API: send it as "
        "`source_url` to POST /api/v1/articles/{article_id}/details).",
    ),
]


def _lookup(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def lint(claim_id: int, review: dict[str, Any]) -> list[LintProblem]:
    """What keeps this ClaimReview from being complete; empty when it can be published."""
    return [
        LintProblem(claim_id, ".".join(path), message, _fix(path, fix, review))
        for path, message, fix in REQUIRED
        if _lookup(review, path) in (None, "")
    ]


def _fix(path: tuple[str, ...], fix: str, review: dict[str, Any]) -> str:
    if path != ("headline",):
        return fix
    suggestion = suggest_headline(
        _lookup(review, ("reviewRating", "alternateName")) or "",
        _lookup(review, ("itemReviewed", "author", "name")),
        review.get("claimReviewed") or "",
    )
    return f"{fix} For example: “{suggestion}”."


def suggest_headline(label: str, claimant: str | None, text: str, limit: int = 200) -> str:
    """A starting point for the headline, which should state the finding in the editor's
    words: the rating, who claimed it, and what."""
    # The label is quoted, not made an adjective: "is needs context" reads wrong, and a
    # newsroom's scale may hold any words (found in session 19).
    who = f"{claimant}'s claim" if claimant else "The claim"
    claim = short_claim(text, max(20, limit - len(who) - len(label) - 12)).rstrip(".")
    return f"{who}, rated “{label}”: {claim}"
