"""The jobs factcheck runs in the background. Importing this module registers them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from huey import crontab
from sqlalchemy.orm import Session

from factcheck import clock, web
from factcheck.domain import (
    housekeeping,
    ingesting,
    llm_rewrites,
    lost_jobs,
    match_vectors,
    notifications,
    queue,
    related,
    stored_suggestions,
    url_imports,
    webhook_endpoints,
    webhooks,
)
from factcheck.domain.errors import DomainError
from factcheck.ingest import BlockedAddress, FetchError, FetchPolicy, parse_allowlist, post
from factcheck.jobs import mail
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.jobs.queue import app_for_job
from factcheck.jobs.registry import ExpectedFailure, job, periodic
from factcheck.matching.embedding import default_embedder
from factcheck.models import (
    ArchiveStatus,
    Delivery,
    DeliveryStatus,
    Event,
    Evidence,
    Notification,
    User,
    WebhookDelivery,
)

log = logging.getLogger(__name__)


@periodic(crontab(minute="*"))
def expire_leases(session: Session) -> int:
    """Every minute: claims whose lease ran out go back to the queue (no cron needed)."""
    expired = queue.expire_leases(session)
    if expired:
        log.info("Returned %d claim(s) with an expired lease to the queue", len(expired))
    return len(expired)


@periodic(crontab(minute="17"))
def forget_old_records(session: Session) -> None:
    """Hourly: idempotency keys and failed sign-ins past their use (both tables only grew)."""
    forgotten = housekeeping.forget_old_records(session)
    log.info(
        "Forgot %d idempotency key(s) and %d failed sign-in(s)",
        forgotten.idempotency_keys,
        forgotten.login_attempts,
    )


@job()
def refresh_related(session: Session, claim_ids: list[int]) -> int:
    """After publication: the related fact-checks of these claims and of their neighbours."""
    return related.refresh_around(session, claim_ids)


@job()
def refresh_earlier_checks(session: Session) -> int:
    """After fact-checks were imported or ours published: a new search for every article still
    on the desk (queued by stored_suggestions.request_refresh)."""
    return stored_suggestions.refresh_open_articles(session)


# --- notifications (domain.notifications says who is told what) ------------------------------


def _email_soon(session: Session, made: list[Notification]) -> None:
    for notification in made:
        if notification.email is Delivery.IMMEDIATELY:
            enqueue_after_commit(session, "email_notification", IdOf(notification))


@job()
def notify_about_event(session: Session, event_id: int) -> int:
    """Tell the people an event of the audit trail concerns (queued by workflow.move)."""
    made = notifications.for_event(session, event_id)
    _email_soon(session, made)
    return len(made)


@job()
def notify_mentions(session: Session, comment_id: int) -> int:
    """Tell the people a comment @mentions (queued by comments.add_comment)."""
    made = notifications.for_mentions(session, comment_id)
    _email_soon(session, made)
    return len(made)


@periodic(crontab(minute="*/10"))
def warn_leases_ending(session: Session) -> int:
    """Every ten minutes: warn holders whose lease ends within the hour (once per lease)."""
    made = notifications.leases_ending(session)
    _email_soon(session, made)
    return len(made)


@job()
def email_notification(session: Session, notification_id: int) -> bool:
    """E-mail one notification at once; a second run sends nothing."""
    app = app_for_job()
    # The mail is made in a read and sent after it: a slow mail server must not hold the
    # database's write lock (on SQLite every desk write would wait, then fail).
    with _reading(session):
        notification = session.get(Notification, notification_id)
        if notification is None or notification.emailed_at is not None:
            return False
        if not app.config.get("SMTP_URL"):
            return False  # no e-mail configured: the notification is in the app
        user = session.get(User, notification.user_id)
        assert user is not None
        if not user.active:
            return False  # turned off since the notification was made: no e-mail
        link = _claim_link(notification)
        text, html = mail.render("notification", notification=notification, user=user, link=link)
        subject = notifications.LABELS[notification.kind].removesuffix(" (editors)")
        message = mail.Mail(to=user.email, subject=subject, text=text, html=html)
    mail.send(app.config, message)
    sent = session.get(Notification, notification_id)
    assert sent is not None  # notifications are never deleted
    sent.emailed_at = clock.now()
    return True


def _claim_link(notification: Notification) -> str | None:
    if notification.claim_id is None:
        return None
    return mail.desk_link(app_for_job(), "desk.claim", claim_id=notification.claim_id)


@periodic(crontab(minute="5-59/10"))
def resume_lost_jobs(session: Session) -> str:
    """Every ten minutes: work still pending long after it was asked for (its job lost to a
    queue outage) is asked for again."""
    resumed = lost_jobs.resume_lost_jobs(session)
    if resumed.anything:
        log.warning("Asked again for work whose job was lost: %s", resumed)
    return str(resumed)


# The hour of the newsroom's morning (FACTCHECK_TIME_ZONE) when the daily digests go.
DIGEST_HOUR = 7


@periodic(crontab(minute="0"))
def send_digests(session: Session) -> int:
    """Daily at 07:00 newsroom time: one e-mail per person gathering their digest
    notifications. The schedule is hourly, and only the run at that hour sends: the worker's
    schedule is in UTC, and the newsroom's 07:00 moves with daylight saving time."""
    if clock.local(clock.now()).hour != DIGEST_HOUR:
        return 0
    people = list(notifications.due_for_digest(session))
    for user_id in people:
        enqueue_after_commit(session, "email_digest", user_id)
    return len(people)


@job()
def email_digest(session: Session, user_id: int) -> int:
    """One person's digest: everything of theirs marked "daily digest" and not yet sent."""
    app = app_for_job()
    with _reading(session):  # made in a read, sent after it (see email_notification)
        items = notifications.due_for_digest(session).get(user_id, [])
        user = session.get(User, user_id)
        if not items or user is None or not app.config.get("SMTP_URL"):
            return 0
        entries = [(item, _claim_link(item)) for item in items]
        text, html = mail.render("digest", entries=entries, user=user)
        subject = f"factcheck: {len(items)} update{'' if len(items) == 1 else 's'} today"
        message = mail.Mail(to=user.email, subject=subject, text=text, html=html)
        sent_ids = [item.id for item in items]
    mail.send(app.config, message)
    now = clock.now()
    items = [item for item in (session.get(Notification, i) for i in sent_ids) if item]
    for item in items:
        item.emailed_at = now
    return len(items)


# --- slow work the desk waits on -------------------------------------------------------------


@contextmanager
def _reading(session: Session) -> Iterator[None]:
    """A slow stretch that only reads: no write lock is held while it runs (SQLite)."""
    if app_for_job().extensions["factcheck.db"].deferred_reads:
        session.connection(execution_options={"sqlite_begin": "DEFERRED"})
    yield
    session.rollback()  # ends the read; the writes that follow are short


@job(gave_up=url_imports.gave_up)
def ingest_url(session: Session, import_id: int) -> str:
    """Fetch an article's page and add it (queued by url_imports.request_import)."""
    limits = web.ingest_limits()
    with _reading(session):
        fetched = url_imports.fetch_page(session, import_id, limits)
    if fetched is None:
        return "nothing to do"
    record = url_imports.finish(session, import_id, fetched, limits)
    return record.status.value if record else "gone"


@job(gave_up=ingesting.archive_gave_up)
def archive_source(session: Session, evidence_id: int, actor_id: int) -> str:
    """Archive now of a source: fetch its page and keep the snapshot (or the reason)."""
    fetched, error = None, None
    # Read inside the read-only stretch: a query before it would open the transaction as a
    # writer's on SQLite and hold the write lock through the fetch.
    with _reading(session):
        evidence = session.get(Evidence, evidence_id)
        actor = session.get(User, actor_id)
        if evidence is None or actor is None:
            return "nothing to do"
        if evidence.archive_status is not ArchiveStatus.PENDING:
            return "nothing to do"
        try:
            fetched = ingesting.fetch_for_archive(evidence, actor, web.ingest_limits().policy)
        except DomainError as refused:
            error = refused
    evidence = session.get(Evidence, evidence_id)
    actor = session.get(User, actor_id)
    assert evidence is not None and actor is not None  # neither is ever deleted
    ingesting.finish_archive(session, evidence, actor, fetched, error)
    return str(evidence.archive_status)


# --- matching work taken out of the request -------------------------------------------------

# Entries embedded per run (~0.2 s of embedding); a run that fills a whole batch queues the next.
EMBED_BATCH = 1000


@job()
def embed_archive_entries(session: Session) -> int:
    """Compute the embeddings an import left out (queued by archive.import_stream), a batch
    per run; only rows still without one, so a second run finds nothing and does nothing."""
    with _reading(session):
        rows = match_vectors.unembedded(session, EMBED_BATCH)
        vectors = default_embedder().embed([row.text for row in rows]) if rows else ()
    match_vectors.store_vectors(session, rows, vectors)
    if len(rows) == EMBED_BATCH:
        enqueue_after_commit(session, "embed_archive_entries")
    return len(rows)


@job(gave_up=stored_suggestions.gave_up)
def find_earlier_checks(session: Session, article_id: int) -> int:
    """Search the earlier fact-checks of an article's claims and store them for its desk page
    (queued by stored_suggestions.request); nothing to do once the latest request is answered."""
    with _reading(session):
        found = stored_suggestions.search(session, article_id)
    if found is None:
        return 0
    stored_suggestions.store(session, found)
    return sum(len(matches) for matches in found.matches.values())


@job(gave_up=llm_rewrites.gave_up)
def rewrite_candidates(session: Session, article_id: int) -> str:
    """Ask the language model to rewrite a new article's candidates (queued when it is added)."""
    limits = web.ingest_limits()
    # Waiting on the model holds no write lock; the answer is written in one short write.
    with _reading(session):
        answer = llm_rewrites.ask_model(session, article_id, limits)
    if answer is None:
        return "nothing to do"
    outcome = llm_rewrites.finish(session, article_id, answer)
    return outcome.value if outcome else "nothing to do"


# --- webhooks (domain.webhooks: endpoints, payloads, signatures) ------------------------------

# A delivery's tries: the first, then 5 retries after 30 s, 1, 2, 4 and 8 minutes.
WEBHOOK_RETRIES = 5
WEBHOOK_RETRY_DELAY = 30
# What one try may take (connecting, headers and the answer, together) and read of the answer.
WEBHOOK_TIMEOUT_SECONDS = 10.0
WEBHOOK_ANSWER_BYTES = 64 * 1024


class WebhookNotTaken(ExpectedFailure):
    """The endpoint did not take the delivery: the queue retries it with backoff."""


@job()
def webhooks_for_event(session: Session, event_id: int) -> int:
    """Make the deliveries an audit event owes to endpoints (queued by workflow.move)."""
    event = session.get(Event, event_id)
    link = None
    if event is not None and event.entity_type == "claim":
        link = mail.desk_link(app_for_job(), "desk.claim", claim_id=event.entity_id)
    elif event is not None and event.entity_type == "article":  # what readers see
        link = mail.desk_link(app_for_job(), "public.factcheck", article_id=event.entity_id)
    return len(webhooks.deliveries_for_event(session, event_id, link))


@job(retries=WEBHOOK_RETRIES, retry_delay=WEBHOOK_RETRY_DELAY, knows_retry=True)
def deliver_webhook(
    session: Session, delivery_id: int, redelivery: bool = False, retry_in: int | None = None
) -> bool:
    """POST one delivery, signed; a delivered one is not sent again unless redelivered. A
    failed try that the queue will retry leaves it "retrying", with when the next try is."""
    # The request is made in a read and sent after it: a slow endpoint must not hold the
    # database's write lock for its 10 seconds (on SQLite every desk write would fail).
    with _reading(session):
        delivery = webhooks.get_delivery(session, delivery_id)
        if delivery.status is DeliveryStatus.DELIVERED and not redelivery:
            return False
        if delivery.endpoint.deleted_at is not None or delivery.status is DeliveryStatus.CANCELLED:
            return False  # deleted since it was queued: never sent, even when redelivered
        # A redelivery too: it was queued before the endpoint was paused.
        request = _signed_request(delivery) if delivery.endpoint.active else None
    if request is None:  # paused since the event: an admin may redeliver it once resumed
        webhooks.not_sent(session, delivery_id, "the endpoint was paused")
        return False
    status, error, hopeless = _post_delivery(request)
    delivery = webhooks.get_delivery(session, delivery_id)
    if webhooks.record_attempt(
        session,
        delivery,
        status_code=status,
        error=error,
        redelivery=redelivery,
        retry_in=None if hopeless else retry_in,
    ):
        return True
    if hopeless:
        return False
    # The job raises so that the queue retries it; the attempt must stay in the log.
    session.commit()
    raise WebhookNotTaken(f"webhook delivery #{delivery.id}: {delivery.last_error}")


@dataclass(frozen=True)
class _SignedRequest:
    url: str
    body: bytes
    headers: dict[str, str]


def _signed_request(delivery: WebhookDelivery) -> _SignedRequest:
    timestamp = int(clock.now().timestamp())
    return _SignedRequest(
        url=delivery.endpoint.url,
        body=webhooks.body_of(delivery),
        headers=webhooks.headers_for(delivery, timestamp),
    )


def _post_delivery(request: _SignedRequest) -> tuple[int | None, str | None, bool]:
    config = app_for_job().config
    policy = FetchPolicy(
        timeout=WEBHOOK_TIMEOUT_SECONDS,
        max_bytes=WEBHOOK_ANSWER_BYTES,
        allow=parse_allowlist(config.get("FETCH_ALLOW")),
        user_agent="factcheck-webhooks/0.1",
    )
    try:
        answer = post(request.url, request.body, request.headers, policy)
    except FetchError as error:
        if error.code == "timeout":  # the fetcher's own words speak of pages and uploads
            message = f"did not answer within {WEBHOOK_TIMEOUT_SECONDS:g} seconds"
            return None, message, False
        if isinstance(error, BlockedAddress):  # the admin can change it: say how
            return None, webhook_endpoints.address_refusal(error), True
        return None, error.message, error.code in _NEVER_REACHABLE
    return answer.status, None, False


# Refusals no retry can change (the guard, a bad address): the admin fixes the endpoint.
_NEVER_REACHABLE = frozenset({"blocked_address", "bad_url", "bad_scheme"})
