"""One record per intended write: Idempotency-Key for the API, a form token for forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Response, current_app, g, jsonify, make_response, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck import web
from factcheck.models import IdempotencyKey, User

F = TypeVar("F", bound=Callable[..., Any])
KEY = re.compile(r"[\x21-\x7e]{1,200}")
PENDING = 0


def _sessions() -> Session:
    database: web.Database = current_app.extensions["factcheck.db"]
    return database.factory()


def _conflict(message: str) -> tuple[Response, int]:
    return jsonify({"error": {"code": "idempotency_conflict", "message": message}}), 409


def idempotent(view: F) -> F:
    """Replay the stored answer when the same user repeats a write with the same key."""

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
            ), 400
        user: User = g.api_user
        with _sessions() as session:
            stored = session.scalars(
                select(IdempotencyKey).where(
                    IdempotencyKey.user_id == user.id, IdempotencyKey.key == key
                )
            ).first()
            if stored is not None:
                return _replay(stored)
            session.add(
                IdempotencyKey(
                    user_id=user.id,
                    key=key,
                    endpoint=request.endpoint or "",
                    status=PENDING,
                    body=b"",
                )
            )
            try:
                session.commit()
            except IntegrityError:
                return _conflict("A request with this Idempotency-Key is being handled.")
        response = make_response(view(*args, **kwargs))
        _store(user, key, response)
        return response

    return cast(F, wrapped)


def _replay(stored: IdempotencyKey) -> Any:
    if stored.status == PENDING:
        return _conflict("A request with this Idempotency-Key is being handled.")
    if stored.endpoint != request.endpoint:
        return _conflict("This Idempotency-Key was used for a different request.")
    response = Response(stored.body, status=stored.status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def _store(user: User, key: str, response: Response) -> None:
    with _sessions() as session:
        query = (IdempotencyKey.user_id == user.id) & (IdempotencyKey.key == key)
        if response.status_code >= 500:
            session.execute(delete(IdempotencyKey).where(query))  # let the client retry
        else:
            stored = session.scalars(select(IdempotencyKey).where(query)).one()
            stored.status = response.status_code
            stored.body = response.get_data()
        session.commit()


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
