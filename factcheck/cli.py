"""Command-line tools: `factcheck <command>`, or `flask --app wsgi <command>` in a checkout.

This module is what the `factcheck` console script imports first, so it imports little:
the app's commands (factcheck/commands.py) load with the app, and `factcheck extract`
runs without the app and without Flask (tests/test_lazy_imports.py).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from factcheck.config import ConfigError, require_serving_settings
from factcheck.extract_cli import extract_command

if TYPE_CHECKING:
    from flask import Flask


def init_app(app: Flask) -> None:
    """Add the app's commands to `flask --app wsgi` and `factcheck`."""
    from factcheck import commands

    commands.init_app(app)


# The console script ------------------------------------------------------------------------


@click.command("serve", context_settings={"ignore_unknown_options": True})
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=lambda: int(os.environ.get("WEB_CONCURRENCY", "2")),
    help="gunicorn worker processes (default: WEB_CONCURRENCY, else 2).",
)
@click.argument("gunicorn_args", nargs=-1, type=click.UNPROCESSED)
def serve(host: str, port: int, workers: int, gunicorn_args: tuple[str, ...]) -> None:
    """Serve the app under gunicorn, or Flask's development server when gunicorn is missing.

    Arguments after the options go to gunicorn, e.g. `factcheck serve -- --timeout 60`.
    """
    from factcheck import create_app

    app = create_app()  # a wrong setting stops here, with its message, before any worker
    # Workers serve for real: check what they would refuse here, with a plain message.
    require_serving_settings(app.config, serving=True)
    if not gunicorn_installed():
        click.echo(
            "gunicorn is not installed (pip install 'factcheck[prod]'): "
            "serving with Flask's development server, which is not for production.",
            err=True,
        )
        app.run(host=host, port=port)
        return
    argv = gunicorn_argv(host, port, workers, gunicorn_args)
    os.execv(sys.executable, argv)


def gunicorn_installed() -> bool:
    """Whether the `prod` extra's gunicorn can be run (looked up, not imported)."""
    return importlib.util.find_spec("gunicorn") is not None


def gunicorn_argv(host: str, port: int, workers: int, extra: tuple[str, ...] = ()) -> list[str]:
    """The gunicorn command line that `serve` runs in its place."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        address,
        "--workers",
        str(workers),
        *extra,
        "factcheck:create_app()",
    ]


def main() -> None:
    """The `factcheck` console script: every `flask --app wsgi` command, and `serve`."""
    try:
        if sys.argv[1:2] == ["extract"]:
            # Straight to the command: Flask's group would import Flask and every installed
            # Flask plugin's commands first, a fifth of a second before the first line.
            _load_dotenv_files()
            extract_command.main(sys.argv[2:], prog_name="factcheck extract")
        else:
            _group().main(prog_name="factcheck")
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)


def _group() -> click.Group:
    from flask.cli import FlaskGroup

    from factcheck import create_app

    group = FlaskGroup(
        name="factcheck",
        create_app=create_app,
        help="factcheck: a fact-check workflow service. Settings come from FACTCHECK_* variables.",
        add_version_option=False,  # Flask's prints Python's, Flask's and Werkzeug's versions
    )
    click.version_option(package_name="factcheck", message="%(prog)s %(version)s")(group)
    if not dotenv_installed():
        # Flask's -e/--env-file needs python-dotenv, which a deployment does not install
        # (requirements/main.txt; the dev tools bring it): offered there, it only failed.
        # Not added to the lock: the deployments read their settings from the environment
        # (systemd's EnvironmentFile, compose), /etc/factcheck.env is root's alone while the
        # commands run as the factcheck user (docs/deploy.md reads it in the shell), and with
        # python-dotenv every command would also read any .env in its folder or above.
        group.params = [param for param in group.params if param.name != "env_file"]
    group.add_command(serve)
    group.add_command(extract_command)  # `factcheck --help` lists it
    return group


def dotenv_installed() -> bool:
    """Whether python-dotenv can be imported (looked up, not imported)."""
    try:
        return importlib.util.find_spec("dotenv") is not None
    except ValueError:  # `sys.modules["dotenv"] = None`: blocked, as if not installed
        return False


def _load_dotenv_files() -> None:
    """What Flask's group does before any command: read .env and .flaskenv (when
    python-dotenv is installed and FLASK_SKIP_DOTENV is not set). Flask is imported for it
    only when there is such a file in this folder or above."""
    here = Path.cwd()
    names = (".env", ".flaskenv")
    if not any((folder / name).is_file() for folder in (here, *here.parents) for name in names):
        return
    from flask.cli import get_load_dotenv, load_dotenv

    if get_load_dotenv():
        load_dotenv()
