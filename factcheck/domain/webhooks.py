"""Webhooks: the deliveries events make for endpoints, and their signatures (the endpoints
themselves, added, edited and deleted by admins: `domain.webhook_endpoints`).

An event of the audit trail that an endpoint asked for (a claim's state change, a
publication, a correction: `workflow.webhook_event`; a fact-check's withdrawal or
republication) becomes one delivery per endpoint,
with the exact JSON it will send. A job (`deliver_webhook`) POSTs it through the fetch
guard, signed Stripe-style: ``Factcheck-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<body>">`` (docs/webhooks.md shows how a receiver checks it). Every try is logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from factcheck import clock
from factcheck.domain import lost_jobs, workflow
from factcheck.domain.errors import Conflict, NotFound
from factcheck.domain.webhook_endpoints import WAITING, endpoints, live_endpoint, record
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import (
    Article,
    ArticleStatus,
    Claim,
    ClaimStatus,
    DeliveryStatus,
    Event,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEvent,
    WebhookFormat,
)

SIGNATURE_HEADER = "Factcheck-Signature"
EVENT_HEADER = "Factcheck-Event"
DELIVERY_HEADER = "Factcheck-Delivery"
LABELS = {
    WebhookEvent.CLAIM_STATE: "Claim state changes",
    WebhookEvent.PUBLICATION: "Publication",
    WebhookEvent.CORRECTION: "Corrections",
    WebhookEvent.WITHDRAWAL: "Withdrawals and republications",
}


def recent_deliveries(session: Session, endpoint_id: int, limit: int = 50) -> list[WebhookDelivery]:
    """An endpoint's latest deliveries, newest first."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
        .options(selectinload(WebhookDelivery.tries))  # the page lists every try
    )
    return list(session.scalars(query))


def get_delivery(session: Session, delivery_id: int) -> WebhookDelivery:
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        raise NotFound(f"There is no webhook delivery #{delivery_id}.")
    return delivery


# --- events become deliveries ----------------------------------------------------------------


def deliveries_for_event(
    session: Session, event_id: int, link: str | None
) -> list[WebhookDelivery]:
    """One delivery per active endpoint that asked for this event, each queued to send
    (a deleted endpoint is paused for good: it gets none).

    Idempotent: an endpoint that already has a delivery of this event gets no second one.
    """
    event = session.get(Event, event_id)
    kind = webhook_event(event) if event is not None else None
    if event is None or kind is None:
        return []
    done = set(
        session.scalars(
            select(WebhookDelivery.endpoint_id).where(WebhookDelivery.source_event_id == event_id)
        )
    )
    made = []
    for endpoint in endpoints(session):
        wanted = endpoint.active and endpoint.deleted_at is None and kind.value in endpoint.events
        if not wanted or endpoint.id in done:
            continue
        data = _event_data(session, event, kind, link)
        delivery = WebhookDelivery(
            endpoint_id=endpoint.id,
            event=kind,
            source_event_id=event.id,
            payload=_payload(endpoint.payload_format, data),
        )
        session.add(delivery)
        enqueue_after_commit(session, "deliver_webhook", IdOf(delivery))
        made.append(delivery)
    session.flush()  # generate delivery ids for the jobs
    return made


def webhook_event(event: Event) -> WebhookEvent | None:
    """What kind of webhook event an audit event is (workflow.WEBHOOK_EVENTS), or None."""
    if event.entity_type == "article":
        withdrawn = ArticleStatus.WITHDRAWN.value
        changed = withdrawn in (event.from_status, event.to_status)
        return WebhookEvent.WITHDRAWAL if changed else None
    if event.entity_type != "claim":
        return None
    kind = workflow.WEBHOOK_EVENTS.get(event.action)  # type: ignore[call-overload]
    if kind is None and event.from_status != event.to_status:
        kind = WebhookEvent.CLAIM_STATE
    return kind


def _event_data(
    session: Session, event: Event, kind: WebhookEvent, link: str | None
) -> dict[str, Any]:
    """The event as JSON; `link` is the claim's desk page, or the fact-check's public page."""
    data: dict[str, Any] = {
        "id": f"evt_{event.id}",
        "type": kind.value,
        "action": event.action,
        "created_at": event.created_at.isoformat(),
        "actor": event.actor.display_name if event.actor else None,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "note": event.note,
        "claim": None,
    }
    if event.entity_type == "article":
        data["article"] = _article_data(session.get(Article, event.entity_id), event, link)
        return data
    claim = session.get(Claim, event.entity_id)
    if claim is not None:
        data["claim"] = {
            "id": claim.id,
            "text": claim.text,
            # As the event left it, not as it is when the job runs (found in session 19: a
            # "submit" event arrived with "approved" when the editor had approved meanwhile).
            "status": event.to_status or claim.status.value,
            "url": link,
        }
    return data


def _article_data(article: Article | None, event: Event, link: str | None) -> dict[str, Any]:
    """The fact-check a withdrawal or republication concerns, with the published claims it
    takes down or brings back, so a partner can find every page it shows of them."""
    if article is None:
        return {"id": event.entity_id, "title": None, "url": link, "claims": []}
    published = [c for c in article.claims if c.status is ClaimStatus.PUBLISHED]
    return {
        "id": article.id,
        "title": article.title,
        "status": event.to_status,
        "url": link,
        "claims": [{"id": c.id, "text": c.text} for c in sorted(published, key=lambda c: c.id)],
    }


def _payload(style: WebhookFormat, data: dict[str, Any]) -> dict[str, Any]:
    if style is WebhookFormat.JSON:
        return data
    claim = data["claim"] or {}
    article = data.get("article") or {}
    change = f"{data['from_status']} → {data['to_status']}"
    who = _slack_text(data["actor"] or "factcheck")
    link = f" <{claim['url']}|open>" if claim.get("url") else ""
    text = f"*{LABELS[WebhookEvent(data['type'])]}*: {who} — {data['action']} ({change})"
    if claim:
        text += f"\nClaim #{claim['id']}: {_slack_text(claim['text'][:300])}{link}"
    if article:
        opened = f" <{article['url']}|open>" if article.get("url") else ""
        title = _slack_text((article["title"] or "")[:300])
        text += f"\nFact-check #{article['id']}: {title}{opened}"
    if data["note"]:
        text += f"\n> {_slack_text(data['note'][:300])}"
    return {"text": text}


def _slack_text(text: str) -> str:
    """The desk's text (an article's words, a note) as Slack shows it, never as its markup:
    `<!channel>` would ping everyone and `<url|label>` would dress a link in any words."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- sending ---------------------------------------------------------------------------------


def body_of(delivery: WebhookDelivery) -> bytes:
    """The bytes sent: the same for every try, so a receiver can deduplicate on them."""
    return json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def headers_for(delivery: WebhookDelivery, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body_of(delivery)),
        EVENT_HEADER: delivery.event.value,
        DELIVERY_HEADER: str(delivery.id),
    }


def record_attempt(
    session: Session,
    delivery: WebhookDelivery,
    *,
    status_code: int | None,
    error: str | None,
    redelivery: bool = False,
    retry_in: int | None = None,
) -> bool:
    """Log one try; True when the endpoint took the delivery (any 2xx answer). A failed try
    with `retry_in` (seconds until the queue tries again) leaves it "retrying", else
    "failed"."""
    now = clock.now()
    ok = status_code is not None and 200 <= status_code < 300
    if not ok and error is None:
        error = f"The endpoint answered {status_code}."
    session.add(
        WebhookAttempt(
            delivery_id=delivery.id,
            attempted_at=now,
            status_code=status_code,
            error=error[:2000] if error else None,
            redelivery=redelivery,
        )
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status_code
    delivery.last_error = None if ok else (error or "")[:2000]
    delivery.status = DeliveryStatus.DELIVERED if ok else DeliveryStatus.FAILED
    delivery.next_attempt_at = None
    if ok:
        delivery.delivered_at = now
    elif retry_in is not None:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = now + dt.timedelta(seconds=retry_in)
    session.flush()  # write the attempt now: a failed job commits it before it raises
    return ok


def redeliver(session: Session, delivery_id: int, actor: User) -> WebhookDelivery:
    """Send a delivery again (after the commit), whatever its state, and say who asked;
    refused once its endpoint is deleted (the delivery stays in the log, unsent), while the
    endpoint is paused (it gets nothing then: resume it first), and while it is waiting for
    a try already (a first try, a retry, or a redelivery asked before)."""
    delivery = get_delivery(session, delivery_id)
    endpoint = live_endpoint(session, delivery.endpoint_id)
    if not endpoint.active:
        raise Conflict(
            f"Webhook endpoint #{endpoint.id} is paused: it gets no delivery. Resume it, "
            f"then redeliver delivery #{delivery.id}."
        )
    _refuse_waiting(delivery)
    # Conditional, so that two presses at once (two tabs, a double click) queue it once.
    queued = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery.id, WebhookDelivery.status == delivery.status)
        .values(status=DeliveryStatus.PENDING, next_attempt_at=clock.now())
        .execution_options(synchronize_session="fetch")
    )
    if not getattr(queued, "rowcount", 0):
        session.refresh(delivery)
        _refuse_waiting(delivery)
        raise Conflict(f"Delivery #{delivery.id} changed meanwhile: look at it again.")
    record(session, actor, delivery.endpoint, "webhook_redeliver", f"delivery #{delivery.id}")
    enqueue_after_commit(session, "deliver_webhook", delivery.id, True)
    return delivery


def _refuse_waiting(delivery: WebhookDelivery) -> None:
    """Refuse to redeliver a delivery a try is already waiting for: the receiver would get
    it twice. A try waited for longer than any job takes (its job was lost: the worker was
    killed, the queue was down) no longer counts, so the admin can always send it again."""
    if seems_lost(delivery):
        return
    if delivery.status is DeliveryStatus.PENDING and delivery.attempts == 0:
        raise Conflict("This delivery has not been tried yet: it is waiting for the worker.")
    if delivery.status is DeliveryStatus.PENDING:
        raise Conflict(
            f"Delivery #{delivery.id} is already queued to be sent again: it is waiting for "
            "the worker."
        )
    if delivery.status is DeliveryStatus.RETRYING:
        raise Conflict(
            f"Delivery #{delivery.id} is already being retried: its next try is at "
            f"{_time(delivery.next_attempt_at)}. Redeliver it only if that try fails too."
        )


def seems_lost(delivery: WebhookDelivery) -> bool:
    """Whether the try the delivery waits for is overdue by far: its job was lost, and the
    admin may redeliver it."""
    return _waiting_since(delivery) < clock.now() - lost_jobs.WAITING_TOO_LONG


def _waiting_since(delivery: WebhookDelivery) -> dt.datetime:
    """Since when a try of the delivery has been due: its retry's time, when it was queued
    to be sent again, or when it was made."""
    if delivery.status in WAITING:
        return delivery.next_attempt_at or delivery.created_at
    return clock.now()


def not_sent(session: Session, delivery_id: int, why: str) -> None:
    """A first try, a retry or a redelivery the job will not send (`why`, e.g. the endpoint
    was paused):
    the delivery is "failed", so that it is shown neither as waiting nor as still being
    retried, and says why; an admin may redeliver it."""
    delivery = get_delivery(session, delivery_id)
    if delivery.status is DeliveryStatus.RETRYING:
        delivery.last_error = f"Not tried again: {why}. {delivery.last_error or ''}"[:2000]
    elif delivery.status is DeliveryStatus.PENDING and delivery.attempts == 0:
        delivery.last_error = f"Not sent: {why}."
    elif delivery.status is DeliveryStatus.PENDING:  # a redelivery
        delivery.last_error = f"Not sent again: {why}."
    else:
        return
    delivery.status = DeliveryStatus.FAILED
    delivery.next_attempt_at = None
    session.flush()


def _time(moment: dt.datetime | None) -> str:
    return clock.stamp(moment, "%H:%M:%S") if moment else "soon"
