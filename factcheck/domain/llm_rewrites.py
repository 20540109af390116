"""The language model's rewrite of an article's candidate claims, done by a job.

An article added while the model is configured is stored at once with the local model's
candidates, its `llm_rewrite_status` pending, and the job `rewrite_candidates` queued
(articles.store_article). The job asks the model holding no write lock (`ask_model`), then in
one short write (`finish`) replaces the candidates nobody has touched with the model's claims,
each spanning its sentence. A candidate an editor triaged, reworded, commented on or tagged
stays, and the model's claims for its sentence are left out. A failure keeps the local
candidates and the model's notice; an editor may ask again (`retry`). Only a pending rewrite is
worked on, so a second run of the job does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck import extraction
from factcheck.domain import article_language, articles, audit, stored_suggestions, workflow
from factcheck.domain.candidates import MAX_CLAIM_TEXT
from factcheck.domain.errors import Conflict, GaveUp
from factcheck.domain.limits import Limits
from factcheck.domain.workflow import Action
from factcheck.jobs.outbox import enqueue_after_commit
from factcheck.models import Article, Claim, ClaimStatus, Event, LlmRewriteStatus, User
from factcheck.wording import counted

NO_MODEL = (
    "The language model is no longer configured (FACTCHECK_LLM_URL); showing the local "
    "model's candidates."
)
REWRITTEN_NOTE = "rewritten by the language model"
NOT_IN_ENGLISH = (
    "their sentences are not in English and no candidates were asked for in any language"
)


@dataclass(frozen=True)
class Answer:
    """What the model made of an article: its result, or the notice saying why not."""

    result: extraction.LLMResult | None = None
    notice: str | None = None


def ask_model(session: Session, article_id: int, limits: Limits) -> Answer | None:
    """Ask the model to rewrite a pending article's candidates (slow; writes nothing).

    None: nothing to do (no such article, or its rewrite is not pending)."""
    article = session.get(Article, article_id)
    if article is None or article.llm_rewrite_status is not LlmRewriteStatus.PENDING:
        return None
    if limits.llm is None:
        return Answer(notice=NO_MODEL)
    result = extraction.extract_with_llm(article.body, limits.llm, threshold=limits.threshold)
    if result.notice is not None:
        return Answer(notice=result.notice)
    return Answer(result=result)


def finish(session: Session, article_id: int, answer: Answer) -> LlmRewriteStatus | None:
    """Write what the model answered on a still-pending article: its claims in place of the
    untouched candidates, or the notice. None: another run finished it first."""
    outcome = LlmRewriteStatus.FAILED if answer.result is None else LlmRewriteStatus.DONE
    if not _move(session, article_id, LlmRewriteStatus.PENDING, outcome, answer.notice):
        return None
    article = session.get(Article, article_id)
    assert article is not None  # _move found it
    if answer.result is None:
        audit.record(
            session,
            actor=None,
            entity_type="article",
            entity_id=article.id,
            action="llm_rewrite_failed",
            note=answer.notice,
        )
        session.flush()
        return outcome
    _replace_untouched(session, article, answer.result)
    # The rewritten claims are new: their earlier fact-checks are looked for again.
    stored_suggestions.request(session, article.id)
    return outcome


def gave_up(session: Session, article_id: int) -> None:
    """`rewrite_candidates` failed on every try: a still-pending rewrite fails with a notice
    and a retry, rather than saying "rewriting" for ever."""
    notice = GaveUp("rewrite the candidates with the language model").message
    finish(session, article_id, Answer(notice=f"{notice} The local model's candidates are shown."))


def retry(session: Session, article_id: int, actor: User) -> Article:
    """Ask the model again after a failed rewrite (an editor's "Try again")."""
    article = articles.get_article(session, article_id)
    workflow.require(article, Action.REWRITE_CANDIDATES, actor)
    if not _move(session, article.id, LlmRewriteStatus.FAILED, LlmRewriteStatus.PENDING, None):
        raise Conflict("Only a failed rewrite by the language model can be tried again.")
    audit.record(
        session,
        actor=actor,
        entity_type="article",
        entity_id=article.id,
        action=Action.REWRITE_CANDIDATES,
        from_status=LlmRewriteStatus.FAILED.value,
        to_status=LlmRewriteStatus.PENDING.value,
    )
    session.flush()
    enqueue_after_commit(session, "rewrite_candidates", article.id)
    return article


def _move(
    session: Session,
    article_id: int,
    before: LlmRewriteStatus,
    after: LlmRewriteStatus,
    notice: str | None,
) -> bool:
    """Set the rewrite's state if it still is `before` (False: someone else moved it).

    A conditional UPDATE: two runs cannot both win, and the article's version (which an
    editor's open details form holds) is not bumped by work the editor did not do."""
    moved = session.execute(
        update(Article)
        .where(Article.id == article_id, Article.llm_rewrite_status == before)
        .values(llm_rewrite_status=after, llm_rewrite_notice=notice)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(moved, "rowcount", 0))


def _replace_untouched(session: Session, article: Article, result: extraction.LLMResult) -> None:
    untouched = _untouched(session, article)
    kept = {(c.span_start, c.span_end) for c in article.claims if c not in untouched}
    claims, held_back = _within_language_rule(article, result.claims)
    creator = article.created_by  # loaded before the new claims join the article's list
    rewritten = [
        articles.claim_from_candidate(
            article,
            articles.Candidate(
                item.sentence_index,
                result.sentences[item.sentence_index],
                item.text[:MAX_CLAIM_TEXT],
            ),
        )
        for item in claims
        if (item.start, item.end) not in kept
    ]
    # Added before the old ones go, so that no new claim takes an old one's id (SQLite
    # reuses the highest ids freed): the audit trail and open pages keep meaning one claim.
    articles.save_candidates(session, article, creator, rewritten, REWRITTEN_NOTE)
    for claim in untouched:
        audit.record(
            session,
            actor=None,
            entity_type="claim",
            entity_id=claim.id,
            action="llm_replaced",
            from_status=claim.status.value,
            note="replaced by the language model's rewrite",
        )
        session.delete(claim)
    audit.record(
        session,
        actor=None,
        entity_type="article",
        entity_id=article.id,
        action="llm_rewrite",
        note=f"{counted(len(untouched), 'candidate')} replaced by "
        f"{counted(len(rewritten), 'rewritten claim')}"
        + (f"; {counted(len(kept), 'sentence')} kept as the editors left them" if kept else "")
        + (f"; {counted(held_back, 'claim')} left out: {NOT_IN_ENGLISH}" if held_back else ""),
    )
    session.flush()
    session.expire(article, ["claims"])


def _within_language_rule(
    article: Article, claims: list[extraction.LLMClaim]
) -> tuple[list[extraction.LLMClaim], int]:
    """The model's claims on sentences the article's language rule lets be proposed (its
    English paragraphs, unless the editor asked for any language), and how many it left out.

    The model is sent every sentence (they help it resolve "she" and "the figure"), but it
    may only reword what the rule allowed, as the local model proposed it."""
    parts = article_language.proposable_parts(article)
    if parts is None:
        return claims, 0
    allowed = [item for item in claims if article_language.inside(item.start, item.end, parts)]
    return allowed, len(claims) - len(allowed)


def _untouched(session: Session, article: Article) -> list[Claim]:
    """The article's candidates as extracted: no event since (triage, reword, comment, tag)."""
    candidates = [
        claim
        for claim in article.claims
        if claim.status is ClaimStatus.CANDIDATE and claim.split_from_id is None
    ]
    touched = set(
        session.scalars(
            select(Event.entity_id).where(
                Event.entity_type == "claim",
                Event.entity_id.in_([claim.id for claim in candidates]),
                Event.action != "extract",
            )
        )
    )
    return [claim for claim in candidates if claim.id not in touched]
