"""Input checks shared by every domain operation."""

from __future__ import annotations

from urllib.parse import urlsplit

from factcheck.domain.errors import InvalidInput, TooLarge


def required_text(value: str | None, field: str, *, max_length: int) -> str:
    """Return the value stripped; refuse it when blank or longer than `max_length`."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{field.capitalize()} is required.", field=field)
    return bounded_text(text, field, max_length=max_length)


def optional_text(value: str | None, field: str, *, max_length: int) -> str | None:
    text = (value or "").strip()
    return bounded_text(text, field, max_length=max_length) if text else None


def bounded_text(text: str, field: str, *, max_length: int) -> str:
    if len(text) > max_length:
        raise TooLarge(
            f"{field.capitalize()} is {len(text):,} characters; the limit is {max_length:,}.",
            field=field,
        )
    return text


def web_url(value: str | None, field: str, *, required: bool) -> str | None:
    """Accept only absolute http(s) URLs: `javascript:` and `data:` links never get stored."""
    url = (value or "").strip()
    if not url:
        if required:
            raise InvalidInput(f"{field.capitalize()} is required.", field=field)
        return None
    if len(url) > 2048:
        raise InvalidInput(f"{field.capitalize()} is longer than 2,048 characters.", field=field)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            f"{field.capitalize()} must be a full http:// or https:// address.", field=field
        )
    return url


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs; templates use it before rendering a link."""
    try:
        return web_url(url, "url", required=True) is not None
    except InvalidInput:
        return False
