"""The `factcheck` console script and the `factcheck:create_app()` entry point for gunicorn."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from factcheck import cli
from factcheck.config import ConfigError

FACTCHECK = Path(sys.executable).with_name("factcheck")


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [str(FACTCHECK), *args], capture_output=True, text=True, env=environment, timeout=120
    )


def test_init_db_migrates_through_the_console_script(tmp_path: Path) -> None:
    done = _run("init-db", FACTCHECK_DATABASE_URL=f"sqlite:///{tmp_path}/fc.sqlite3")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"Database is at revision \w+\.\n", done.stdout)


def test_a_missing_secret_key_is_a_message_not_a_traceback() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "FACTCHECK_SECRET_KEY"}
    done = subprocess.run(
        [str(FACTCHECK), "init-db"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**environment, "FACTCHECK_DATABASE_URL": "postgresql://db.invalid/factcheck"},
    )
    assert done.returncode == 2
    assert "Error: FACTCHECK_SECRET_KEY is not set" in done.stderr
    assert "secrets.token_hex(32)" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def _sqlite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", f"sqlite:///{tmp_path}/fc.sqlite3")
    monkeypatch.setenv("FACTCHECK_SITE_URL", "https://factcheck.example.org")


@pytest.mark.usefixtures("_sqlite")
def test_serve_runs_gunicorn_on_the_app_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda _path, argv: started.append(argv))
    result = CliRunner().invoke(
        cli.serve, ["--port", "8123", "--workers", "3", "--", "--timeout", "60"]
    )
    assert result.exit_code == 0, result.output
    gunicorn = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:8123", "--workers", "3"]
    assert started == [[*gunicorn, "--timeout", "60", "factcheck:create_app()"]]


def test_serve_brackets_an_ipv6_address() -> None:
    assert "[::1]:8000" in cli.gunicorn_argv("::1", 8000, 2)


@pytest.mark.usefixtures("_sqlite")
def test_serve_falls_back_to_flasks_server_without_gunicorn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: list[tuple[str, int]] = []
    monkeypatch.setattr(cli, "gunicorn_installed", lambda: False)
    monkeypatch.setattr(Flask, "run", lambda self, host, port: served.append((host, port)))
    result = CliRunner().invoke(cli.serve, ["--port", "8124"])
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 8124)]
    assert "development server" in result.output


@pytest.mark.usefixtures("_sqlite")
def test_pretending_gunicorn_is_missing_hides_no_other_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The test above once made every package look missing, to the whole process: the
    # matcher's model, loading in another test's background thread, then failed at random.
    from factcheck.matching import embedding

    found_while_serving: list[Path] = []
    monkeypatch.setattr(cli, "gunicorn_installed", lambda: False)
    monkeypatch.setattr(
        Flask,
        "run",
        lambda self, host, port: found_while_serving.append(
            embedding._packaged_file(embedding._WEIGHTS)
        ),
    )
    result = CliRunner().invoke(cli.serve, ["--port", "8125"])
    assert result.exit_code == 0, result.output
    assert [path.name for path in found_while_serving] == [Path(embedding._WEIGHTS).name]


@pytest.mark.usefixtures("_sqlite")
def test_gunicorn_can_load_the_app_factory(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.util import import_app

    assert isinstance(import_app("factcheck:create_app()"), Flask)


@pytest.mark.usefixtures("_sqlite")
def test_serve_refuses_to_start_without_a_public_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FACTCHECK_SITE_URL", raising=False)
    monkeypatch.delenv("FACTCHECK_TRUSTED_HOSTS", raising=False)
    started: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda _path, argv: started.append(argv))
    result = CliRunner().invoke(cli.serve, ["--port", "8125"])
    assert result.exit_code == 2 and started == []
    assert result.output.startswith("Error: Set FACTCHECK_SITE_URL")


def test_worker_help_names_the_signal_that_lets_running_jobs_finish() -> None:
    """The worker finishes its running jobs on SIGTERM (what systemd and docker send), and
    queues again what a stop cuts short (tests/test_worker_stop.py runs it)."""
    done = _run("worker", "--help")
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "SIGTERM (systemd's and docker's stop) lets the running jobs finish" in text
    assert "is queued again" in text
    assert "--shutdown-timeout" in text


@pytest.mark.parametrize("dotenv_installed", [False, True])
def test_help_offers_env_file_only_when_python_dotenv_can_read_it(
    dotenv_installed: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flask's `-e/--env-file` needs python-dotenv: the dev tools bring it, requirements/
    main.txt (what a deployment installs) does not. `factcheck --help` offers the option only
    where it works; docs/deploy.md reads /etc/factcheck.env without it."""
    if dotenv_installed:
        pytest.importorskip("dotenv")
    else:
        monkeypatch.setitem(sys.modules, "dotenv", None)  # `import dotenv` fails, as uninstalled
    monkeypatch.setattr(os, "environ", os.environ.copy())  # what the file sets goes with it
    env_file = tmp_path / "factcheck.env"
    env_file.write_text("FACTCHECK_ENV_FILE_TEST=read\n", encoding="utf-8")
    shown = CliRunner().invoke(cli._group(), ["--help"])
    used = CliRunner().invoke(cli._group(), ["-e", str(env_file), "--help"])
    assert shown.exit_code == 0, shown.output
    assert ("--env-file" in shown.output) is dotenv_installed
    assert "must be installed to load an env file" not in used.output
    assert (used.exit_code == 0) is dotenv_installed, used.output
    assert (os.environ.get("FACTCHECK_ENV_FILE_TEST") == "read") is dotenv_installed


@pytest.mark.parametrize("threads", ["0", "-1"])
def test_a_worker_without_threads_is_refused(threads: str) -> None:
    """`worker --threads 0` started a worker that ran no job, ever, and said nothing."""
    from factcheck.jobs.worker import worker_command

    result = CliRunner().invoke(worker_command, ["--threads", threads])
    assert result.exit_code == 2
    assert f"Invalid value for '--threads': {threads} is not in the range x>=1." in result.output


@pytest.mark.usefixtures("_sqlite")
@pytest.mark.parametrize("key", ["k", "changeme", "x" * 31])
def test_serve_refuses_a_secret_key_anyone_could_guess(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    # Found by a first-day operator's walk in session 22: FACTCHECK_SECRET_KEY=k served, and
    # whoever guessed the key could sign a session cookie as any editor or admin.
    monkeypatch.setenv("FACTCHECK_SECRET_KEY", key)
    started: list[list[str]] = []
    monkeypatch.setattr(cli.os, "execv", lambda _path, argv: started.append(argv))
    result = CliRunner().invoke(cli.serve, ["--port", "8126"])
    assert result.exit_code == 2 and started == []
    assert result.output.startswith(
        f"Error: FACTCHECK_SECRET_KEY is {len(key)} characters long: a key that signs "
        "sessions must be at least 32 random characters"
    )
    assert "secrets.token_hex(32)" in result.output


@pytest.mark.usefixtures("_sqlite")
def test_gunicorn_refuses_a_short_secret_key_too(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.util import import_app

    monkeypatch.setenv("FACTCHECK_SECRET_KEY", "short")
    with pytest.raises(ConfigError, match="FACTCHECK_SECRET_KEY is 5 characters long"):
        import_app("factcheck:create_app()")
