"""Taking articles in: safe fetching of URLs, article extraction from HTML, uploaded files.

Pure Python: no Flask, no database. Every failure is an :class:`IngestError` (or its
subclass :class:`FetchError`) with a stable ``code`` and a ``message`` for editors.
See docs/ingest.md.

The readers of pages and files load trafilatura, lxml and pypdf, which take longer to
import than the rest of the app together: they are imported on first use (PEP 562), so
that serving pages and short commands never pay for them (tests/test_lazy_imports.py).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from factcheck.ingest.errors import BlockedAddress, FetchError, IngestError
from factcheck.ingest.fetch import FetchPolicy, FetchResult, fetch, parse_allowlist
from factcheck.ingest.limits import DEFAULT_LIMITS, ParseLimits
from factcheck.ingest.send import PostResult, check_destination, post

if TYPE_CHECKING:
    from factcheck.ingest.documents import read_fetched
    from factcheck.ingest.files import ALLOWED_EXTENSIONS, read_upload
    from factcheck.ingest.html import ExtractedArticle, extract_article, read_page

_LAZY = {
    "ALLOWED_EXTENSIONS": "factcheck.ingest.files",
    "read_upload": "factcheck.ingest.files",
    "ExtractedArticle": "factcheck.ingest.html",
    "extract_article": "factcheck.ingest.html",
    "read_page": "factcheck.ingest.html",
    "read_fetched": "factcheck.ingest.documents",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


__all__ = [
    "ALLOWED_EXTENSIONS",
    "DEFAULT_LIMITS",
    "BlockedAddress",
    "ExtractedArticle",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "IngestError",
    "ParseLimits",
    "PostResult",
    "check_destination",
    "extract_article",
    "fetch",
    "parse_allowlist",
    "post",
    "read_fetched",
    "read_page",
    "read_upload",
]
