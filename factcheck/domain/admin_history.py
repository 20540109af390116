"""What admins read on Admin → History: the changes to the desk's people, the rating scale,
topics, the site's pages and webhooks, and the imports of fact-checks, from the audit
trail, newest first, in plain words.

Claims and articles have their own history pages; this one is for what surrounds them. A
page reads its events in one query and the names of what they changed in one query per
kind, so a page costs the same whatever the events are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from factcheck.domain import cursors, webhook_endpoints
from factcheck.domain.errors import InvalidInput
from factcheck.domain.workflow import Action
from factcheck.models import Event, Rating, SitePage, Topic, User, WebhookEndpoint
from factcheck.wording import with_article

PAGE_SIZE = 50

# The kinds an admin can show alone, and the audit trail's entity types of each.
KINDS: dict[str, tuple[str, ...]] = {
    "people": ("user",),
    "ratings": ("rating", "scale"),
    "topics": ("topic",),
    "pages": ("site_page",),
    "webhooks": ("webhook",),
    "imports": ("archive",),
}

# What each event did, said after who did it ("Ada turned the account off").
WORDS: dict[tuple[str, str], str] = {
    ("user", "create"): "made the account",
    ("user", "invite"): "invited them",
    ("user", "accept_invitation"): "accepted the invitation and chose a password",
    ("user", "reset_password"): "chose a new password with a reset link",
    ("user", "change_password"): "changed their password",
    ("user", "request_password_reset"): "asked for a link to choose a new password",
    ("user", "send_invite_link"): "sent the invitation again",
    ("user", "send_reset_link"): "sent a link to choose a new password",
    ("user", "disable_user"): "turned the account off",
    ("user", "enable_user"): "turned the account on again",
    ("user", "change_role"): "changed the role",
    ("user", "change_email"): "changed the email",
    ("rating", "edit"): "edited how the rating is defined or shown",
    ("scale", "change"): "changed the rating scale",
    ("topic", Action.CREATE_TOPIC.value): "created the topic",
    ("topic", Action.RENAME_TOPIC.value): "renamed the topic",
    ("topic", Action.DELETE_TOPIC.value): "deleted the topic",
    ("site_page", "edit"): "edited the page",
    ("archive", "import"): "imported fact-checks",
    # The webhook page's own words for the same events.
    **{("webhook", action): words for action, words in webhook_endpoints.HISTORY.items()},
}

# Events whose note only repeats what the row already names (a rating's or page's slug).
_NOTE_NAMES_THE_THING = {("rating", "edit"), ("site_page", "edit")}


@dataclass(frozen=True)
class Change:
    """One row of the page: when, who, what they did, and to what."""

    id: int
    at: dt.datetime
    who: str
    what: str
    detail: str | None
    entity_type: str
    entity_id: int
    thing: str
    # What the thing's link needs: whether it still exists, and a page's slug.
    exists: bool
    slug: str | None = None


@dataclass(frozen=True)
class HistoryPage:
    items: list[Change]
    next_cursor: str | None


def changes(
    session: Session, *, kind: str | None = None, cursor: str | None = None, limit: int = 0
) -> HistoryPage:
    """The changes of `kind` (every kind when None), newest first, after `cursor`; raise
    InvalidInput for an unknown kind or a cursor this page did not make."""
    limit = limit or PAGE_SIZE
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"Show one of: {', '.join(KINDS)}.", field="kind")
    types = KINDS[kind] if kind else tuple(t for ts in KINDS.values() for t in ts)
    query = (
        select(Event)
        .where(Event.entity_type.in_(types))
        .order_by(Event.id.desc())
        .limit(limit + 1)
        .options(selectinload(Event.actor))
    )
    if cursor:
        query = query.where(Event.id < cursors.decode(cursor, _event_id))
    events = list(session.scalars(query))
    more = len(events) > limit
    events = events[:limit]
    names = _Names(session, events)
    items = [_change(event, names) for event in events]
    return HistoryPage(items, cursors.encode(None, events[-1].id) if more else None)


def _event_id(key: Any, row_id: int) -> int:
    if key is not None:
        raise ValueError(key)
    return row_id


def _change(event: Event, names: _Names) -> Change:
    thing, exists, slug = names.of(event)
    detail = _detail(event)
    return Change(
        id=event.id,
        at=event.created_at,
        who=_who(event),
        what=_what(event),
        detail=None if detail == thing else detail,  # "created the topic (Health)": Health
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        thing=thing,
        exists=exists,
        slug=slug,
    )


def _who(event: Event) -> str:
    if event.actor is not None:
        return event.actor.display_name
    # Asking for a reset link is done signed out, on the sign-in page; an account made
    # without anyone signed in was made with `factcheck create-user`.
    if event.action == "request_password_reset":
        return "someone signed out"
    return "the command line" if event.action == "create" else "factcheck"


def _what(event: Event) -> str:
    words = WORDS.get((event.entity_type, event.action), event.action.replace("_", " "))
    if event.entity_type == "user" and event.action in ("invite", "create") and event.to_status:
        return f"{words} as {with_article(event.to_status)}"
    return words


def _detail(event: Event) -> str | None:
    if event.entity_type == "user" and event.action == "change_role":
        return f"{event.from_status} → {event.to_status}"
    if (event.entity_type, event.action) in _NOTE_NAMES_THE_THING:
        return None
    return event.note


class _Names:
    """The names of what a page's events changed, read in one query per kind."""

    def __init__(self, session: Session, events: list[Event]) -> None:
        def ids(entity_type: str) -> set[int]:
            return {e.entity_id for e in events if e.entity_type == entity_type}

        self.users = _read(session, User.id, ids("user"), User.display_name)
        self.ratings = _read(session, Rating.id, ids("rating"), Rating.label)
        self.topics = _read(session, Topic.id, ids("topic"), Topic.name)
        self.pages = _read(session, SitePage.id, ids("site_page"), SitePage.title, SitePage.slug)
        self.webhooks = {
            key: description or url
            for key, (description, url) in _read(
                session,
                WebhookEndpoint.id,
                ids("webhook"),
                WebhookEndpoint.description,
                WebhookEndpoint.url,
            ).items()
        }

    def of(self, event: Event) -> tuple[str, bool, str | None]:
        """(name, whether it still exists, a page's slug) of what the event changed."""
        key, kind = event.entity_id, event.entity_type
        if kind == "scale":
            return "the rating scale", True, None
        if kind == "archive":
            return "the archive of fact-checks", True, None
        if kind == "site_page" and key in self.pages:
            title, slug = self.pages[key]
            return title, True, slug
        found: dict[int, Any] = {
            "user": self.users,
            "rating": self.ratings,
            "topic": self.topics,
            "webhook": self.webhooks,
        }.get(kind, {})
        if key in found:
            return found[key], True, None
        gone = "a deleted topic" if kind == "topic" else f"{kind.replace('_', ' ')} #{key}"
        return gone, False, None


def _read(session: Session, key: Any, ids: set[int], *columns: Any) -> dict[int, Any]:
    """{id: value} of these rows (a tuple of values with more than one column); no query
    when there are none."""
    if not ids:
        return {}
    rows = session.execute(select(key, *columns).where(key.in_(ids)))
    return {row[0]: row[1] if len(columns) == 1 else tuple(row[1:]) for row in rows}
