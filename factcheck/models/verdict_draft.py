"""The verdict a checker is writing, before it is submitted."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base

if TYPE_CHECKING:
    from factcheck.models.user import User


class VerdictDraft(Base):
    """The verdict a checker is writing, saved as they type; one per claim and author."""

    __tablename__ = "verdict_drafts"
    __table_args__ = (UniqueConstraint("claim_id", "author_id", name="one_draft_each"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating_slug: Mapped[str | None] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    author: Mapped[User] = relationship()
