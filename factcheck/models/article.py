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


class ArticleStatus(enum.StrEnum):
    TRIAGE = "triage"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class LlmRewriteStatus(enum.StrEnum):
    """Where the language model's rewrite of an article's candidates stands (docs/llm.md);
    NULL: the model was not configured when the article was added."""

    PENDING = "pending"  # queued: the job asks the model, the local candidates show meanwhile
    DONE = "done"  # the untouched local candidates were replaced by the model's claims
    FAILED = "failed"  # llm_rewrite_notice says why; the local candidates stay, editors may retry


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    outlet: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    source_url: Mapped[str | None] = mapped_column(String(2048), index=True)
    published_on: Mapped[dt.date | None]
    body: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ArticleStatus] = mapped_column(
        Enum(
            ArticleStatus,
            values_callable=enum_values,
            native_enum=False,
            length=16,
            create_constraint=True,
            name="article_status",
        ),
        default=ArticleStatus.TRIAGE,
        index=True,
    )
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[dt.datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    # Why an editor took the fact-check down; readers see it in place of the page.
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    # When it was taken down (updated_at moves with any later edit); None unless withdrawn.
    withdrawn_at: Mapped[dt.datetime | None]
    # The page as fetched, when the article came from a URL.
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    # Set when an editor forced a new version of an article already in the desk.
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    # The language model's rewrite of the candidates, done by a job after the article is
    # added (pending, done, failed), and the notice shown when it failed.
    llm_rewrite_status: Mapped[LlmRewriteStatus | None] = mapped_column(
        Enum(LlmRewriteStatus, native_enum=False, length=16, values_callable=enum_values)
    )
    llm_rewrite_notice: Mapped[str | None] = mapped_column(Text)
    # The language its text looks to be in (ISO 639-1, "fr"), detected when it was added;
    # None when it could not be told, or for articles added before 0032. Candidates are
    # proposed for English (and None) only, unless asked (factcheck.extraction.language).
    language: Mapped[str | None] = mapped_column(String(16))
    # The editor (or the API's propose_in_any_language) asked for candidates even if it is
    # not in English; the language model's rewrite keeps to the same rule. None for articles
    # added before 0035 (factcheck.domain.article_language.proposable_parts tells from the
    # claims they got).
    any_language: Mapped[bool | None] = mapped_column()
    # The page it was fetched from says it is for subscribers (factcheck.ingest.paywall): the
    # text may be only the part shown to everyone. False for pasted and uploaded articles.
    for_subscribers: Mapped[bool] = mapped_column(default=False)
    # The words that page declares (schema.org wordCount) when under half came through: it
    # may have been cut short (factcheck.ingest.paywall.cut_short). None for the others.
    declared_words: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    created_by: Mapped[User] = relationship()
    snapshot: Mapped[Snapshot | None] = relationship()
    previous_version: Mapped[Article | None] = relationship(remote_side=[id])
    claims: Mapped[list[Claim]] = relationship(back_populates="article", order_by="Claim.position")

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.title!r}>"
