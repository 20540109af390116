"""Articles: extracting their candidate claims and storing them, finding duplicates,
editing their details, and triage (accept, reject, restore; who made a claim, and when).

Shaping the candidates themselves (promote, reword, split, merge) is in `candidates`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import after_publication, audit, claimants, stored_suggestions, workflow
from factcheck.domain.article_language import in_english
from factcheck.domain.candidates import (
    Candidate,
    checkworthy,
    claim_from_sentence,
    read_alone,
)
from factcheck.domain.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    StaleVersion,
    TooLarge,
)
from factcheck.domain.limits import Limits
from factcheck.domain.validation import (
    KEEP,
    Unchanged,
    not_in_the_future,
    optional_text,
    or_current,
    refuse_unstorable,
    required_text,
    web_url,
)
from factcheck.domain.workflow import Action
from factcheck.extraction import language
from factcheck.ingest.text import article_sha256, article_text
from factcheck.jobs.outbox import IdOf, enqueue_after_commit
from factcheck.models import Article, Claim, LlmRewriteStatus, Snapshot, User

MAX_TITLE = 300
MAX_SOURCE_NAME = 200  # an article's outlet or author
REWRITE_PENDING = (
    "The language model is rewriting the candidates; until it is done the local model's "
    "candidates are shown."
)
TRIAGE = (Action.ACCEPT, Action.REJECT, Action.RESTORE, Action.UNACCEPT)


@dataclass(frozen=True)
class PreparedArticle:
    """An article checked and its candidate claims extracted, with nothing written yet.

    Preparing holds no database lock, so slow work (extraction) never keeps other writers
    waiting; storing it afterwards is a short write. `llm_rewrite` asks for the language
    model's rewrite of the candidates, done by a job once the article is stored.
    """

    title: str
    body: str
    body_sha256: str
    source_url: str | None
    outlet: str | None
    author: str | None
    published_on: dt.date | None
    candidates: tuple[Candidate, ...]
    llm_rewrite: bool = False
    language: str | None = None  # what the text looks to be in; None: not told (English)
    any_language: bool = False  # candidates asked for even if it is not in English
    for_subscribers: bool = False  # its page says so (factcheck.ingest.paywall)
    declared_words: int | None = None  # its page declares more than twice the words it gave


def found_in_document(value: str | None, limit: int) -> str | None:
    """A title, author or site name read from a page or a file rather than typed: cut to
    the field's `limit` with an ellipsis instead of refused (the editor did not write it)."""
    if value is None or len(value) <= limit:
        return value
    return value[: limit - 1].rstrip() + "…"


def prepare_article(
    *,
    creator: User,
    title: str | None,
    body: str | None,
    limits: Limits,
    source_url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published_on: dt.date | None = None,
    any_language: bool = False,
) -> PreparedArticle:
    """Check an article and extract its candidate claims (the check-worthy sentences):
    none for an article not in English, unless `any_language` asks for them.

    The body is kept in its normal form (`article_text`), and claim spans index into it;
    pasted, uploaded or fetched, the same article has the same hash (`article_sha256`).
    """
    workflow.require(None, Action.CREATE, creator)
    body = article_text(_bounded_body(body or "", limits.max_chars))
    if not body.strip():
        raise InvalidInput("The article text is empty. Paste the article's text.", field="text")
    code = language.detect(body)
    candidates = checkworthy(extraction.extract(body, threshold=limits.threshold))
    if not (any_language or language.is_english(code)):
        candidates = in_english(body, candidates)
    return PreparedArticle(
        title=required_text(title, "title", max_length=MAX_TITLE),
        body=body,
        body_sha256=article_sha256(body),
        source_url=web_url(source_url, "source_url", required=False, label="source URL"),
        outlet=optional_text(outlet, "outlet", max_length=MAX_SOURCE_NAME),
        author=optional_text(author, "author", max_length=MAX_SOURCE_NAME),
        published_on=published_on,
        candidates=candidates,
        llm_rewrite=limits.llm is not None,
        language=code,
        any_language=any_language,
    )


# The advisory lock that storing an article holds on PostgreSQL (see store_article).
STORING_ARTICLES = 0x66637374617274  # "fcstart"


def store_article(
    session: Session,
    prepared: PreparedArticle,
    *,
    creator: User,
    snapshot: Snapshot | None = None,
    limits: Limits,
    force: bool = False,
) -> Article:
    """Store a prepared article and its candidates, and queue the language model's rewrite
    of them when it was asked for (its notice goes to `limits.notices`).

    The same URL or the same text again raises Duplicate, naming the article already in
    the desk; `force` adds it anyway as a new version linked to that one.
    """
    if session.get_bind().dialect.name == "postgresql":
        # Articles are stored one at a time, so that the duplicate check sees the one stored
        # just before (two pastes or imports at once both found none, and both were stored);
        # SQLite's BEGIN IMMEDIATE serialises writers already. Held until the commit.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORING_ARTICLES})
    existing = find_duplicate(
        session, source_url=prepared.source_url, body_sha256=prepared.body_sha256
    )
    if existing is not None and not force:
        raise Duplicate(existing)
    article = Article(
        title=prepared.title,
        body=prepared.body,
        body_sha256=prepared.body_sha256,
        snapshot=snapshot,
        previous_version_id=existing.id if existing else None,
        source_url=prepared.source_url,
        outlet=prepared.outlet,
        author=prepared.author,
        published_on=prepared.published_on,
        language=prepared.language,
        any_language=prepared.any_language,
        for_subscribers=prepared.for_subscribers,
        declared_words=prepared.declared_words,
        created_by_id=creator.id,
    )
    session.add(article)
    session.flush()  # generate article.id for the claims and the event
    audit.record(
        session,
        actor=creator,
        entity_type="article",
        entity_id=article.id,
        action=Action.CREATE,
        to_status=article.status.value,
        note=f"new version of article #{existing.id}" if existing else None,
    )
    claims = [claim_from_candidate(article, candidate) for candidate in prepared.candidates]
    save_candidates(session, article, creator, claims)
    stored_suggestions.request(session, article.id)  # earlier fact-checks, found by a job
    if prepared.llm_rewrite:
        article.llm_rewrite_status = LlmRewriteStatus.PENDING
        enqueue_after_commit(session, "rewrite_candidates", IdOf(article))
        limits.notices.append(REWRITE_PENDING)
    return article


def create_article(
    session: Session,
    *,
    creator: User,
    title: str | None,
    body: str | None,
    limits: Limits,
    source_url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    published_on: dt.date | None = None,
    snapshot: Snapshot | None = None,
    force: bool = False,
) -> Article:
    """Prepare and store an article in one step (see prepare_article, store_article)."""
    prepared = prepare_article(
        creator=creator,
        title=title,
        body=body,
        limits=limits,
        source_url=source_url,
        outlet=outlet,
        author=author,
        published_on=published_on,
    )
    return store_article(
        session, prepared, creator=creator, snapshot=snapshot, limits=limits, force=force
    )


def save_candidates(
    session: Session, article: Article, creator: User, claims: list[Claim], note: str | None = None
) -> None:
    """Add new candidate claims, each with its "extract" event (by the article's creator)."""
    session.add_all(claims)
    claimants.attach(session, claims)
    session.flush()  # generate claim ids for their events
    for claim in claims:
        audit.record(
            session,
            actor=creator,
            entity_type="claim",
            entity_id=claim.id,
            action="extract",
            to_status=claim.status.value,
            note=note,
        )


class Duplicate(DomainError):
    """The article is already in the desk; `existing` is the latest copy."""

    code = "duplicate"
    status = 409

    def __init__(self, existing: Article) -> None:
        super().__init__(
            f"This article is already in the desk as #{existing.id} “{existing.title}”. "
            "Open it, or add it again as a new version."
        )
        self.existing = existing


def find_duplicate(
    session: Session, *, source_url: str | None, body_sha256: str | None
) -> Article | None:
    """The newest article with the same source URL or the same text, if any."""
    conditions = []
    if source_url:
        conditions.append(Article.source_url == source_url)
    if body_sha256:
        conditions.append(Article.body_sha256 == body_sha256)
    if not conditions:
        return None
    query = select(Article).where(or_(*conditions)).order_by(Article.id.desc()).limit(1)
    return session.scalars(query).first()


def _bounded_body(body: str, max_chars: int) -> str:
    # Every way in removes or refuses NUL first; this keeps the database error away.
    refuse_unstorable(body, "text")
    if len(body) > max_chars:
        raise TooLarge(
            f"The article is {len(body):,} characters; the limit is {max_chars:,}. "
            "Split it into parts, or ask an admin to raise FACTCHECK_MAX_ARTICLE_CHARS.",
            field="text",
        )
    return body


def claim_from_candidate(article: Article, candidate: Candidate) -> Claim:
    """A candidate claim of its sentence. Worded otherwise than the sentence shows (the
    language model's rewrite), it is scored on its own words, as a reworded claim is: the
    reasons beside a claim explain its text."""
    claim = claim_from_sentence(article, candidate.position, candidate.sentence)
    if candidate.text != claim.text:
        claim.text = candidate.text
        claim.score, claim.kind, claim.reasons = read_alone(candidate.text)
    return claim


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"There is no article #{article_id}.")
    return article


def get_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"There is no claim #{claim_id}.")
    return claim


def recent_articles(session: Session, limit: int = 50) -> list[Article]:
    query = select(Article).order_by(Article.created_at.desc(), Article.id.desc()).limit(limit)
    return list(session.scalars(query))


def triage(
    session: Session, claim: Claim, action: str, actor: User, *, expected_version: int | None
) -> None:
    """Accept, reject or restore a candidate, or take a queued claim back (unaccept)."""
    if action not in TRIAGE:
        raise InvalidInput(f"Unknown triage action {action!r}.")
    current = claim.version  # read first: a failed flush expires the claim
    try:
        workflow.transition(
            session, claim, Action(action), actor, expected_version=expected_version
        )
    except StaleVersion as error:
        if expected_version is None or expected_version == current:
            raise  # a lost race at flush: its own message says so
        # A button keeps no typed text: say what the editor sees instead.
        raise StaleVersion(
            f"Claim #{claim.id} was changed by {audit.last_change(session, 'claim', claim.id)}"
            " since you opened the page; its current state is shown. Decide again if needed."
        ) from error


def edit_claim_details(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    claimant: str | int | Unchanged | None = KEEP,
    claim_date: dt.date | Unchanged | None = KEEP,
    expected_version: int | None,
) -> None:
    """Set who made the claim and when (ClaimReview's itemReviewed author and date).

    The claimant is a name (any name or alias of a record; a new name makes a new record)
    or a record's id. A field left out (KEEP) stays as it is; None clears it. The claim's
    hint sent back as it is (words that name nobody, "government") stays a hint.
    """
    day = or_current(claim_date, claim.claim_date)
    not_in_the_future(day if claim_date is not KEEP else None, "claim_date", "The claim's date")
    workflow.require(claim, Action.EDIT_DETAILS, actor)
    dated = stored_suggestions.matching_dates([claim])
    record, keep = claimants.chosen(session, claim, claimant)
    name = record.name if record else (claim.claimant if keep else None)
    note = f"claimant: {name or '-'}, date: {day.isoformat() if day else '-'}"
    workflow.move(
        session, claim, Action.EDIT_DETAILS, actor, note=note, expected_version=expected_version
    )
    if record is not None or not keep:  # a hint that names nobody stays the claim's
        if (record.id if record else None) != claim.claimant_id:
            claim.claimant_role = None  # the role was the extracted claimant's
        claimants.set_on_claim(claim, record)
    claim.claim_date = day
    stored_suggestions.request_if_redated(session, claim.article_id, [claim], dated)
    workflow.flush_claim(session, claim)


def edit_article(
    session: Session,
    article: Article,
    actor: User,
    *,
    title: str | None,
    outlet: str | None,
    source_url: str | None,
    published_on: dt.date | None,
    expected_version: int | None = None,
) -> None:
    """Editors correct an article's metadata (not its text: claim spans point into it)."""
    workflow.require(article, Action.EDIT, actor)
    workflow.check_version(session, article, expected_version)
    dated = stored_suggestions.matching_dates(article.claims)
    before = after_publication.article_details(article)
    article.title = required_text(title, "title", max_length=MAX_TITLE)
    article.outlet = optional_text(outlet, "outlet", max_length=MAX_SOURCE_NAME)
    article.source_url = web_url(source_url, "source_url", required=False, label="source URL")
    article.published_on = published_on
    audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action=Action.EDIT,
        note=article.title,
    )
    after_publication.note_article_edit(session, article, actor, before)
    stored_suggestions.request_if_redated(session, article.id, article.claims, dated)
    session.flush()
