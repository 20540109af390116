"""An editor's vote on a submitted verdict or a proposed correction."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values

if TYPE_CHECKING:
    from factcheck.models.user import User


class VoteChoice(enum.StrEnum):
    APPROVE = "approve"
    RETURN = "return"


class ReviewVote(Base):
    """One editor's vote on one submitted verdict; the panel's votes decide it."""

    __tablename__ = "review_votes"
    __table_args__ = (UniqueConstraint("verdict_id", "editor_id", name="one_vote_each"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"), index=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    choice: Mapped[VoteChoice] = mapped_column(
        Enum(
            VoteChoice,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="vote_choice",
        )
    )
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    editor: Mapped[User] = relationship()
