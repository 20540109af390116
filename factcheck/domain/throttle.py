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
    """Failed sign-ins per key. Counting and checking are one step: of many attempts on a
    key at once, each sees the ones before it, so no more than the limit get through."""

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        """(failures in the window before this attempt, seconds until the oldest of them
        leaves it). Until `release` or the end of the request, this attempt is counted."""

    def add(self, key: str, window: dt.timedelta) -> None: ...

    def clear(self, key: str) -> None: ...

    def release(self) -> None:
        """This attempt was refused, or was right: it is not a failure after all."""


class DatabaseCounter:
    """Failures as rows. `failures` holds the key until the request's transaction ends, so
    a concurrent attempt on it waits, then counts this one's failure too."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        now = clock.now()
        self._hold(key, now - window)
        count, oldest = self.session.execute(
            select(func.count(), func.min(LoginAttempt.attempted_at)).where(
                LoginAttempt.key == key, LoginAttempt.attempted_at > now - window
            )
        ).one()
        wait = int((oldest + window - now).total_seconds()) + 1 if oldest else 0
        return int(count), wait

    def _hold(self, key: str, expired: dt.datetime) -> None:
        # PostgreSQL: a lock on the key, held until commit or rollback. SQLite: the write
        # lock, which the first write takes (even if a transaction begins DEFERRED) and
        # holds until the end; pruning the key's expired failures is that write.
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
        self.session.execute(
            delete(LoginAttempt).where(
                LoginAttempt.key == key, LoginAttempt.attempted_at <= expired
            )
        )

    def add(self, key: str, window: dt.timedelta) -> None:
        self.session.add(LoginAttempt(key=key, attempted_at=clock.now()))
        self.session.flush()

    def clear(self, key: str) -> None:
        self.session.execute(delete(LoginAttempt).where(LoginAttempt.key == key))

    def release(self) -> None:
        """Nothing to give back: a failure is written only by `add`."""


# Give back one count, unless the window (the key) ended meanwhile: DECR alone would then
# create the key at -1, with no expiry.
_GIVE_BACK = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end"


class RedisCounter:
    """A fixed window per key: INCR, with the window as its time to live. `failures`
    counts the attempt itself (INCR is atomic, so concurrent attempts get distinct counts);
    a refused or successful attempt gives its count back."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._counted: list[str] = []

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        name = f"factcheck:login:{key}"
        pipe = self.client.pipeline()  # MULTI ... EXEC
        pipe.incr(name)
        pipe.expire(name, int(window.total_seconds()), nx=True)
        pipe.ttl(name)
        count, _expiry_set, ttl = pipe.execute()
        self._counted.append(name)
        return int(count) - 1, max(int(ttl), 0)

    def add(self, key: str, window: dt.timedelta) -> None:
        name = f"factcheck:login:{key}"
        if name in self._counted:
            self._counted.remove(name)  # counted by `failures` already: keep it
            return
        pipe = self.client.pipeline()
        pipe.incr(name)
        pipe.expire(name, int(window.total_seconds()), nx=True)
        pipe.execute()

    def clear(self, key: str) -> None:
        name = f"factcheck:login:{key}"
        if name in self._counted:
            self._counted.remove(name)
        self.client.delete(name)

    def release(self) -> None:
        for name in self._counted:
            self.client.eval(_GIVE_BACK, 1, name)
        self._counted.clear()


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
            counter.release()  # refused: this attempt is not a failure
            raise Throttled(wait)


def failed(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    for _kind, key in _keys(email, address):
        counter.add(key, limits.window)


def succeeded(counter: Counter, email: str) -> None:
    counter.clear(_keys(email, None)[0][1])
    counter.release()  # the address's count of this attempt, too
