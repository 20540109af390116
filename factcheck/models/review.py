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


class Comment(Base):
    """The conversation on a claim between its checker and the editors, threaded."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    author: Mapped[User] = relationship()


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


class ScaleVersion(Base):
    """One state of the rating scale; every structural change starts a new version."""

    __tablename__ = "scale_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
