"""Configuration from FACTCHECK_* variables, and the SQLite connection settings."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from factcheck import create_app
from factcheck.config import ConfigError, load_secret_key, settings_from_env
from factcheck.db import make_engine


def test_a_generated_secret_key_is_kept(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    first = load_secret_key(tmp_path)
    assert len(first) >= 64
    assert load_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_the_configured_secret_key_wins(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "from-the-environment")
    assert load_secret_key(tmp_path) == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_the_default_database_is_sqlite_in_the_instance_folder(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    settings = settings_from_env(tmp_path)
    assert settings.database_url == f"sqlite:///{tmp_path / 'factcheck.sqlite3'}"


def test_settings_come_from_the_environment(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "postgresql://db.example/factcheck")
    monkeypatch.setenv("FACTCHECK_LEASE_HOURS", "8")
    monkeypatch.setenv("FACTCHECK_MAX_ARTICLE_CHARS", "5000")
    settings = settings_from_env(tmp_path)
    assert settings.database_url == "postgresql://db.example/factcheck"
    assert settings.lease_hours == 8
    assert settings.max_article_chars == 5000


def test_a_bad_number_names_the_variable(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_LEASE_HOURS", "a day")
    with pytest.raises(RuntimeError, match="FACTCHECK_LEASE_HOURS"):
        settings_from_env(tmp_path)


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/x.sqlite3")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    engine.dispose()


def test_postgresql_urls_use_psycopg_3() -> None:
    engine = make_engine("postgresql://user@localhost/db")
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


# A shared secret key where app servers may be several ---------------------------------------


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FACTCHECK_DATABASE_URL", "postgresql+psycopg://db.example/factcheck"),
        ("FACTCHECK_SITE_URL", "https://factcheck.example.org"),
    ],
)
def test_a_production_setting_without_a_secret_key_refuses_to_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert "FACTCHECK_SECRET_KEY is not set" in str(refused.value)
    assert "python -c 'import secrets; print(secrets.token_hex(32))'" in str(refused.value)
    assert not (tmp_path / "secret_key").exists(), "no key of this host's own"


def test_the_app_itself_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "postgresql://db.example/factcheck")
    with pytest.raises(ConfigError, match="token_hex"):
        create_app()


def test_plain_http_on_sqlite_still_keeps_a_key_of_its_own(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FACTCHECK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FACTCHECK_DATABASE_URL", raising=False)
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5000")
    assert settings_from_env(tmp_path).secret_key == (tmp_path / "secret_key").read_text()


@pytest.mark.parametrize(
    ("variable", "value"),
    [("FACTCHECK_PROXY_HOPS", "-1"), ("FACTCHECK_SOURCE_URL", "javascript:alert(1)")],
)
def test_bad_proxy_hops_and_source_urls_name_the_variable(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable):
        settings_from_env(tmp_path)


@pytest.mark.parametrize(
    "value",
    [
        # docs/deploy.md's export line, copied into a systemd EnvironmentFile or a
        # `docker run --env-file`: neither runs commands, so every such install would share
        # this well-known text as its key.
        "$(python3 -c 'import secrets; print(secrets.token_hex(32))')",
        "$(python3 -c import secrets; print(secrets.token_hex(32)))",
        "`openssl rand -hex 32`",
        "${SECRET}",
    ],
)
def test_a_secret_key_that_is_an_unrun_shell_command_refuses_to_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", value)
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", "postgresql://db.example/factcheck")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    message = str(refused.value)
    assert "FACTCHECK_SECRET_KEY" in message
    assert "shell command" in message
    assert "python -c 'import secrets; print(secrets.token_hex(32))'" in message
