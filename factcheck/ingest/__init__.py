"""Taking articles in: safe fetching of URLs, article extraction from HTML, uploaded files.

Pure Python: no Flask, no database. Every failure is an :class:`IngestError` (or its
subclass :class:`FetchError`) with a stable ``code`` and a ``message`` for editors.
See docs/ingest.md.
"""

from factcheck.ingest.errors import FetchError, IngestError
from factcheck.ingest.fetch import FetchPolicy, FetchResult, fetch, parse_allowlist
from factcheck.ingest.files import ALLOWED_EXTENSIONS, read_upload
from factcheck.ingest.html import ExtractedArticle, extract_article, read_page
from factcheck.ingest.limits import DEFAULT_LIMITS, ParseLimits

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DEFAULT_LIMITS",
    "ExtractedArticle",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "IngestError",
    "ParseLimits",
    "extract_article",
    "fetch",
    "parse_allowlist",
    "read_page",
    "read_upload",
]
