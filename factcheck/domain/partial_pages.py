"""An article whose page says it is for subscribers (factcheck.ingest.paywall): factcheck
fetches as a reader who is not signed in, so it may have only the part shown to everyone.
The article is stored as it came; the desk and the API say so, and how to add the full
text (a new version: pasted with the article's address, "add as a new version" ticked)."""

from __future__ import annotations

from factcheck.models import Article
from factcheck.wording import counted

SUBSCRIBERS_NOTE = (
    "The page says it is for subscribers: only part of the article may have come through "
    "({words}). If you have the full text, add it as a new version by pasting it."
)


def subscribers_note(article: Article) -> str | None:
    """What the desk says of an article whose page is for subscribers; None for others."""
    if not article.for_subscribers:
        return None
    return SUBSCRIBERS_NOTE.format(words=counted(len(article.body.split()), "word"))
