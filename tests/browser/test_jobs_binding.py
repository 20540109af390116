"""The browser tests' job helper leaves the queue usable whatever test ran before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from factcheck import create_app
from factcheck.jobs import queue as job_queue
from tests.browser.conftest import LiveServer, jobs_of

pytestmark = pytest.mark.browser


def test_the_job_helper_does_not_reopen_the_queue_of_an_app_whose_test_ended(
    live_server: LiveServer, tmp_path: Path
) -> None:
    """jobs_of bound the queue back to the app bound before it. When that app's test had
    ended and its database was gone (a PostgreSQL database dropped after the test), opening
    its queue again failed, and the browser test that used the helper failed with it."""
    gone = tmp_path / "gone"
    gone.mkdir()
    earlier = create_app(
        {
            "TESTING": True,
            "JOBS_RUN_NOW": False,
            "DATABASE_URL": f"sqlite:///{gone}/app.sqlite3",
            "SECRET_KEY": "an earlier test's app",
        }
    )
    job_queue.bind(earlier)
    shutil.rmtree(gone)
    with jobs_of(live_server) as run_jobs:
        run_jobs()
    assert job_queue.binding.app is live_server.app
