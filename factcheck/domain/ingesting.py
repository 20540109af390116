"""Articles from URLs and files, and snapshots of evidence pages, through the safe fetcher."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PureWindowsPath

from sqlalchemy.orm import Session

from factcheck import ingest
from factcheck.domain import articles, audit, research, workflow
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import web_url
from factcheck.extraction import LLMConfig
from factcheck.models import Article, Evidence, Snapshot, User

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


@dataclass(frozen=True)
class Limits:
    """What one article may cost: ``max_chars`` of text, ``max_upload_bytes`` per file,
    the fetch ``policy``, and ``parse`` (caps and process limits of parsing a file or
    page, see factcheck.ingest.limits)."""

    max_chars: int
    max_upload_bytes: int
    threshold: float | None
    policy: ingest.FetchPolicy
    llm: LLMConfig | None = None
    notices: list[str] = field(default_factory=list)
    parse: ingest.ParseLimits = ingest.DEFAULT_LIMITS


def _snapshot(result: ingest.FetchResult, actor: User) -> Snapshot:
    return Snapshot(
        url=result.url,
        final_url=result.final_url,
        status=result.status,
        content_type=result.content_type,
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


def article_from_url(
    session: Session,
    creator: User,
    url: str | None,
    limits: Limits,
    *,
    title: str | None = None,
    force: bool = False,
) -> Article:
    """Fetch the page, keep its snapshot, and add the article it holds.

    An article already in the desk with the same URL is found before anything is fetched.
    """
    address = web_url(url, "URL", required=True)
    assert address is not None  # required=True
    existing = articles.find_duplicate(session, source_url=address, body_sha256=None)
    if existing is not None and not force:
        raise articles.Duplicate(existing)
    result = _fetch(address, limits.policy, "url")
    try:
        page = ingest.read_page(
            result.body,
            result.final_url,
            content_type=result.content_type,
            max_chars=limits.max_chars,
            limits=limits.parse,
        )
    except ingest.IngestError as error:
        raise IngestFailed(error, "url") from error
    return articles.create_article(
        session,
        creator=creator,
        title=title or page.title or address,
        body=page.text,
        max_chars=limits.max_chars,
        threshold=limits.threshold,
        source_url=address,
        outlet=page.outlet,
        author=page.author,
        published_on=page.published_on,
        snapshot=_snapshot(result, creator),
        force=force,
        llm=limits.llm,
        notices=limits.notices,
    )


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
    """Read an uploaded .txt, .md, .html, .docx or .pdf and add the article in it."""
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
    return articles.create_article(
        session,
        creator=creator,
        title=title or page.title or fallback_title,
        body=page.text,
        max_chars=limits.max_chars,
        threshold=limits.threshold,
        outlet=page.outlet,
        author=page.author,
        published_on=page.published_on,
        force=force,
        llm=limits.llm,
        notices=limits.notices,
    )


def archive_evidence(
    session: Session, evidence: Evidence, actor: User, policy: ingest.FetchPolicy
) -> Snapshot:
    """Fetch and keep a snapshot of an evidence page ("archive now")."""
    claim = evidence.claim
    workflow.require(claim, "add_evidence", actor)
    snapshot = _snapshot(_fetch(evidence.url, policy, "url"), actor)
    session.add(snapshot)
    evidence.snapshot = snapshot
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
    research.touch(claim)
    return snapshot
