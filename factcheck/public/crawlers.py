"""What search engines read: /robots.txt and /sitemap.xml (an index of files past 50,000 URLs).

Every absolute URL comes from the settings (web.configured_url), never from the request's
Host header, which anyone can set and a cache would then keep.
"""

from __future__ import annotations

import datetime as dt
import math

from flask import Response, abort, render_template

from factcheck import web
from factcheck.domain import sitemap
from factcheck.domain.claimants import slug

# Pages that are always there, with no date of their own.
STATIC_PAGES = (
    "public.home",
    "public.topic_index",
    "public.methodology",
    "public.corrections",
    "public.source",
)
# Where readers have no business, and crawlers neither.
DISALLOWED = ("/desk", "/api", "/account", "/login")

_ENDPOINTS = {
    "factcheck": ("public.factcheck", "article_id"),
    "claim": ("public.claim_page", "claim_id"),
    "topic": ("public.topic_page", "slug"),
    "rating": ("public.by_rating", "slug"),
}


def robots() -> Response:
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines += ["", f"Sitemap: {web.configured_url('public.sitemap_index')}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def _urls() -> list[tuple[str, dt.datetime | None]]:
    urls: list[tuple[str, dt.datetime | None]] = [
        (web.configured_url(endpoint), None) for endpoint in STATIC_PAGES
    ]
    for entry in sitemap.entries(web.db()):
        if entry.kind == "claimant":
            address = web.configured_url(
                "public.claimant_page", claimant_id=int(entry.key), slug=slug(entry.name or "")
            )
        else:
            endpoint, argument = _ENDPOINTS[entry.kind]
            address = web.configured_url(endpoint, **{argument: entry.key})
        urls.append((address, entry.lastmod))
    return urls


def _xml(template: str, **context: object) -> Response:
    return Response(render_template(template, **context), mimetype="application/xml")


def sitemap_index() -> Response:
    """The whole sitemap, or an index of its files when it holds too many URLs for one."""
    urls = _urls()
    if len(urls) <= sitemap.MAX_URLS:
        return _xml("public/sitemap.xml", urls=urls)
    files = math.ceil(len(urls) / sitemap.MAX_URLS)
    parts = [web.configured_url("public.sitemap_part", number=n) for n in range(1, files + 1)]
    return _xml("public/sitemap_index.xml", parts=parts)


def sitemap_part(number: int) -> Response:
    urls = _urls()
    start = (number - 1) * sitemap.MAX_URLS
    if number < 1 or start >= len(urls) or len(urls) <= sitemap.MAX_URLS:
        abort(404)
    return _xml("public/sitemap.xml", urls=urls[start : start + sitemap.MAX_URLS])
