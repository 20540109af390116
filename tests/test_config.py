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


# Wrong values a new operator types: refused at start, naming the variable and what it takes --


@pytest.mark.parametrize(
    ("variable", "value", "allowed"),
    [
        # A lease of 0 or less would hand every taken claim back to the queue at once.
        ("FACTCHECK_LEASE_HOURS", "0", "above 0"),
        ("FACTCHECK_LEASE_HOURS", "-5", "above 0"),
        ("FACTCHECK_LEASE_HOURS", "30m", "a number"),
        ("FACTCHECK_LEASE_HOURS", "1e9", "at most"),
        ("FACTCHECK_LEASE_HOURS", "nan", "a number"),
        ("FACTCHECK_SESSION_IDLE_MINUTES", "0", "above 0"),
        ("FACTCHECK_SESSION_MAX_HOURS", "-1", "above 0"),
        ("FACTCHECK_PUBLIC_CACHE_SECONDS", "-1", "at least 0"),
        ("FACTCHECK_MAX_ARTICLE_CHARS", "0", "at least 1"),
        ("FACTCHECK_MAX_ARTICLE_CHARS", "1e9", "a whole number"),
        ("FACTCHECK_MAX_ARTICLE_CHARS", "2.5", "a whole number"),
        ("FACTCHECK_MAX_UPLOAD_BYTES", "10MB", "a whole number"),
        # Silently read as 1 before: the operator meant something else.
        ("FACTCHECK_REQUIRED_APPROVALS", "0", "at least 1"),
        ("FACTCHECK_REQUIRED_APPROVALS", "-5", "at least 1"),
        ("FACTCHECK_MIN_SOURCES", "-1", "at least 0"),
        ("FACTCHECK_PROXY_HOPS", "1.5", "a whole number"),
        # Scores run from 0 to 1: 1.5 would never propose a candidate; "abc" was a traceback.
        ("FACTCHECK_EXTRACTION_THRESHOLD", "1.5", "at most 1"),
        ("FACTCHECK_EXTRACTION_THRESHOLD", "abc", "a number"),
    ],
)
def test_a_number_out_of_range_is_refused_with_what_is_allowed(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, allowed: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    message = str(refused.value)
    assert message.startswith(variable) and allowed in message and repr(value) in message


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("FACTCHECK_SITE_URL", "factcheck.example.org", "http:// or https://"),
        ("FACTCHECK_SITE_URL", "https://factcheck.example.org/desk", "no path"),
        ("FACTCHECK_ORG_URL", "example.org", "http:// or https://"),
        ("FACTCHECK_DATABASE_URL", "postgres://u@db.example/factcheck", "postgresql://"),
        ("FACTCHECK_DATABASE_URL", "/srv/factcheck.sqlite3", "sqlite:///"),
        ("FACTCHECK_DATABASE_URL", "mysql://u@db.example/factcheck", "sqlite:///"),
        ("FACTCHECK_SMTP_URL", "smtp://u:secret@mail.example.org:submission", "port number"),
        ("FACTCHECK_REDIS_URL", "127.0.0.1:6379", "redis://"),
        ("FACTCHECK_TRUSTED_HOSTS", "https://factcheck.example.org", "host names, not URLs"),
        ("FACTCHECK_FETCH_ALLOW", "10.0.0.0/33", "neither a host name"),
    ],
)
def test_a_malformed_address_is_refused_at_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "k")
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert variable in str(refused.value) and expected in str(refused.value)
    assert "secret" not in str(refused.value), "no password in the message"


def test_trusted_hosts_may_be_separated_by_spaces_and_commas(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_TRUSTED_HOSTS", "Factcheck.example.org  .example.net,x.example")
    hosts = settings_from_env(tmp_path).trusted_hosts
    assert hosts == ["factcheck.example.org", ".example.net", "x.example"]


def test_site_url_keeps_its_port_and_loses_its_trailing_slash(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5000/")
    assert settings_from_env(tmp_path).site_url == "http://127.0.0.1:5000"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"FACTCHECK_RATE_LIMIT_READS": "60/minte"}, "FACTCHECK_RATE_LIMIT_READS must be a rate"),
        (
            {
                "FACTCHECK_LLM_URL": "http://127.0.0.1:9",
                "FACTCHECK_LLM_MODEL": "m",
                "FACTCHECK_LLM_TIMEOUT": "abc",
            },
            "FACTCHECK_LLM_TIMEOUT must be a number of seconds",
        ),
    ],
)
def test_the_app_refuses_a_bad_rate_limit_or_model_timeout(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], expected: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=expected):
        create_app({"TESTING": True})


@pytest.mark.parametrize("command", ["routes", "--help"])
def test_flask_commands_print_a_wrong_setting_as_one_line(tmp_path, command: str) -> None:
    """`flask --app wsgi run` with a typo: one "Error:" line, no traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "FACTCHECK_LEASE_HOURS": "0"}
    env["FACTCHECK_DATABASE_URL"] = f"sqlite:///{tmp_path}/x.sqlite3"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", command],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == (
        "Error: FACTCHECK_LEASE_HOURS must be a number above 0 and at most 8784, got '0'"
    )


# A database that cannot be opened: one line naming FACTCHECK_DATABASE_URL ------------------


def test_a_sqlite_file_in_a_missing_folder_is_named_at_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path}/missing/x.sqlite3")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5000")
    with pytest.raises(ConfigError) as refused:
        create_app({"JOBS_RUN_NOW": False})
    assert "FACTCHECK_DATABASE_URL" in str(refused.value)
    assert "unable to open database file" in str(refused.value)


def test_init_db_names_a_database_it_cannot_reach(tmp_path) -> None:
    """With the jobs elsewhere (Redis), the first command to reach PostgreSQL is init-db."""
    from huey.storage import MemoryStorage

    url = "postgresql://factcheck:hunter2@127.0.0.1:1/factcheck"
    app = create_app({"DATABASE_URL": url, "TESTING": True, "JOBS_STORAGE": MemoryStorage("t")})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: cannot use the database of FACTCHECK_DATABASE_URL "
        "(postgresql://factcheck:***@127.0.0.1:1/factcheck): connection failed"
    )
    assert "hunter2" not in result.output


# E-mail: the sender is an address, and the links in it lead to the site ----------------------


@pytest.mark.parametrize("variable", ["FACTCHECK_MAIL_FROM", "FACTCHECK_MAIL_REPLY_TO"])
@pytest.mark.parametrize(
    "value",
    [
        "desk@",  # an IndexError in every mail job before
        "Fact-check desk, <desk@example.org>",  # two "addresses", one of them no address
        "desk example.org",
        '"Fact-check desk <desk@example.org>"',  # quotes kept by docker's --env-file
    ],
)
def test_a_sender_that_is_not_one_address_is_refused(
    tmp_path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert str(refused.value).startswith(f"{variable} must be one e-mail address")


@pytest.mark.parametrize("value", ["Fact-check desk <desk@example.org>", "desk@example.org"])
def test_a_sender_address_is_taken_as_written(
    tmp_path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("FACTCHECK_MAIL_FROM", value)
    assert settings_from_env(tmp_path).mail_from == value


def test_mail_needs_the_site_url_for_its_links(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without it an invitation led to http://127.0.0.1:5000 (or the first trusted host)."""
    monkeypatch.delenv("FACTCHECK_SITE_URL", raising=False)
    monkeypatch.setenv("FACTCHECK_SMTP_URL", "smtp://127.0.0.1:2525")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert str(refused.value).startswith("FACTCHECK_SMTP_URL is set, so set FACTCHECK_SITE_URL too")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5105")
    assert settings_from_env(tmp_path).smtp_url == "smtp://127.0.0.1:2525"


def test_a_site_url_its_own_trusted_hosts_refuse_stops_the_start(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every request to the site's own address would get a 400."""
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "k")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "https://factcheck.example.org")
    monkeypatch.setenv("FACTCHECK_TRUSTED_HOSTS", "www.example.org")
    with pytest.raises(ConfigError) as refused:
        settings_from_env(tmp_path)
    assert str(refused.value).startswith(
        "FACTCHECK_TRUSTED_HOSTS does not include factcheck.example.org, the host of "
        "FACTCHECK_SITE_URL"
    )
    monkeypatch.setenv("FACTCHECK_TRUSTED_HOSTS", "www.example.org, .example.org")
    assert settings_from_env(tmp_path).trusted_hosts == ["www.example.org", ".example.org"]


# A database down while the app starts ------------------------------------------------------


def test_the_app_starts_while_postgresql_is_down_and_pages_say_503(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Found by a first-day operator's walk in session 22: with the jobs in PostgreSQL, an
    app started while the database was down (a reboot, a failover) could not be built, so
    gunicorn's workers failed to boot and it stopped, where the README promises pages that
    answer 503 and recover by themselves. The queue's tables are made on its first use."""
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5000")
    url = "postgresql://factcheck@127.0.0.1:1/factcheck"  # nothing listens on port 1
    app = create_app({"DATABASE_URL": url, "JOBS_RUN_NOW": False})
    response = app.test_client().get("/")
    assert response.status_code == 503


def test_a_wrong_postgresql_role_is_still_named_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that answers and refuses is a setting to correct, not an outage to wait out."""
    import psycopg

    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2):
            pass
    except psycopg.Error:
        pytest.skip("no PostgreSQL server on 127.0.0.1:5432")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "http://127.0.0.1:5000")
    url = "postgresql://no_such_role_here@127.0.0.1:5432/postgres"
    with pytest.raises(ConfigError) as refused:
        create_app({"DATABASE_URL": url, "JOBS_RUN_NOW": False})
    assert 'role "no_such_role_here" does not exist' in str(refused.value)


def test_the_queue_makes_its_tables_once_postgresql_is_back() -> None:
    import psycopg

    from factcheck.jobs.queue import QueueUnavailable, SerialisedPostgresStorage

    server = "postgresql://postgres@127.0.0.1:5432/test"
    try:
        with psycopg.connect(server, connect_timeout=2):
            pass
    except psycopg.Error:
        pytest.skip("no PostgreSQL database test on 127.0.0.1:5432")
    prefix = "outage_test"
    storage = SerialisedPostgresStorage(
        "outage", dsn="postgresql://x@127.0.0.1:1/x", table_prefix=prefix
    )
    try:
        with pytest.raises(QueueUnavailable):
            storage.enqueue(b"job", 0)
        storage.dsn = server  # the server is back: the first use makes the tables
        storage.enqueue(b"job", 0)
        assert storage.dequeue() == b"job"
    finally:
        storage.close()
        with psycopg.connect(server, autocommit=True) as conn:
            for table in ("kv", "schedule", "task", "counter"):
                conn.execute(f"drop table if exists {prefix}_{table}")


def test_a_digit_that_is_no_number_is_a_setting_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    # Session 22: "²" passes str.isdigit(), and int() raised ValueError: a traceback.
    monkeypatch.setenv("FACTCHECK_MIN_SOURCES", "²")
    with pytest.raises(ConfigError, match="FACTCHECK_MIN_SOURCES must be a whole number"):
        settings_from_env(tmp_path)
