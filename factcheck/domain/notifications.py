"""Who is told what: notifications drawn from the audit trail, preferences, the bell.

Every change already writes an event (domain.audit); the events below also queue a job that
turns them into notifications (factcheck.jobs.tasks), after their transaction commits:

| event | who is told | kind |
|---|---|---|
| assign | the checker it was assigned to | assigned |
| assign, of a claim someone held | the checker who held it | unassigned |
| unassign | the checker who held the claim | unassigned |
| submit | every editor but the one who submitted | review_requested |
| return | the verdict's author, with the note | returned |
| approve | the verdict's author | approved |
| publish | the verdict's author | published |
| a comment that says @name | that person | mentioned |
| a lease ending within the hour (a periodic job) | its holder | lease_ending |

Nobody is told about their own action (releasing one's own claim tells nobody), and nothing
new is made for anyone whose account is off (turning it off gives their claims back quietly).
A lease that runs out tells nobody: its holder was warned an hour before. Each notification
has a key (event, person), so a job that runs twice tells nobody twice.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain.workflow import NOTIFYING_ACTIONS, Action
from factcheck.models import (
    EDITORS,
    Claim,
    ClaimStatus,
    Comment,
    Delivery,
    Event,
    Notification,
    NotificationKind,
    NotificationPreference,
    User,
    VerdictDraft,
)

K = NotificationKind
# E-mail by default: what someone must act on, at once; the rest in the daily digest.
DEFAULT_EMAIL = {
    K.ASSIGNED: Delivery.IMMEDIATELY,
    K.RETURNED: Delivery.IMMEDIATELY,
    K.REVIEW_REQUESTED: Delivery.IMMEDIATELY,
    K.LEASE_ENDING: Delivery.IMMEDIATELY,
    K.MENTIONED: Delivery.IMMEDIATELY,
    K.UNASSIGNED: Delivery.IMMEDIATELY,  # stop working on it now
    K.APPROVED: Delivery.DIGEST,
    K.PUBLISHED: Delivery.DIGEST,
}
LABELS = {
    K.ASSIGNED: "A claim is assigned to you",
    K.UNASSIGNED: "A claim is no longer yours",
    K.RETURNED: "Your verdict is returned",
    K.APPROVED: "Your verdict is approved",
    K.PUBLISHED: "Your verdict is published",
    K.REVIEW_REQUESTED: "A verdict awaits review (editors)",
    K.LEASE_ENDING: "Your lease ends within an hour",
    K.MENTIONED: "You are @mentioned in a comment",
}
LEASE_WARNING = dt.timedelta(hours=1)
# "@edith" or "@edith.jones": an e-mail's local part, or a display name without spaces.
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9][\w.-]{0,63})")


def preference(session: Session, user_id: int, kind: NotificationKind) -> tuple[bool, Delivery]:
    """(shown in the app, e-mail delivery) for one person and kind."""
    chosen = session.get(NotificationPreference, (user_id, kind))
    if chosen is None:
        return True, DEFAULT_EMAIL[kind]
    return chosen.in_app, chosen.email


def preferences(session: Session, user: User) -> dict[NotificationKind, tuple[bool, Delivery]]:
    """Every kind's setting for `user`, defaults filled in."""
    return {kind: preference(session, user.id, kind) for kind in NotificationKind}


def set_preferences(
    session: Session, user: User, chosen: dict[NotificationKind, tuple[bool, Delivery]]
) -> None:
    """Save `user`'s choice for each kind given."""
    for kind, (in_app, email) in chosen.items():
        row = session.get(NotificationPreference, (user.id, kind))
        if row is None:
            session.add(
                NotificationPreference(user_id=user.id, kind=kind, in_app=in_app, email=email)
            )
        else:
            row.in_app, row.email = in_app, email
    session.flush()


def _tell(
    session: Session,
    user_id: int,
    kind: NotificationKind,
    claim: Claim | None,
    message: str,
    key: str,
) -> Notification | None:
    """One notification, unless the person turned this kind off or was already told."""
    in_app, email = preference(session, user_id, kind)
    if not in_app and email is Delivery.OFF:
        return None
    if session.scalar(select(Notification.id).where(Notification.dedupe_key == key)):
        return None
    notification = Notification(
        user_id=user_id,
        kind=kind,
        claim_id=claim.id if claim else None,
        message=message,
        dedupe_key=key,
        shown_in_app=in_app,
        email=email,
    )
    # Two runs of one job at once: the second's commit breaks the key's uniqueness, and its
    # retry finds the first one's notification above.
    session.add(notification)
    return notification


def _quote(claim: Claim) -> str:
    text = claim.text if len(claim.text) <= 90 else claim.text[:89] + "…"
    return f"“{text}”"


# (whom, what kind, the message) of one notification an event gives.
_Told = tuple[int | None, NotificationKind, str]


def for_event(session: Session, event_id: int) -> list[Notification]:
    """The notifications one event of the audit trail gives (see the module's table)."""
    event = session.get(Event, event_id)
    if event is None or event.entity_type != "claim" or event.action not in NOTIFYING_ACTIONS:
        return []
    claim = session.get(Claim, event.entity_id)
    if claim is None:
        return []
    who = event.actor.display_name if event.actor else "The system"
    verdict = claim.current_verdict
    author = verdict.author_id if verdict else None
    told: list[_Told] = []
    if event.action == Action.ASSIGN:
        told += _assignment(session, event, claim, who)
    elif event.action == Action.UNASSIGN:
        told.append(_lost(session, event, claim, f"{who} gave {_quote(claim)} back to the queue"))
    elif event.action == Action.SUBMIT:
        message = f"{who} submitted a verdict on {_quote(claim)} for review."
        told += [(editor, K.REVIEW_REQUESTED, message) for editor in _editors(session)]
    elif event.action == Action.RETURN:
        note = f" Their note: {event.note}" if event.note else ""
        told.append((author, K.RETURNED, f"{who} returned your verdict on {_quote(claim)}.{note}"))
    elif event.action == Action.APPROVE:
        told.append((author, K.APPROVED, f"{who} approved your verdict on {_quote(claim)}."))
    elif event.action == Action.PUBLISH:
        told.append((author, K.PUBLISHED, f"Your verdict on {_quote(claim)} is published."))
    made = [
        _tell(session, user_id, kind, claim, message, f"event:{event.id}:{user_id}")
        for user_id, kind, message in told
        if user_id is not None and user_id != event.actor_id and _active(session, user_id)
    ]
    return [notification for notification in made if notification is not None]


def _assignment(session: Session, event: Event, claim: Claim, who: str) -> list[_Told]:
    """The person an assign gave the claim to, and the one it took the claim from. An event
    recorded before events named them (revision 0026) names nobody: its claim's holder."""
    assignee = event.assignee_id if event.assignee_id is not None else claim.assignee_id
    told: list[_Told] = [(assignee, K.ASSIGNED, f"{who} assigned you {_quote(claim)}.")]
    if event.previous_assignee_id not in (None, assignee):
        to = session.get(User, assignee) if assignee is not None else None
        name = to.display_name if to else "someone else"
        told.append(_lost(session, event, claim, f"{who} reassigned {_quote(claim)} to {name}"))
    return told


def _lost(session: Session, event: Event, claim: Claim, what: str) -> _Told:
    """The checker an editor took the claim from: what happened, and that their draft, if
    they saved one, stays theirs and is where the next checker starts (domain.drafts)."""
    holder = event.previous_assignee_id
    message = f"{what}; it is no longer yours."
    draft = select(VerdictDraft.id).where(
        VerdictDraft.claim_id == claim.id, VerdictDraft.author_id == holder
    )
    if holder is not None and session.scalar(draft) is not None:
        message += (
            " Your verdict draft stays saved and passes to the next checker, who starts from it."
        )
    return holder, K.UNASSIGNED, message


def _active(session: Session, user_id: int) -> bool:
    user = session.get(User, user_id)
    return user is not None and user.active


def _editors(session: Session) -> Iterable[int]:
    return session.scalars(select(User.id).where(User.role.in_(EDITORS), User.active))


def mentioned(session: Session, body: str) -> list[User]:
    """The active staff a comment names with @: by e-mail local part or spaceless name."""
    handles = {handle.lower().rstrip(".") for handle in _MENTION.findall(body)}
    if not handles:
        return []
    # The staff of a newsroom is small: match in Python, the same on both databases.
    staff = session.scalars(select(User).where(User.active).order_by(User.id))
    return [
        user
        for user in staff
        if user.email.split("@", 1)[0].lower() in handles
        or user.display_name.replace(" ", "").lower() in handles
    ]


def for_mentions(session: Session, comment_id: int) -> list[Notification]:
    """Tell each person a comment @mentions (not its author)."""
    comment = session.get(Comment, comment_id)
    if comment is None:
        return []
    claim = session.get(Claim, comment.claim_id)
    excerpt = comment.body if len(comment.body) <= 200 else comment.body[:199] + "…"
    made = [
        _tell(
            session,
            user.id,
            K.MENTIONED,
            claim,
            f"{comment.author.display_name} mentioned you on {_quote(claim)}: {excerpt}"
            if claim
            else excerpt,
            f"comment:{comment.id}:{user.id}",
        )
        for user in mentioned(session, comment.body)
        if user.id != comment.author_id
    ]
    return [notification for notification in made if notification is not None]


def leases_ending(session: Session, *, now: dt.datetime | None = None) -> list[Notification]:
    """Warn each holder whose lease ends within the hour (once per lease)."""
    now = now or clock.now()
    query = select(Claim).where(
        Claim.status == ClaimStatus.IN_PROGRESS,
        Claim.assignee_id.is_not(None),
        Claim.lease_expires_at > now,
        Claim.lease_expires_at <= now + LEASE_WARNING,
    )
    made = []
    for claim in session.scalars(query.order_by(Claim.id)):
        assert claim.assignee_id is not None and claim.lease_expires_at is not None
        ends = clock.stamp(claim.lease_expires_at, "%H:%M")
        key = f"lease:{claim.id}:{claim.lease_expires_at.isoformat()}"
        message = f"Your lease on {_quote(claim)} ends at {ends}: save your work or renew it."
        made.append(_tell(session, claim.assignee_id, K.LEASE_ENDING, claim, message, key))
    return [notification for notification in made if notification is not None]


def unread_count(session: Session, user: User) -> int:
    query = select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.shown_in_app, Notification.read_at.is_(None)
    )
    return int(session.scalar(query) or 0)


def recent(session: Session, user: User, *, limit: int = 50) -> list[Notification]:
    """The person's latest notifications in the app, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user.id, Notification.shown_in_app)
        .order_by(Notification.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications read, or all of them; return how many changed."""
    query = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_id is not None:
        query = query.where(Notification.id == notification_id)
    return session.execute(query.values(read_at=clock.now())).rowcount  # type: ignore[attr-defined]


def due_for_digest(session: Session) -> dict[int, list[Notification]]:
    """Digest notifications not yet e-mailed, by person whose account is on (one turned
    off since a notification was made gets no e-mail)."""
    query = (
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .where(Notification.email == Delivery.DIGEST, Notification.emailed_at.is_(None))
        .where(User.active)
        .order_by(Notification.user_id, Notification.id)
    )
    by_user: dict[int, list[Notification]] = {}
    for notification in session.scalars(query):
        by_user.setdefault(notification.user_id, []).append(notification)
    return by_user
