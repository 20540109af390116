"""Login throttling, per account and per address, counted where every worker sees it.

Counts live in the database by default, or in Redis when FACTCHECK_REDIS_URL is set.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain.errors import DomainError
from factcheck.models import LoginAttempt


@dataclass(frozen=True)
class Limits:
    per_account: int = 5
    per_address: int = 20
    window: dt.timedelta = dt.timedelta(minutes=15)


class Throttled(DomainError):
    code = "throttled"
    status = 429

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes > 1 else ''}."
        )
        self.retry_after = retry_after


class Counter(Protocol):
    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        """(failures in the window, seconds until the oldest of them leaves it)"""

    def add(self, key: str, window: dt.timedelta) -> None: ...

    def clear(self, key: str) -> None: ...


class DatabaseCounter:
    def __init__(self, session: Session) -> None:
        self.session = session

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        now = clock.now()
        count, oldest = self.session.execute(
            select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                LoginAttempt.key == key, LoginAttempt.attempted_at > now - window
            )
        ).one()
        wait = int((oldest + window - now).total_seconds()) + 1 if oldest else 0
        return int(count), wait

    def add(self, key: str, window: dt.timedelta) -> None:
        self.session.add(LoginAttempt(key=key, attempted_at=clock.now()))
        self.session.flush()

    def clear(self, key: str) -> None:
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))


class RedisCounter:
    """A fixed window per key: INCR, with the window as its time to live."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        count = self.client.get(f"factcheck:login:{key}")
        ttl = self.client.ttl(f"factcheck:login:{key}")
        return int(count or 0), max(int(ttl), 0)

    def add(self, key: str, window: dt.timedelta) -> None:
        name = f"factcheck:login:{key}"
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, int(window.total_seconds()), nx=True)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.client.delete(f"factcheck:login:{key}")


def _keys(email: str, address: str | None) -> list[tuple[str, str]]:
    keys = [("account", f"email:{email.strip().lower()}")]
    if address:
        keys.append(("address", f"ip:{address}"))
    return keys


def check(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    """Raise Throttled when the account or the address failed too often lately."""
    for kind, key in _keys(email, address):
        limit = limits.per_account if kind == "account" else limits.per_address
        count, wait = counter.failures(key, limits.window)
        if count >= limit:
            raise Throttled(wait)


def failed(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    for _kind, key in _keys(email, address):
        counter.add(key, limits.window)


def succeeded(counter: Counter, email: str) -> None:
    counter.clear(_keys(email, None)[0][1])
