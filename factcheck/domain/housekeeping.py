"""Forgetting records that only matter for a while: answered writes and failed sign-ins."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.models import IdempotencyKey, LoginAttempt

# An Idempotency-Key protects a retry of the same write; clients retry within minutes, and
# Stripe, whose scheme the API follows, keeps keys for 24 hours.
KEEP_IDEMPOTENCY_KEYS = dt.timedelta(hours=24)
# The sign-in throttle counts failures over minutes (LOGIN_WINDOW_MINUTES, 15 by default);
# a day is far beyond any window an install would set.
KEEP_LOGIN_ATTEMPTS = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Forgotten:
    idempotency_keys: int
    login_attempts: int


def forget_old_records(session: Session, *, now: dt.datetime | None = None) -> Forgotten:
    """Delete idempotency keys and failed sign-ins older than they are useful."""
    now = now or clock.now()
    keys = session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < now - KEEP_IDEMPOTENCY_KEYS)
    )
    attempts = session.execute(
        delete(LoginAttempt).where(LoginAttempt.attempted_at < now - KEEP_LOGIN_ATTEMPTS)
    )
    return Forgotten(
        idempotency_keys=keys.rowcount,  # type: ignore[attr-defined]
        login_attempts=attempts.rowcount,  # type: ignore[attr-defined]
    )
