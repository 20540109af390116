"""Counts in words, for messages people read: "1 claim", "2 claims", never "claim(s)"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The word that goes with ``count``: ``singular`` for 1, else ``plural_form`` (by
    default ``singular`` + "s")."""
    return singular if count == 1 else (plural_form or f"{singular}s")


def counted(count: int, singular: str, plural_form: str | None = None) -> str:
    """``count`` and its word: "1 claim", "3 claims", "2 replies" (with ``plural_form``)."""
    return f"{count:,} {plural(count, singular, plural_form)}"


def with_article(word: str) -> str:
    """``word`` after "a" or "an": "an admin", "an editor", "a checker"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"
