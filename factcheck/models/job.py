from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base


class JobFailure(Base):
    """A background job that failed its last try: shown to admins, who can run it again.

    The job queue (Huey) keeps pending and scheduled jobs in its own storage; only what
    needs a person's attention is kept here, beside the data it was working on.
    """

    __tablename__ = "job_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The registered task name and its JSON arguments: enough to enqueue it again.
    task_name: Mapped[str] = mapped_column(String(200))
    task_id: Mapped[str] = mapped_column(String(64))
    arguments: Mapped[list[Any]]
    error: Mapped[str] = mapped_column(Text)
    tries: Mapped[int]
    failed_at: Mapped[dt.datetime] = mapped_column(default=clock.now, index=True)
    # How many times the job, with these arguments, failed its last try while this entry
    # waited to be run again (failed_at and error are the latest failure's).
    repeats: Mapped[int] = mapped_column(default=1)
    retried_at: Mapped[dt.datetime | None]
    retried_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
