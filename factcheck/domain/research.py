"""Evidence and verdicts: the checker's work on a claim."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from factcheck import clock
from factcheck.domain import workflow
from factcheck.domain.errors import Gone, InvalidInput, NotFound, StaleVersion, TooFewSources
from factcheck.domain.queue import DEFAULT_LEASE, renew_lease
from factcheck.domain.validation import (
    not_in_the_future,
    optional_text,
    required_text,
    web_url,
)
from factcheck.domain.workflow import Action
from factcheck.models import (
    Claim,
    Evidence,
    Rating,
    ScaleVersion,
    Snapshot,
    Stance,
    User,
    Verdict,
    VerdictDraft,
    VerdictStatus,
)

MAX_EXCERPT = 5000
MAX_EXPLANATION = 20000
# FACTCHECK_MIN_SOURCES: the standard a verdict keeps, at submission and at publication.
DEFAULT_MIN_SOURCES = 1


def add_evidence(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    url: str | None,
    stance: str | None,
    title: str | None = None,
    publisher: str | None = None,
    excerpt: str | None = None,
    accessed_on: dt.date | None = None,
    archive_url: str | None = None,
    note: str | None = None,
    is_primary: bool = False,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> Evidence:
    """Record a source for the claim; only its holder may, and it renews their lease."""
    evidence = Evidence(claim_id=claim.id, added_by_id=actor.id, position=_next_position(claim))
    _apply(
        evidence,
        url=url,
        stance=stance,
        title=title,
        publisher=publisher,
        excerpt=excerpt,
        accessed_on=accessed_on,
        archive_url=archive_url,
        note=note,
        is_primary=is_primary,
    )
    workflow.transition(session, claim, Action.ADD_EVIDENCE, actor, note=evidence.url)
    session.add(evidence)
    renew_lease(session, claim, lease=lease)
    workflow.flush_claim(session, claim)
    # The claim's source lists are read-only views: read them again, so that the count the
    # publishing standard checks (too_few_sources) includes this one.
    session.expire(claim, ["evidence", "all_evidence"])
    return evidence


def _next_position(claim: Claim) -> int:
    return max((e.position for e in claim.all_evidence), default=-1) + 1


def _apply(
    evidence: Evidence,
    *,
    url: str | None,
    stance: str | None,
    title: str | None,
    publisher: str | None,
    excerpt: str | None,
    accessed_on: dt.date | None,
    archive_url: str | None,
    note: str | None,
    is_primary: bool,
) -> None:
    evidence.url = web_url(url, "url", required=True, label="URL") or ""
    evidence.stance = parse_stance(stance)
    evidence.title = optional_text(title, "title", max_length=300)
    evidence.publisher = optional_text(publisher, "publisher", max_length=200)
    evidence.excerpt = optional_text(excerpt, "excerpt", max_length=MAX_EXCERPT)
    evidence.accessed_on = (
        not_in_the_future(accessed_on, "accessed_on", "The date accessed") or clock.local_today()
    )
    evidence.archive_url = web_url(archive_url, "archive_url", required=False, label="archive URL")
    evidence.note = optional_text(note, "note", max_length=MAX_EXCERPT)
    evidence.is_primary = is_primary


EDITABLE = (
    "url",
    "stance",
    "title",
    "publisher",
    "excerpt",
    "accessed_on",
    "archive_url",
    "note",
    "is_primary",
)


def edit_evidence(
    session: Session,
    evidence: Evidence,
    actor: User,
    *,
    expected_version: int | None,
    lease: dt.timedelta = DEFAULT_LEASE,
    **fields: Any,
) -> None:
    """Change a source; the history keeps what it said before."""
    still_on_the_claim(evidence)
    check_evidence_version(session, evidence, expected_version)
    before = {name: getattr(evidence, name) for name in EDITABLE}
    values: dict[str, Any] = {name: fields.get(name) for name in EDITABLE}
    values["is_primary"] = bool(values["is_primary"])
    _apply(evidence, **values)
    changes = [
        f"{name}: {before[name]!s} → {getattr(evidence, name)!s}"
        for name in EDITABLE
        if before[name] != getattr(evidence, name)
    ]
    claim = evidence.claim
    workflow.transition(
        session,
        claim,
        Action.EDIT_EVIDENCE,
        actor,
        note=f"evidence #{evidence.id}: " + ("; ".join(changes) or "no change"),
    )
    renew_lease(session, claim, lease=lease)
    flush_evidence(session, evidence)


def move_evidence(session: Session, evidence: Evidence, actor: User, *, up: bool) -> None:
    """Move a source one place up or down in the order readers see."""
    still_on_the_claim(evidence)
    claim = evidence.claim
    workflow.require(claim, Action.EDIT_EVIDENCE, actor)
    ordered = list(claim.evidence)
    index = next(i for i, item in enumerate(ordered) if item.id == evidence.id)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(ordered):
        return  # already first (or last): nothing to do
    for position, item in enumerate(ordered):
        item.position = position
    other = ordered[other_index]
    evidence.position, other.position = other.position, evidence.position
    workflow.transition(
        session,
        claim,
        Action.EDIT_EVIDENCE,
        actor,
        note=f"evidence #{evidence.id} moved {'up' if up else 'down'}",
    )
    flush_evidence(session, evidence)


def remove_evidence(
    session: Session, evidence: Evidence, actor: User, *, expected_version: int | None
) -> None:
    """Take a source off the claim; it stays in the history."""
    still_on_the_claim(evidence)
    check_evidence_version(session, evidence, expected_version)
    workflow.transition(
        session,
        evidence.claim,
        Action.REMOVE_EVIDENCE,
        actor,
        note=f"evidence #{evidence.id}: {evidence.url}",
    )
    evidence.removed_at = clock.now()
    flush_evidence(session, evidence)
    session.expire(evidence.claim, ["evidence", "all_evidence"])  # as in add_evidence


def still_on_the_claim(evidence: Evidence) -> None:
    """A removed source stays in the history as it was: removing it again or editing it
    would add events about a source no one sees any more."""
    if evidence.removed_at is not None:
        raise Gone(
            f"Evidence #{evidence.id} was removed from claim #{evidence.claim_id} on "
            f"{clock.stamp(evidence.removed_at)}; it can no longer be changed."
        )


def check_evidence_version(
    session: Session, evidence: Evidence, expected_version: int | None
) -> None:
    if expected_version is None or expected_version == evidence.version:
        return
    workflow.check_version(session, evidence.claim, -1, label=f"Evidence #{evidence.id}")


def flush_evidence(session: Session, evidence: Evidence) -> None:
    evidence_id = evidence.id
    try:
        session.flush()
    except StaleDataError as exc:
        raise StaleVersion(
            f"Evidence #{evidence_id} was changed by someone else at the same moment. "
            "Nothing was saved; reload and try again."
        ) from exc


def parse_stance(value: str | None) -> Stance:
    try:
        return Stance((value or "").strip().lower())
    except ValueError:
        choices = ", ".join(s.value for s in Stance)
        raise InvalidInput(
            f"Unknown stance {value!r}. Choose one of: {choices}.", field="stance"
        ) from None


def ratings(session: Session, *, include_retired: bool = False) -> list[Rating]:
    """The rating scale, most true first; retired ratings only when asked for."""
    query = select(Rating).order_by(Rating.ordinal.desc(), Rating.id)
    if not include_retired:
        query = query.where(Rating.retired_at.is_(None))
    return list(session.scalars(query))


def rating_by_slug(session: Session, slug: str | None) -> Rating:
    """A rating for a new verdict: it must exist and not be retired."""
    rating = session.scalars(select(Rating).where(Rating.slug == (slug or "").strip())).first()
    if rating is None:
        choices = ", ".join(r.slug for r in ratings(session))
        raise InvalidInput(f"Unknown rating {slug!r}. Choose one of: {choices}.", field="rating")
    if rating.retired_at is not None:
        replacement = _replacement_in_use(session, rating)
        hint = f" Use “{replacement.label}” ({replacement.slug})." if replacement else ""
        raise InvalidInput(f"The rating “{rating.label}” was retired.{hint}", field="rating")
    return rating


def retired_since(session: Session, slug: str | None) -> tuple[Rating, Rating | None] | None:
    """For a draft or a returned verdict whose rating has been retired since it was chosen:
    that rating, and the rating in use that replaces it (following replacements that were
    retired in turn), or None when nothing does. None when `slug` is in use or unknown."""
    retired = session.scalars(select(Rating).where(Rating.slug == (slug or ""))).first()
    if retired is None or retired.retired_at is None:
        return None
    return retired, _replacement_in_use(session, retired)


def rating_for_readers(session: Session, slug: str) -> tuple[Rating, Rating | None]:
    """A rating whose published fact-checks readers may list, retired or not, and the rating
    in use that replaces it when it is retired (None otherwise, or when none does).
    NotFound for an unknown slug."""
    # Found in session 19: the list and feed used rating_by_slug, which refuses retired
    # ratings (for new verdicts), so a retired rating's fact-checks answered 404.
    rating = session.scalars(select(Rating).where(Rating.slug == slug)).first()
    if rating is None:
        raise NotFound(f"There is no rating {slug!r}.")
    if rating.retired_at is None:
        return rating, None
    return rating, _replacement_in_use(session, rating)


def _replacement_in_use(session: Session, retired: Rating) -> Rating | None:
    """The first rating still in use down the chain of replacements, or None."""
    replacement, seen = retired, {retired.id}
    while replacement.replaced_by_id is not None and replacement.replaced_by_id not in seen:
        seen.add(replacement.replaced_by_id)
        found = session.get(Rating, replacement.replaced_by_id)
        if found is None:
            break
        replacement = found
        if replacement.retired_at is None:
            return replacement
    return None


def submit_verdict(
    session: Session,
    claim: Claim,
    actor: User,
    *,
    rating_slug: str | None,
    explanation: str | None,
    expected_version: int | None = None,
    min_sources: int = DEFAULT_MIN_SOURCES,
) -> Verdict:
    """Propose a rating with its explanation and send the claim for review.

    Refused (TooFewSources) while the claim has fewer than `min_sources` sources; a submit
    the workflow refuses (a withdrawn fact-check, a claim moved on) is refused first."""
    workflow.check_move(session, claim, Action.SUBMIT, actor, expected_version)
    rating = rating_by_slug(session, rating_slug)
    text = required_text(explanation, "explanation", max_length=MAX_EXPLANATION)
    if (missing := too_few_sources(claim, min_sources)) is not None:
        raise TooFewSources(missing)
    # Read before the claim changes: a query would flush it, and move its version twice.
    scale_version, draft = current_scale_version(session), get_draft(session, claim, actor)
    workflow.move(
        session, claim, Action.SUBMIT, actor, note=rating.label, expected_version=expected_version
    )
    verdict = Verdict(
        claim=claim,
        rating=rating,
        explanation=text,
        author_id=actor.id,
        status=VerdictStatus.SUBMITTED,
        scale_version_id=scale_version,
    )
    session.add(verdict)
    if draft is not None:
        session.delete(draft)  # submitted: the verdict row keeps this version now
    claim.lease_expires_at = None  # under review: nothing to expire
    workflow.flush_claim(session, claim)
    return verdict


def too_few_sources(claim: Claim, min_sources: int) -> str | None:
    """Why the claim has too few sources for a verdict, or None when it has enough."""
    count = len(claim.evidence)
    if count >= min_sources:
        return None
    needed = f"{min_sources} source{'s' if min_sources != 1 else ''}"
    return (
        f"A verdict needs at least {needed}; claim #{claim.id} has {count}. "
        "Add the evidence the rating rests on first."
    )


def touch(session: Session, claim: Claim, *, lease: dt.timedelta = DEFAULT_LEASE) -> None:
    """Work on the claim: keep it with its checker a little longer."""
    renew_lease(session, claim, lease=lease)


def get_evidence(session: Session, evidence_id: int) -> Evidence:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"There is no evidence #{evidence_id}.")
    return evidence


def get_snapshot(session: Session, snapshot_id: int) -> Snapshot:
    snapshot = session.get(Snapshot, snapshot_id)
    if snapshot is None:
        raise NotFound(f"There is no snapshot #{snapshot_id}.")
    return snapshot


def current_scale_version(session: Session) -> int | None:
    return session.scalar(select(func.max(ScaleVersion.id)))


# Drafts --------------------------------------------------------------------------------


def get_draft(session: Session, claim: Claim, author: User) -> VerdictDraft | None:
    query = select(VerdictDraft).where(
        VerdictDraft.claim_id == claim.id, VerdictDraft.author_id == author.id
    )
    return session.scalars(query).first()
