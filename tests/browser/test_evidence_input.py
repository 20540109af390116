"""What a checker pastes into the evidence form reaches the server whole (C1)."""

from __future__ import annotations

import pytest

from factcheck.domain import accounts
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.conftest import held_claim

pytestmark = pytest.mark.browser


def test_a_url_too_long_is_refused_with_its_length_not_cut_short(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """A 3,020-character link pasted into Source URL was cut to 2,048 by the browser (the
    field's maxlength) and saved as a broken address without a word."""
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        claim_id = held_claim(session, editor, checker, title="Long link").id
    page = _login(browser, live_server, users["checker"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    long_url = "https://example.org/report?" + "utm=" + "x" * 2992
    form = page.locator("form[action$='/evidence']")
    form.get_by_label("Source URL").fill(long_url)
    form.get_by_label("Quoted passage").fill("Made-up passage for the test.")
    with page.expect_navigation():
        form.get_by_role("button", name="Add evidence").click()

    summary = page.locator(".error-summary").inner_text()
    assert "3,023 characters" in summary and "2,048" in summary
    assert "No evidence yet." in page.content()
    form = page.locator("form[action$='/evidence']")
    assert form.get_by_label("Source URL").input_value() == long_url
    assert form.get_by_label("Quoted passage").input_value() == "Made-up passage for the test."
    page.context.close()


def test_a_quoted_passage_too_long_comes_back_whole(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """A passage of 5,200 characters pasted into Quoted passage was cut to 5,000 by the
    browser, and the source saved with its end missing."""
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        claim_id = held_claim(session, editor, checker, title="Long passage").id
    page = _login(browser, live_server, users["checker"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    passage = ("The made-up council said so. " * 180)[:5199] + "!"
    form = page.locator("form[action$='/evidence']")
    form.get_by_label("Source URL").fill("https://example.org/passage")
    form.get_by_label("Quoted passage").fill(passage)
    with page.expect_navigation():
        form.get_by_role("button", name="Add evidence").click()

    summary = page.locator(".error-summary").inner_text()
    assert "Quoted passage" in summary and "5,000" in summary
    form = page.locator("form[action$='/evidence']")
    assert form.get_by_label("Quoted passage").input_value() == passage
    page.context.close()
