"""An article that may be only part of its page's: the page says it is for subscribers
(factcheck.ingest.paywall; factcheck fetches as a reader who is not signed in, so it may
have only the part shown to everyone), or it declares more than twice the words that came
through (schema.org wordCount: cut short). The article is stored as it came; the desk and
the API say so, and how to add the full text (a new version: pasted with the article's
address, "add as a new version" ticked)."""

from __future__ import annotations

from factcheck.models import Article
from factcheck.wording import counted

SUBSCRIBERS_NOTE = (
    "The page says it is for subscribers: only part of the article may have come through "
    "({words}). If you have the full text, add it as a new version by pasting it."
)
CUT_SHORT_NOTE = (
    "The page says its article has {declared}, but only {words:,} came through: it may have "
    "been cut short. If you have the full text, add it as a new version by pasting it."
)


def partial_note(article: Article) -> str | None:
    """What the desk says of an article that may be only part of its page's; None for
    others. A page for subscribers is said so first: that is why it was cut short."""
    words = len(article.body.split())
    if article.for_subscribers:
        return SUBSCRIBERS_NOTE.format(words=counted(words, "word"))
    if article.declared_words is not None:
        return CUT_SHORT_NOTE.format(declared=counted(article.declared_words, "word"), words=words)
    return None
