from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base


class LoginAttempt(Base):
    """A failed sign-in, counted per account and per address by every app server."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_time", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email:<address>" or "ip:<address>"
    key: Mapped[str] = mapped_column(String(300))
    attempted_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class IdempotencyKey(Base):
    """The answer to a write, kept so that the same write sent twice creates one record."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(200))
    endpoint: Mapped[str] = mapped_column(String(200))
    status: Mapped[int]
    body: Mapped[bytes] = mapped_column(LargeBinary)
    location: Mapped[str | None] = mapped_column(String(2048))
    # SHA-256 of method, path and body: the same key sent with another request is refused.
    request_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
