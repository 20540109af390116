"""FACTCHECK_TIME_ZONE: the newsroom's zone. Storage stays UTC; the days and times pages show,
and the "today" of a date left empty, are the newsroom's. With the default (UTC) pages are
as they were: tests/test_times_carry_zone.py and tests/test_date_entry.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.config import ConfigError, settings_from_env
from tests.conftest import build_app

# 08:30 on Sunday 6 December in Sydney (AEDT, UTC+11); Saturday the 5th, 21:30, in UTC.
AT = dt.datetime(2026, 12, 5, 21, 30, 15, tzinfo=dt.UTC)


@pytest.fixture
def sydney(engine: Engine, session_factory: sessionmaker[Session]) -> Iterator[FlaskClient]:
    """A client of a Sydney newsroom's app, at AT."""
    app = build_app(engine, session_factory, TIME_ZONE="Australia/Sydney")
    clock.set_source(lambda: AT)
    yield app.test_client()
    clock.set_source(None)
    clock.set_zone(None)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_unknown_zone_refuses_to_start_naming_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_TIME_ZONE", "Sydney")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert str(refused.value) == (
        "FACTCHECK_TIME_ZONE must be an IANA time zone name such as Australia/Sydney, "
        "America/Los_Angeles or UTC, got 'Sydney'"
    )


def test_the_default_zone_is_utc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_TIME_ZONE", raising=False)
    assert settings_from_env(tmp_path).time_zone == "UTC"
    monkeypatch.setenv("FACTCHECK_TIME_ZONE", "America/Los_Angeles")
    assert settings_from_env(tmp_path).as_flask_config()["TIME_ZONE"] == "America/Los_Angeles"
