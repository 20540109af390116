"""A checker on a phone, on a train: the connection drops while they write the verdict."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.test_autosave import _claim_assigned_to_the_checker, _saved
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _phone(browser, live_server: LiveServer):  # type: ignore[no-untyped-def]
    """The checker signed in on a touch screen 390 pixels wide."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill(live_server.users()["checker"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    page.wait_for_url(re.compile(r"/desk/"))
    return page


def test_submit_tapped_offline_keeps_the_page_and_sends_once_back_online(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """Submit for review tapped in a tunnel left the claim page for the browser's "No
    internet" page: the words typed offline, never saved, were only in the browser's
    history, and Back or a reload could lose them."""
    claim_id = _claim_assigned_to_the_checker(live_server)
    phone = _phone(browser, live_server)
    phone.goto(f"{live_server.url}/desk/claims/{claim_id}")
    claim_url = phone.url
    phone.get_by_label("Rating").select_option("mostly-true")
    explanation = phone.get_by_label("Explanation")
    explanation.tap()
    explanation.press_sequentially("Written online.", delay=30)
    _saved(phone)

    phone.context.set_offline(True)
    explanation.press_sequentially(" Typed in the tunnel.", delay=30)
    phone.get_by_role("button", name="Submit for review").tap()
    status = phone.locator(".autosave-status")
    status.filter(has_text="Not sent").wait_for()
    assert phone.url == claim_url
    assert "cannot be reached" in status.inner_text()
    expect_text = "Written online. Typed in the tunnel."
    assert explanation.input_value() == expect_text

    # Back online: the draft saves itself, and Submit sends the whole verdict.
    phone.context.set_offline(False)
    _saved(phone)
    with phone.expect_navigation():
        phone.get_by_role("button", name="Submit for review").tap()
    phone.wait_for_url(re.compile(r"/desk/mine"))
    assert "Verdict submitted for review." in phone.content()
    phone.goto(claim_url)
    assert expect_text in phone.content()
    phone.context.close()
