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
    return tuple(c for c in found if _inside(c.sentence.start, c.sentence.end, parts))


def language_note(article: Article) -> str | None:
    """What the desk says of the article's language: None for English (or not told)."""
    if language.is_english(article.language):
        return None
    parts = language.english_parts(article.body)
    asked = any(not _inside(c.span_start, c.span_end, parts) for c in article.claims)
    return language.article_note(article.language, asked=asked, english_parts=bool(parts))


def _inside(start: int, end: int, parts: list[tuple[int, int]]) -> bool:
    return any(first <= start and end <= last for first, last in parts)
