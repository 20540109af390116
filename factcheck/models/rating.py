from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.db import Base


class Rating(Base):
    """One entry of the newsroom's rating scale; a higher ordinal is more true."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    ordinal: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7))

    def __repr__(self) -> str:
        return f"<Rating {self.slug}>"
