"""Webhook endpoints: what admins add, change, pause and delete (deliveries: `domain.webhooks`).

An endpoint's URL passes the guard deliveries go through whenever it is set or the endpoint
resumes. Its signing secret is read when a delivery is sent, as is its URL: a delivery still
waiting goes to the URL the endpoint has then, signed with the secret it has then.

Deleting keeps the row, so that its deliveries, their tries and the audit events that name it
stay readable: a deleted endpoint is paused for good, gets no delivery (the job checks, even
for a delivery queued before), and the deliveries it was still owed are cancelled.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.errors import Conflict, InvalidInput, NotFound, StaleVersion
from factcheck.domain.validation import web_url
from factcheck.ingest import BlockedAddress, FetchError, check_destination
from factcheck.ingest.addresses import Resolver
from factcheck.models import (
    DeliveryStatus,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)

# The deliveries still to be sent: queued, or with a retry scheduled.
WAITING = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)

# What each audit event of an endpoint says on its page.
HISTORY = {
    "webhook_create": "added the endpoint",
    "webhook_edit": "edited it",
    "webhook_rotate_secret": "made a new signing secret",
    "webhook_pause": "paused it",
    "webhook_resume": "resumed it",
    "webhook_redeliver": "asked for a redelivery",
    "webhook_delete": "deleted it",
}


def create_endpoint(
    session: Session,
    actor: User,
    *,
    url: str | None,
    events: Iterable[str],
    payload_format: str,
    description: str | None = None,
    allow: tuple[str, ...] = (),
    resolve: Resolver | None = None,
) -> WebhookEndpoint:
    """Register an endpoint with a new secret (admins read it on the endpoint's page).

    The URL must pass the guard deliveries go through, with ``allow`` (the
    FACTCHECK_FETCH_ALLOW entries) and ``resolve`` (the system resolver by default).
    """
    address = _checked_url(url, allow, resolve)
    wanted = _events(events)
    try:
        style = WebhookFormat(payload_format)
    except ValueError:
        raise InvalidInput("Choose JSON or Slack as the format.", field="payload_format") from None
    endpoint = WebhookEndpoint(
        url=address,
        description=_description(description),
        secret=_new_secret(),
        events=wanted,
        payload_format=style,
        active=True,
        created_by_id=actor.id,
    )
    session.add(endpoint)
    session.flush()  # generate endpoint.id for the audit trail
    record(session, actor, endpoint, "webhook_create", f"{address} {','.join(wanted)}")
    return endpoint


def edit_endpoint(
    session: Session,
    endpoint_id: int,
    actor: User,
    *,
    url: str | None,
    events: Iterable[str],
    description: str | None = None,
    allow: tuple[str, ...] = (),
    resolve: Resolver | None = None,
    based_on: str | None = None,
) -> list[str]:
    """Change an endpoint's URL, events and description, checked as `create_endpoint` checks
    them; return what changed, in words ("URL", "events", "description"), empty if nothing.
    With `based_on` (the `edit_mark` the form was opened on), an endpoint changed since is
    refused with StaleVersion, so that an older page does not undo someone else's edit.

    Deliveries already made stay as made: those still waiting go to the new URL, and an
    event no longer chosen stops making deliveries from now on.
    """
    endpoint = live_endpoint(session, endpoint_id)
    if based_on and based_on != edit_mark(endpoint):
        raise StaleVersion(
            f"Webhook endpoint #{endpoint.id} was changed since you opened this page (its URL "
            f"is now {endpoint.url}): open it again and make your change there."
        )
    address, wanted = _checked_url(url, allow, resolve), _events(events)
    text = _description(description)
    changes = {
        "URL": (endpoint.url, address),
        "events": (",".join(endpoint.events), ",".join(wanted)),
        "description": (endpoint.description or "(none)", text or "(none)"),
    }
    changed = [name for name, (before, after) in changes.items() if before != after]
    if changed:
        endpoint.url, endpoint.events, endpoint.description = address, wanted, text
        note = "; ".join(f"{name}: {changes[name][0]} → {changes[name][1]}" for name in changed)
        record(session, actor, endpoint, "webhook_edit", note)
    return changed


def edit_mark(endpoint: WebhookEndpoint) -> str:
    """A short digest of what the edit form changes (URL, events, description)."""
    state = "\n".join([endpoint.url, ",".join(endpoint.events), endpoint.description or ""])
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def rotate_secret(session: Session, endpoint_id: int, actor: User) -> WebhookEndpoint:
    """Give the endpoint a new signing secret; the old one signs nothing from now on (a
    delivery still waiting is signed when it is sent, so with the new one)."""
    endpoint = live_endpoint(session, endpoint_id)
    endpoint.secret = _new_secret()
    # The trail says that it changed, never what it is.
    record(session, actor, endpoint, "webhook_rotate_secret", None)
    return endpoint


def delete_endpoint(session: Session, endpoint_id: int, actor: User) -> int:
    """Delete an endpoint and cancel the deliveries it has not had yet; return how many.

    The endpoint's row, deliveries and tries stay, for its page and the audit trail.
    """
    endpoint = live_endpoint(session, endpoint_id)
    endpoint.deleted_at = clock.now()
    endpoint.active = False
    cancelled = waiting_deliveries(session, endpoint.id)
    session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.status.in_(WAITING),
        )
        .values(
            status=DeliveryStatus.CANCELLED,
            next_attempt_at=None,
            last_error="Cancelled: the endpoint was deleted.",
        )
        .execution_options(synchronize_session="fetch")
    )
    note = f"{endpoint.url}; waiting deliveries cancelled: {cancelled}"
    record(session, actor, endpoint, "webhook_delete", note)
    return cancelled


def waiting_deliveries(session: Session, endpoint_id: int) -> int:
    """How many of the endpoint's deliveries are still to be sent, first tries and scheduled
    retries alike (deleting cancels them)."""
    query = select(func.count()).where(
        WebhookDelivery.endpoint_id == endpoint_id,
        WebhookDelivery.status.in_(WAITING),
    )
    return session.scalar(query) or 0


def set_active(
    session: Session,
    endpoint_id: int,
    actor: User,
    active: bool,
    *,
    allow: tuple[str, ...] = (),
    resolve: Resolver | None = None,
) -> WebhookEndpoint:
    """Pause or resume an endpoint: a paused one gets no new deliveries. Resuming checks
    the URL again, as `create_endpoint` does: the allow list may have changed since."""
    endpoint = live_endpoint(session, endpoint_id)
    if active and not endpoint.active:
        _refuse_blocked(endpoint.url, allow, resolve)
    if endpoint.active != active:
        endpoint.active = active
        record(session, actor, endpoint, "webhook_resume" if active else "webhook_pause", None)
    return endpoint


def get_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint, deleted or not (its page stays readable)."""
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        raise NotFound(f"There is no webhook endpoint #{endpoint_id}.")
    return endpoint


def live_endpoint(session: Session, endpoint_id: int) -> WebhookEndpoint:
    """The endpoint, refused with a Conflict if it was deleted: nothing of it changes then."""
    endpoint = get_endpoint(session, endpoint_id)
    if endpoint.deleted_at is not None:
        raise Conflict(
            f"Webhook endpoint #{endpoint.id} was deleted: it can no longer be changed, "
            "resumed or sent to. Its deliveries are kept for the record."
        )
    return endpoint


def endpoints(session: Session) -> list[WebhookEndpoint]:
    """Every endpoint, deleted ones included, oldest first."""
    return list(session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def record(
    session: Session, actor: User | None, endpoint: WebhookEndpoint, action: str, note: str | None
) -> None:
    """Write the audit event of a change to an endpoint or its deliveries."""
    audit.record(
        session,
        actor=actor,
        entity_type="webhook",
        entity_id=endpoint.id,
        action=action,
        note=note[:500] if note else None,
    )


def _checked_url(url: str | None, allow: tuple[str, ...], resolve: Resolver | None) -> str:
    address = web_url(url, "url", required=True, label="URL")
    assert address is not None  # required=True
    _refuse_blocked(address, allow, resolve)
    return address


def _events(events: Iterable[str]) -> list[str]:
    try:
        wanted = sorted({WebhookEvent(value).value for value in events})
    except ValueError:
        raise InvalidInput("Unknown event.", field="events") from None
    if not wanted:
        raise InvalidInput("Choose at least one event to send.", field="events")
    return wanted


def _description(description: str | None) -> str | None:
    return (description or "").strip()[:200] or None


def _new_secret() -> str:
    return f"whsec_{secrets.token_hex(24)}"


def _refuse_blocked(url: str, allow: tuple[str, ...], resolve: Resolver | None) -> None:
    """Refuse an endpoint the delivery guard would refuse. A name that does not resolve
    now is let through: DNS may be down, and every delivery is judged again anyway."""
    try:
        check_destination(url, allow, resolve)
    except BlockedAddress as error:
        raise InvalidInput(address_refusal(error), field="url") from None
    except FetchError:
        pass


def address_refusal(error: BlockedAddress) -> str:
    """Why the guard refuses an endpoint, and what the admin can change."""
    if error.via is None:
        refusal = f"factcheck does not send to {error.reason} ({error.address})."
    else:
        refusal = (
            f"factcheck does not send to {error.via}: it leads to {error.address}, and "
            f"factcheck does not send to {error.reason}."
        )
    return (
        f"{refusal} Use a public address for the endpoint, or, if it must stay on your "
        "network, add its host to FACTCHECK_FETCH_ALLOW in the server's settings."
    )
