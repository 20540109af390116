"""One record per intended write: Idempotency-Key for the API, a form token for forms."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, g, jsonify, make_response, request
from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck import clock, web
from factcheck.models import IdempotencyKey, User

KEY = re.compile(r"[\x21-\x7e]{1,200}")
# Older versions claimed a key before the view ran, with this status, and answered it after.
PENDING = 0
# Longer than any request may take (gunicorn's timeout, the fetch deadlines).
ABANDONED_AFTER = dt.timedelta(minutes=5)


def _error(code: str, message: str, status: int) -> Response:
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    return response


def _conflict(message: str) -> Response:
    return _error("idempotency_conflict", message, 409)


def _reused() -> Response:
    message = (
        "This Idempotency-Key was already used for a different request; "
        "use a new key for a new request."
    )
    return _error("idempotency_key_reused", message, 422)


def _request_hash() -> str:
    """What makes two requests the same write: the method, the path and the body."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.full_path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


@dataclass(frozen=True)
class Attempt:
    """A write sent with an Idempotency-Key that has not been answered before."""

    user: User
    key: str
    fingerprint: str
    replaces: int | None = None  # an abandoned pending key of this user, to delete


def begin(user: User) -> Attempt | Response | None:
    """Before the view: None when no key was sent; the stored answer (or a refusal of the
    key) when there is nothing to run; else the Attempt to run, then `keep`.

    Nothing is written here. The key is stored with its answer, in the request's one
    commit, together with what the view wrote (see api.routes): a write and its key are
    saved together or not at all. Two requests with one key at once both run, and the
    unique key makes the second commit fail; that request rolls back everything it did and
    answers with the first one's answer (`after_race`).
    """
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not KEY.fullmatch(key):
        return _invalid_key()
    stored = _looked_up(user, key)
    if stored is not None and _abandoned(stored):
        # Deleted in the request's commit, with the new answer (see keep).
        return Attempt(user=user, key=key, fingerprint=_request_hash(), replaces=stored.id)
    if stored is not None:
        return _replay(stored)
    return Attempt(user=user, key=key, fingerprint=_request_hash())


def replays(user: User) -> bool:
    """Whether this request repeats a write already answered for `user` (the same key and
    request), so that `begin` will send the stored answer and run nothing."""
    key = request.headers.get("Idempotency-Key")
    if key is None or not KEY.fullmatch(key):
        return False
    stored = _looked_up(user, key)
    return stored is not None and stored.status != PENDING and _same_request(stored)


def _looked_up(user: User, key: str) -> IdempotencyKey | None:
    """The key stored for `user`, read once per request (the rate limiter asks before the
    view whether the request is a replay, then `begin`)."""
    kept: tuple[tuple[int, str], IdempotencyKey | None] | None = g.get("idempotency_key")
    if kept is None or kept[0] != (user.id, key):
        # A read that ends here: the view starts with no transaction, so a slow view (a
        # fetch) holds no lock while it works (see web.reads_only).
        with web.reads_only() as session:
            kept = ((user.id, key), session.scalars(_stored_key(user, key)).first())
        g.idempotency_key = kept
    return kept[1]


def answer(run: Callable[[], Response]) -> Response:
    """The view's response, or the error answer its refusal turns into (its writes rolled
    back): a refusal is kept and replayed like a success."""
    try:
        return run()
    except Exception as exc:
        web.db().rollback()
        return make_response(current_app.handle_user_exception(exc))


def keep(attempt: Attempt, response: Response) -> None:
    """Add the answer to the request's session, to be committed with the view's writes. A
    failure on our side or upstream (5xx) is not kept, so the client may try again."""
    if response.status_code >= 500:
        web.db().rollback()
        return
    if attempt.replaces is not None:
        web.db().execute(delete(IdempotencyKey).where(IdempotencyKey.id == attempt.replaces))
    web.db().add(
        IdempotencyKey(
            user_id=attempt.user.id,
            key=attempt.key,
            endpoint=request.endpoint or "",
            status=response.status_code,
            body=response.get_data(),
            request_hash=attempt.fingerprint,
        )
    )


def after_race(attempt: Attempt) -> Response:
    """The commit failed on the unique key: the same write, sent at the same moment, was
    saved first. Everything this request did is rolled back; answer with what was kept."""
    session = web.db()
    session.rollback()
    stored = session.scalars(_stored_key(attempt.user, attempt.key)).first()
    if stored is None:
        return _conflict("A request with this Idempotency-Key is being handled.")
    return _replay(stored)  # the same request: its hash is attempt.fingerprint


def _invalid_key() -> Response:
    response = jsonify(
        {
            "error": {
                "code": "invalid_input",
                "field": "Idempotency-Key",
                "message": "Idempotency-Key must be 1 to 200 visible ASCII characters.",
            }
        }
    )
    response.status_code = 422  # the header's declared shape (see factcheck/api/errors.py)
    return response


def _abandoned(stored: IdempotencyKey) -> bool:
    """A key left pending by an older version of this code, whose request died (a killed
    worker, a database outage) before it could answer or release it."""
    return stored.status == PENDING and clock.now() - stored.created_at > ABANDONED_AFTER


def _stored_key(user: User, key: str) -> Select[tuple[IdempotencyKey]]:
    return select(IdempotencyKey).where(
        IdempotencyKey.user_id == user.id, IdempotencyKey.key == key
    )


def _same_request(stored: IdempotencyKey) -> bool:
    """Whether this request is the one the key was first sent with."""
    if stored.request_hash is None:  # kept from before request hashes
        return stored.endpoint == request.endpoint
    return stored.request_hash == _request_hash()


def _replay(stored: IdempotencyKey) -> Response:
    if not _same_request(stored):
        return _reused()
    if stored.status == PENDING:
        return _conflict("A request with this Idempotency-Key is being handled.")
    response = Response(stored.body, status=stored.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


# Forms ----------------------------------------------------------------------------------


def form_seen(session: Session, user: User, token: str | None) -> str | None:
    """Where the first submission of this form led, if it was sent before."""
    if not token:
        return None
    stored = session.scalars(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == user.id, IdempotencyKey.key == f"form:{token}"
        )
    ).first()
    return stored.location if stored is not None else None


def remember_form(session: Session, user: User, token: str | None, location: str) -> None:
    """Record this form as sent, in the same transaction as what it created."""
    if token and KEY.fullmatch(token):
        session.add(
            IdempotencyKey(
                user_id=user.id,
                key=f"form:{token}",
                endpoint=request.endpoint or "",
                status=303,
                body=b"",
                location=location,
            )
        )


__all__ = [
    "Attempt",
    "IntegrityError",
    "after_race",
    "answer",
    "begin",
    "form_seen",
    "keep",
    "remember_form",
    "replays",
]
