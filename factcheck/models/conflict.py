from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base

if TYPE_CHECKING:
    from factcheck.models.user import User


class ConflictOfInterest(Base):
    """A checker's declared conflict: with one claim, or with everything a claimant says."""

    __tablename__ = "conflicts"
    __table_args__ = (
        CheckConstraint("claim_id IS NOT NULL OR claimant IS NOT NULL", name="has_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    # Stored lower-cased; matched against claims' claimants case-insensitively.
    claimant: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    user: Mapped[User] = relationship()
