"""The app's settings as the objects the domain takes: ingest limits, the publishing
context, absolute links on the site's own address, and this request's extraction notices."""

from __future__ import annotations

from typing import Any

from flask import current_app, g, has_request_context, url_for

from factcheck.domain.claimreview_jsonld import Publisher
from factcheck.domain.ingesting import Limits
from factcheck.domain.publishing import PublishContext
from factcheck.ingest import FetchPolicy, parse_allowlist


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on the site's own domain (FACTCHECK_SITE_URL when set)."""
    site = current_app.config.get("SITE_URL")
    if site:
        return site + _path(endpoint, **values)
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    return configured_url(endpoint, **values)


def configured_url(endpoint: str, **values: Any) -> str:
    """An absolute URL from the settings alone, never from a request's Host header:
    FACTCHECK_SITE_URL, else the first trusted host, else localhost (a guess, as the
    command line makes it: set FACTCHECK_SITE_URL)."""
    site = current_app.config.get("SITE_URL")
    if site:
        return site + _path(endpoint, **values)
    hosts = current_app.config.get("TRUSTED_HOSTS") or ["localhost"]
    with current_app.test_request_context(base_url=f"http://{hosts[0].lstrip('.')}"):
        return url_for(endpoint, _external=True, **values)


def _path(endpoint: str, **values: Any) -> str:
    """The endpoint's path; outside a request too (a command such as seed-demo, a job)."""
    if has_request_context():
        return url_for(endpoint, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def publish_context() -> PublishContext:
    config = current_app.config
    return PublishContext(
        publisher=Publisher(name=config.get("ORG_NAME"), url=config.get("ORG_URL")),
        claim_url=lambda claim: public_url("public.claim_page", claim_id=claim.id),
        min_sources=config["MIN_SOURCES"],
    )


def min_sources() -> int:
    """How many sources a verdict needs, at submission and at publication."""
    return int(current_app.config["MIN_SOURCES"])


def ingest_limits() -> Limits:
    config = current_app.config
    try:
        allow = parse_allowlist(config.get("FETCH_ALLOW"))
    except ValueError as exc:
        raise RuntimeError(f"FACTCHECK_FETCH_ALLOW is not valid: {exc}") from exc
    return Limits(
        max_chars=config["MAX_ARTICLE_CHARS"],
        max_upload_bytes=config["MAX_UPLOAD_BYTES"],
        threshold=config["EXTRACTION_THRESHOLD"],
        policy=FetchPolicy(allow=allow),
        llm=config.get("LLM"),
        notices=extraction_notices(),
    )


def extraction_notices() -> list[str]:
    """Notices about this request's claim extraction (the language model's fallbacks)."""
    if "extraction_notices" not in g:
        g.extraction_notices = []
    notices: list[str] = g.extraction_notices
    return notices


def link_secret() -> str:
    """The key that signs links to set a password (the app's secret key)."""
    return str(current_app.config["SECRET_KEY"])


def mail_configured() -> bool:
    """Whether e-mail can be sent (FACTCHECK_SMTP_URL is set)."""
    return bool(current_app.config.get("SMTP_URL"))
