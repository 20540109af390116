"""URL ingest in a real browser, with a real worker process and a slow web server: the
form answers at once with a pending page, and the article appears when the job is done."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from huey.storage import MemoryStorage
from werkzeug.serving import make_server

from factcheck import create_app, migrate
from factcheck.db import make_engine
from factcheck.domain import accounts
from factcheck.jobs import queue
from factcheck.jobs.queue import huey
from factcheck.models import Role
from factcheck.web.database import Database
from tests.conftest import PASSWORD
from tests.ingest.samples import ARTICLE_HTML, ARTICLE_TITLE
from tests.test_jobs import _redis_reachable, worker_database  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
SLOW_SECONDS = 3.0


@pytest.fixture
def slow_site() -> Iterator[str]:
    """A news site that takes a few seconds to send its page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(SLOW_SECONDS)
            body = ARTICLE_HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/news/ferry-fares"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("storage", ["beside the database", "redis"])
def test_url_ingest_answers_at_once_and_the_article_appears_when_the_worker_is_done(
    browser: Any,
    worker_database: str,  # noqa: F811 - the fixture imported above
    slow_site: str,
    storage: str,
    tmp_path: Path,
) -> None:
    if storage == "redis" and not _redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379")
    redis_url = "redis://127.0.0.1:6379/13" if storage == "redis" else None
    engine = make_engine(worker_database)
    migrate.upgrade(engine)
    with Database(engine).factory() as session:
        accounts.create_user(session, email="ed@example.org", password=PASSWORD, role=Role.EDITOR)
        session.commit()
    engine.dispose()
    settings = {
        "DATABASE_URL": worker_database,
        "REDIS_URL": redis_url,
        "JOBS_RUN_NOW": False,
        "FETCH_ALLOW": "127.0.0.1/32",
        "TRUSTED_HOSTS": ["127.0.0.1"],
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(settings)
    huey.flush()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": worker_database,
        "FACTCHECK_FETCH_ALLOW": "127.0.0.1/32",
        "FACTCHECK_SECRET_KEY": os.environ["FACTCHECK_SECRET_KEY"],
    }
    env.pop("FACTCHECK_REDIS_URL", None)
    log = (tmp_path / "worker.log").open("w")
    if redis_url:
        env["FACTCHECK_REDIS_URL"] = redis_url
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        base = f"http://127.0.0.1:{server.server_port}"
        page.goto(base + "/login")
        page.get_by_label("Email").fill("ed@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/desk/"))
        page.goto(base + "/desk/articles/new")
        page.get_by_label("Article URL").fill(slow_site)
        started = time.monotonic()
        page.get_by_role("button", name="Fetch and extract claims").click()
        page.wait_for_url(re.compile(r"/desk/articles/imports/\d+$"))
        answered = time.monotonic() - started
        status = page.get_by_role("status")
        assert "Fetching the page" in status.inner_text()
        print(f"\nthe form answered in {answered:.2f} s; the site takes {SLOW_SECONDS} s")
        # The pending page refreshes itself; the worker fetches the slow page meanwhile.
        try:
            page.wait_for_url(re.compile(r"/desk/articles/\d+$"), timeout=90_000)
        except Exception:
            log.flush()
            raise AssertionError((tmp_path / "worker.log").read_text()[-3000:]) from None
        assert worker.poll() is None
        assert page.get_by_role("heading", name=ARTICLE_TITLE).is_visible()
        assert page.get_by_role("heading", name="Candidate claims").is_visible()
    finally:
        context.close()
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
        log.close()
        server.shutdown()
        server.server_close()
        huey.flush()
        queue.replace_storage(MemoryStorage(queue.QUEUE_NAME))
        app.extensions["factcheck.db"].engine.dispose()
