"""Request plumbing, one module per concern:

- `database`: the request's session (`db`), `reads_only`, the `Database` of an app;
- `security`: security headers, CSRF, the NUL guard, ids beyond the databases' integers;
- `sessions`: Flask's signed-cookie sessions, cheaper for requests without a cookie;
- `signin`: who is signed in (`user`, or the `api_token` sent), the role checks views
  wear, session expiry;
- `throttling`: the sign-in throttle's settings and its counter (database or Redis);
- `settings`: the app's settings as the domain's objects (`ingest_limits`,
  `publish_context`, `public_url`);
- `templating`: the Jinja filters and globals.

Views use the names below as `web.db()`, `web.user()`, `@web.staff_required()`; the rest
is imported from its module.
"""

from __future__ import annotations

from flask import Flask

from factcheck.public import cache as page_cache
from factcheck.web import database, security, signin, templating
from factcheck.web.database import db, reads_only
from factcheck.web.security import csrf
from factcheck.web.sessions import LeanCookieSessions
from factcheck.web.settings import (
    configured_url,
    extraction_notices,
    ingest_limits,
    min_sources,
    public_url,
    publish_context,
)
from factcheck.web.signin import api_token, editor_required, staff_required, user

__all__ = [
    "api_token",
    "configured_url",
    "csrf",
    "db",
    "editor_required",
    "extraction_notices",
    "ingest_limits",
    "init_app",
    "min_sources",
    "public_url",
    "publish_context",
    "reads_only",
    "staff_required",
    "user",
]


def init_app(app: Flask) -> None:
    """Attach the plumbing to the app; the hooks run in the order they are added here."""
    app.extensions["factcheck.db"] = database.for_app(app)
    app.session_interface = LeanCookieSessions()
    signin.init_login(app)
    csrf.init_app(app)
    app.teardown_appcontext(database.close_session)
    app.before_request(security.refuse_nul_characters)
    app.before_request(signin.expire_old_sessions)
    app.after_request(security.add_security_headers)
    app.after_request(page_cache.forget_everything)
    security.secure_cookies(app)
    templating.init_templates(app)
