from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base


class Rating(Base):
    """One entry of the newsroom's rating scale; a higher ordinal is more true."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    ordinal: Mapped[int]
    # The rating's definition as readers see it on the methodology page and under verdicts.
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7))
    # Retired ratings stay for the verdicts given with them; new verdicts use the replacement.
    retired_at: Mapped[dt.datetime | None]
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"))
    version: Mapped[int] = mapped_column(default=1)

    # Oldest first: what each verdict given in an earlier scale version was shown under.
    earlier_definitions: Mapped[list[RatingDefinition]] = relationship(
        order_by="(RatingDefinition.replaced_in_id, RatingDefinition.id)"
    )

    __mapper_args__ = {"version_id_col": version}

    def definition_in(self, scale_version_id: int | None) -> str:
        """The definition as it stood in that scale version (None: the current one).

        Reads `earlier_definitions`: load it with the rating where a page shows verdicts.
        """
        if scale_version_id is not None:
            for earlier in self.earlier_definitions:
                if earlier.replaced_in_id > scale_version_id:
                    return earlier.definition
        return self.description

    def __repr__(self) -> str:
        return f"<Rating {self.slug}>"


class RatingDefinition(Base):
    """A rating's earlier definition: it held until the scale version `replaced_in_id`,
    which an admin started by changing it. The current one is `Rating.description`."""

    __tablename__ = "rating_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), index=True)
    definition: Mapped[str] = mapped_column(Text)
    replaced_in_id: Mapped[int] = mapped_column(ForeignKey("scale_versions.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
