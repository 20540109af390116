from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values

if TYPE_CHECKING:
    from factcheck.models.claim import Claim
    from factcheck.models.rating import Rating
    from factcheck.models.review_vote import ReviewVote
    from factcheck.models.scale_version import ScaleVersion
    from factcheck.models.user import User


class VerdictStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Verdict(Base):
    """A proposed rating with its explanation; every submission is kept as its own row."""

    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"))
    explanation: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[VerdictStatus] = mapped_column(
        Enum(
            VerdictStatus,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="verdict_status",
        ),
        default=VerdictStatus.SUBMITTED,
    )
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    reviewed_at: Mapped[dt.datetime | None]
    # The rating scale as it stood when the verdict was given.
    scale_version_id: Mapped[int | None] = mapped_column(ForeignKey("scale_versions.id"))
    # Set on a correction proposed for a published claim: the reason readers will be shown
    # once the panel approves it.
    correction_reason: Mapped[str | None] = mapped_column(Text)
    # The finding in one line, written by the editor: the fact-check page's title. Publishing
    # requires it; a correction carries its own.
    headline: Mapped[str | None] = mapped_column(String(200))

    claim: Mapped[Claim] = relationship(back_populates="verdicts", foreign_keys=[claim_id])
    rating: Mapped[Rating] = relationship()
    scale_version: Mapped[ScaleVersion | None] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    votes: Mapped[list[ReviewVote]] = relationship(order_by="ReviewVote.id", viewonly=True)

    @property
    def rating_definition(self) -> str:
        """The rating's definition as readers saw it when this verdict was given: a later
        edit of the scale applies to later verdicts only."""
        return self.rating.definition_in(self.scale_version_id)
