"""Login throttling, per account and per address, counted where every worker sees it.

Counts live in the database by default, or in Redis when FACTCHECK_REDIS_URL is set.

An account signs in from the same few addresses (an office, a home). Once it has signed in
from one, that (account, address) pair is *known* for `Limits.known_for`, and attempts from
it count only against the pair: a flood of failures from anywhere else, for this account or
for made-up ones, never locks the account's owner out where they usually sign in. Attempts
from anywhere else count against the account (guessing one password) and against the address
(trying many accounts), and either limit refuses them. docs/security.md gives the reasoning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
    # How long a sign-in makes its (account, address) pair known.
    known_for: dt.timedelta = dt.timedelta(days=30)


class Throttled(DomainError):
    code = "throttled"
    status = 429

    def __init__(self, retry_after: int, what: str = "Too many failed sign-ins.") -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(f"{what} Try again in {minutes} minute{'s' if minutes > 1 else ''}.")
        self.retry_after = retry_after


class Counter(Protocol):
    """Failed sign-ins per key. Counting and checking are one step: of many attempts on a
    key at once, each sees the ones before it, so no more than the limit get through."""

    def failures(self, key: str, window: dt.timedelta) -> tuple[int, int]:
        """(failures in the window before this attempt, seconds until the oldest of them
        leaves it). Until `release` or the end of the request, this attempt is counted."""

    def seen(self, key: str, window: dt.timedelta) -> bool:
        """Whether the key was added within the window (a look that counts nothing)."""

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

    def seen(self, key: str, window: dt.timedelta) -> bool:
        since = clock.now() - window
        # Hold first, as `failures` does: on SQLite the first statement of a sign-in must be
        # a write, or a later write in a DEFERRED transaction meets a stale snapshot.
        self._hold(key, since)
        query = select(LoginAttempt.id).where(
            LoginAttempt.key == key, LoginAttempt.attempted_at > since
        )
        return self.session.scalars(query.limit(1)).first() is not None

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

    def seen(self, key: str, window: dt.timedelta) -> bool:
        return bool(self.client.exists(f"factcheck:login:{key}"))

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


def _account_key(email: str) -> str:
    return f"email:{email.strip().lower()}"


def _pair_key(kind: str, email: str, address: str) -> str:
    # Hashed: a fixed length whatever the email, and no address list beside each account.
    digest = hashlib.sha256(f"{email.strip().lower()}|{address}".encode()).hexdigest()
    return f"{kind}:{digest[:40]}"


def _is_known(counter: Counter, email: str, address: str | None, limits: Limits) -> bool:
    """Whether this account signed in from this address within `limits.known_for`."""
    if not address:
        return False
    # `seen`, not `failures`: asking must not count this attempt against the mark.
    return counter.seen(_pair_key("known", email, address), limits.known_for)


def _limited_keys(
    counter: Counter, email: str, address: str | None, limits: Limits
) -> list[tuple[str, int]]:
    """The counts that decide this attempt, each with its limit."""
    if address and _is_known(counter, email, address, limits):
        return [(_pair_key("pair", email, address), limits.per_account)]
    keys = [(_account_key(email), limits.per_account)]
    if address:
        keys.append((f"ip:{address}", limits.per_address))
    return keys


def check(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    """Raise Throttled when the failures that count for this attempt reached their limit."""
    for key, limit in _limited_keys(counter, email, address, limits):
        count, wait = counter.failures(key, limits.window)
        if count >= limit:
            counter.release()  # refused: this attempt is not a failure
            raise Throttled(wait)


def failed(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    """Count a failed sign-in against what decided it, and always against its address."""
    keys = [key for key, _limit in _limited_keys(counter, email, address, limits)]
    if address and f"ip:{address}" not in keys:
        keys.append(f"ip:{address}")
    for key in keys:
        counter.add(key, limits.window)


def succeeded(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    """Forget the account's failures and make (account, address) known for a while."""
    counter.clear(_account_key(email))
    if address:
        counter.clear(_pair_key("pair", email, address))
        known = _pair_key("known", email, address)
        counter.clear(known)  # one mark per pair, dated by the latest sign-in
        counter.add(known, limits.known_for)
    counter.release()  # the address's count of this attempt, too


def reset_requested(counter: Counter, email: str, address: str | None, limits: Limits) -> None:
    """Count a request for a password-reset link, per email and per address, with the
    sign-in's limits but counts of their own; raise Throttled at a limit. Every request
    counts, whether the email has an account or not, so a refusal tells nothing."""
    keys = [(_pair_key("reset-email", email, ""), limits.per_account)]
    if address:
        keys.append((f"reset-ip:{address}", limits.per_address))
    for key, limit in keys:
        count, wait = counter.failures(key, limits.window)
        if count >= limit:
            counter.release()
            raise Throttled(wait, "Too many requests for a password link.")
    for key, _limit in keys:
        counter.add(key, limits.window)
