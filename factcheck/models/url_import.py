from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck import clock
from factcheck.db import Base, enum_values


class ImportStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for the worker, or being fetched
    DONE = "done"  # article_id names the article
    FAILED = "failed"  # error says why; the editor may try again


class UrlImport(Base):
    """An article asked for by URL, fetched in the background: the page the editor waits on."""

    __tablename__ = "url_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(String(300))
    force: Mapped[bool] = mapped_column(default=False)
    # Candidates even if the page is not in English (the editor ticked it; docs/ingest.md).
    any_language: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ImportStatus] = mapped_column(
        Enum(ImportStatus, native_enum=False, length=16, values_callable=enum_values),
        default=ImportStatus.PENDING,
    )
    error_code: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    finished_at: Mapped[dt.datetime | None]
