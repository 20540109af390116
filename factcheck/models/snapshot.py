from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from factcheck import clock
from factcheck.db import Base


class Snapshot(Base):
    """What a page said when we fetched it: the raw bytes, their SHA-256 and the time.

    Tamper-evident: anyone can recompute the hash of the stored bytes.
    """

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    final_url: Mapped[str] = mapped_column(String(2048))
    status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(String(200))
    # Deferred: lists of snapshots must not load megabytes of HTML.
    body: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    fetched_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    fetched_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
