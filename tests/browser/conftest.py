"""A live server and Debian's Chromium, driven by Playwright. No browser is downloaded."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.models import Role
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
USERS = {
    "editor": ("editor@example.org", "Edith Editor", Role.EDITOR),
    "editor2": ("editor2@example.org", "Eli Editor", Role.EDITOR),
    "checker": ("checker@example.org", "Chris Checker", Role.CHECKER),
}


class LiveServer:
    def __init__(self, app: Flask, url: str) -> None:
        self.app = app
        self.url = url

    def users(self) -> dict[str, str]:
        """Create the journey's users; return role name → email."""
        with self.app.extensions["factcheck.db"].factory() as session:
            for email, name, role in USERS.values():
                if accounts.find_user(session, email) is None:
                    accounts.create_user(
                        session, email=email, password=PASSWORD, role=role, display_name=name
                    )
            session.commit()
        return {key: value[0] for key, value in USERS.items()}


def _closing_each_response(app: Any) -> Any:
    """Werkzeug's development server skips a response's close() when the browser drops the
    connection (a favicon request cut short by the next page): the static file stayed open
    until the garbage collector found it, and its ResourceWarning failed whichever test
    was running then. Each response is read whole and closed here instead (no page of the
    app streams)."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    # Its own SQLite file: the browser's requests commit for real, outside the test rollback.
    url = f"sqlite:///{tmp_path_factory.mktemp('live')}/live.sqlite3"
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    # No page cache: the tests share this server in random order, and a reader's page that
    # another test cached seconds before a publication would hide it (the cache has its own
    # tests in tests/test_publishing.py and tests/test_security.py).
    app = create_app(
        {"DATABASE_URL": url, "TRUSTED_HOSTS": ["127.0.0.1"], "PUBLIC_CACHE_SECONDS": 0}
    )
    server = make_server("127.0.0.1", 0, _closing_each_response(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    app.extensions["factcheck.db"].engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: run `make browser-deps` (apt-get "
            "install chromium) to run the browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def screenshot(page: object, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


@contextmanager
def jobs_of(live_server: LiveServer) -> Iterator[Callable[[], None]]:
    """Queue what the live server's requests queue in its own storage, beside its database,
    and give a function that runs it, as its worker would (it has none).

    The queue is one per process and each app built binds it: without this, a job queued
    by the live server could run at once against another test's app, or wait forever.
    """
    from factcheck.jobs import queue as job_queue

    job_queue.bind(live_server.app)

    def run() -> None:
        with live_server.app.app_context():
            while (task := job_queue.huey.dequeue()) is not None:
                job_queue.huey.execute(task)

    # Left bound to the live server afterwards: every app a later test builds binds the
    # queue itself, and binding back to the app bound before opened its storage again,
    # which on PostgreSQL failed once that app's test had dropped its database.
    yield run
