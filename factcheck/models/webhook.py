from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values


class WebhookEvent(enum.StrEnum):
    """What an endpoint may ask to hear about (docs/webhooks.md)."""

    CLAIM_STATE = "claim_state"  # a claim moved from one state to another
    PUBLICATION = "publication"  # a claim's fact-check was published
    CORRECTION = "correction"  # a correction was proposed, made or declined
    WITHDRAWAL = "withdrawal"  # a published fact-check was withdrawn, or republished


class WebhookFormat(enum.StrEnum):
    JSON = "json"  # the event as a JSON object
    SLACK = "slack"  # {"text": ...}, what a Slack incoming webhook expects


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # queued (first try, or an admin's redelivery)
    RETRYING = "retrying"  # a try failed and the next is scheduled (next_attempt_at)
    DELIVERED = "delivered"  # the endpoint answered 2xx
    FAILED = "failed"  # every try failed, or no retry can help; an admin may redeliver
    CANCELLED = "cancelled"  # its endpoint was deleted before it was delivered: never sent


class WebhookEndpoint(Base):
    """A URL an admin registered to hear about some events, signed with its own secret."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(200))
    # Shown to admins (they paste it into the receiver); it signs, it does not sign in.
    secret: Mapped[str] = mapped_column(String(100))
    events: Mapped[list[Any]]  # WebhookEvent values
    payload_format: Mapped[WebhookFormat] = mapped_column(
        Enum(WebhookFormat, native_enum=False, length=16, values_callable=enum_values)
    )
    active: Mapped[bool] = mapped_column(default=True)
    # Deleting keeps the row (and its deliveries, which the audit trail and the log name):
    # a deleted endpoint is inactive for good, gets nothing, and cannot be edited.
    deleted_at: Mapped[dt.datetime | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class WebhookDelivery(Base):
    """One event for one endpoint: the exact body sent, and how its tries went."""

    __tablename__ = "webhook_deliveries"
    # A job that runs twice for one audit event makes one delivery per endpoint.
    __table_args__ = (UniqueConstraint("source_event_id", "endpoint_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoints.id"), index=True)
    event: Mapped[WebhookEvent] = mapped_column(
        Enum(WebhookEvent, native_enum=False, length=32, values_callable=enum_values)
    )
    # The audit event it reports; with the endpoint, why a job run twice delivers once. No
    # foreign key: the audit trail is append-only, and tests truncate it on PostgreSQL.
    source_event_id: Mapped[int | None]
    payload: Mapped[dict[str, Any]]
    status: Mapped[DeliveryStatus] = mapped_column(
        Enum(DeliveryStatus, native_enum=False, length=16, values_callable=enum_values),
        default=DeliveryStatus.PENDING,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    last_attempt_at: Mapped[dt.datetime | None]
    # When the queue tries it again (status "retrying"); None otherwise.
    next_attempt_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]

    endpoint: Mapped[WebhookEndpoint] = relationship()
    tries: Mapped[list[WebhookAttempt]] = relationship(
        back_populates="delivery", order_by="WebhookAttempt.id"
    )


class WebhookAttempt(Base):
    """One try of a delivery, kept for the log: when, the status it got, or why it failed."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_deliveries.id"), index=True)
    attempted_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)
    # An admin's redelivery, or the job's own try.
    redelivery: Mapped[bool] = mapped_column(default=False)

    delivery: Mapped[WebhookDelivery] = relationship(back_populates="tries")
