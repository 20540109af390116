"""Who may do what: one permission table for claims and articles, which views, the API,
templates and tests read.

Each claim entry maps (current status, action) to the new status, the roles allowed to
act, and whether only the claim's holder (its assignee) may act. Actions that keep the
status (rewording, adding evidence) are in the table too, so that one question — "may
this user do this to this claim now?" — has one answer everywhere. Articles have the same
kind of table (`ARTICLE_RULES`), read through the same `require`, `can` and
`allowed_actions`; `check_version` is the one stale-copy check for both. Conditions beyond
status and role (nobody reviews their own verdict) are the `GUARDS` of `domain.guards`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.actions import Action as Action
from factcheck.domain.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
)
from factcheck.domain.guards import GUARDS
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import (
    EDITORS,
    STAFF,
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    Role,
    User,
    WebhookEvent,
)

S = ClaimStatus


A = Action
# Actions that tell someone (domain.notifications): each queues a notification job.
NOTIFYING_ACTIONS = frozenset({A.ASSIGN, A.UNASSIGN, A.SUBMIT, A.RETURN, A.APPROVE, A.PUBLISH})
# Actions that take a claim from its holder: their event records who that was.
HOLDER_CHANGES = frozenset({A.ASSIGN, A.UNASSIGN, A.RELEASE, A.EXPIRE})
# What webhooks hear of a claim's action (domain/webhooks.py); any other action that changes
# the claim's status is a claim_state event, and one that keeps it is not sent.
WEBHOOK_EVENTS = {
    A.PUBLISH: WebhookEvent.PUBLICATION,
    A.PROPOSE_CORRECTION: WebhookEvent.CORRECTION,
    A.CORRECT: WebhookEvent.CORRECTION,
    A.DECLINE_CORRECTION: WebhookEvent.CORRECTION,
    A.CORRECT_SOURCE: WebhookEvent.CORRECTION,
}
# The system itself (lease expiry) acts without a user.
SYSTEM: frozenset[Role] = frozenset()
# A claim on the desk, between triage and publication.
BEFORE_PUBLICATION = (S.CANDIDATE, S.QUEUED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED, S.APPROVED)


@dataclass(frozen=True)
class Rule:
    to: ClaimStatus
    roles: frozenset[Role]
    holder_only: bool = False
    # With holder_only: roles that may act on a claim they do not hold (editors, say).
    holder_or: frozenset[Role] = frozenset()


TRANSITIONS: dict[tuple[ClaimStatus, Action], Rule] = {
    # Triage
    (S.CANDIDATE, A.ACCEPT): Rule(S.QUEUED, EDITORS),
    (S.CANDIDATE, A.REJECT): Rule(S.REJECTED, EDITORS),
    (S.CANDIDATE, A.REWORD): Rule(S.CANDIDATE, EDITORS),
    (S.REJECTED, A.RESTORE): Rule(S.CANDIDATE, EDITORS),
    # Undo an accept while no checker holds the claim (queued: nobody does).
    (S.QUEUED, A.UNACCEPT): Rule(S.CANDIDATE, EDITORS),
    # Split into several claims, or merged with others: the new claims replace this one.
    # A split claim shows its parts (Claim.split_parts); a merged one the event's note.
    (S.CANDIDATE, A.SPLIT): Rule(S.SPLIT, EDITORS),
    (S.CANDIDATE, A.MERGE): Rule(S.REJECTED, EDITORS),
    (S.QUEUED, A.REWORD): Rule(S.QUEUED, EDITORS),
    # Who said it and when: editors fix it at any point before publication.
    **{(status, A.EDIT_DETAILS): Rule(status, EDITORS) for status in BEFORE_PUBLICATION},
    # Queue
    (S.QUEUED, A.TAKE): Rule(S.IN_PROGRESS, STAFF),
    (S.QUEUED, A.ASSIGN): Rule(S.IN_PROGRESS, EDITORS),
    (S.IN_PROGRESS, A.ASSIGN): Rule(S.IN_PROGRESS, EDITORS),
    # A returned claim can go to another checker too (its checker is away, say); it stays
    # returned, so the new holder sees the editor's note and the evidence so far.
    (S.RETURNED, A.ASSIGN): Rule(S.RETURNED, EDITORS),
    (S.IN_PROGRESS, A.UNASSIGN): Rule(S.QUEUED, EDITORS),
    (S.IN_PROGRESS, A.RELEASE): Rule(S.QUEUED, STAFF, holder_only=True),
    (S.IN_PROGRESS, A.EXPIRE): Rule(S.QUEUED, SYSTEM),
    (S.QUEUED, A.SCHEDULE): Rule(S.QUEUED, EDITORS),
    (S.IN_PROGRESS, A.SCHEDULE): Rule(S.IN_PROGRESS, EDITORS),
    (S.RETURNED, A.SCHEDULE): Rule(S.RETURNED, EDITORS),
    # Research: the holder's work on the claim
    **{
        (status, action): Rule(status, STAFF, holder_only=True)
        for status in (S.IN_PROGRESS, S.RETURNED)
        for action in (A.ADD_EVIDENCE, A.EDIT_EVIDENCE, A.REMOVE_EVIDENCE, A.SAVE_DRAFT)
    },
    (S.IN_PROGRESS, A.SUBMIT): Rule(S.SUBMITTED, STAFF, holder_only=True),
    (S.RETURNED, A.SUBMIT): Rule(S.SUBMITTED, STAFF, holder_only=True),
    # Review
    (S.SUBMITTED, A.VOTE): Rule(S.SUBMITTED, EDITORS),
    (S.SUBMITTED, A.APPROVE): Rule(S.APPROVED, EDITORS),
    (S.SUBMITTED, A.RETURN): Rule(S.RETURNED, EDITORS),
    # Right of reply happens alongside the work: its holder records it, or an editor. Readers
    # see it once published, so afterwards only editors add one (as a correction).
    **{
        (status, A.RECORD_REPLY): Rule(status, STAFF, holder_only=True, holder_or=EDITORS)
        for status in (S.QUEUED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED, S.APPROVED)
    },
    (S.PUBLISHED, A.RECORD_REPLY): Rule(S.PUBLISHED, EDITORS),
    **{(status, A.COMMENT): Rule(status, STAFF) for status in S},
    # "Has this been checked before?": editors link or dismiss earlier fact-checks, and take
    # back a wrong link, after publication too (readers see that in the corrections log).
    **{
        (status, action): Rule(status, EDITORS)
        for status in BEFORE_PUBLICATION
        for action in (A.LINK_MATCH, A.DISMISS_MATCH, A.UNLINK_MATCH)
    },
    (S.PUBLISHED, A.UNLINK_MATCH): Rule(S.PUBLISHED, EDITORS),
    # Publishing
    (S.APPROVED, A.PUBLISH): Rule(S.PUBLISHED, EDITORS),
    # Corrections go through the same panel as verdicts: an editor proposes one, other
    # editors vote; "correct" is the deciding approval that readers then see, and
    # "decline_correction" the deciding return. Readers see the published verdict meanwhile.
    (S.PUBLISHED, A.PROPOSE_CORRECTION): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, A.VOTE): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, A.CORRECT): Rule(S.PUBLISHED, EDITORS),
    (S.PUBLISHED, A.DECLINE_CORRECTION): Rule(S.PUBLISHED, EDITORS),
    # A wrong quote, address or date in a published source: editors correct it, dated in the
    # log (domain.source_corrections); the rating stands, so no panel (a stance is refused).
    (S.PUBLISHED, A.CORRECT_SOURCE): Rule(S.PUBLISHED, EDITORS),
    # Topics: editors file a claim under topics at any time (a split one's parts instead).
    **{(status, A.TAG): Rule(status, EDITORS) for status in S if status != S.SPLIT},
}

ACTIONS = frozenset(action for _, action in TRANSITIONS)

# Articles: (status, action) -> the roles allowed. The status is None for an article not
# created yet. Publishing publishes the approved claims: again later for claims approved
# since, or after a withdrawal. Promoting a sentence makes a claim of it.
ARTICLE_RULES: dict[tuple[ArticleStatus | None, Action], frozenset[Role]] = {
    (None, A.CREATE): EDITORS,
    **{(status, A.EDIT): EDITORS for status in ArticleStatus},
    **{(status, A.PUBLISH): EDITORS for status in ArticleStatus},
    **{(status, A.PROMOTE): EDITORS for status in ArticleStatus},
    **{(status, A.REWRITE_CANDIDATES): EDITORS for status in ArticleStatus},
    (ArticleStatus.PUBLISHED, A.WITHDRAW): EDITORS,
}

# Topics: who may change the desk's list of topics (tagging a claim is in TRANSITIONS).
TOPIC_RULES = dict.fromkeys((A.CREATE_TOPIC, A.RENAME_TOPIC, A.DELETE_TOPIC), EDITORS)


def require_topic_action(action: Action, actor: User | None) -> None:
    """Raise PermissionDenied unless `actor` may `action` topics."""
    if actor is None or actor.role not in TOPIC_RULES[action] or not actor.active:
        role = actor.role.value if actor is not None else "signed out"
        raise PermissionDenied(f"Your role ({role}) cannot {action.replace('_', ' ')}s.")


def _refusal(claim: Claim, action: Action, actor: User | None) -> Exception | None:
    """Why `actor` may not perform `action` on `claim` now, or None if they may."""
    rule = TRANSITIONS.get((claim.status, action))
    if rule is None:
        return InvalidTransition(_not_from(claim, action))
    if actor is None:
        if rule.roles:
            return PermissionDenied(f"{action} needs a signed-in user.")
        return None
    if actor.role not in rule.roles or not actor.active:
        return PermissionDenied(
            f"Your role ({actor.role.value}) cannot {action.replace('_', ' ')} claims."
        )
    if rule.holder_only and claim.assignee_id != actor.id and actor.role not in rule.holder_or:
        holder = claim.assignee.display_name if claim.assignee else "nobody"
        return PermissionDenied(f"Claim #{claim.id} is held by {holder}, not by you.")
    guard = GUARDS.get(action)
    return guard(claim, actor) if guard else None


def _not_from(claim: Claim, action: Action) -> str:
    """Why `action` has no row for the claim's status, in words an editor can act on."""
    if action == A.UNACCEPT:
        held = f", held by {claim.assignee.display_name}" if claim.assignee else ""
        why = f"it is {claim.status.value}{held}. Only a queued claim that no checker holds can."
        return f"Claim #{claim.id} cannot go back to the candidates: {why}"
    if action == A.VOTE:  # what the editor pressed or called: approve, or return
        return f"Cannot approve or return claim #{claim.id}: it is {claim.status.value}."
    return f"Cannot {action.replace('_', ' ')} claim #{claim.id}: it is {claim.status.value}."


def _article_refusal(
    article: Article | None, action: Action, actor: User | None
) -> Exception | None:
    """Why `actor` may not perform `action` on `article` (None: a new one), or None."""
    status = article.status if article is not None else None
    roles = ARTICLE_RULES.get((status, action))
    subject = f"article #{article.id}" if article is not None else "an article"
    if roles is None:
        return InvalidTransition(
            f"Cannot {action.replace('_', ' ')} {subject}: it is {status or 'not created'}."
        )
    if actor is None or actor.role not in roles or not actor.active:
        role = actor.role.value if actor is not None else "signed out"
        return PermissionDenied(f"Your role ({role}) cannot {action.replace('_', ' ')} articles.")
    return None


def refusal(
    subject: Claim | Article | None, action: Action, actor: User | None
) -> Exception | None:
    """Why `actor` may not perform `action` on the claim or article now, or None if they may."""
    if isinstance(subject, Claim):
        return _refusal(subject, action, actor)
    return _article_refusal(subject, action, actor)


def require(subject: Claim | Article | None, action: Action, actor: User | None) -> None:
    """Raise why `actor` may not perform `action` on the claim or article (None: an article
    not created yet) now; return if they may."""
    why = refusal(subject, action, actor)
    if why is not None:
        raise why


def can(subject: Claim | Article | None, action: Action, actor: User | None) -> bool:
    return refusal(subject, action, actor) is None


def allowed_actions(subject: Claim | Article, actor: User | None) -> list[Action]:
    """The actions `actor` may take on the claim or article now, in table order (for
    buttons)."""
    if isinstance(subject, Article):
        keys: list[tuple[object, Action]] = list(ARTICLE_RULES)
    else:
        keys = list(TRANSITIONS)
    return [
        action
        for (status, action) in keys
        if status == subject.status and refusal(subject, action, actor) is None
    ]


def check_version(
    session: Session,
    subject: Claim | Article,
    expected_version: int | None,
    *,
    label: str | None = None,
) -> None:
    """Refuse a write based on an older copy of a claim or an article, naming who changed
    it and when. The one stale-version check of the desk and the API."""
    if expected_version is None or expected_version == subject.version:
        return
    kind = "claim" if isinstance(subject, Claim) else "article"
    name = label or f"{kind.capitalize()} #{subject.id}"
    # "changed by the system" said nothing: the lease ran out (found in session 19)
    expired = lease_ran_out(session, subject, label=name) if isinstance(subject, Claim) else None
    if expired is not None:
        raise StaleVersion(expired)
    raise StaleVersion(
        f"{name} {audit.change_since(session, kind, subject.id)} since you "
        "opened it. Review the current version before you act on it."
    )


def lease_ran_out(session: Session, claim: Claim, *, label: str | None = None) -> str | None:
    """What to tell the checker who still writes on `claim` when its last change was its
    lease running out (it went back to the queue); None when it was not."""
    last = audit.last_event(session, "claim", claim.id)
    if last is None or last.action != Action.EXPIRE.value:
        return None
    return (
        f"{label or f'Claim #{claim.id}'} went back to the queue at "
        f"{clock.stamp(last.created_at)}: its lease ran out. Its checker can take it "
        f"back with “Take claim #{claim.id} back”, while nobody else has."
    )


def no_longer_held(session: Session, claim: Claim, actor: User) -> str | None:
    """Why `actor`, writing on `claim`, no longer holds it, when its last change took it
    from them (lease ran out, given back, given to someone else); None otherwise."""
    last = audit.last_event(session, "claim", claim.id)
    if last is None or last.action not in HOLDER_CHANGES or claim.assignee_id == actor.id:
        return None
    if last.action == Action.EXPIRE.value:
        return lease_ran_out(session, claim)
    who = "You" if last.actor_id == actor.id else (last.actor.display_name if last.actor else "")
    went = (
        f"to {claim.assignee.display_name}"
        if last.action == Action.ASSIGN.value and claim.assignee
        else "back to the queue"
    )
    return (
        f"{who or 'Someone'} gave claim #{claim.id} {went} at {clock.stamp(last.created_at)}"
        ", so it is no longer yours and what you type here is not saved. Copy it if you "
        "want to keep it."
    )


def transition(
    session: Session,
    claim: Claim,
    action: Action,
    actor: User | None,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> ClaimStatus:
    """Perform `action` on `claim`: check state, role and version, move it, record an Event,
    and flush. Return the previous status. Raise InvalidTransition, PermissionDenied or
    StaleVersion and change nothing when the action is not allowed.
    """
    previous = move(session, claim, action, actor, note=note, expected_version=expected_version)
    flush_claim(session, claim)
    return previous


def check_move(
    session: Session,
    claim: Claim,
    action: Action,
    actor: User | None,
    expected_version: int | None = None,
) -> None:
    """Raise what `move` would refuse the action with (state, role, guards, version); change
    nothing. An action that checks its input first calls it before, so that a refusal no
    input can change (the fact-check was withdrawn) is the one said."""
    refusal = _refusal(claim, action, actor)
    if refusal is not None:
        if isinstance(refusal, InvalidTransition):
            # From a page opened before someone moved the claim on: say who, and when,
            # rather than only "it is queued".
            check_version(session, claim, expected_version)
        raise refusal
    check_version(session, claim, expected_version)


def move(
    session: Session,
    claim: Claim,
    action: Action,
    actor: User | None,
    *,
    note: str | None = None,
    expected_version: int | None = None,
    assignee: User | None = None,
) -> ClaimStatus:
    """`transition` without the flush, for an action that changes more of the claim: it
    makes its other changes, then calls `flush_claim` once, so the version moves once.
    `assignee`: whom an assign gives the claim to, for its event."""
    check_move(session, claim, action, actor, expected_version)
    previous = claim.status
    claim.status = TRANSITIONS[(previous, action)].to
    event = audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action=action,
        from_status=previous.value,
        to_status=claim.status.value,
        note=note,
        assignee_id=assignee.id if assignee else None,
        previous_assignee_id=claim.assignee_id if action in HOLDER_CHANGES else None,
    )
    if action in NOTIFYING_ACTIONS:
        enqueue_after_commit(session, "notify_about_event", IdOf(event))
    if action in WEBHOOK_EVENTS or claim.status != previous:
        enqueue_after_commit(session, "webhooks_for_event", IdOf(event))
    return previous


def flush_claim(session: Session, claim: Claim) -> None:
    """Flush, turning a lost race on the version column into StaleVersion."""
    claim_id = claim.id  # read before flushing: a failed flush expires the instance
    try:
        # Flush now so that a concurrent writer is detected here, not at commit.
        session.flush()
    except StaleDataError as exc:
        raise StaleVersion(
            f"Claim #{claim_id} was changed by someone else at the same moment. "
            "Nothing was saved; reload and try again."
        ) from exc
