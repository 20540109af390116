from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base, enum_values


class NotificationKind(enum.StrEnum):
    """What a person is told about (docs/jobs.md lists who is told what)."""

    ASSIGNED = "assigned"  # a claim was assigned to you
    RETURNED = "returned"  # your verdict was returned, with the editor's note
    APPROVED = "approved"  # your verdict was approved
    PUBLISHED = "published"  # your verdict was published
    REVIEW_REQUESTED = "review_requested"  # a verdict awaits review (editors)
    LEASE_ENDING = "lease_ending"  # your lease ends within an hour
    MENTIONED = "mentioned"  # you were @mentioned in a comment
    UNASSIGNED = "unassigned"  # an editor gave a claim you held to someone else, or the queue


class Delivery(enum.StrEnum):
    """How a person wants one kind of e-mail: at once, in the daily digest, or not at all."""

    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    OFF = "off"


class Notification(Base):
    """One thing one person is told, shown in the app and (by preference) e-mailed."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(
        Enum(NotificationKind, native_enum=False, length=32, values_callable=enum_values)
    )
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    message: Mapped[str] = mapped_column(Text)
    # Why a job that runs twice tells nobody twice: one notification per key.
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    shown_in_app: Mapped[bool]
    email: Mapped[Delivery] = mapped_column(
        Enum(Delivery, native_enum=False, length=16, values_callable=enum_values)
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    read_at: Mapped[dt.datetime | None]
    emailed_at: Mapped[dt.datetime | None]


class NotificationPreference(Base):
    """One person's choice for one kind; without a row, the defaults of the domain apply."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    kind: Mapped[NotificationKind] = mapped_column(
        Enum(NotificationKind, native_enum=False, length=32, values_callable=enum_values),
        primary_key=True,
    )
    in_app: Mapped[bool]
    email: Mapped[Delivery] = mapped_column(
        Enum(Delivery, native_enum=False, length=16, values_callable=enum_values)
    )
