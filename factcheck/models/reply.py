"""Right of reply: contacting the claimant."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values

if TYPE_CHECKING:
    from factcheck.models.user import User


class ReplyChannel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    SOCIAL = "social media"
    IN_PERSON = "in person"
    OTHER = "other"


class ReplyRequest(Base):
    """Right of reply: when and how the claimant was contacted, and what they answered."""

    __tablename__ = "reply_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    contacted_at: Mapped[dt.datetime]
    channel: Mapped[ReplyChannel] = mapped_column(
        Enum(
            ReplyChannel,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="reply_channel",
        )
    )
    contact: Mapped[str | None] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    recorded_by: Mapped[User] = relationship()
