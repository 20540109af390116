"""The language model's rewrite in a real browser: the article page says the candidates are
being rewritten, then shows the rewritten claims by itself, or, when the editor has typed
something, offers to show them and keeps what was typed."""

from __future__ import annotations

import os
from typing import Any

import pytest

from factcheck.extraction import LLMConfig
from tests.browser.conftest import LiveServer, jobs_of, screenshot
from tests.browser.test_journeys import _login
from tests.extraction.test_llm import FakeLLM, claims_reply, fake_llm  # noqa: F401
from tests.fixtures import ARTICLE, FACTUAL
from tests.test_llm_app import REWRITES

pytestmark = pytest.mark.browser
PENDING = "The language model is rewriting the candidates…"


def _add_article(page: Any, live_server: LiveServer, title: str) -> None:
    page.goto(live_server.url + "/desk/articles/new")
    page.get_by_label("Headline").first.fill(title)
    # A last line of its own keeps the text new to the desk; the sentences before keep
    # the indices the model answers with.
    page.get_by_label("Article text").fill(ARTICLE + f"\nReference {os.urandom(4).hex()}.\n")
    with page.expect_navigation():
        page.get_by_role("button", name="Add and extract claims").click()


def test_the_pending_line_turns_into_the_rewritten_claims(
    browser: Any,
    live_server: LiveServer,
    fake_llm: FakeLLM,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        live_server.app.config, "LLM", LLMConfig(url=fake_llm.url, model="fake", timeout=10)
    )
    fake_llm.reply = claims_reply(REWRITES)
    page = _login(browser, live_server, live_server.users()["editor"])
    candidates = page.locator("#candidates")
    with jobs_of(live_server) as run_jobs:
        _add_article(page, live_server, "Rewritten while the editor waits")
        assert PENDING in page.locator("#llm-state").inner_text()
        assert FACTUAL in candidates.inner_text(), "the local candidates meanwhile"
        run_jobs()
        # Nothing typed: the page shows the rewritten claims by itself.
        candidates.filter(has_text=REWRITES[0]["text"]).wait_for(timeout=15_000)
        assert FACTUAL not in candidates.inner_text()
        assert "rewritten by the language model" in page.locator("#llm-state").inner_text()
        screenshot(page, "llm-rewritten")

        _add_article(page, live_server, "Rewritten while the editor types")
        page.locator("#below").fill("0.35")
        run_jobs()
        state = page.locator("#llm-state")
        state.filter(has_text="Rewritten claims are ready").wait_for(timeout=15_000)
        assert page.locator("#below").input_value() == "0.35", "what was typed is kept"
        assert FACTUAL in candidates.inner_text(), "no reload under the editor's hands"
        screenshot(page, "llm-rewrite-ready")
        with page.expect_navigation():
            state.get_by_role("link", name="show them").click()
        assert REWRITES[1]["text"] in page.locator("#candidates").inner_text()
