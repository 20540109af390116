"""Input checks shared by every domain operation."""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import re
from typing import TypeVar
from urllib.parse import urlsplit

from factcheck import clock
from factcheck.domain.errors import InvalidInput, TooLarge


class Unchanged(enum.Enum):
    """A field a partial update left out: the stored value stays (None clears it)."""

    KEEP = "keep"


KEEP = Unchanged.KEEP
T = TypeVar("T")


def or_current(value: T | Unchanged, current: T) -> T:
    """`value`, or `current` when the update left the field out."""
    return current if isinstance(value, Unchanged) else value


# `field` is the input key an error names (error.field); `label`, when given, is how the
# message calls it ("archive URL" for archive_url).


def _name(field: str, label: str | None) -> str:
    """How a message calls a field: "URL", "Source URL", "Archive URL" (not "Url")."""
    return field_name(label or field)


def field_name(field: str) -> str:
    """A field's name as a sentence starts with it: "archive_url" -> "Archive URL",
    "claim_date" -> "Claim date" (the API's shape errors and the domain's say it alike)."""
    name = _URL_WORD.sub("URL", field.replace("_", " "))
    return name[:1].upper() + name[1:]


_URL_WORD = re.compile(r"\burl\b", re.IGNORECASE)


def required_text(
    value: str | None, field: str, *, max_length: int, label: str | None = None
) -> str:
    """Return the value stripped; refuse it when blank or longer than `max_length`."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{_name(field, label)} is required.", field=field)
    return bounded_text(text, field, max_length=max_length, label=label)


def optional_text(
    value: str | None, field: str, *, max_length: int, label: str | None = None
) -> str | None:
    text = (value or "").strip()
    return bounded_text(text, field, max_length=max_length, label=label) if text else None


# NUL (PostgreSQL text cannot hold it) and lone surrogates (halves of a UTF-16 pair, which
# JSON's \ud800 escapes can carry but UTF-8, so neither database, can store).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> str | None:
    """What in `text` no database can store, said for people; None when it is all text."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "a NUL character"
    return f"half of a surrogate pair (\\u{ord(found.group()):04x}), which is not text"


def refuse_unstorable(text: str, field: str, label: str | None = None) -> None:
    """Nobody types a NUL or a lone surrogate, and neither can be stored: refuse it, naming
    the field."""
    what = unstorable(text)
    if what is not None:
        name = _name(field, label) or "A value"
        raise InvalidInput(f"{name} contains {what}; remove it and send again.", field=field)


# The earlier name, still called by the request guard (factcheck/web/security.py).
refuse_nul = refuse_unstorable


def bounded_text(text: str, field: str, *, max_length: int, label: str | None = None) -> str:
    refuse_unstorable(text, field, label)
    if len(text) > max_length:
        raise TooLarge(
            f"{_name(field, label)} is {len(text):,} characters; the limit is {max_length:,}.",
            field=field,
        )
    return text


def web_url(
    value: str | None, field: str, *, required: bool, label: str | None = None
) -> str | None:
    """Accept only absolute http(s) URLs: `javascript:` and `data:` links never get stored."""
    url = (value or "").strip()
    name = _name(field, label)
    if not url:
        if required:
            raise InvalidInput(f"{name} is required.", field=field)
        return None
    if len(url) > 2048:
        raise InvalidInput(f"{name} is longer than 2,048 characters.", field=field)
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[" and hosts that NFKC-normalise into "/" or "@": no URL
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidInput(
            f"{name} must be a full http:// or https:// address.{_with_scheme(url)}",
            field=field,
        )
    if not _is_host(parts.hostname or ""):
        raise InvalidInput(
            f"{name} names no host that could exist ({parts.hostname or 'none'!r}).", field=field
        )
    try:
        parts.port  # noqa: B018 -- read to check it: a port beyond 65535 raises
    except ValueError:
        raise InvalidInput(f"{name} has a port beyond 65535.", field=field) from None
    if _DIRECTION_MARK.search(url):
        raise InvalidInput(
            f"{name} contains an invisible direction mark (such as U+202E), which would show "
            "the address differently from where it leads; remove it.",
            field=field,
        )
    return url


# Characters that reorder how text is shown: in an address they make "gpj.exe" read
# "exe.jpg". No URL needs them (RFC 3987 forbids the bidi formatting characters).
DIRECTION_MARKS = "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_DIRECTION_MARK = re.compile(f"[{DIRECTION_MARKS}]")


# A host name: dot-separated labels of letters (any script), digits, hyphens and the
# underscores some real subdomains have; or an IP address. "%00%ff", "...." and "a..b" name
# nothing a browser could reach.
_HOST_LABEL = re.compile(r"\w+(?:-+\w+)*")


def _with_scheme(url: str) -> str:
    """The words ' Did you mean https://…?' for an address typed without its scheme, as
    address bars show them ("www.example.org/report"); "" for anything else (javascript:)."""
    if "://" in url or url.lower().startswith(("javascript:", "data:", "mailto:")):
        return ""
    host = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if "." not in host or not _is_host(host):
        return ""
    return f" Did you mean https://{url}?"


def _is_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        labels = host.removesuffix(".").split(".")
        return all(len(label) <= 63 and _HOST_LABEL.fullmatch(label) for label in labels)


def is_web_url(url: str | None) -> bool:
    """True for absolute http(s) URLs; templates use it before rendering a link."""
    try:
        return web_url(url, "url", required=True) is not None
    except InvalidInput:
        return False


# The largest id the databases store (PostgreSQL's INTEGER); larger ones do not exist.
MAX_ID = 2_147_483_647
_WHOLE = re.compile(r"-?[0-9]{1,18}")
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def whole_number(raw: object, field: str, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """An integer from text or JSON, within [low, high]; None when empty.

    Only ASCII digits count: "²" passes str.isdigit() but is not a number to int().
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise InvalidInput(f"{field} must be a whole number.", field=field)
    text = str(raw).strip()
    if not _WHOLE.fullmatch(text):
        raise InvalidInput(f"{field} must be a whole number, got {text[:20]!r}.", field=field)
    value = int(text)
    if not low <= value <= high:
        raise InvalidInput(f"{field} must be between {low:,} and {high:,}.", field=field)
    return value


def calendar_date(raw: str | None, field: str) -> dt.date | None:
    """A YYYY-MM-DD date between 1900 and 2999, or None when empty."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{field} must be a date like 2026-01-31.", field=field) from None
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(f"{field} must be between 1900 and 2999.", field=field)
    return day


# A day of grace: where a contributor's day has begun (up to UTC+14), the newsroom's may not
# have (FACTCHECK_TIME_ZONE).
_TOMORROW_SOMEWHERE = dt.timedelta(days=1)


def not_in_the_future(day: dt.date | None, field: str, label: str) -> dt.date | None:
    """Refuse a date that has not come yet: the day a claim was made, a source read or a
    claimant contacted is in the past, and readers see it."""
    if day is not None and day > clock.local_today() + _TOMORROW_SOMEWHERE:
        raise InvalidInput(
            f"{label} cannot be in the future ({day.isoformat()}); today is "
            f"{clock.local_today().isoformat()} in {clock.zone_name()}.",
            field=field,
        )
    return day


def optional_id(raw: object) -> int | None:
    """A record id from a form field, or None when it is missing or not an id."""
    try:
        return whole_number(raw, "id", low=1)
    except InvalidInput:
        return None


def ids(values: list[str]) -> list[int]:
    """The valid record ids among form values (ticked checkboxes)."""
    return [number for number in (optional_id(v) for v in values) if number is not None]
