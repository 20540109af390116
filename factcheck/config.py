"""Settings read from the environment: every variable is prefixed ``FACTCHECK_``."""

from __future__ import annotations

import os
import secrets
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.config_values import (
    PREFIX,
    ConfigError,
    checked_database_url,
    env,
    env_flag,
    env_float,
    env_int,
    env_url,
    fetch_allow,
    host_list,
    mail_address,
    redis_url,
    smtp_url,
    time_zone,
)

MAKE_A_SECRET_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"


def shared_key_reason(database_url: str, site_url: str | None) -> str | None:
    """Why this deployment needs FACTCHECK_SECRET_KEY, or None when a per-host key will do.

    PostgreSQL means app servers that may be several; https means a public site, where a key
    that changes with the host (a new container, a second server) signs everyone out.
    """
    if database_url.lower().startswith("postgres"):
        return "the database is PostgreSQL, so app servers may be several"
    if site_url and site_url.lower().startswith("https://"):
        return f"{PREFIX}SITE_URL is https, so this is a public site"
    return None


def load_secret_key(instance_path: Path, required_because: str | None = None) -> str:
    """Return FACTCHECK_SECRET_KEY, or a key generated once and kept in the instance folder.

    A generated key survives restarts, so sessions survive restarts too. When
    `required_because` says why every app server must share one key, a missing
    FACTCHECK_SECRET_KEY is a ConfigError instead.
    """
    configured = env("SECRET_KEY")
    if configured:
        _refuse_an_unrun_command(configured)
        return configured
    if required_because:
        raise ConfigError(
            f"{PREFIX}SECRET_KEY is not set, and {required_because}: every app server must sign "
            "sessions with the same key, or users are signed out at random. Make one with\n"
            f"    {MAKE_A_SECRET_KEY}\n"
            f"and set {PREFIX}SECRET_KEY to it, the same value on every app server."
        )
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not write two different keys.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _refuse_an_unrun_command(key: str) -> None:
    """A key holding `$(...)`, `${...}` or backquotes is a shell command nobody ran.

    A systemd EnvironmentFile or `docker run --env-file` takes each value as written, so the
    deploy guide's `FACTCHECK_SECRET_KEY=$(python3 -c ...)` copied there would make every
    such install sign sessions with the same published text.
    """
    if "$(" in key or "${" in key or "`" in key:
        raise ConfigError(
            f"{PREFIX}SECRET_KEY holds a shell command that was never run: "
            "an environment file (systemd's EnvironmentFile, docker's --env-file) does not "
            "run commands. Run\n"
            f"    {MAKE_A_SECRET_KEY}\n"
            f"once and set {PREFIX}SECRET_KEY to what it prints, the same value on every app "
            "server."
        )


# Who a fact-check page may name: the checker who wrote the verdict, the editor who approved it.
BYLINE_ROLES = ("checker", "editor")
DEFAULT_BYLINES = BYLINE_ROLES


@dataclass(frozen=True)
class Settings:
    """The configuration documented in the README, as Flask config keys."""

    database_url: str
    secret_key: str
    site_name: str
    site_url: str | None
    trusted_hosts: list[str] | None
    max_article_chars: int
    lease_hours: float
    extraction_threshold: float | None
    org_name: str | None
    org_url: str | None
    public_cache_seconds: float
    fetch_allow: str
    required_approvals: int
    min_sources: int
    redis_url: str | None
    session_idle_minutes: float
    session_max_hours: float
    max_upload_bytes: int
    proxy_hops: int
    source_url: str | None
    jobs_run_now: bool | None
    smtp_url: str | None
    mail_from: str | None
    mail_reply_to: str | None
    time_zone: str = "UTC"
    bylines: tuple[str, ...] = DEFAULT_BYLINES

    def as_flask_config(self) -> dict[str, Any]:
        # Here, not at the top: the command line imports this module, and `factcheck extract`
        # loads the extractor only when it reads its first text (tests/test_lazy_imports.py).
        from factcheck.extraction.llm import config_from_env as llm_config_from_env

        try:
            llm = llm_config_from_env(os.environ)
        except ValueError as error:
            raise ConfigError(str(error)) from error
        return {
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "SITE_NAME": self.site_name,
            "SITE_URL": self.site_url,
            # Flask answers 400 to a request whose Host header is not one of these.
            "TRUSTED_HOSTS": self.trusted_hosts,
            "MAX_ARTICLE_CHARS": self.max_article_chars,
            # The larger of an article's text and an upload, plus room for the other fields.
            "MAX_CONTENT_LENGTH": max(self.max_article_chars * 4, self.max_upload_bytes)
            + 64 * 1024,
            "MAX_UPLOAD_BYTES": self.max_upload_bytes,
            # Proxies in front of the app whose X-Forwarded-* headers are trusted (ProxyFix).
            "PROXY_HOPS": self.proxy_hops,
            # Where the footer's "Source" link goes (AGPL section 13); unset: the /source page.
            "SOURCE_URL": self.source_url,
            "FETCH_ALLOW": self.fetch_allow,
            # Jobs run in the process that queued them instead of a worker (docs/jobs.md);
            # None: only when testing.
            "JOBS_RUN_NOW": self.jobs_run_now,
            # E-mail notifications (docs/jobs.md): none are sent without an SMTP URL.
            "SMTP_URL": self.smtp_url,
            "MAIL_FROM": self.mail_from,
            "MAIL_REPLY_TO": self.mail_reply_to,
            # The newsroom's zone: the days and times pages show; storage stays UTC.
            "TIME_ZONE": self.time_zone,
            "REQUIRED_APPROVALS": self.required_approvals,
            # Who the fact-check page names: "checker", "editor", both or neither.
            "BYLINES": self.bylines,
            # Sources (evidence) a verdict needs before review and before publishing.
            "MIN_SOURCES": self.min_sources,
            "REDIS_URL": self.redis_url,
            "SESSION_IDLE_MINUTES": self.session_idle_minutes,
            "SESSION_MAX_HOURS": self.session_max_hours,
            # A form's CSRF token holds as long as the sign-in (it lives in the session,
            # which sign-in, sign-out and the limits above clear), not Flask-WTF's hour: a
            # claim page open longer stopped saving its draft and refused its verdict.
            "WTF_CSRF_TIME_LIMIT": None,
            # FACTCHECK_LLM_URL, FACTCHECK_LLM_MODEL, FACTCHECK_LLM_API_KEY (docs/llm.md)
            "LLM": llm,
            "LOGIN_LIMIT_PER_ACCOUNT": 5,
            "LOGIN_LIMIT_PER_ADDRESS": 20,
            "LOGIN_WINDOW_MINUTES": 15,
            "LEASE_HOURS": self.lease_hours,
            "EXTRACTION_THRESHOLD": self.extraction_threshold,
            "ORG_NAME": self.org_name or self.site_name,
            "ORG_URL": self.org_url or self.site_url,
            "PUBLIC_CACHE_SECONDS": self.public_cache_seconds,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "REMEMBER_COOKIE_HTTPONLY": True,
            "REMEMBER_COOKIE_SAMESITE": "Lax",
        }


def extraction_threshold() -> float | None:
    """FACTCHECK_EXTRACTION_THRESHOLD (a score from 0 to 1), or None for the model's own."""
    threshold = env_float("EXTRACTION_THRESHOLD", -1.0, high=1.0)
    return None if threshold < 0 else threshold


def settings_from_env(instance_path: Path) -> Settings:
    """The settings, or a ConfigError naming the variable that is missing or wrong."""
    default_db = f"sqlite:///{instance_path / 'factcheck.sqlite3'}"
    database_url = checked_database_url(default_db)
    if database_url == default_db:  # SQLite creates the file, not its folder
        instance_path.mkdir(parents=True, exist_ok=True)
    site_url = env_url("SITE_URL", site=True)
    if smtp_url() and not site_url:
        raise ConfigError(
            f"{PREFIX}SMTP_URL is set, so set {PREFIX}SITE_URL too "
            "(e.g. https://factcheck.example.org): the links in e-mail lead there."
        )
    return Settings(
        database_url=database_url,
        secret_key=load_secret_key(instance_path, shared_key_reason(database_url, site_url)),
        site_name=env("SITE_NAME") or "factcheck",
        site_url=site_url,
        trusted_hosts=_trusted_hosts(site_url),
        max_article_chars=env_int("MAX_ARTICLE_CHARS", 200_000, low=1),
        # At most a year: a lease ends at a date the databases can store.
        lease_hours=env_float("LEASE_HOURS", 24.0, above=True, high=24 * 366),
        extraction_threshold=extraction_threshold(),
        org_name=env("ORG_NAME") or None,
        org_url=env_url("ORG_URL"),
        public_cache_seconds=env_float("PUBLIC_CACHE_SECONDS", 10.0, high=24 * 3600),
        fetch_allow=fetch_allow(),
        required_approvals=env_int("REQUIRED_APPROVALS", 1, low=1, high=99),
        min_sources=env_int("MIN_SOURCES", 1),
        redis_url=redis_url(),
        session_idle_minutes=env_float("SESSION_IDLE_MINUTES", 120, above=True, high=525_600),
        session_max_hours=env_float("SESSION_MAX_HOURS", 12, above=True, high=8760),
        max_upload_bytes=env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024, low=1),
        proxy_hops=env_int("PROXY_HOPS", 0, high=10),
        source_url=env_url("SOURCE_URL"),
        jobs_run_now=env_flag("JOBS_RUN_NOW"),
        smtp_url=smtp_url(),
        mail_from=mail_address("MAIL_FROM"),
        mail_reply_to=mail_address("MAIL_REPLY_TO"),
        time_zone=time_zone(),
        bylines=parse_bylines(env("BYLINES")),
    )


def _trusted_hosts(site_url: str | None) -> list[str] | None:
    """FACTCHECK_TRUSTED_HOSTS, which must let requests to the site's own address in."""
    hosts = host_list(env("TRUSTED_HOSTS"))
    site_host = urllib.parse.urlsplit(site_url or "").hostname
    if hosts and site_host:
        from werkzeug.sansio.utils import host_is_trusted

        if not host_is_trusted(site_host, hosts):
            raise ConfigError(
                f"{PREFIX}TRUSTED_HOSTS does not include {site_host}, the host of "
                f"{PREFIX}SITE_URL: every request to the site's own address would get a 400. "
                f"Add it (or .{site_host.partition('.')[2] or site_host} for its domain)."
            )
    return hosts


def parse_bylines(raw: str | None) -> tuple[str, ...]:
    """FACTCHECK_BYLINES: unset means both; "" means none; else names from BYLINE_ROLES."""
    if raw is None:
        return DEFAULT_BYLINES
    names = tuple(name.strip().lower() for name in raw.split(",") if name.strip())
    unknown = [name for name in names if name not in BYLINE_ROLES]
    if unknown:
        raise ConfigError(
            f"{PREFIX}BYLINES names {', '.join(unknown)}: use checker, editor, both "
            '("checker,editor") or an empty value for no byline.'
        )
    return tuple(role for role in BYLINE_ROLES if role in names)


# What a key that signs sessions must have at least: token_hex(32) gives 64 characters.
MIN_SECRET_KEY_LENGTH = 32


def require_serving_settings(config: Mapping[str, Any], *, serving: bool) -> None:
    """What a site served for real must have: a fixed public address, and a secret key
    long enough that nobody can guess it and sign a session as an editor."""
    require_public_address(config, serving=serving)
    key = str(config.get("SECRET_KEY") or "")
    if serving and len(key) < MIN_SECRET_KEY_LENGTH:
        raise ConfigError(
            f"{PREFIX}SECRET_KEY is {len(key)} characters long: a key that signs sessions "
            f"must be at least {MIN_SECRET_KEY_LENGTH} random characters, or anyone who "
            f"guesses it can sign in as anyone. Make one with\n    {MAKE_A_SECRET_KEY}"
        )


def require_public_address(config: Mapping[str, Any], *, serving: bool) -> None:
    """Refuse to serve without a fixed public address.

    Canonical links, feeds, ClaimReview and the page cache would otherwise trust the Host
    header of whoever asks. "Serving" means the app was built by a WSGI server (gunicorn):
    development (debug or testing) and the command line (`flask run`, `flask init-db`)
    need neither setting.
    """
    if serving and not config.get("SITE_URL") and not config.get("TRUSTED_HOSTS"):
        raise ConfigError(
            f"Set {PREFIX}SITE_URL to the public address (e.g. https://factcheck.example.org), "
            f"or {PREFIX}TRUSTED_HOSTS to the host names this site answers to, before serving "
            "it: without either, the links readers see would come from any request's Host "
            "header."
        )
