"""Topics readers follow ("economy", "Ukraine"), and each claim's related fact-checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base

# Topics belong to claims: a reader follows rated claims, and an article may mix subjects.
claim_topics = Table(
    "claim_topics",
    Base.metadata,
    Column("claim_id", ForeignKey("claims.id"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id"), primary_key=True, index=True),
)


class Topic(Base):
    """A subject editors tag claims with; it has a public page and an Atom feed."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


class TopicOldSlug(Base):
    """An address a topic had before a rename: its old links and feed subscriptions are
    sent on to the topic as it is now called (301), until another topic takes the address."""

    __tablename__ = "topic_old_slugs"

    slug: Mapped[str] = mapped_column(String(80), primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)


class RelatedClaim(Base):
    """One of a published claim's related fact-checks, chosen by the matcher when published
    (stored, so the cached public page costs no matching)."""

    __tablename__ = "related_claims"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True)
    related_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer)
