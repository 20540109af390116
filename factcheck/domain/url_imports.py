"""Articles from URLs, fetched by a job: the editor gets a pending import at once.

`request_import` checks the address and looks for the article in the desk (both quick), then
queues `ingest_url`. The job fetches and reads the page with no write lock held
(`fetch_page`), then stores the article (`finish`). A failure keeps its reason on the import;
`retry` queues it again. Running the job twice does no harm: only a pending import is worked on.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import articles, ingesting
from factcheck.domain.errors import Conflict, DomainError, GaveUp, NotFound
from factcheck.domain.limits import Limits
from factcheck.domain.validation import web_url
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import Article, ImportStatus, UrlImport, User


def request_import(
    session: Session,
    creator: User,
    url: str | None,
    *,
    title: str | None,
    force: bool,
    any_language: bool = False,
) -> UrlImport:
    """A pending import of `url`, fetched after the commit (`any_language`: candidates even
    if the page is not in English); raises Duplicate (unless `force`) when the desk already
    has an article from that address."""
    address = web_url(url, "url", required=True, label="URL")
    assert address is not None  # required=True
    existing = articles.find_duplicate(session, source_url=address, body_sha256=None)
    if existing is not None and not force:
        raise articles.Duplicate(existing)
    record = UrlImport(
        url=address,
        title=(title or "").strip() or None,
        force=force,
        any_language=any_language,
        created_by_id=creator.id,
    )
    session.add(record)
    session.flush()  # generate record.id for the page the editor waits on
    enqueue_after_commit(session, "ingest_url", IdOf(record))
    return record


def get_import(session: Session, import_id: int) -> UrlImport:
    record = session.get(UrlImport, import_id)
    if record is None:
        raise NotFound(f"There is no import #{import_id}.")
    return record


# Failures that the same address meets every time: an address this server refuses to fetch
# (its own, a private network), one that is no web address at all, one that leads to a type
# of file factcheck does not read (an image, a video, an archive), a PDF locked by a
# password, a file over this site's size or complexity limits, or one that is damaged (a
# PDF or Word file, or a page whose compressed data is broken).
FOR_GOOD = frozenset(
    [
        "blocked_address",
        "bad_url",
        "unsupported_type",
        "encrypted",
        "too_large",
        "too_complex",
        "corrupt",
    ]
)


def can_retry(record: UrlImport) -> bool:
    """Whether trying a failed import again could give another answer."""
    return record.status is ImportStatus.FAILED and record.error_code not in FOR_GOOD


def retry(session: Session, import_id: int, user: User) -> UrlImport:
    """Queue a failed import again."""
    record = get_import(session, import_id)
    if record.status is not ImportStatus.FAILED:
        raise Conflict("Only a failed import can be tried again.")
    if not can_retry(record):
        raise Conflict(
            "This address gives the same answer every time, so trying again cannot help. "
            "Upload the file or paste the text instead."
        )
    record.status, record.error, record.error_code = ImportStatus.PENDING, None, None
    record.finished_at = None
    enqueue_after_commit(session, "ingest_url", record.id)
    return record


@dataclass(frozen=True)
class Fetched:
    """What fetching and reading the page gave: the article to store, or why not."""

    incoming: ingesting.Incoming | None = None
    error: DomainError | None = None


def fetch_page(session: Session, import_id: int, limits: Limits) -> Fetched | None:
    """Fetch and read the page of a pending import (slow; writes nothing). None: nothing to do."""
    record = session.get(UrlImport, import_id)
    if record is None or record.status is not ImportStatus.PENDING:
        return None
    creator = session.get(User, record.created_by_id)
    assert creator is not None  # users are never deleted
    try:
        incoming = ingesting.prepare_from_url(
            session,
            creator,
            record.url,
            limits,
            title=record.title,
            force=record.force,
            any_language=record.any_language,
        )
    except DomainError as error:  # IngestFailed, Duplicate, InvalidInput
        return Fetched(error=error)
    return Fetched(incoming=incoming)


def finish(session: Session, import_id: int, fetched: Fetched, limits: Limits) -> UrlImport | None:
    """Store the article (or the reason it could not be had) on a still-pending import."""
    record = session.get(UrlImport, import_id)
    if record is None or record.status is not ImportStatus.PENDING:
        return record  # another run finished it first
    creator = session.get(User, record.created_by_id)
    assert creator is not None
    error = fetched.error
    if fetched.incoming is not None:
        try:
            stored = store_or_keep(session, creator, fetched.incoming, limits, force=record.force)
            record.article_id, record.status = stored.article.id, ImportStatus.DONE
            error = stored.refusal
        except DomainError as refused:
            error = refused
    if isinstance(error, articles.Duplicate):
        _already_in_the_desk(record, error)
    elif error is not None:
        _failed(record, error)
    record.finished_at = clock.now()
    session.flush()
    return record


KEPT = "Its address and a snapshot of the page were kept on it."


class PageKept(articles.Duplicate):
    """The text fetched is in the desk already, and the page (its address and snapshot)
    was kept on that article: still a refusal to add it, which says so."""

    def __init__(self, existing: Article) -> None:
        super().__init__(existing)
        self.message = f"{self.message} {KEPT}"
        self.args = (self.message,)


@dataclass(frozen=True)
class Stored:
    """What `store_or_keep` did: added `article`; or, with a `refusal`, found the text in
    the desk already as `article` and kept the page on it."""

    article: Article
    refusal: PageKept | None = None


def store_or_keep(
    session: Session, creator: User, incoming: ingesting.Incoming, limits: Limits, *, force: bool
) -> Stored:
    """Store an article read by `ingesting.prepare_from_url` (or pasted). When its text is
    in the desk already, keep the page on that article if it has none
    (`ingesting.keep_source`): what was kept is to be committed, and the `refusal` answered.
    Raises Duplicate when nothing was kept, as `ingesting.store` does."""
    try:
        return Stored(ingesting.store(session, creator, incoming, limits, force=force))
    except articles.Duplicate as duplicate:
        if not ingesting.keep_source(session, duplicate.existing, incoming, creator):
            raise
        return Stored(duplicate.existing, refusal=PageKept(duplicate.existing))


def _already_in_the_desk(record: UrlImport, duplicate: articles.Duplicate) -> None:
    """The address or the text is in the desk already (added before, or meanwhile): the
    import leads to that article, and says so as an upload does (`error_code` "duplicate",
    `error` the message, which says whether the page fetched was kept on it)."""
    record.article_id, record.status = duplicate.existing.id, ImportStatus.DONE
    record.error_code = duplicate.code
    record.error = duplicate.message


def _failed(record: UrlImport, error: DomainError) -> None:
    record.status = ImportStatus.FAILED
    record.error_code = getattr(error, "code", "invalid")[:40]
    record.error = error.message


def gave_up(session: Session, import_id: int) -> None:
    """`ingest_url` failed on every try: a still-pending import fails, with a reason, and
    can be tried again, rather than showing "Fetching the page" for ever."""
    record = session.get(UrlImport, import_id)
    if record is None or record.status is not ImportStatus.PENDING:
        return
    _failed(record, GaveUp("add this page"))
    record.finished_at = clock.now()
    session.flush()
