"""Articles from URLs and files, and snapshots of evidence pages, through the safe fetcher."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import PureWindowsPath
from typing import TypedDict

from sqlalchemy.orm import Session

from factcheck import clock, ingest
from factcheck.domain import articles, audit, guards, research, workflow
from factcheck.domain.errors import Conflict, DomainError, GaveUp
from factcheck.domain.limits import Limits
from factcheck.domain.validation import web_url
from factcheck.domain.workflow import Action
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import ArchiveStatus, Article, ArticleStatus, Evidence, Snapshot, User

# What each ingest failure means over HTTP.
STATUSES = {
    "too_large": 413,
    "unsupported_type": 415,
    "wrong_type": 415,
    "no_text": 422,
    "too_complex": 422,
    "timeout": 504,
    "dns_error": 502,
    "connection_error": 502,
    "http_error": 502,
    "tls_error": 502,
    "too_many_redirects": 502,
    "bad_response": 502,
}


class IngestFailed(DomainError):
    """The page or file could not be taken in; `code` says why (see docs/ingest.md)."""

    def __init__(self, error: ingest.IngestError, field: str) -> None:
        super().__init__(error.message, field=field)
        self.code = error.code
        self.status = STATUSES.get(error.code, 400)


# Snapshot.final_url and Snapshot.content_type
MAX_ADDRESS = 2048
MAX_CONTENT_TYPE = 200


def _snapshot(result: ingest.FetchResult, actor: User) -> Snapshot:
    # Where the redirects ended and the Content-Type header come from the site, not the
    # editor: kept to their columns' length rather than failing the import. The body and
    # its hash, what the snapshot proves, are whole.
    return Snapshot(
        url=result.url,
        final_url=articles.found_in_document(result.final_url, MAX_ADDRESS) or result.url,
        status=result.status,
        content_type=articles.found_in_document(result.content_type, MAX_CONTENT_TYPE),
        body=result.body,
        size=len(result.body),
        sha256=result.sha256,
        fetched_at=result.fetched_at,
        fetched_by_id=actor.id,
    )


def _fetch(url: str, policy: ingest.FetchPolicy, field: str) -> ingest.FetchResult:
    try:
        return ingest.fetch(url, policy)
    except ingest.IngestError as error:
        raise IngestFailed(error, field) from error


@dataclass(frozen=True)
class Incoming:
    """An article read from a page or a file, ready to store, with the page it came from."""

    article: articles.PreparedArticle
    fetched: ingest.FetchResult | None = None


def prepare_from_url(
    session: Session,
    creator: User,
    url: str | None,
    limits: Limits,
    *,
    title: str | None = None,
    force: bool = False,
    any_language: bool = False,
) -> Incoming:
    """Fetch the page and extract its article and candidate claims (`any_language`: even if
    it is not in English); write nothing.

    An article already in the desk with the same URL is found before anything is fetched
    (a read only: callers run this outside the write lock, see web.reads_only).
    """
    address = web_url(url, "url", required=True, label="URL")
    assert address is not None  # required=True
    existing = articles.find_duplicate(session, source_url=address, body_sha256=None)
    if existing is not None and not force:
        raise articles.Duplicate(existing)
    result = _fetch(address, limits.policy, "url")
    try:
        page = ingest.read_fetched(
            result.body,
            result.final_url,
            content_type=result.content_type,
            max_bytes=limits.max_upload_bytes,  # a document's, as if it were uploaded
            max_chars=limits.max_chars,
            limits=limits.parse,
        )
    except ingest.IngestError as error:
        raise IngestFailed(error, "url") from error
    prepared = articles.prepare_article(
        creator=creator,
        title=title or articles.found_in_document(page.title or address, articles.MAX_TITLE),
        body=page.text,
        limits=limits,
        source_url=address,
        **_source_names(page),
        published_on=page.published_on,
        any_language=any_language,
    )
    # Only a page fetched here: factcheck is never signed in, so the page it got is what
    # the site shows to everyone. A saved page uploaded may hold a subscriber's full text.
    prepared = replace(
        prepared, for_subscribers=page.for_subscribers, declared_words=page.declared_words
    )
    return Incoming(prepared, fetched=result)


def prepare_from_text(
    creator: User,
    limits: Limits,
    *,
    title: str | None,
    body: str | None,
    source_url: str | None = None,
    outlet: str | None = None,
    published_on: dt.date | None = None,
    any_language: bool = False,
) -> Incoming:
    """A pasted article with its candidate claims extracted (`any_language`: even if it is
    not in English); write nothing."""
    prepared = articles.prepare_article(
        creator=creator,
        title=title,
        body=body,
        limits=limits,
        source_url=source_url,
        outlet=outlet,
        published_on=published_on,
        any_language=any_language,
    )
    return Incoming(prepared)


def prepare_from_file(
    creator: User,
    filename: str,
    data: bytes,
    limits: Limits,
    *,
    title: str | None = None,
    any_language: bool = False,
) -> Incoming:
    """Read an uploaded .txt, .md, .html, .docx or .pdf and extract its candidate claims
    (`any_language`: even if it is not in English)."""
    try:
        page = ingest.read_upload(
            filename,
            data,
            max_bytes=limits.max_upload_bytes,
            max_chars=limits.max_chars,
            limits=limits.parse,
        )
    except ingest.IngestError as error:
        raise IngestFailed(error, "file") from error
    fallback_title = PureWindowsPath(filename).stem or "Uploaded article"
    found_title = articles.found_in_document(page.title or fallback_title, articles.MAX_TITLE)
    prepared = articles.prepare_article(
        creator=creator,
        title=title or found_title,
        body=page.text,
        limits=limits,
        **_source_names(page),
        published_on=page.published_on,
        any_language=any_language,
    )
    return Incoming(prepared)


class _SourceNames(TypedDict):
    outlet: str | None
    author: str | None


def _source_names(page: ingest.ExtractedArticle) -> _SourceNames:
    """The outlet and author a page or a file names, cut to their fields' limit."""
    return {
        "outlet": articles.found_in_document(page.outlet, articles.MAX_SOURCE_NAME),
        "author": articles.found_in_document(page.author, articles.MAX_SOURCE_NAME),
    }


def store(
    session: Session, creator: User, incoming: Incoming, limits: Limits, *, force: bool = False
) -> Article:
    """Store an article read by prepare_from_url or prepare_from_file (a short write)."""
    snapshot = _snapshot(incoming.fetched, creator) if incoming.fetched else None
    return articles.store_article(
        session,
        incoming.article,
        creator=creator,
        snapshot=snapshot,
        force=force,
        limits=limits,
    )


def keep_source(session: Session, article: Article, incoming: Incoming, actor: User) -> bool:
    """A page fetched by URL whose text is already in the desk as `article`: keep the page's
    address and snapshot on the article when it has neither (it was pasted or uploaded).

    An address the article already has is never replaced, and a published or withdrawn
    article is left as it is: readers see its address, and changing it is a correction an
    editor makes. Return whether the article now has the page."""
    source_url, fetched = incoming.article.source_url, incoming.fetched
    if source_url is None or fetched is None:
        return False
    if article.source_url is not None or article.snapshot is not None:
        return False
    if article.status is not ArticleStatus.TRIAGE or not workflow.can(article, Action.EDIT, actor):
        return False
    article.source_url, article.snapshot = source_url, _snapshot(fetched, actor)
    audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action=Action.EDIT,
        note=f"address and snapshot kept from {source_url}"[:1000],
    )
    session.flush()  # the article's version moves: a details form open on it is now stale
    return True


def article_from_url(
    session: Session,
    creator: User,
    url: str | None,
    limits: Limits,
    *,
    title: str | None = None,
    force: bool = False,
) -> Article:
    """Fetch the page, keep its snapshot, and add the article it holds (in one step)."""
    incoming = prepare_from_url(session, creator, url, limits, title=title, force=force)
    return store(session, creator, incoming, limits, force=force)


def article_from_file(
    session: Session,
    creator: User,
    filename: str,
    data: bytes,
    limits: Limits,
    *,
    title: str | None = None,
    force: bool = False,
) -> Article:
    """Read an uploaded file and add the article in it (in one step)."""
    incoming = prepare_from_file(creator, filename, data, limits, title=title)
    return store(session, creator, incoming, limits, force=force)


def fetch_for_archive(
    evidence: Evidence, actor: User, policy: ingest.FetchPolicy
) -> ingest.FetchResult:
    """Fetch an evidence page for "archive now"; write nothing (see store_archive)."""
    workflow.require(evidence.claim, guards.archiving(evidence.claim), actor)
    return _fetch(evidence.url, policy, "url")


def store_archive(
    session: Session,
    evidence: Evidence,
    actor: User,
    fetched: ingest.FetchResult | IngestFailed,
) -> Snapshot | None:
    """Keep the fetched page as the evidence's snapshot; or, when the fetch failed, keep
    why on the source (its archive state shows "failed" with the reason, for a retry).
    Return the snapshot, or None for a failure."""
    claim = evidence.claim
    workflow.require(claim, guards.archiving(claim), actor)  # again: it may have moved on
    if isinstance(fetched, IngestFailed):
        _archive_failed(session, evidence, actor, fetched.message)
        return None
    snapshot = _snapshot(fetched, actor)
    session.add(snapshot)
    evidence.snapshot = snapshot
    evidence.archive_error = None
    evidence.archive_failed_at = None
    session.flush()  # generate snapshot.id for the event
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action="archive_evidence",
        from_status=claim.status.value,
        to_status=claim.status.value,
        note=f"{evidence.url} sha256:{snapshot.sha256}",
    )
    research.touch(session, claim)
    return snapshot


def _archive_failed(session: Session, evidence: Evidence, actor: User, reason: str) -> None:
    """Keep why "archive now" failed on the source, and when, with an event."""
    claim = evidence.claim
    evidence.archive_error = reason[:500]
    evidence.archive_failed_at = clock.now()
    audit.record(
        session,
        actor=actor,
        entity_type="claim",
        entity_id=claim.id,
        action="archive_failed",
        from_status=claim.status.value,
        to_status=claim.status.value,
        note=f"{evidence.url}: {reason}"[:1000],
    )
    session.flush()


def archive_evidence(
    session: Session, evidence: Evidence, actor: User, policy: ingest.FetchPolicy
) -> Snapshot:
    """Fetch and keep a snapshot of an evidence page ("archive now", in one step); raise
    IngestFailed, writing nothing, when the page cannot be fetched."""
    snapshot = store_archive(session, evidence, actor, fetch_for_archive(evidence, actor, policy))
    assert snapshot is not None  # a failed fetch raised
    return snapshot


def request_archive(session: Session, evidence: Evidence, actor: User) -> Evidence:
    """Archive now in the background: the source is pending until the job
    (`archive_source`) keeps its snapshot or says why it could not."""
    workflow.require(evidence.claim, guards.archiving(evidence.claim), actor)
    if evidence.archive_status is ArchiveStatus.PENDING:
        raise Conflict("This page is already being archived.")
    evidence.archive_status, evidence.archive_error = ArchiveStatus.PENDING, None
    evidence.archive_requested_at, evidence.archive_requested_by_id = clock.now(), actor.id
    enqueue_after_commit(session, "archive_source", evidence.id, actor.id)
    return evidence


def finish_archive(
    session: Session,
    evidence: Evidence,
    actor: User,
    fetched: ingest.FetchResult | None,
    error: DomainError | None,
) -> Evidence:
    """Keep the page the job fetched, or the reason it could not (still pending only)."""
    if evidence.archive_status is not ArchiveStatus.PENDING:
        return evidence  # another run finished it
    if fetched is not None:
        try:
            store_archive(session, evidence, actor, fetched)
        except DomainError as refused:  # the claim moved on meanwhile
            error = refused
    if error is None:
        evidence.archive_status = ArchiveStatus.ARCHIVED
        return evidence
    evidence.archive_status = ArchiveStatus.FAILED
    _archive_failed(session, evidence, actor, error.message)
    return evidence


def archive_gave_up(session: Session, evidence_id: int, actor_id: int) -> None:
    """`archive_source` failed on every try: a still-pending source fails, with a reason,
    rather than staying at "archiving the page" for ever."""
    evidence = session.get(Evidence, evidence_id)
    actor = session.get(User, actor_id)
    if evidence is not None and actor is not None:
        finish_archive(session, evidence, actor, None, GaveUp("archive this page"))
