"""Words typed less than a pause before the tab is closed or left are saved on the way
out (the draft saved itself only after 0.8 s without a key, and a tab closed sooner lost
them); an untouched form sends nothing, and a draft saved since in another tab is not
overwritten."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from factcheck.models.verdict_draft import VerdictDraft
from tests.browser.conftest import LiveServer
from tests.browser.test_autosave import _claim_assigned_to_the_checker, _saved
from tests.browser.test_journeys import _login

pytestmark = pytest.mark.browser


def _explanation_in_a_new_tab(context, url: str) -> str:  # type: ignore[no-untyped-def]
    page = context.new_page()
    page.goto(url)
    value: str = page.get_by_label("Explanation").input_value()
    page.close()
    return value


def _drafts(server: LiveServer, claim_id: int) -> int:
    with server.app.extensions["factcheck.db"].factory() as session:
        query = select(func.count()).where(VerdictDraft.claim_id == claim_id)
        return int(session.scalar(query) or 0)


def test_words_typed_just_before_the_tab_is_closed_are_saved(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    url = f"{live_server.url}/desk/claims/{claim_id}"
    checker.goto(url)
    checker.get_by_label("Explanation").fill("Closed at once.")
    context = checker.context
    checker.close()  # well inside the 0.8 s pause
    # The save on the way out may still be on its way: a reader waits for it, once.
    context.new_page().wait_for_timeout(500)
    assert _explanation_in_a_new_tab(context, url) == "Closed at once."
    context.close()


def test_words_typed_just_before_a_link_away_are_saved(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    url = f"{live_server.url}/desk/claims/{claim_id}"
    checker.goto(url)
    checker.get_by_label("Explanation").fill("Left by a link.")
    checker.goto(f"{live_server.url}/desk/mine")  # no pause
    checker.wait_for_timeout(500)
    assert _explanation_in_a_new_tab(checker.context, url) == "Left by a link."
    checker.context.close()


def test_an_untouched_form_sends_nothing_when_the_tab_is_closed(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    sent: list[str] = []
    checker.context.on(
        "request", lambda r: sent.append(r.url) if r.url.endswith("/draft") else None
    )
    checker.goto(f"{live_server.url}/desk/claims/{claim_id}")
    context = checker.context
    checker.close()
    context.new_page().wait_for_timeout(500)
    assert sent == []
    assert _drafts(live_server, claim_id) == 0, "no draft was made of an empty form"
    context.close()


def test_closing_a_tab_does_not_overwrite_a_draft_saved_in_another(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _claim_assigned_to_the_checker(live_server)
    tab_a = _login(browser, live_server, live_server.users()["checker"])
    url = f"{live_server.url}/desk/claims/{claim_id}"
    tab_a.goto(url)
    tab_a.get_by_label("Explanation").press_sequentially("From A.", delay=30)
    _saved(tab_a)
    tab_b = tab_a.context.new_page()
    tab_b.goto(url)
    tab_b.get_by_label("Explanation").press("Control+End")
    # The page opens saying when the draft was saved: wait for tab B's own save.
    with tab_b.expect_response(re.compile(r"/draft$")) as saved_b:
        tab_b.get_by_label("Explanation").press_sequentially(" From B.", delay=30)
    assert saved_b.value.ok

    tab_a.get_by_label("Explanation").press_sequentially(" Late A.", delay=10)
    tab_a.close()
    tab_b.wait_for_timeout(500)
    tab_b.reload()
    assert tab_b.get_by_label("Explanation").input_value() == "From A. From B."
    tab_b.context.close()


def test_words_typed_while_a_save_is_on_its_way_are_saved_when_the_tab_closes(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """On a slow connection (a VPN), the tab closed while the save before was still on its
    way: the save on the way out carried the draft's stamp from before that save, and the
    server refused it as typed in another tab, so the last words were lost."""
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    url = f"{live_server.url}/desk/claims/{claim_id}"
    checker.goto(url)
    slow = checker.context.new_cdp_session(checker)
    slow.send("Network.enable")
    slow.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    explanation = checker.get_by_label("Explanation")
    with checker.expect_request(re.compile(r"/draft$")):
        explanation.fill("Saved after the pause.")
    explanation.press("End")
    explanation.press_sequentially(" Typed as it went.")
    context = checker.context
    checker.close()
    context.new_page().wait_for_timeout(1500)
    assert _explanation_in_a_new_tab(context, url) == "Saved after the pause. Typed as it went."
    context.close()
