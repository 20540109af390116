"""What every response carries and what no request gets past: security headers, the NUL
guard on paths, queries and forms, and ids beyond what the databases store."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import NotFound as HTTPNotFound
from werkzeug.routing import IntegerConverter

from factcheck.domain.validation import MAX_ID, refuse_nul

# Pinned by tests/test_security_headers.py: change both together.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
# The embeddable card (/claims/<id>/embed) only: any site may frame it.
EMBEDDABLE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "frame-ancestors 'none'", "frame-ancestors *"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000; includeSubDomains"


csrf = CSRFProtect()


def secure_cookies(app: Flask) -> None:
    """A site served over https sends its cookies over https only."""
    if (app.config.get("SITE_URL") or "").startswith("https://"):
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def add_security_headers(response: Response) -> Response:
    """After each request: the headers every answer carries (HSTS over https); a header a
    view set itself is kept."""
    headers = response.headers
    # One pass over the headers rather than a lookup per name: werkzeug's lookups raise and
    # catch KeyError for every missing header, and this runs on every response.
    present = {name.lower() for name, _ in headers.items()}
    if headers.get("Content-Security-Policy") == EMBEDDABLE_CONTENT_SECURITY_POLICY:
        present.add("x-frame-options")  # it would forbid the frames that policy allows
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", HSTS)
    return response


# The bodies werkzeug parses into request.form; reading request.form of any other request
# only builds empty structures.
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_nul_characters() -> None:
    """A path, query or form value with a NUL character is refused before any view sees it:
    PostgreSQL text cannot hold one, so a filter or a field with it would fail in the
    database, and no one types it."""
    path_values = [(k, v) for k, v in (request.view_args or {}).items() if isinstance(v, str)]
    sources: list[Any] = [path_values]
    if request.query_string:
        sources.append(request.args.items(multi=True))
    if request.mimetype in FORM_TYPES:
        sources.append(request.form.items(multi=True))
    for source in sources:
        for name, value in source:
            # A malformed multipart part can come without a name: werkzeug gives None.
            name = name or ""
            refuse_nul(name + (value or ""), name.replace("\x00", ""))


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: ids beyond the databases' INTEGER are simply not found, and
    an id is written in ASCII digits (Werkzeug's "\\d" also takes Arabic-Indic and
    fullwidth digits, which made one record answer at many addresses)."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> Any:
        number = super().to_python(value)
        if isinstance(number, int) and number > MAX_ID:
            raise HTTPNotFound(f"There is no record #{value}.")
        return number
