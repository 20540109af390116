"""The append-only audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, insert, or_, select
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.models import Article, Claim, Event, User


def record(
    session: Session,
    *,
    actor: User | None,
    entity_type: str,
    entity_id: int,
    action: str,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
    assignee_id: int | None = None,
    previous_assignee_id: int | None = None,
) -> Event:
    """Append one event. Events are never updated or deleted: whom it concerns
    (`assignee_id`, `previous_assignee_id`) is known now, and recorded now."""
    event = Event(
        actor_id=actor.id if actor else None,
        entity_type=entity_type,
        entity_id=entity_id,
        action=str(action),  # an Action's value: the trail stores plain text
        from_status=from_status,
        to_status=to_status,
        note=note,
        assignee_id=assignee_id,
        previous_assignee_id=previous_assignee_id,
    )
    session.add(event)
    return event


# Core INSERT for hot paths: no unit-of-work flush for a row nobody reads back.
_APPEND = insert(Event.__table__)  # type: ignore[arg-type]


def append(
    session: Session,
    *,
    actor: User | None,
    entity_type: str,
    entity_id: int,
    action: str,
    from_status: str | None,
    to_status: str | None,
    at: dt.datetime,
) -> None:
    """Append one event at once (take-next uses it: it runs many times a second)."""
    session.execute(
        _APPEND,
        {
            "actor_id": actor.id if actor else None,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "action": str(action),
            "from_status": from_status,
            "to_status": to_status,
            "note": None,
            "created_at": at,
        },
    )


def last_change(session: Session, entity_type: str, entity_id: int) -> str:
    """'<who> at <when>' of the entity's latest event, for "changed by … since" messages."""
    return _who_when(last_event(session, entity_type, entity_id))


def _who_when(last: Event | None) -> str:
    who = last.actor.display_name if last and last.actor else "the system"
    when = clock.stamp(last.created_at) if last else "an unknown time"
    return f"{who} at {when}"


# What a claim's review moves did, for "Claim #N was <done> by <who> at <when>": an editor
# whose Approve or Return came from an older page hears that the claim was returned or
# approved meanwhile, not only that it "was changed".
_DONE = {
    "submit": "submitted",
    "vote": "voted on",
    "approve": "approved",
    "return": "returned to its checker",
    "propose_correction": "given a proposed correction",
    "correct": "corrected",
    "decline_correction": "kept as published (its correction declined)",
}


def change_since(session: Session, entity_type: str, entity_id: int) -> str:
    """'was <changed> by <who> at <when>' of the entity's latest event, naming a review move."""
    last = last_event(session, entity_type, entity_id)
    done = _DONE.get(last.action, "changed") if last and entity_type == "claim" else "changed"
    return f"was {done} by {_who_when(last)}"


def history(session: Session, entity_type: str, entity_id: int) -> list[Event]:
    """Every event of one entity, oldest first."""
    query = (
        select(Event)
        .where(Event.entity_type == entity_type, Event.entity_id == entity_id)
        .order_by(Event.id)
        .options(selectinload(Event.actor))
    )
    return list(session.scalars(query))


def last_event(session: Session, entity_type: str, entity_id: int) -> Event | None:
    query = (
        select(Event)
        .where(Event.entity_type == entity_type, Event.entity_id == entity_id)
        .order_by(Event.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def assignment(session: Session, claim: Claim) -> Event | None:
    """The event that gave the claim to its holder, when an editor assigned it."""
    query = (
        select(Event)
        .where(
            Event.entity_type == "claim",
            Event.entity_id == claim.id,
            Event.action.in_(("take", "assign")),
        )
        .order_by(Event.id.desc())
        .limit(1)
        .options(selectinload(Event.actor))
    )
    event = session.scalars(query).first()
    return event if event is not None and event.action == "assign" else None


def article_history(session: Session, article: Article) -> list[Event]:
    """Every event of the article and of its claims, oldest first."""
    claim_ids = [claim.id for claim in article.claims]
    query = (
        select(Event)
        .where(
            or_(
                and_(Event.entity_type == "article", Event.entity_id == article.id),
                and_(Event.entity_type == "claim", Event.entity_id.in_(claim_ids)),
            )
        )
        .order_by(Event.id)
        .options(selectinload(Event.actor))
    )
    return list(session.scalars(query))
