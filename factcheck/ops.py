"""Operations: health checks, request logs with a request id, and the database-down page."""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import re
import secrets
import time
from json.encoder import encode_basestring_ascii
from typing import Any

import click
from alembic.runtime.migration import MigrationContext
from flask import Blueprint, Flask, g, jsonify, render_template, request, session
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from werkzeug.wrappers import Response

from factcheck import config, migrate, web
from factcheck.domain import accounts
from factcheck.domain.errors import DomainError
from factcheck.models import Role
from factcheck.web.database import Database
from factcheck.web.signin import login_manager

bp = Blueprint("ops", __name__)
log = logging.getLogger("factcheck.request")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


@bp.route("/healthz")
def healthz() -> Response:
    """The process is up (it answers without touching the database)."""
    return jsonify({"status": "ok"})


@bp.route("/readyz")
def readyz() -> tuple[Response, int]:
    """The database answers and its schema is at the latest migration.

    Why not is said only to this machine and to admins: the database's error names its
    host and port.
    """
    from flask import current_app

    database: Database = current_app.extensions["factcheck.db"]
    try:
        connection = web.db().connection()
        connection.execute(text("SELECT 1"))
        current = MigrationContext.configure(connection).get_current_revision()
        at_head = current == migrate.head_revision(database.engine)
    except DBAPIError as exc:
        web.db().rollback()
        return _unready(str(exc.orig)[:200])
    if not at_head:
        return _unready("the schema is not at the latest migration: run init-db")
    return jsonify({"status": "ready"}), 200


LOOPBACK = ("127.0.0.1", "::1")


def _unready(detail: str) -> tuple[Response, int]:
    answer = {"status": "unavailable"}
    if _from_this_machine() or _from_an_admin():
        answer["database"] = detail
    return jsonify(answer), 503


def _from_this_machine() -> bool:
    """A request from loopback that no proxy forwarded (a proxy on this machine would make
    every visitor look local)."""
    forwarded = "X-Forwarded-For" in request.headers or "Forwarded" in request.headers
    return request.remote_addr in LOOPBACK and not forwarded


def _from_an_admin() -> bool:
    """An admin's API token (checkable only while the database answers)."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return False
    try:
        token = accounts.token_for(web.db(), raw.strip())
    except (DomainError, DBAPIError):
        web.db().rollback()
        return False
    return token.user.role == Role.ADMIN


class _RequestIds:
    """Ids for requests that bring none: 24 random hex digits per process, then a counter
    (32 in all). A fresh uuid4 per request costs a getrandom call and a UUID object; a
    forked worker draws its own prefix, so workers never share ids."""

    def __init__(self) -> None:
        self._reset()
        os.register_at_fork(after_in_child=self._reset)

    def _reset(self) -> None:
        self._prefix = secrets.token_hex(12)
        self._counter = itertools.count()

    def next(self) -> str:
        return f"{self._prefix}{next(self._counter) & 0xFFFFFFFF:08x}"


_request_ids = _RequestIds()


def request_id_of(environ: dict[str, Any]) -> str:
    """The id the request brought (X-Request-ID, when it looks like one), else a new one."""
    supplied = environ.get("HTTP_X_REQUEST_ID", "")
    return supplied if REQUEST_ID.fullmatch(supplied) else _request_ids.next()


def _start() -> None:
    g.request_id = request_id_of(request.environ)
    g.started = time.perf_counter()


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id") or ""
    if log.isEnabledFor(logging.INFO):  # a deployment may set the logger's level higher
        log.info(_log_line(response))
    return response


def _log_line(response: Response) -> str:
    # The session says who is signed in; no need to load the user for the log line.
    # API calls carry a token instead, whose user's id the API kept as a plain number: the
    # user itself may be detached by now (a database error closed the request's session).
    api_user_id = g.get("api_user_id")
    user_id = str(session.get("_user_id", "")).split(":")[0] or (
        str(api_user_id) if api_user_id is not None else None
    )
    started = g.get("started")
    return request_log_line(
        g.get("request_id"),
        request.method,
        _loggable_path(),
        response.status_code,
        started,
        user_id,
        request.remote_addr,
    )


def _loggable_path() -> str:
    """The request's path, with a link's secret (a route's `<token>`: a link to set a
    password) left out: whoever reads the logs must not be able to use it."""
    token = (request.view_args or {}).get("token")
    return request.path.replace(str(token), "<token>") if token else request.path


def request_log_line(
    request_id: str | None,
    method: str,
    path: str,
    status: int,
    started: float | None,
    user_id: str | None,
    remote_addr: str | None,
) -> str:
    """A request's JSON log line, written out by hand: json.dumps of a dict costs more
    than the rest of a cached page's logging together, and this runs on every request.
    `started` is the request's `time.perf_counter()` at its start."""
    duration = round((time.perf_counter() - started) * 1000, 1) if started else 0.0
    return (
        f'{{"request_id": {_string(request_id)}, "method": {_string(method)}, '
        f'"path": {_string(path)}, "status": {status}, '
        f'"duration_ms": {duration!r}, "user_id": {_string(user_id)}, '
        f'"remote_addr": {_string(remote_addr)}}}'
    )


def _string(value: str | None) -> str:
    """A JSON string (or null), escaped as json.dumps escapes it."""
    return "null" if value is None else encode_basestring_ascii(value)


def _database_down(error: Exception) -> Any:
    """The database is unreachable: say so plainly, and recover when it returns."""
    logging.getLogger("factcheck").warning("database unavailable: %s", error)
    _forget_the_request_session()
    message = "The database is not reachable right now. Please try again in a minute."
    if request.path.startswith("/api/"):
        return jsonify({"error": {"code": "unavailable", "message": message}}), 503
    return (
        render_template("error.html", status=503, title="Temporarily unavailable", message=message),
        503,
        {"Retry-After": "30"},
    )


def _forget_the_request_session() -> None:
    """Render the error page with nothing from the database: drop the broken session, and
    show the page as to a visitor (loading the signed-in user would fail again)."""
    session = g.pop("db_session", None)
    if session is not None:
        with contextlib.suppress(SQLAlchemyError):
            session.close()
    g._login_user = login_manager.anonymous_user()


def _emit_request_logs() -> None:
    """One JSON line per request on stderr, which gunicorn and journald collect."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def _serving(app: Flask) -> bool:
    """Built by a WSGI server (gunicorn), not for development or a `flask` command."""
    return not (app.debug or app.testing) and click.get_current_context(silent=True) is None


def init_app(app: Flask) -> None:
    config.require_serving_settings(app.config, serving=_serving(app))
    if not app.testing:
        _emit_request_logs()
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(OperationalError, _database_down)
    app.register_blueprint(bp)
