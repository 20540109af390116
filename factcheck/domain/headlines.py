"""The headline of a fact-check: the finding in one line, written by the editor for each
claim before publishing (the ClaimReview linter requires it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from factcheck.domain import claimreview_jsonld
from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import optional_text
from factcheck.models import Article, Claim, ClaimStatus, Verdict, VerdictStatus

MAX_HEADLINE = 200


def _approved(claim: Claim) -> Verdict:
    verdict = claim.current_verdict
    assert verdict is not None and verdict.status == VerdictStatus.APPROVED
    return verdict


def by_claim(given: Iterable[tuple[int, str | None]]) -> dict[int, str | None]:
    """The headlines sent, by claim id. Two for one claim are refused: which one was meant
    cannot be told (before session 19 the last won, silently)."""
    found: dict[int, str | None] = {}
    for claim_id, headline in given:
        if claim_id in found:
            raise InvalidInput(
                f"Claim #{claim_id} is given two headlines: send one.", field="headlines"
            )
        found[claim_id] = headline
    return found


def write(approved: list[Claim], headlines: Mapping[int, str | None]) -> None:
    """Give approved claims the headlines sent, by claim id; another claim's id is refused."""
    by_id = {claim.id: claim for claim in approved}
    for claim_id, headline in headlines.items():
        claim = by_id.get(claim_id)
        if claim is None:
            raise InvalidInput(
                f"Claim #{claim_id} is not an approved claim of this article: it takes no "
                "headline now.",
                field="headlines",
            )
        _approved(claim).headline = optional_text(
            headline, f"headline of claim #{claim_id}", max_length=MAX_HEADLINE
        )


@dataclass(frozen=True)
class HeadlineDraft:
    """An approved claim in the publish box: its headline so far and a suggestion."""

    claim_id: int
    claim_text: str
    headline: str | None
    suggestion: str


def headline_drafts(article: Article) -> list[HeadlineDraft]:
    """The approved claims that publishing now would publish, with their headlines."""
    drafts = []
    for claim in article.claims:
        if claim.status == ClaimStatus.APPROVED:
            verdict = _approved(claim)
            drafts.append(
                HeadlineDraft(
                    claim.id, claim.text, verdict.headline, suggest_headline(claim, verdict)
                )
            )
    return drafts


def suggest_headline(claim: Claim, verdict: Verdict) -> str:
    """A headline to start from: the rating and the claim, for the editor to rewrite."""
    return claimreview_jsonld.suggest_headline(
        verdict.rating.label, claim.claimant, claim.text, limit=MAX_HEADLINE
    )


def kept_over_new_rating(published: Verdict | None, proposed: Verdict | None) -> str | None:
    """A warning for a correction that changes the rating but keeps the published headline,
    which states the old finding (readers would see "mostly accurate" over a "Misleading"
    badge); None when the rating stands or the headline was rewritten. A warning only: a
    headline can be right for both ratings, and the editors decide."""
    if published is None or proposed is None or proposed.rating_id == published.rating_id:
        return None
    if _same_words(proposed.headline, published.headline):
        return (
            f"The headline is unchanged (“{proposed.headline}”) although the rating changes "
            f"from “{published.rating.label}” to “{proposed.rating.label}”: check that it still "
            "states the finding."
        )
    return None


def _same_words(one: str | None, other: str | None) -> bool:
    """Whether two headlines read the same, spacing and case aside."""
    return _words(one) != "" and _words(one) == _words(other)


def _words(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()
