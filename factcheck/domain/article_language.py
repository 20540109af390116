"""An article's language and what it means for its candidates: the check-worthiness model
is made for English (docs/model-card.md), so an article not in English gets candidates only
from its English paragraphs, unless the editor asks (factcheck.extraction.language tells
the language)."""

from __future__ import annotations

from factcheck.domain.candidates import Candidate
from factcheck.extraction import language
from factcheck.models import Article


def in_english(body: str, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The candidates of an article not in English that lie in its English paragraphs."""
    parts = language.english_parts(body)
    return tuple(c for c in found if inside(c.sentence.start, c.sentence.end, parts))


def proposable_parts(article: Article) -> list[tuple[int, int]] | None:
    """Where the article's language rule lets candidates come from, for work done after it
    was added (the language model's rewrite): None for anywhere (English, or the editor
    asked for any language), else the spans of its English paragraphs. An article added
    before the choice was kept (`any_language` None) counts as asked when it has a claim
    outside them, as its note says."""
    if language.is_english(article.language) or article.any_language:
        return None
    parts = language.english_parts(article.body)
    if article.any_language is None and _claims_outside(article, parts):
        return None
    return parts


def language_note(article: Article) -> str | None:
    """What the desk says of the article's language: None for English (or not told)."""
    if language.is_english(article.language):
        return None
    parts = language.english_parts(article.body)
    # The editor's choice when it was kept (since migration 0035): ticked with no candidate
    # outside the English paragraphs, the note said "none are proposed"; before it, a claim
    # outside them is taken as asked.
    asked = (
        article.any_language
        if article.any_language is not None
        else _claims_outside(article, parts)
    )
    return language.article_note(article.language, asked=asked, english_parts=bool(parts))


def inside(start: int, end: int, parts: list[tuple[int, int]]) -> bool:
    """Whether the span lies within one of `parts` (paragraph spans)."""
    return any(first <= start and end <= last for first, last in parts)


def _claims_outside(article: Article, parts: list[tuple[int, int]]) -> bool:
    return any(not inside(c.span_start, c.span_end, parts) for c in article.claims)
