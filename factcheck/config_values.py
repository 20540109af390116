"""Reading and checking FACTCHECK_* values: a wrong one is a ConfigError naming the variable
and what it takes (tests/test_config.py), never a traceback or a silently wrong app."""

from __future__ import annotations

import math
import os
import re
import urllib.parse
from email.message import EmailMessage

import click

PREFIX = "FACTCHECK_"


class ConfigError(click.ClickException, RuntimeError):
    """A setting is missing or wrong: the app must not start with it.

    A click exception, so that every command (`flask --app wsgi run`, `factcheck worker`)
    prints it as one "Error: ..." line instead of a traceback.
    """

    exit_code = 2


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(PREFIX + name, default)


def env_float(
    name: str, default: float, *, low: float = 0.0, above: bool = False, high: float = math.inf
) -> float:
    """A number from `low` (or `above` it) to `high`; the default when unset or empty."""
    raw = (env(name) or "").strip()
    if not raw:
        return default
    allowed = _allowed(low, above, high, "a number")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (value > low if above else value >= low) or not value <= high:
        raise ConfigError(f"{PREFIX}{name} must be {allowed}, got {raw!r}")
    return value


def env_int(name: str, default: int, *, low: int = 0, high: float = math.inf) -> int:
    """A whole number from `low` to `high`; the default when unset or empty."""
    raw = (env(name) or "").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise ConfigError(
            f"{PREFIX}{name} must be {_allowed(low, False, high, 'a whole number')}, got {raw!r}"
        )
    return int(raw)


def _allowed(low: float, above: bool, high: float, kind: str) -> str:
    lowest = f"{'above' if above else 'at least'} {low:g}"
    return f"{kind} {lowest}" + (f" and at most {high:g}" if high < math.inf else "")


def env_flag(name: str) -> bool | None:
    """1/true/yes/on or 0/false/no/off; None when the variable is unset or empty."""
    raw = (env(name) or "").strip().lower()
    if not raw:
        return None
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{PREFIX}{name} must be 1 or 0 (true or false), got {raw!r}")


def env_url(name: str, *, site: bool = False) -> str | None:
    """An http(s) URL without its trailing slash, or None when the variable is unset.

    A `site` URL is an address only (scheme, host, port): the app serves from its root.
    """
    raw = (env(name) or "").strip().rstrip("/")
    if not raw:
        return None
    example = "https://factcheck.example.org"
    try:
        parts = urllib.parse.urlsplit(raw)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        parts = urllib.parse.urlsplit("")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigError(
            f"{PREFIX}{name} must be an http:// or https:// URL such as {example}, got {raw!r}"
        )
    if site and (parts.path or parts.query or parts.fragment):
        raise ConfigError(
            f"{PREFIX}{name} must be the site's address with no path, such as {example} "
            f"(the app serves from its root), got {raw!r}"
        )
    return raw


def smtp_url() -> str | None:
    raw = (env("SMTP_URL") or "").strip()
    if not raw:
        return None
    if not raw.lower().startswith(("smtp://", "smtps://")):
        raise ConfigError(f"{PREFIX}SMTP_URL must start with smtp:// or smtps://, got {raw!r}")
    try:
        parts = urllib.parse.urlsplit(raw)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        parts = urllib.parse.urlsplit("")
    if not parts.hostname:
        raise ConfigError(
            f"{PREFIX}SMTP_URL must name a host and, if any, a port number "
            f"(smtp://user:password@mail.example.org:587), got {without_password(raw)!r}"
        )
    return raw


def without_password(url: str) -> str:
    """The URL with what stands between its `user:` and `@` hidden, for messages."""
    return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def checked_database_url(default: str) -> str:
    """FACTCHECK_DATABASE_URL: SQLite or PostgreSQL, written as SQLAlchemy reads it."""
    url = (env("DATABASE_URL") or "").strip() or default
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme == "postgres":
        raise ConfigError(
            f"{PREFIX}DATABASE_URL must start with postgresql:// (not postgres://), "
            "e.g. postgresql://factcheck:PASSWORD@db.internal/factcheck"
        )
    if scheme.partition("+")[0] not in ("sqlite", "postgresql"):
        raise ConfigError(
            f"{PREFIX}DATABASE_URL must be a sqlite:///path or postgresql://user@host/database "
            f"URL, got {without_password(url)!r}"
        )
    return url


def fetch_allow() -> str:
    from factcheck.ingest.guard import parse_allowlist

    raw = env("FETCH_ALLOW") or ""
    try:
        parse_allowlist(raw)
    except ValueError as error:
        raise ConfigError(str(error)) from error
    return raw


def redis_url() -> str | None:
    raw = (env("REDIS_URL") or "").strip()
    if raw and not raw.lower().startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"{PREFIX}REDIS_URL must start with redis://, rediss:// or unix:// "
            f"(e.g. redis://127.0.0.1:6379/0), got {without_password(raw)!r}"
        )
    return raw or None


def host_list(raw: str | None) -> list[str] | None:
    """`factcheck.example, .factcheck.example` → the list (a leading dot: any subdomain).

    Commas, spaces or both separate the names; a URL instead of a name is refused.
    """
    hosts = [host.lower() for host in (raw or "").replace(",", " ").split()]
    for host in hosts:
        if "/" in host or "@" in host:
            raise ConfigError(
                f"{PREFIX}TRUSTED_HOSTS takes host names, not URLs: e.g. "
                f"factcheck.example.org,.example.org, got {host!r}"
            )
    return hosts or None


def mail_address(name: str) -> str | None:
    """FACTCHECK_MAIL_FROM and _REPLY_TO: one address, with or without a display name."""
    raw = (env(name) or "").strip()
    if not raw:
        return None
    message = EmailMessage()
    try:
        message["From"] = raw
        addresses = message["From"].addresses
    except Exception:
        addresses = ()
    if len(addresses) != 1 or not addresses[0].username or not addresses[0].domain:
        raise ConfigError(
            f"{PREFIX}{name} must be one e-mail address, such as desk@example.org or "
            f"Fact-check desk <desk@example.org> (no quotes around it), got {raw!r}"
        )
    return raw


def time_zone() -> str:
    """FACTCHECK_TIME_ZONE: the newsroom's IANA zone (dates and times the pages show)."""
    from zoneinfo import ZoneInfo

    raw = (env("TIME_ZONE") or "").strip() or "UTC"
    try:
        ZoneInfo(raw)
    except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
        raise ConfigError(
            f"{PREFIX}TIME_ZONE must be an IANA time zone name such as Australia/Sydney, "
            f"America/Los_Angeles or UTC, got {raw!r}"
        ) from None
    return raw
