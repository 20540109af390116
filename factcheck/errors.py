"""Error pages for people and JSON errors for the API."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError

from factcheck.auth.views import safe_next
from factcheck.domain.errors import DomainError


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int, **extra: Any) -> Any:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    return jsonify({"error": body}), status


# One title per status wherever the error comes from (an address Flask does not know, or a
# record the domain does not find), on the public site and the desk alike.
_TITLES = {404: "Page not found"}


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    # Werkzeug's own headers say what to do next: Allow on a 405, Retry-After, ...
    kept = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if wants_json():
        code = (error.name or "error").lower().replace(" ", "_")
        body, status = json_error(code, error.description or error.name, status)
        return body, status, kept
    if status == 405 and request.method in ("GET", "HEAD"):
        return _form_address(), status, kept
    return (
        render_template(
            "error.html",
            status=status,
            title=_TITLES.get(status, error.name),
            message=error.description,
        ),
        status,
        kept,
    )


def _form_address() -> str:
    """A form's address opened as a page (typed, restored with a tab, pasted from the
    page of a refused form): "The method is not allowed for the requested URL" told a
    checker nothing. Say what it is, and lead to the page one step up, the form's own."""
    parent = request.path.rstrip("/").rsplit("/", 1)[0]
    try:
        current_app.url_map.bind("").match(parent, method="GET")
    except HTTPException:
        parent = ""
    return render_template(
        "error.html",
        status=405,
        title="Not a page",
        message=(
            "This address is where a form is sent, not a page to open, so nothing was sent "
            "or changed. Open the page the form is on to use it."
        ),
        back_url=parent or None,
        back_label="Go to the page of this form",
    )


def file_of_factchecks_too_large() -> str:
    """Why a file of fact-checks over the request limit is refused, for the API's import and
    the desk's "Import fact-checks" page alike."""
    most = current_app.config["MAX_CONTENT_LENGTH"]
    return (
        f"The file is larger than this site accepts ({most:,} bytes): split it, or import"
        " it with flask import-factchecks FILE, which reads a file of any size."
    )


def too_large(error: RequestEntityTooLarge) -> Any:
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    message = (
        f"The request is larger than this site accepts. Articles are limited to {limit:,} "
        "characters: split the article into parts."
    )
    if request.endpoint == "api.import_claimreview":  # a file of fact-checks, not an article
        message = file_of_factchecks_too_large()
    if wants_json():
        return json_error("too_large", message, 413)
    return render_template("error.html", status=413, title="Too large", message=message), 413


def _rate_limited(error: RateLimitExceeded) -> Any:
    """A refused request says how long to wait and that nothing of it was kept (the limit
    is checked before the view runs); a page links back to where the form was."""
    limiter = current_app.extensions["factcheck.limiter"]
    current = limiter.current_limit
    # As the limiter computes its Retry-After header (after this, so it may be a second less).
    wait = max(1, int(current.reset_at - time.time())) if current is not None else 60
    seconds = f"{wait} second{'' if wait == 1 else 's'}"
    if wants_json():
        message = f"Too many requests: the limit is {error.description}. Retry in {seconds}."
        return json_error("too_many_requests", message, 429, retry_after=wait)
    message = f"This allows {error.description}, and you have reached it. Try again in {seconds}."
    if request.method == "POST":
        message += " What you sent was not saved: go back to send it again."
    return render_template(
        "error.html",
        status=429,
        title="Too many requests",
        message=message,
        back_url=_same_site_referrer(),
    ), 429


def _same_site_referrer() -> str | None:
    """The page the request came from, when it is a page of this site: its host is this
    request's, and its path passes the same check as the sign-in's `next`."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    return referrer if safe_next(parts.path or "/") else None


def _untrusted_host(error: SecurityError) -> Any:
    """A Host header outside FACTCHECK_TRUSTED_HOSTS: no page, whose links would need it."""
    message = "This site does not answer to that host name."
    if wants_json():
        return json_error("untrusted_host", message, 400)
    return Response(message + "\n", status=400, mimetype="text/plain")


# Form fields no one types: their values mean nothing to the person reading them back.
_UNTYPED_FIELDS = frozenset(["csrf_token", "version", "form_token", "next", "draft_seen"])
_MOST_TYPED_FIELDS = 20
# The areas whose forms only a signed-in user is given; the sign-in form is not one of them.
# Only the desk's forms are typed back: no field of theirs holds a password (the account's
# do), and a name with "password" in it is skipped all the same.
_STAFF_BLUEPRINTS = frozenset(["desk", "account"])


def _csrf_error(error: CSRFError) -> Any:
    """A form whose token no longer holds: mostly one left open while its sender was signed
    out (in another tab, or after SESSION_IDLE_MINUTES). Nothing was saved, so say why and,
    for a form sent from this site's own page, give back what was typed."""
    came_from = _same_site_referrer()
    own_page = came_from is not None or request.headers.get("Sec-Fetch-Site") == "same-origin"
    staff_form = request.blueprint in _STAFF_BLUEPRINTS  # only a signed-in user had it
    if current_user.is_authenticated or not staff_form:
        title = "Form expired"
        message = (
            "The form expired, so what you sent was not saved. Reload the page and send it again."
        )
        sign_in_url = None
    else:
        title = "You were signed out"
        message = (
            "You were signed out before this form was sent (in another tab, or after a long"
            " pause), so it was not saved. Sign in again, then send it again."
        )
        next_path = urlsplit(came_from).path if came_from else None
        sign_in_url = url_for("auth.login", next=next_path) if next_path else url_for("auth.login")
    # Another site's page must not make ours show text of its choosing.
    typed = _typed_values() if own_page and request.blueprint == "desk" else []
    if typed:
        message += " What you typed is below, so that you can copy it."
    return render_template(
        "error.html",
        status=400,
        title=title,
        message=message,
        sign_in_url=sign_in_url,
        typed=typed,
        back_url=came_from,
    ), 400


def _typed_values() -> list[tuple[str, str]]:
    """The non-empty values of a refused form, labelled by their field names."""
    typed = []
    for name, value in request.form.items(multi=True):
        field = name.rsplit("-", 1)[-1]  # "e12-url" is an evidence form's "url"
        if field in _UNTYPED_FIELDS or "password" in field or not value.strip():
            continue
        typed.append((field.replace("_", " ").capitalize(), value))
        if len(typed) == _MOST_TYPED_FIELDS:
            break
    return typed


def _domain_error(error: DomainError) -> Any:
    if wants_json():
        extra: dict[str, Any] = {"field": error.field} if error.field else {}
        if existing := getattr(error, "existing", None):
            extra["existing_id"] = existing.id
        if (withdrawn := getattr(error, "withdrawn", None)) is not None:
            # The API's own shape (api.errors.GoneWithRecord), serialized as declared.
            extra["withdrawn"] = withdrawn.model_dump(mode="json", by_alias=True)
        if problems := getattr(error, "problems", None):
            extra["problems"] = [
                {"claim_id": p.claim_id, "field": p.field, "message": p.message, "fix": p.fix}
                for p in problems
            ]
        body, status = json_error(error.code, error.message, error.status, **extra)
        # RFC 9110: a 401 names the scheme that would work.
        return body, status, {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    title = _TITLES.get(error.status, "That did not work")
    return render_template(
        "error.html", status=error.status, title=title, message=error.message
    ), error.status


def refusal(error: DomainError) -> Response:
    """The answer a refusal gets, for a view that returns it rather than raising it: what
    the view kept before refusing is then committed with the answer (a raised one is
    rolled back)."""
    return make_response(_domain_error(error))


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(RequestEntityTooLarge, too_large)
    app.register_error_handler(RateLimitExceeded, _rate_limited)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
