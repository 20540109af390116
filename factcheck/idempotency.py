"""One record per intended write: Idempotency-Key for the API, a form token for forms."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, current_app, g, jsonify, make_response, request
from sqlalchemy import Select, delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from factcheck import clock, web
from factcheck.models import IdempotencyKey, User

F = TypeVar("F", bound=Callable[..., Any])
KEY = re.compile(r"[\x21-\x7e]{1,200}")
PENDING = 0
# Longer than any request may take (gunicorn's timeout, the fetch deadlines).
ABANDONED_AFTER = dt.timedelta(minutes=5)


def _conflict(message: str) -> tuple[Response, int]:
    return jsonify({"error": {"code": "idempotency_conflict", "message": message}}), 409


def _reused() -> tuple[Response, int]:
    message = (
        "This Idempotency-Key was already used for a different request; "
        "use a new key for a new request."
    )
    return jsonify({"error": {"code": "idempotency_key_reused", "message": message}}), 422


def _request_hash() -> str:
    """What makes two requests the same write: the method, the path and the body."""
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.full_path}\n".encode())
    digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def idempotent(view: F) -> F:
    """Replay the stored answer when the same user repeats a write with the same key.

    Everything happens in the request's own session, one short transaction at a time:
    the key is claimed (so a concurrent duplicate hears 409), the view runs and commits
    its own writes, then its answer is kept. A refusal (4xx) is kept like a success, so a
    retry hears the same answer; a failure on our side or upstream (5xx, an exception)
    releases the key, so the client may try again.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view(*args, **kwargs)
        if not KEY.fullmatch(key):
            return jsonify(
                {
                    "error": {
                        "code": "invalid_input",
                        "field": "Idempotency-Key",
                        "message": "Idempotency-Key must be 1 to 200 visible ASCII characters.",
                    }
                }
            ), 422  # the header's declared shape (see factcheck/api/errors.py)
        user: User = g.api_user
        session = web.db()
        fingerprint = _request_hash()
        stored = session.scalars(_stored_key(user, key)).first()
        if stored is not None and _abandoned(stored):
            session.delete(stored)
            session.flush()  # free the key for the claim below
            stored = None
        if stored is not None:
            return _replay(stored, fingerprint)
        session.add(
            IdempotencyKey(
                user_id=user.id,
                key=key,
                endpoint=request.endpoint or "",
                status=PENDING,
                body=b"",
                request_hash=fingerprint,
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            return _conflict("A request with this Idempotency-Key is being handled.")
        response = _answer(session, lambda: view(*args, **kwargs), user, key)
        _store(session, user, key, response)
        return response

    return cast(F, wrapped)


def _answer(session: Session, run: Callable[[], Any], user: User, key: str) -> Response:
    """The view's response, or the error page its exception turns into."""
    try:
        return make_response(run())
    except Exception as exc:
        session.rollback()
        try:
            return make_response(current_app.handle_user_exception(exc))
        except Exception:
            _release(session, user, key)
            raise


def _abandoned(stored: IdempotencyKey) -> bool:
    """A key still pending long after any request could have finished: its request died
    (a killed worker, a database outage) before it could answer or release it."""
    return stored.status == PENDING and clock.now() - stored.created_at > ABANDONED_AFTER


def _stored_key(user: User, key: str) -> Select[tuple[IdempotencyKey]]:
    return select(IdempotencyKey).where(
        IdempotencyKey.user_id == user.id, IdempotencyKey.key == key
    )


def _replay(stored: IdempotencyKey, fingerprint: str) -> Any:
    same_request = (
        stored.request_hash == fingerprint
        if stored.request_hash is not None
        else stored.endpoint == request.endpoint  # kept from before request hashes
    )
    if not same_request:
        return _reused()
    if stored.status == PENDING:
        return _conflict("A request with this Idempotency-Key is being handled.")
    response = Response(stored.body, status=stored.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _store(session: Session, user: User, key: str, response: Response) -> None:
    if response.status_code >= 500:
        _release(session, user, key)
        return
    stored = session.scalars(_stored_key(user, key)).one()
    stored.status = response.status_code
    stored.body = response.get_data()
    session.commit()


def _release(session: Session, user: User, key: str) -> None:
    """Forget the key, so that the client may try again."""
    try:
        session.rollback()
        session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.user_id == user.id, IdempotencyKey.key == key
            )
        )
        session.commit()
    except SQLAlchemyError:
        # The database itself failed (the answer is a 503): the key stays pending until
        # it counts as abandoned (ABANDONED_AFTER), and a retry after that runs afresh.
        session.rollback()


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


__all__ = ["IntegrityError", "form_seen", "idempotent", "remember_form"]
