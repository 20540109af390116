"""Feedback where the eye is, in a real browser: the error summary takes the focus, a
failed archive shows on its source with the reason and a retry, the queue fits a phone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from factcheck.domain import accounts, articles, queue
from factcheck.models import Claim
from tests.browser.conftest import LiveServer, jobs_of, screenshot
from tests.browser.test_journeys import _login
from tests.browser.test_triage import many_candidates

pytestmark = pytest.mark.browser


class _Failing(BaseHTTPRequestHandler):
    """A source site that is down: every page answers 503."""

    def do_GET(self) -> None:
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def failing_site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _held_claim(live_server: LiveServer, *, assign: bool = True) -> int:
    """A claim the checker holds, ready for evidence (or only accepted, in the queue)."""
    users = live_server.users()
    article_id = many_candidates(live_server, 1)
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        claim = session.query(Claim).filter_by(article_id=article_id).one()
        articles.triage(session, claim, "accept", editor, expected_version=None)
        if assign:
            queue.assign(session, claim, checker, editor)
        session.commit()
        return claim.id


def test_a_bad_evidence_url_moves_the_focus_to_the_error_summary(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    claim_id = _held_claim(live_server)
    page = _login(browser, live_server, live_server.users()["checker"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    form = page.locator("form[action$='/evidence']")
    form.get_by_label("Source URL").fill("www.example.org/report")
    form.get_by_label("supports").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Add evidence").click()
    page.wait_for_function("() => document.activeElement.matches('.error-summary')")
    summary = page.locator(".error-summary")
    assert "There is a problem with this form" in summary.inner_text()
    assert summary.is_visible() and summary.bounding_box()["y"] < 900  # type: ignore[index]
    # The link takes the checker to the field, which keeps what was typed.
    summary.get_by_role("link", name="Source URL").click()
    page.wait_for_function("() => document.activeElement.id === 'url'")
    assert page.locator("#url").input_value() == "www.example.org/report"
    screenshot(page, "error-summary")


def test_a_failed_archive_is_visible_on_the_source_with_a_retry(
    browser, live_server: LiveServer, failing_site: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(live_server.app.config, "FETCH_ALLOW", "127.0.0.1/32")
    claim_id = _held_claim(live_server)
    page = _login(browser, live_server, live_server.users()["checker"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    form = page.locator("form[action$='/evidence']")
    form.get_by_label("Source URL").fill(failing_site + "/report")
    form.get_by_label("context").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Add evidence").click()
    source = page.locator("ol.evidence > li").first
    assert "Archive: not archived yet" in source.inner_text()
    with jobs_of(live_server) as run_jobs:
        with page.expect_navigation():
            source.get_by_role("button", name="Archive now").click()
        source = page.locator("ol.evidence > li").first
        # The message is beside the source the page jumped to, in view; a job fetches it.
        said = source.locator(".row-status")
        assert said.inner_text().startswith("Archiving the page in the background")
        assert said.is_visible() and said.bounding_box()["y"] < 900  # type: ignore[index]
        assert source.locator(".archive-state").inner_text() == "Archive: archiving the page…"
        run_jobs()
    # The page's script updates the line in place when the job is done: no reload.
    state = source.locator(".archive-state")
    state.filter(has_text="failed on").wait_for(timeout=15_000)
    assert state.inner_text().startswith("Archive: failed on ") and "503" in state.inner_text()
    page.reload()
    source = page.locator("ol.evidence > li").first
    assert source.get_by_role("button", name="Retry archiving").is_visible()
    screenshot(page, "archive-failed")


def test_the_queue_fits_a_phone_screen(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    _held_claim(live_server, assign=False)
    page = _login(browser, live_server, live_server.users()["editor"])
    page.set_viewport_size({"width": 358, "height": 740})
    page.goto(live_server.url + "/desk/queue")
    assert page.locator("table.stack tbody tr").count() >= 1
    width = page.evaluate(
        "() => document.querySelector('table.stack').getBoundingClientRect().width"
    )
    assert width <= 358
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 358
    # Nothing hides in a sideways scroll: every row's content fits the screen.
    assert page.evaluate(
        "() => { const t = document.querySelector('table.stack');"
        " return t.scrollWidth <= t.clientWidth; }"
    )
    # The first claim is on the first screen: the filters nobody set are folded away.
    first_row = page.locator("table.stack tbody tr").first.bounding_box()
    assert first_row is not None and first_row["y"] < 740, first_row
    filters = page.locator("#queue-filters")
    assert filters.evaluate("box => box.open") is False
    screenshot(page, "queue-phone")
    filters.locator("summary").click()
    assert page.get_by_role("textbox", name="Claimant", exact=True).is_visible()

    # A filter that is set stays in view, and says how many are set.
    page.goto(live_server.url + "/desk/queue?sort=score&claimant=")
    assert page.locator("#queue-filters").evaluate("box => box.open") is True
    assert page.locator("#queue-filters summary").inner_text() == "Filter and sort · 1 set"
