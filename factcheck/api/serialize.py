"""JSON shapes of the API."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from factcheck import web
from factcheck.domain import publishing
from factcheck.domain.matching import Suggestion
from factcheck.models import Article, Claim, Event, Evidence, Rating, Verdict


def rating(item: Rating) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "label": item.label,
        "ordinal": item.ordinal,
        "description": item.description,
        "colour": item.colour,
    }


def claim(item: Claim) -> dict[str, Any]:
    verdict = item.current_verdict
    return {
        "id": item.id,
        "article_id": item.article_id,
        "text": item.text,
        "source_sentence": item.source_sentence,
        "start": item.span_start,
        "end": item.span_end,
        "position": item.position,
        "score": round(item.score, 4),
        "reasons": item.reasons,
        "claimant": item.claimant,
        "status": item.status.value,
        "assignee_id": item.assignee_id,
        "lease_expires_at": _time(item.lease_expires_at),
        "priority": item.priority,
        "due_at": _time(item.due_at),
        "version": item.version,
        "verdict": verdict_(verdict) if verdict else None,
        "evidence": [evidence(e) for e in item.evidence],
    }


def verdict_(item: Verdict) -> dict[str, Any]:
    return {
        "id": item.id,
        "rating": item.rating.slug,
        "rating_label": item.rating.label,
        "explanation": item.explanation,
        "status": item.status.value,
        "author_id": item.author_id,
        "reviewer_id": item.reviewer_id,
        "review_note": item.review_note,
        "created_at": _time(item.created_at),
        "reviewed_at": _time(item.reviewed_at),
    }


def evidence(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "publisher": item.publisher,
        "excerpt": item.excerpt,
        "stance": item.stance.value,
        "accessed_on": item.accessed_on.isoformat(),
        "added_by_id": item.added_by_id,
    }


def article(item: Article) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "outlet": item.outlet,
        "author": item.author,
        "source_url": item.source_url,
        "body_sha256": item.body_sha256,
        "status": item.status.value,
        "created_at": _time(item.created_at),
        "published_at": _time(item.published_at),
        "claims": [claim(c) for c in sorted(item.claims, key=lambda c: (-c.score, c.position))],
    }


def published_article(session: Session, item: Article) -> dict[str, Any]:
    """What readers may see: no drafts, no reviewer notes, no assignees."""
    return {
        "id": item.id,
        "title": item.title,
        "outlet": item.outlet,
        "source_url": item.source_url,
        "summary": item.summary,
        "published_at": _time(item.published_at),
        "url": web.public_url("public.factcheck", article_id=item.id),
        "claims": [_published_claim(session, c) for c in publishing.published_claims(item)],
    }


def _published_claim(session: Session, item: Claim) -> dict[str, Any]:
    verdict = item.published_verdict
    assert verdict is not None  # a published claim always has a published verdict
    return {
        "id": item.id,
        "url": web.public_url("public.claim_page", claim_id=item.id),
        "text": item.text,
        "claimant": item.claimant,
        "claim_date": item.claim_date.isoformat() if item.claim_date else None,
        "rating": rating(verdict.rating),
        "explanation": verdict.explanation,
        "date_published": _time(item.published_at),
        "date_modified": _time(publishing.last_modified(item)),
        "sources": [
            {
                "url": e.url,
                "title": e.title,
                "publisher": e.publisher,
                "stance": e.stance.value,
                "excerpt": e.excerpt,
                "accessed_on": e.accessed_on.isoformat(),
            }
            for e in item.evidence
        ],
        "corrections": [
            {
                "date": _time(c.created_at),
                "reason": c.reason,
                "previous_rating": c.previous_verdict.rating.slug,
                "new_rating": c.new_verdict.rating.slug,
            }
            for c in publishing.corrections_of(session, item)
        ],
    }


def event(item: Event) -> dict[str, Any]:
    return {
        "id": item.id,
        "action": item.action,
        "from_status": item.from_status,
        "to_status": item.to_status,
        "actor": item.actor.display_name if item.actor else None,
        "actor_id": item.actor_id,
        "note": item.note,
        "at": _time(item.created_at),
    }


def _time(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def suggestion(item: Suggestion) -> dict[str, Any]:
    why = item.reasons
    return {
        "id": item.external_id,
        "score": round(item.score, 4),
        "shared_terms": list(item.shared_terms),
        "claim": item.claim,
        "outlet": item.outlet,
        "rating": item.rating,
        "url": item.url,
        "ours": item.ours,
        "date": item.date.isoformat() if item.date else None,
        # How sure the match is, in [0, 1]; the desk says "possibly already checked" from 0.25.
        "confidence": round(item.confidence, 4),
        "why": {
            "phrases": list(why.phrases) if why else [],
            "numbers": list(why.numbers) if why else [],
            "words": list(why.words) if why else [],
        },
    }
