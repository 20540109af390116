"""What a deployment is built from: the package's data, the Dockerfile and compose.yaml.

CI also builds the wheel, installs it with the bundled pip and serves it
(scripts/check_wheel.py); these checks are the quick ones that run with every test run.
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
from pathlib import Path

import yaml
from flask import Flask

from factcheck import resources
from factcheck.jobs.worker import DEFAULT_SHUTDOWN_TIMEOUT

REPO = Path(__file__).resolve().parents[1]


def _package_data() -> dict[str, list[str]]:
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg")
    return {
        package: [pattern.strip() for pattern in patterns.split(",")]
        for package, patterns in config["options.package_data"].items()
    }


def _shipped(folder: Path, patterns: list[str]) -> set[Path]:
    return {path for pattern in patterns for path in folder.glob(pattern) if path.is_file()}


def test_every_template_and_migration_ships_in_the_wheel() -> None:
    data = _package_data()
    templates, migrations = REPO / "templates", REPO / "migrations"
    # Every file Jinja may load, whatever its suffix (the sitemap's .xml once went missing).
    every_template = {
        path
        for path in templates.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    }
    assert _shipped(templates, data["factcheck.templates"]) == every_template
    needed = {migrations / "script.py.mako", *migrations.glob("versions/*.py")}
    assert needed <= _shipped(migrations, data["factcheck.migrations"])


def test_the_app_finds_the_repositorys_templates_and_migrations(app: Flask) -> None:
    """An editable install maps factcheck.templates and factcheck.migrations to the repo."""
    assert resources.templates_folder() == REPO / "templates"
    assert resources.migrations_folder() == REPO / "migrations"
    assert app.jinja_loader is not None
    assert app.jinja_loader.searchpath == [str(REPO / "templates")]  # type: ignore[attr-defined]


def test_the_dockerfile_installs_the_lock_and_serves_as_a_user() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "--require-hashes --no-deps -r requirements/main.txt" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*/readyz", dockerfile, re.M)
    assert re.search(r'^CMD \["factcheck", "serve"', dockerfile, re.M)


def test_compose_runs_the_app_with_postgresql_and_redis() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app", "db", "redis", "migrate"} <= set(services)
    app = services["app"]
    assert app["environment"]["FACTCHECK_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert app["environment"]["FACTCHECK_REDIS_URL"] == "redis://redis:6379/0"
    assert "FACTCHECK_SECRET_KEY" in app["environment"]
    # Notification e-mail is set in .env like the rest: compose passes on only what it names.
    for variable in ("FACTCHECK_SMTP_URL", "FACTCHECK_MAIL_FROM", "FACTCHECK_MAIL_REPLY_TO"):
        assert app["environment"][variable] == f"${{{variable}:-}}"
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["factcheck", "init-db"]
    assert services["db"]["image"].startswith("postgres:")
    # Background jobs: a worker beside the app, on a Redis that keeps the queue on disk.
    assert services["worker"]["command"][:2] == ["factcheck", "worker"]
    assert services["worker"]["environment"] == app["environment"]
    assert "--appendonly" in services["redis"]["command"]
    assert any(volume.endswith(":/data") for volume in services["redis"]["volumes"])
    # Docker's SIGTERM is the worker's graceful stop (as it is gunicorn's); SIGINT would stop
    # it at once. Docker must wait longer than the worker's shutdown timeout before SIGKILL.
    assert "stop_signal" not in services["worker"] and "stop_signal" not in app
    grace = services["worker"]["stop_grace_period"]
    assert re.fullmatch(r"\d+s", grace) and int(grace[:-1]) > DEFAULT_SHUTDOWN_TIMEOUT
    for name, service in services.items():
        assert set(service) <= COMPOSE_SERVICE_KEYS, f"{name}: unknown keys"


def test_every_compose_service_keeps_a_bounded_log() -> None:
    """Docker's default json-file log grows without limit: each service rotates its own."""
    services = yaml.safe_load((REPO / "compose.yaml").read_text())["services"]
    for name, service in services.items():
        logging = service.get("logging", {})
        assert logging.get("driver") == "json-file", f"{name}: no bounded log"
        size, files = logging["options"]["max-size"], logging["options"]["max-file"]
        assert re.fullmatch(r"\d+m", size) and int(size[:-1]) <= 100, f"{name}: {size}"
        assert isinstance(files, str) and 1 <= int(files) <= 10, f"{name}: {files!r}"


def test_every_create_user_example_names_the_person() -> None:
    """Without --name a person is called after their e-mail's local part, and notifications
    read "you assigned you …": the copied examples pass --name."""
    for path in ("README.md", "docs/deploy.md", "compose.yaml"):
        for line in (REPO / path).read_text(encoding="utf-8").splitlines():
            if re.search(r"factcheck create-user \S+@", line):
                assert re.search(r"--name ['\"]", line), f"{path}: {line.strip()}"


# The service keys this file may use (the Compose specification has more).
COMPOSE_SERVICE_KEYS = {
    "build",
    "command",
    "depends_on",
    "environment",
    "healthcheck",
    "image",
    "logging",
    "ports",
    "restart",
    "stop_grace_period",
    "volumes",
}


def test_make_run_serves_the_demo_with_links_to_its_own_address() -> None:
    """The sitemap, feeds and ClaimReview of `make run` name http://127.0.0.1:5000, not a
    guessed http://localhost/; a FACTCHECK_SITE_URL already set still wins."""
    fake_flask = "printenv FACTCHECK_SITE_URL; true"

    def site_url_seen(**env: str) -> set[str]:
        result = subprocess.run(
            ["make", "-s", "-o", "install", "run", f"FLASK={fake_flask}"],
            cwd=REPO,
            env={k: v for k, v in os.environ.items() if k != "FACTCHECK_SITE_URL"} | env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return set(result.stdout.split())

    assert site_url_seen() == {"http://127.0.0.1:5000"}
    assert site_url_seen(FACTCHECK_SITE_URL="https://factcheck.example.org") == {
        "https://factcheck.example.org"
    }


def test_every_install_of_the_lock_resolves_nothing() -> None:
    """The locks list every package with its hashes. Installed with dependency resolution,
    a new upstream release broke them on a fresh machine (lxml 6.2.0 declared the html_clean
    extra that justext asks for, and pip refused the lock as unpinned), so each place that
    installs a lock passes --no-deps (docs/deploy.md)."""
    places = {
        "Makefile": (REPO / "Makefile").read_text(),
        "Dockerfile": (REPO / "Dockerfile").read_text(),
        "README.md": (REPO / "README.md").read_text(),
        "docs/deploy.md": (REPO / "docs" / "deploy.md").read_text(),
        "scripts/check_wheel.py": (REPO / "scripts" / "check_wheel.py").read_text(),
    }
    # A command is a line, or in the script one run([...]) call spread over several lines.
    commands = {
        name: re.split(r"\brun\(", re.sub(r"\s+", " ", text)) if name.endswith(".py") else
        text.splitlines()
        for name, text in places.items()
    }  # fmt: skip
    installs = [
        (name, command.strip())
        for name, lines in commands.items()
        for command in lines
        if re.search(r"pip\b.{0,60}\binstall\b", command)
        and re.search(r"requirements/(main|dev)\.txt", command)
    ]
    assert {name for name, _ in installs} == set(places)
    assert [(name, line) for name, line in installs if "--no-deps" not in line] == []


def test_the_compose_secrets_file_is_never_committed_nor_sent_to_docker() -> None:
    # compose.yaml reads its secrets (the secret key, the SMTP URL with its password) from
    # .env beside it; before session 21 neither ignore file named it.
    for ignore in (".gitignore", ".dockerignore"):
        lines = (REPO / ignore).read_text().split()
        assert ".env" in lines, ignore
