"""Error pages for people and JSON errors for the API."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError

from factcheck.domain.errors import DomainError


def wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int, **extra: Any) -> Any:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    return jsonify({"error": body}), status


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if wants_json():
        code = (error.name or "error").lower().replace(" ", "_")
        return json_error(code, error.description or error.name, status)
    return render_template(
        "error.html", status=status, title=error.name, message=error.description
    ), status


def _too_large(error: RequestEntityTooLarge) -> Any:
    limit = current_app.config["MAX_ARTICLE_CHARS"]
    message = (
        f"The request is larger than this site accepts. Articles are limited to {limit:,} "
        "characters: split the article into parts."
    )
    if wants_json():
        return json_error("too_large", message, 413)
    return render_template("error.html", status=413, title="Too large", message=message), 413


def _untrusted_host(error: SecurityError) -> Any:
    """A Host header outside FACTCHECK_TRUSTED_HOSTS: no page, whose links would need it."""
    message = "This site does not answer to that host name."
    if wants_json():
        return json_error("untrusted_host", message, 400)
    return Response(message + "\n", status=400, mimetype="text/plain")


def _csrf_error(error: CSRFError) -> Any:
    message = "The form expired or came from another site. Reload the page and submit it again."
    return render_template("error.html", status=400, title="Form expired", message=message), 400


def _domain_error(error: DomainError) -> Any:
    if wants_json():
        extra: dict[str, Any] = {"field": error.field} if error.field else {}
        if existing := getattr(error, "existing", None):
            extra["existing_id"] = existing.id
        if problems := getattr(error, "problems", None):
            extra["problems"] = [
                {"claim_id": p.claim_id, "field": p.field, "message": p.message, "fix": p.fix}
                for p in problems
            ]
        return json_error(error.code, error.message, error.status, **extra)
    return render_template(
        "error.html", status=error.status, title="That did not work", message=error.message
    ), error.status


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(SecurityError, _untrusted_host)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(DomainError, _domain_error)
