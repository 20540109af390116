"""Triage of many candidates at once: accept or reject the ticked ones, or reject every
candidate scoring below a threshold.

Each claim is decided on its own: a claim changed since the editor's copy (its version),
or one the action no longer fits (already accepted, taken by a checker...), is refused
with a message naming it, and the others are applied. A desk at deadline would rather
keep 38 decisions and redo 2 than lose 40 to one colleague's click. Every change writes
its own audit event through `workflow.transition`; the caller commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from factcheck.domain import articles
from factcheck.domain.errors import DomainError, InvalidInput
from factcheck.domain.workflow import Action
from factcheck.models import Article, Claim, ClaimStatus, User

BULK_ACTIONS = (Action.ACCEPT, Action.REJECT)


@dataclass(frozen=True)
class Refused:
    claim_id: int
    message: str


@dataclass
class BulkResult:
    """What a bulk action did: the claims it changed and those it refused, with why."""

    action: Action
    done: list[Claim] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)

    def summary(self) -> str:
        """One sentence for the editor, e.g. "3 claims rejected; 1 refused."."""
        verb = "accepted" if self.action is Action.ACCEPT else "rejected"
        count = len(self.done)
        text = f"{count} claim{'' if count == 1 else 's'} {verb}."
        if self.refused:
            text += f" {len(self.refused)} not changed: " + " ".join(
                r.message for r in self.refused
            )
        return text


def _apply(
    session: Session,
    claims: Sequence[Claim],
    action: Action,
    actor: User,
    versions: Mapping[int, int],
) -> BulkResult:
    result = BulkResult(action)
    for claim in claims:
        try:
            # triage checks state, role and version before it changes anything, so a
            # refused claim leaves nothing behind
            articles.triage(
                session, claim, action.value, actor, expected_version=versions.get(claim.id, -1)
            )
        except DomainError as error:
            if not session.is_active:
                raise  # a lost race at flush: the transaction is gone, refuse them all
            result.refused.append(Refused(claim.id, error.message))
        else:
            result.done.append(claim)
    return result


def bulk_triage(
    session: Session,
    article: Article,
    claim_ids: Sequence[int],
    action: str,
    actor: User,
    versions: Mapping[int, int],
) -> BulkResult:
    """Accept or reject each of the article's claims `claim_ids`, whose versions the editor
    saw are `versions` (claim id → version; a claim missing from it counts as stale)."""
    if action not in BULK_ACTIONS:
        raise InvalidInput(f"Unknown bulk action {action!r}: choose accept or reject.")
    if not claim_ids:
        raise InvalidInput("Tick at least one candidate first.", field="claim_ids")
    wanted = set(claim_ids)
    chosen = sorted(
        (claim for claim in article.claims if claim.id in wanted),
        key=lambda c: (-c.score, c.position),
    )
    result = _apply(session, chosen, Action(action), actor, versions)
    found = {claim.id for claim in chosen}
    result.refused += [
        Refused(claim_id, f"Claim #{claim_id} is not a claim of article #{article.id}.")
        for claim_id in sorted(wanted - found)
    ]
    return result


def reject_below(
    session: Session,
    article: Article,
    threshold: float | None,
    actor: User,
    versions: Mapping[int, int],
) -> BulkResult:
    """Reject every candidate of the article scoring below `threshold` that the editor saw
    (is in `versions`); candidates added since stay for the editor to judge."""
    if threshold is None or not 0 <= threshold <= 1:
        raise InvalidInput("Give a score between 0 and 1.", field="below")
    chosen = [
        claim
        for claim in article.claims
        if claim.status is ClaimStatus.CANDIDATE
        and claim.score < threshold
        and claim.id in versions
    ]
    if not chosen:
        raise InvalidInput(
            f"No candidate on this page scores below {threshold:.2f}.", field="below"
        )
    chosen.sort(key=lambda c: (-c.score, c.position))
    return _apply(session, chosen, Action.REJECT, actor, versions)
