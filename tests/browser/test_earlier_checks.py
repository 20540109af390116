"""The search for earlier fact-checks in a real browser: the article page says it is looking,
and when the search's job fails on every try the line says so in place, keeps what the editor
typed, and offers to search again."""

from __future__ import annotations

import os
from typing import Any

import pytest

from factcheck.domain import earlier_checks
from tests.browser.conftest import LiveServer, jobs_of, screenshot
from tests.browser.test_journeys import _login
from tests.conftest import a_bug_of_ours, run_with_every_retry
from tests.fixtures import ARTICLE

pytestmark = pytest.mark.browser
LOOKING = "Looking for earlier fact-checks…"


def test_a_failed_search_says_so_in_place_and_can_be_asked_again(
    browser: Any, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _login(browser, live_server, live_server.users()["editor"])
    with jobs_of(live_server) as run_jobs:
        run_jobs()  # what earlier tests left in the live server's queue
        monkeypatch.setattr(earlier_checks, "matches_for_claims", a_bug_of_ours)
        page.goto(live_server.url + "/desk/articles/new")
        page.get_by_label("Headline").first.fill("Searched while the editor types")
        page.get_by_label("Article text").fill(ARTICLE + f"\nReference {os.urandom(4).hex()}.\n")
        with page.expect_navigation():
            page.get_by_role("button", name="Add and extract claims").click()
        state = page.locator("#match-state")
        assert LOOKING in state.inner_text()
        page.locator("#below").fill("0.35")

        run_with_every_retry(live_server.app)
        state.filter(has_text="could not look for earlier fact-checks").wait_for(timeout=15_000)
        assert page.locator("#below").input_value() == "0.35", "what was typed is kept"
        assert "a bug of ours" not in page.content()
        screenshot(page, "earlier-checks-failed")

        monkeypatch.undo()
        with page.expect_navigation():
            state.get_by_role("button", name="Search again").click()
        assert "Looking for earlier fact-checks again." in state.inner_text()
        assert LOOKING in state.inner_text()
        run_jobs()
        state.filter(has_text="Earlier fact-checks looked up").wait_for(timeout=15_000)
        assert "Search again" not in state.inner_text()
