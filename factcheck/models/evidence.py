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
    from factcheck.models.snapshot import Snapshot
    from factcheck.models.user import User


class Stance(enum.StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class ArchiveStatus(enum.StrEnum):
    """Where "archive now" of a source stands; NULL: never asked for."""

    PENDING = "pending"  # queued: the worker fetches the page
    ARCHIVED = "archived"  # snapshot_id holds the page
    FAILED = "failed"  # archive_error says why; the checker may try again


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    excerpt: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[Stance] = mapped_column(
        Enum(
            Stance,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="stance",
        )
    )
    accessed_on: Mapped[dt.date]
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    archive_url: Mapped[str | None] = mapped_column(String(2048))
    archive_status: Mapped[ArchiveStatus | None] = mapped_column(
        Enum(ArchiveStatus, native_enum=False, length=16, values_callable=enum_values)
    )
    # When "Archive now" was last asked for, and by whom: a request still pending long after
    # (its job lost between the commit and the queue) is asked for again (domain/lost_jobs).
    archive_requested_at: Mapped[dt.datetime | None]
    archive_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Why the last "Archive now" failed, in words naming the cause, and when; a success clears.
    archive_error: Mapped[str | None] = mapped_column(Text)
    archive_failed_at: Mapped[dt.datetime | None]
    note: Mapped[str | None] = mapped_column(Text)
    is_primary: Mapped[bool] = mapped_column(default=False)
    # Readers see sources in this order; the checker arranges them.
    position: Mapped[int] = mapped_column(default=0)
    # Removed sources stay in the database and the history; pages leave them out.
    removed_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)

    @property
    def archive_state(self) -> str:
        """ "archived" (a snapshot is kept), "pending" (the job is on it), "failed" (see
        archive_error and archive_failed_at) or "none" (not archived yet)."""
        if self.snapshot_id is not None:
            return "archived"
        if self.archive_status is ArchiveStatus.PENDING:
            return "pending"
        return "failed" if self.archive_error else "none"

    claim: Mapped[Claim] = relationship()
    added_by: Mapped[User] = relationship(foreign_keys=[added_by_id])
    snapshot: Mapped[Snapshot | None] = relationship()
