"""A keyboard-only checker and editor, read through the accessibility tree: what axe
cannot see (what a key does while a dialog is open, what a field says when it is reached
from the error summary, how often the draft's status is announced)."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import LiveServer
from tests.browser.test_autosave import _claim_assigned_to_the_checker
from tests.browser.test_journeys import _login
from tests.browser.test_triage import many_candidates

pytestmark = pytest.mark.browser


def test_no_triage_key_acts_behind_the_shortcuts_list(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    # Found in the keyboard walk: with the list of shortcuts open (a modal dialog, the page
    # behind it inert), "a" still accepted the selected candidate behind it, unseen, and
    # queued it for the checkers.
    article_id = many_candidates(live_server, 3)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/articles/{article_id}")
    editor.wait_for_function("document.readyState === 'complete'")
    editor.keyboard.press("j")
    selected = editor.locator(".claim-item.selected")
    claim_id = selected.get_attribute("id")
    editor.keyboard.press("?")
    dialog = editor.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.is_visible()
    for key in ("a", "r", "x", "j"):
        editor.keyboard.press(key)
    time.sleep(0.5)  # a decision goes by fetch: give it the time to come back
    row = editor.locator(f"#{claim_id}")
    assert "candidate" in row.get_attribute("class")
    assert not row.get_by_role("checkbox").is_checked()
    # Closed, the list gives the focus back to the candidate, and the keys work again.
    editor.keyboard.press("Escape")
    assert editor.evaluate("document.activeElement.id") == claim_id
    editor.keyboard.press("r")
    editor.wait_for_selector(f"#{claim_id}.handled")
    assert re.search("rejected", row.inner_text())


def test_the_draft_saving_itself_is_announced_once_not_at_every_pause(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    # Found in the keyboard walk: the status line is a live region, and each save rewrote
    # it with a new time; a checker who types a word, pauses a second, types the next heard
    # "Draft saved at 11:38:11 UTC" after nearly every word, over the echo of their typing.
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    checker.goto(f"{live_server.url}/desk/claims/{claim_id}")
    checker.wait_for_function("document.readyState === 'complete'")
    # What each live region of the verdict's form says, as it changes.
    checker.evaluate(
        """() => {
        window.announced = [];
        const form = document.querySelector('form[data-autosave]');
        form.querySelectorAll('[role=status], [role=alert], [aria-live]').forEach(region => {
            if (region.getAttribute('aria-live') === 'off') return;
            new MutationObserver(() => window.announced.push(region.textContent.trim()))
                .observe(region, {childList: true, characterData: true, subtree: true});
        });
    }"""
    )
    checker.get_by_label("Explanation").focus()
    status = checker.locator(".autosave-status")
    for word in ["The ", "budget ", "papers ", "say "]:
        checker.keyboard.type(word, delay=30)
        # A pause longer than the autosave's: each word saves the draft.
        status.filter(has_text=re.compile("^Draft saved at")).wait_for()
        checker.wait_for_timeout(1200)
    assert checker.get_by_label("Explanation").input_value() == "The budget papers say "
    # The line in view keeps the last time; a screen reader heard it once.
    assert re.match(r"Draft saved at \d\d:\d\d:\d\d", status.inner_text())
    announced = [text for text in checker.evaluate("window.announced") if text]
    assert len(announced) == 1 and announced[0].startswith("Draft saved"), announced


def test_single_letter_keys_act_only_where_they_belong(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    # Found in the walk: a letter pressed anywhere on the page acted, with the focus on a
    # link of the site's menu or a filter's button too; "r" there rejected the candidate
    # selected further down, out of sight (WCAG 2.1.4: a one-letter shortcut acts only
    # where its focus is, or can be turned off).
    article_id = many_candidates(live_server, 2)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/articles/{article_id}")
    editor.wait_for_function("document.readyState === 'complete'")
    editor.keyboard.press("j")
    claim_id = editor.locator(".claim-item.selected").get_attribute("id")
    editor.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").focus()
    editor.keyboard.press("r")
    editor.keyboard.press("x")
    time.sleep(0.5)
    row = editor.locator(f"#{claim_id}")
    assert "candidate" in row.get_attribute("class")
    assert not row.get_by_role("checkbox").is_checked()
    # Back in the list, from the row's own link, they act.
    row.get_by_role("link").first.focus()
    editor.keyboard.press("r")
    editor.wait_for_selector(f"#{claim_id}.handled")


def test_x_says_whether_it_ticked_the_candidate(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    # Found in the walk: "x" ticked the box of the selected candidate without a word; the
    # focus is on the row, not the box, so a screen reader said nothing either way.
    article_id = many_candidates(live_server, 2)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/articles/{article_id}")
    editor.wait_for_function("document.readyState === 'complete'")
    editor.keyboard.press("j")
    row = editor.locator(".claim-item.selected")
    number = row.get_attribute("data-claim")
    said = row.locator(".row-status")
    editor.keyboard.press("x")
    assert row.get_by_role("checkbox").is_checked()
    editor.wait_for_function(
        f"() => document.querySelector('#claim-{number} .row-status').textContent"
    )
    assert said.inner_text() == f"Claim #{number} ticked."
    editor.keyboard.press("x")
    assert not row.get_by_role("checkbox").is_checked()
    editor.wait_for_function(
        f"() => document.querySelector('#claim-{number} .row-status').textContent.includes('not')"
    )
    assert said.inner_text() == f"Claim #{number} not ticked."
