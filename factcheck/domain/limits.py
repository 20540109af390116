"""What one article may cost, in one object that every path creating an article takes:
pasted text, a fetched page, an uploaded file, the demo. The desk and the API build it from
the settings (web.settings.ingest_limits)."""

from __future__ import annotations

from dataclasses import dataclass, field

from factcheck import ingest
from factcheck.extraction import LLMConfig


@dataclass(frozen=True)
class Limits:
    """What one article may cost: ``max_chars`` of text, ``max_upload_bytes`` per file,
    the fetch ``policy``, and ``parse`` (caps and process limits of parsing a file or
    page, see factcheck.ingest.limits)."""

    max_chars: int
    max_upload_bytes: int = 10 * 1024 * 1024
    threshold: float | None = None
    policy: ingest.FetchPolicy = field(default_factory=ingest.FetchPolicy)
    llm: LLMConfig | None = None
    notices: list[str] = field(default_factory=list)
    parse: ingest.ParseLimits = ingest.DEFAULT_LIMITS
