"""Records into the API's response models (factcheck/api/schemas): one function per shape.

The models are closed and typed, so a field added here without its declaration fails at
once (mypy, and pydantic when the response is built).
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from sqlalchemy.orm import Session

from factcheck import extraction, web
from factcheck.api.schemas import extracted, matching
from factcheck.api.schemas import published as pub
from factcheck.api.schemas import responses as out
from factcheck.domain import article_language, guards, headlines, partial_pages, publishing
from factcheck.domain.assignment import Assignable
from factcheck.domain.candidates import Merged
from factcheck.domain.earlier_checks import Suggestion
from factcheck.domain.review_panel import VoteOutcome
from factcheck.models import (
    Article,
    Claim,
    Claimant,
    ClaimStatus,
    Comment,
    Event,
    Evidence,
    Rating,
    UrlImport,
    Verdict,
    VerdictDraft,
)


def rating(item: Rating, definition: str | None = None) -> out.Rating:
    """The rating with its current definition, or `definition` (a verdict's, as given)."""
    return out.Rating(
        slug=item.slug,
        label=item.label,
        ordinal=item.ordinal,
        description=item.description if definition is None else definition,
        colour=item.colour,
    )


def _reasons(reasons: list[dict[str, Any]] | None) -> list[out.Reason]:
    return [out.Reason.model_validate(reason) for reason in reasons or []]


def claim(item: Claim) -> out.Claim:
    return out.Claim(**_claim_fields(item))


def merged_claim(result: Merged) -> out.MergedClaim:
    dropped = [
        out.DroppedClaimant(claim_id=item.id, claimant=item.claimant or "")
        for item in result.dropped
    ]
    warning = result.summary() if dropped else None
    return out.MergedClaim(
        **_claim_fields(result.claim), dropped_claimants=dropped, warning=warning
    )


def reviewed_claim(item: Claim, outcome: VoteOutcome) -> out.ReviewedClaim:
    return out.ReviewedClaim(**_claim_fields(item), outcome=outcome)


def claimant(record: Claimant | None) -> out.Claimant | None:
    if record is None:
        return None
    return out.Claimant(id=record.id, name=record.name, role=record.role, kind=record.kind.value)


def _claim_fields(item: Claim) -> dict[str, Any]:
    # A published claim shows what readers see; a correction waiting for the panel apart.
    published = item.status == ClaimStatus.PUBLISHED
    shown = item.published_verdict if published else item.current_verdict
    pending = guards.pending_correction(item)
    return {
        "id": item.id,
        "article_id": item.article_id,
        "text": item.text,
        "source_sentence": item.source_sentence,
        "start": item.span_start,
        "end": item.span_end,
        "position": item.position,
        "score": round(item.score, 4),
        "reasons": _reasons(item.reasons),
        "claimant": claimant(item.claimant_record),
        "suggested_claimant": item.claimant if item.claimant_id is None else None,
        "claimant_role": item.claimant_role,
        "kind": item.kind,
        "claim_date": item.claim_date,
        "status": item.status,
        "assignee_id": item.assignee_id,
        "lease_expires_at": item.lease_expires_at,
        "priority": item.priority,
        "due_at": item.due_at,
        "version": item.version,
        "verdict": verdict(shown) if shown else None,
        "pending_correction": (
            out.ProposedCorrection(
                **_verdict_fields(pending),
                reason=pending.correction_reason or "",
                headline_warning=headlines.kept_over_new_rating(item.published_verdict, pending),
            )
            if pending
            else None
        ),
        "evidence": [evidence(e) for e in item.evidence],
    }


def verdict(item: Verdict) -> out.Verdict:
    return out.Verdict(**_verdict_fields(item))


def _verdict_fields(item: Verdict) -> dict[str, Any]:
    return {
        "id": item.id,
        "rating": item.rating.slug,
        "rating_label": item.rating.label,
        "explanation": item.explanation,
        "headline": item.headline,
        "status": item.status,
        "author_id": item.author_id,
        "reviewer_id": item.reviewer_id,
        "review_note": item.review_note,
        "created_at": item.created_at,
        "reviewed_at": item.reviewed_at,
    }


def evidence(item: Evidence) -> out.Evidence:
    return out.Evidence(
        id=item.id,
        url=item.url,
        title=item.title,
        publisher=item.publisher,
        excerpt=item.excerpt,
        stance=item.stance,
        accessed_on=item.accessed_on,
        archive_url=item.archive_url,
        note=item.note,
        is_primary=item.is_primary,
        added_by_id=item.added_by_id,
        version=item.version,
    )


def article(item: Article) -> out.Article:
    return out.Article(**_article_fields(item))


def created_article(item: Article, notices: list[str]) -> out.CreatedArticle:
    fields = _article_fields(item)
    return out.CreatedArticle(**{**fields, "notices": [*notices, *fields["notices"]]})


# How a client adds the full text of an article whose page is for subscribers or cut short.
NEW_VERSION = "POST it to /api/v1/articles with this article's `source_url` and `force: true`."


def _notes(item: Article) -> list[str]:
    """What the desk says of the article, in words (`notices`)."""
    paid = partial_pages.partial_note(item)
    said = [article_language.language_note(item), paid and f"{paid} {NEW_VERSION}"]
    return [note for note in said if note]


def _article_fields(item: Article) -> dict[str, Any]:
    ranked = sorted(item.claims, key=lambda c: (-c.score, c.position))
    return {
        "id": item.id,
        "title": item.title,
        "outlet": item.outlet,
        "author": item.author,
        "source_url": item.source_url,
        "body_sha256": item.body_sha256,
        "published_on": item.published_on,
        "status": item.status,
        "created_at": item.created_at,
        "published_at": item.published_at,
        "withdrawn_at": item.withdrawn_at,
        "llm_rewrite": out.LlmRewrite(
            status=item.llm_rewrite_status, notice=item.llm_rewrite_notice
        )
        if item.llm_rewrite_status
        else None,
        "version": item.version,
        "language": item.language,
        "for_subscribers": item.for_subscribers,
        "claims": [claim(c) for c in ranked],
        "notices": _notes(item),
    }


def draft(item: Claim, saved: VerdictDraft) -> out.Draft:
    return out.Draft(
        claim_id=item.id,
        rating=saved.rating_slug,
        explanation=saved.explanation,
        saved_at=saved.updated_at,
        author_id=saved.author_id,
    )


def comment(item: Comment) -> out.Comment:
    return out.Comment(
        id=item.id,
        claim_id=item.claim_id,
        parent_id=item.parent_id,
        body=item.body,
        author_id=item.author_id,
        created_at=item.created_at,
    )


def event(item: Event) -> out.Event:
    return out.Event(
        id=item.id,
        action=item.action,
        from_status=item.from_status,
        to_status=item.to_status,
        actor=item.actor.display_name if item.actor else None,
        actor_id=item.actor_id,
        note=item.note,
        at=item.created_at,
    )


def assignee(item: Assignable) -> out.Assignee:
    """Never the email address: every staff caller may list assignees."""
    person = item.user
    return out.Assignee(
        id=person.id,
        display_name=person.display_name,
        role=person.role,
        open_claims=item.open_claims,
    )


def sentence(item: extraction.ExtractedSentence) -> extracted.Sentence:
    return extracted.Sentence.model_validate(extraction.sentence_to_dict(item))


def suggestion(item: Suggestion) -> matching.Suggestion:
    why = item.reasons
    return matching.Suggestion(
        id=item.external_id,
        score=round(item.score, 4),
        shared_terms=list(item.shared_terms),
        claim=item.claim,
        outlet=item.outlet,
        rating=item.rating,
        url=item.url,
        ours=item.ours,
        date=item.date,
        confidence=round(item.confidence, 4),
        why=matching.MatchReasons(
            phrases=list(why.phrases) if why else [],
            numbers=list(why.numbers) if why else [],
            words=list(why.words) if why else [],
        ),
    )


# What readers see ---------------------------------------------------------------------------


def published_article(session: Session, item: Article) -> pub.PublishedArticle:
    """What readers may see: no drafts, no reviewer notes, no assignees."""
    return pub.PublishedArticle(
        id=item.id,
        title=item.title,
        outlet=item.outlet,
        source_url=item.source_url,
        summary=item.summary,
        published_at=item.published_at,
        url=web.public_url("public.factcheck", article_id=item.id),
        claims=[_published_claim(session, c) for c in publishing.published_claims(item)],
    )


def _published_claim(session: Session, item: Claim) -> pub.PublishedClaim:
    shown = item.published_verdict
    assert shown is not None  # a published claim always has a published verdict
    return pub.PublishedClaim(
        id=item.id,
        url=web.public_url("public.claim_page", claim_id=item.id),
        text=item.text,
        headline=shown.headline,
        claimant=item.claimant,
        claim_date=item.claim_date,
        rating=rating(shown.rating, shown.rating_definition),
        explanation=shown.explanation,
        date_published=item.published_at,
        date_modified=publishing.last_modified(item),
        sources=[_source(e) for e in item.evidence],
        topics=[
            pub.Topic(
                slug=t.slug, name=t.name, url=web.public_url("public.topic_page", slug=t.slug)
            )
            for t in item.topics
        ],
        corrections=_corrections(session, item),
    )


def withdrawn_factcheck(session: Session, item: Article) -> pub.WithdrawnFactCheck:
    """What identifies a withdrawn fact-check, as its withdrawn page shows it: the claims
    readers saw, the rating each had and its corrections; no explanation, no sources."""
    return pub.WithdrawnFactCheck(
        id=item.id,
        title=item.title,
        outlet=item.outlet,
        source_url=item.source_url,
        url=web.public_url("public.factcheck", article_id=item.id),
        published_at=item.published_at,
        withdrawn_at=item.withdrawn_at,
        reason=item.withdrawn_reason,
        claims=[_withdrawn_claim(session, c) for c in publishing.published_claims(item)],
    )


def _withdrawn_claim(session: Session, item: Claim) -> pub.WithdrawnClaim:
    shown = item.published_verdict
    assert shown is not None  # a claim readers saw has a published verdict
    return pub.WithdrawnClaim(
        id=item.id,
        text=item.text,
        headline=shown.headline,
        claimant=item.claimant,
        rating=rating(shown.rating, shown.rating_definition),
        date_published=item.published_at,
        corrections=_corrections(session, item),
    )


def _corrections(session: Session, item: Claim) -> list[pub.Correction]:
    return [
        pub.Correction(
            date=c.created_at,
            reason=c.reason,
            previous_rating=c.previous_verdict.rating.slug,
            new_rating=c.new_verdict.rating.slug,
            previous_headline=c.previous_headline,
        )
        for c in publishing.corrections_of(session, item)
    ]


def _source(item: Evidence) -> pub.Source:
    return pub.Source(
        url=item.url,
        title=item.title,
        publisher=item.publisher,
        stance=item.stance,
        excerpt=item.excerpt,
        accessed_on=item.accessed_on,
    )


def claim_review(document: dict[str, object]) -> pub.ClaimReview:
    """The ClaimReview JSON-LD that factcheck.domain.claimreview_jsonld built, checked against its
    declaration (a key the declaration lacks fails here, not in a client)."""
    return pub.ClaimReview.model_validate(document)


def url_import(record: UrlImport) -> out.UrlImport:
    return out.UrlImport(
        id=record.id,
        url=record.url,
        status=record.status,
        article_id=record.article_id,
        error=record.error,
        error_code=record.error_code,
        propose_in_any_language=record.any_language,
        status_url=url_for("api.get_url_import", import_id=record.id, _external=True),
        created_at=record.created_at,
        finished_at=record.finished_at,
    )
