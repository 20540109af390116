"""Claimants: the people and organisations whose claims the desk checks."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck import clock
from factcheck.db import Base, enum_values


class ClaimantKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Claimant(Base):
    """One person or organisation, whatever the articles call them (see ClaimantName)."""

    __tablename__ = "claimants"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ClaimantKind] = mapped_column(
        Enum(
            ClaimantKind,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="claimant_kind",
        ),
        default=ClaimantKind.PERSON,
    )
    # What they are ("finance minister"), as the desk keeps it; a claim keeps the role the
    # article gave at the time (Claim.claimant_role).
    role: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    # Set when an editor merged this record into another: its old URLs redirect there.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("claimants.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    names: Mapped[list[ClaimantName]] = relationship(
        back_populates="claimant", order_by="ClaimantName.id", cascade="all, delete-orphan"
    )

    @property
    def aliases(self) -> list[str]:
        """The other names this claimant goes by (the canonical name excluded)."""
        return [n.name for n in self.names if n.name != self.name]

    def __repr__(self) -> str:
        return f"<Claimant {self.id} {self.name!r}>"


class ClaimantName(Base):
    """A name a claimant goes by: the canonical name and every alias. `key` (the name
    case-folded, spaces collapsed) is unique, so one name leads to one claimant."""

    __tablename__ = "claimant_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    claimant_id: Mapped[int] = mapped_column(ForeignKey("claimants.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200), unique=True)

    claimant: Mapped[Claimant] = relationship(back_populates="names")
