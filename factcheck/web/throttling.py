"""The sign-in throttle's settings, and where it counts failures: the database, or Redis
when FACTCHECK_REDIS_URL is set (one client per app)."""

from __future__ import annotations

import datetime as dt

from flask import current_app

from factcheck.domain import throttle
from factcheck.web.database import db


def login_limits() -> throttle.Limits:
    config = current_app.config
    return throttle.Limits(
        per_account=config["LOGIN_LIMIT_PER_ACCOUNT"],
        per_address=config["LOGIN_LIMIT_PER_ADDRESS"],
        window=dt.timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
    )


def login_counter() -> throttle.Counter:
    url = current_app.config.get("REDIS_URL")
    if url:
        import redis  # optional: only deployments that set FACTCHECK_REDIS_URL need it

        client = current_app.extensions.get("factcheck.redis")
        if client is None:
            client = current_app.extensions["factcheck.redis"] = redis.Redis.from_url(url)
        return throttle.RedisCounter(client)
    return throttle.DatabaseCounter(db())
