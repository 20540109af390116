"""The versions of the rating scale."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base


class ScaleVersion(Base):
    """One state of the rating scale; every structural change starts a new version."""

    __tablename__ = "scale_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    note: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    # The lowest and highest ordinal of the ratings in use in this version: a verdict given
    # in it keeps them as its ClaimReview's worstRating and bestRating, whatever is added
    # later. None only for a version with no rating in use.
    worst_ordinal: Mapped[int | None]
    best_ordinal: Mapped[int | None]
