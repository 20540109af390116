"""A keyboard-only checker and editor, read through the accessibility tree: what axe
cannot see (what a key does while a dialog is open, what a field says when it is reached
from the error summary, how often the draft's status is announced)."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import LiveServer
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
