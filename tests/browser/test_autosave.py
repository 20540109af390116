"""A checker at human speed: types, lets the draft save itself, waits, then submits (B1)."""

from __future__ import annotations

import re

import pytest

from factcheck.domain import accounts
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.conftest import held_claim

pytestmark = pytest.mark.browser


def _claim_assigned_to_the_checker(server: LiveServer) -> int:
    users = server.users()
    with server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        return held_claim(session, editor, checker, title="Autosave", source=True).id


def _draft_saved_by_the_checker(browser, live_server: LiveServer, text: str):  # type: ignore[no-untyped-def]
    """The checker opens their claim, rates it, types `text` at a person's pace and waits
    until the draft says it saved itself. Returns the page."""
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    checker.goto(f"{live_server.url}/desk/claims/{claim_id}")
    checker.get_by_label("Rating").select_option("mostly-true")
    checker.get_by_label("Explanation").press_sequentially(text, delay=30)
    _saved(checker)
    return checker


def _saved(page) -> None:  # type: ignore[no-untyped-def]
    page.locator(".autosave-status").filter(has_text=re.compile("^Draft saved at")).wait_for()


def test_a_first_verdict_submits_after_the_draft_saved_itself(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    checker = _draft_saved_by_the_checker(
        browser, live_server, "The budget papers list 3,200 homes."
    )
    checker.wait_for_timeout(1000)  # a person reads it over before sending
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))
    assert "Verdict submitted for review." in checker.content()
    assert "since you opened it" not in checker.content()

    # Back to the claim: the submitted verdict is there, and the page no longer offers a
    # form that would only be refused.
    checker.go_back()
    checker.reload()
    assert checker.get_by_role("button", name="Submit for review").count() == 0
    assert "The budget papers list 3,200 homes." in checker.content()


def test_a_checker_signed_out_in_another_tab_is_told_so_and_keeps_the_text(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    checker = _draft_saved_by_the_checker(
        browser, live_server, "The budget papers list 3,200 homes."
    )
    explanation = checker.get_by_label("Explanation")
    status = checker.locator(".autosave-status")

    other_tab = checker.context.new_page()
    other_tab.goto(f"{live_server.url}/desk/mine")
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.wait_for_url(re.compile(r"/login|/$"))

    explanation.press_sequentially(" Page 14 of the 2024 papers.", delay=30)
    status.filter(has_text="you were signed out").wait_for()
    assert "cannot be reached" not in status.inner_text()
    checker.wait_for_timeout(1000)
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    assert "You were signed out" in checker.content()
    areas = checker.locator("textarea")
    typed = [areas.nth(i).input_value() for i in range(areas.count())]
    assert "The budget papers list 3,200 homes. Page 14 of the 2024 papers." in typed
    assert checker.get_by_role("link", name="Sign in again").count() == 1


def test_two_tabs_on_one_claim_do_not_overwrite_each_others_draft(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    tab_a = _draft_saved_by_the_checker(browser, live_server, "Paragraph written in tab A.")
    tab_b = tab_a.context.new_page()
    tab_b.goto(tab_a.url)
    assert tab_b.get_by_label("Explanation").input_value() == "Paragraph written in tab A."
    tab_b.get_by_label("Explanation").press("Control+End")
    tab_b.get_by_label("Explanation").press_sequentially(" Note from tab B.", delay=30)
    _saved(tab_b)

    tab_a.get_by_label("Explanation").press_sequentially(" More from A.", delay=30)
    warning = tab_a.locator(".autosave-status").filter(has_text="saved from another tab")
    warning.wait_for()
    assert tab_a.get_by_label("Explanation").input_value() == (
        "Paragraph written in tab A. More from A."
    ), "tab A keeps what it typed, to copy"
    tab_b.reload()
    assert tab_b.get_by_label("Explanation").input_value() == (
        "Paragraph written in tab A. Note from tab B."
    ), "the draft on the server is tab B's, which tab A did not overwrite"


def test_a_draft_typed_offline_saves_itself_when_the_network_comes_back(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """Typed while the network was down, the words stayed unsaved once it came back (the
    draft only tried again at the next key), and a link away dropped them without a word."""
    checker = _draft_saved_by_the_checker(browser, live_server, "Written online.")
    status = checker.locator(".autosave-status")
    checker.context.set_offline(True)
    checker.get_by_label("Explanation").press_sequentially(" Typed on the train.", delay=30)
    status.filter(has_text="cannot be reached").wait_for()

    # Leaving now would lose the words: the browser asks first.
    asked: list[str] = []

    def stay(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.dismiss()

    checker.once("dialog", stay)
    claim_url = checker.url
    checker.get_by_role("link", name="history", exact=True).click()
    checker.wait_for_timeout(1000)
    assert asked == ["beforeunload"]
    assert checker.url == claim_url

    # Back online, without another key pressed, the draft saves itself.
    checker.context.set_offline(False)
    _saved(checker)
    other_tab = checker.context.new_page()
    other_tab.goto(claim_url)
    assert other_tab.get_by_label("Explanation").input_value() == (
        "Written online. Typed on the train."
    )
    checker.context.close()


def test_words_typed_just_before_another_form_is_sent_are_saved_first(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """Adding a source less than a second after the last key lost the verdict typed since
    the draft last saved itself: the page reloaded before the pause was over."""
    checker = _draft_saved_by_the_checker(browser, live_server, "Saved part.")
    evidence = checker.locator("form[action$='/evidence']")
    evidence.get_by_label("Source URL").fill("https://example.org/second-source")
    checker.get_by_label("Explanation").press_sequentially(" Typed just before.", delay=20)
    with checker.expect_navigation():
        evidence.get_by_role("button", name="Add evidence").click()
    assert "Evidence added." in checker.content()
    assert checker.get_by_label("Explanation").input_value() == "Saved part. Typed just before."
    checker.context.close()
