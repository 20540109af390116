from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base


class ArchiveEntry(Base):
    """A fact-check published by another outlet, imported so the desk can find it again.

    Always shown as coming from its outlet, never as our own.
    """

    __tablename__ = "archive_entries"
    __table_args__ = (
        UniqueConstraint("outlet", "external_id", name="uq_archive_entries_outlet_external_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(200))
    outlet: Mapped[str] = mapped_column(String(200))
    claim: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(120))
    url: Mapped[str | None] = mapped_column(String(2048))
    claimant: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[dt.date | None]
    imported_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
