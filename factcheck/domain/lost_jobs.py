"""Background work left waiting because its job never ran, asked for again: URL imports,
searches for earlier fact-checks, the language model's rewrite, embeddings of imported
fact-checks and "Archive now" of a source.

A job is sent to the queue just after the transaction that asked for it commits
(factcheck.jobs.outbox). If the queue is down at that moment (Redis restarting, the jobs file
locked) or the process dies between the commit and the send, the record stays "pending" and
nothing would ever finish it. Every job here is idempotent, so asking again for work that is
merely slow does no harm beyond a second attempt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import job_failures
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import (
    ArchiveEntry,
    ArchiveStatus,
    Article,
    ArticleMatchState,
    Evidence,
    ImportStatus,
    LlmRewriteStatus,
    MatchEntry,
    UrlImport,
)

# Far longer than any of these jobs takes (a fetch or the model has a deadline of seconds).
WAITING_TOO_LONG = dt.timedelta(minutes=10)
VECTORS_JOB = "embed_archive_entries"


@dataclass(frozen=True)
class Resumed:
    """What was asked for again."""

    url_imports: int
    searches: int
    rewrites: int
    vectors: bool
    archives: int

    @property
    def anything(self) -> bool:
        return any((self.url_imports, self.searches, self.rewrites, self.vectors, self.archives))


def resume_lost_jobs(session: Session) -> Resumed:
    before = clock.now() - WAITING_TOO_LONG
    imports = session.scalars(
        select(UrlImport.id).where(
            UrlImport.status == ImportStatus.PENDING, UrlImport.created_at < before
        )
    ).all()
    searches = session.scalars(
        select(ArticleMatchState.article_id).where(
            ArticleMatchState.requested > ArticleMatchState.answered,
            ArticleMatchState.requested > ArticleMatchState.given_up,
            ArticleMatchState.requested_at < before,
        )
    ).all()
    rewrites = session.scalars(
        select(Article.id).where(
            Article.llm_rewrite_status == LlmRewriteStatus.PENDING, Article.updated_at < before
        )
    ).all()
    # A source pending since before its request time was recorded is as lost; the person
    # who added it asks again.
    archives = session.execute(
        select(Evidence.id, func.coalesce(Evidence.archive_requested_by_id, Evidence.added_by_id))
        .where(
            Evidence.archive_status == ArchiveStatus.PENDING,
            or_(Evidence.archive_requested_at < before, Evidence.archive_requested_at.is_(None)),
        )
        .order_by(Evidence.id)
    ).all()
    for import_id in imports:
        enqueue_after_commit(session, "ingest_url", import_id)
    for article_id in searches:
        enqueue_after_commit(session, "find_earlier_checks", article_id)
    for article_id in rewrites:
        enqueue_after_commit(session, "rewrite_candidates", article_id)
    # A failed embedding job waits for an admin's "run again" (Admin → Jobs): asked for
    # again every ten minutes, a job that fails on every try only failed again.
    vectors = not job_failures.waiting_for_an_admin(session, VECTORS_JOB) and (
        session.scalar(
            select(MatchEntry.id)
            .join(ArchiveEntry, ArchiveEntry.id == MatchEntry.archive_entry_id)
            .where(MatchEntry.embedding.is_(None), ArchiveEntry.imported_at < before)
            .limit(1)
        )
        is not None
    )
    for evidence_id, actor_id in archives:
        enqueue_after_commit(session, "archive_source", evidence_id, actor_id)
    if vectors:
        enqueue_after_commit(session, VECTORS_JOB)
    return Resumed(len(imports), len(searches), len(rewrites), vectors, len(archives))
