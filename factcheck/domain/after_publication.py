"""Changes readers can see on a fact-check already published, written into its corrections
log, dated, with the verdict unchanged on both sides: a right of reply added afterwards,
the details of the article the claim came from (its title, outlet, address or date, which
the public page and its ClaimReview show), the name of the claimant it names, a source
corrected (its quote, address, title, publisher or date accessed), or its withdrawal once
it is republished."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.models import Article, Claim, ClaimStatus, Correction, User

ArticleDetails = dict[str, str | dt.date | None]

# Each detail as the corrections log names it.
_LABELS = {
    "title": "title",
    "outlet": "outlet",
    "source_url": "address of the original article",
    "published_on": "publication date",
}


def note_standing_correction(session: Session, claim: Claim, actor: User, reason: str) -> None:
    """A dated entry in a published claim's corrections log whose rating stands."""
    verdict = claim.published_verdict
    assert verdict is not None  # published claims always have a published verdict
    now = clock.now()
    session.add(
        Correction(
            claim_id=claim.id,
            # The same verdict on both sides: the rating and explanation stand.
            previous_verdict_id=verdict.id,
            new_verdict_id=verdict.id,
            reason=reason,
            editor_id=actor.id,
            created_at=now,
        )
    )
    claim.article.updated_at = now


def article_details(article: Article) -> ArticleDetails:
    """What readers see of the article itself, to compare before and after an edit."""
    return {name: getattr(article, name) for name in _LABELS}


def note_article_edit(
    session: Session, article: Article, actor: User, before: ArticleDetails
) -> None:
    """After an edit of a published article's details, each published claim's log says
    what changed, from what to what. An edit that changed nothing readers see adds
    nothing."""
    changes = [
        f"{_LABELS[name]} {_shown(new)} (was {_shown(before[name])})"
        for name, new in article_details(article).items()
        if new != before[name]
    ]
    if not changes:
        return
    reason = "The article's details were corrected after publication: " + "; ".join(changes) + "."
    for claim in article.claims:
        if claim.status == ClaimStatus.PUBLISHED:
            note_standing_correction(session, claim, actor, reason)


def note_republication(session: Session, claims: list[Claim], actor: User) -> None:
    """The withdrawn article of `claims` (those readers saw taken down) is published again:
    each says in its log when it was withdrawn and why, which the article forgets."""
    for claim in claims:
        article = claim.article
        # Withdrawals recorded before `withdrawn_at` existed have no date to give.
        when = f" on {_shown(clock.day_of(article.withdrawn_at))}" if article.withdrawn_at else ""
        reason = (
            f"This fact-check was withdrawn{when} ({_shown(article.withdrawn_reason)}) and is "
            "published again."
        )
        note_standing_correction(session, claim, actor, reason)


# A source's details as the corrections log names them, in the order it lists them.
_SOURCE_LABELS = {
    "excerpt": "the quote",
    "url": "the address",
    "title": "the title",
    "publisher": "the publisher",
    "accessed_on": "the date accessed",
}
SourceDetails = dict[str, str | dt.date | None]


def source_changes(before: SourceDetails, after: SourceDetails) -> list[str]:
    """What a correction changed of a source, in words, from what to what ("the quote now
    reads “…” (was “…”)"); empty when it changed nothing readers see."""
    changes = []
    for name, label in _SOURCE_LABELS.items():
        old, new = before[name], after[name]
        if old == new:
            continue
        if new is None or new == "":
            changes.append(f"{label} {_shown(old)} was removed")
        elif name == "excerpt":
            changes.append(f"{label} now reads {_shown(new)} (was {_shown(old)})")
        else:
            changes.append(f"{label} is now {_shown(new)} (was {_shown(old)})")
    return changes


def note_source_correction(
    session: Session, claim: Claim, actor: User, number: int, changes: list[str], reason: str
) -> None:
    """The published claim's log says which source was corrected (by its number in the list
    readers see), from what to what, and why."""
    said = "; ".join(changes)
    note_standing_correction(
        session, claim, actor, f"Source {number} was corrected: {said}. Reason: {reason}"
    )


def _shown(value: str | dt.date | None) -> str:
    if value is None or value == "":
        return "none"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return f"“{value}”"


def published_claims_of(session: Session, claimant_id: int) -> list[Claim]:
    """The published claims naming a claimant record, read before the record changes."""
    query = select(Claim).where(
        Claim.claimant_id == claimant_id, Claim.status == ClaimStatus.PUBLISHED
    )
    return list(session.scalars(query))


def published_count(session: Session, claimant_id: int) -> int:
    """How many published claims name a claimant record: a rename corrects each (the
    claimant's desk page says so before the editor saves)."""
    query = select(func.count()).where(
        Claim.claimant_id == claimant_id, Claim.status == ClaimStatus.PUBLISHED
    )
    return session.scalar(query) or 0


def note_claimant_rename(
    session: Session, claims: list[Claim], actor: User, before: str, after: str
) -> None:
    """After a claimant's record is renamed (or merged into another), each published claim
    that named it says so in its log: readers see who made the claim change, so it is a
    correction, dated, like any other. The same name (exactly) adds nothing."""
    if before == after:
        return
    reason = (
        f"The claimant's name was corrected after publication: {_shown(after)} "
        f"(was {_shown(before)})."
    )
    for claim in claims:
        note_standing_correction(session, claim, actor, reason)
