"""Keyboard flow in a real browser: j/k/a/r in triage, n in the queue, ? for help."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from factcheck import clock
from factcheck.domain import accounts
from tests.browser.conftest import LiveServer, screenshot
from tests.browser.test_journeys import _login
from tests.fixtures import ARTICLE
from tests.test_dashboard import walk_one_claim

pytestmark = pytest.mark.browser


def test_triage_and_take_next_by_keyboard(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    users = live_server.users()
    editor = _login(browser, live_server, users["editor"])
    editor.goto(live_server.url + "/desk/articles/new")
    paste = editor.locator("form[action$='/articles/new']")
    paste.get_by_label("Headline", exact=True).fill("Keyboard triage")
    paste.get_by_label("Article text").fill(ARTICLE.replace("3,200", "3,300"))
    paste.get_by_role("button", name="Add and extract claims").click()
    editor.wait_for_url(re.compile(r"/desk/articles/\d+"))
    editor.wait_for_function("document.readyState === 'complete'")
    editor.keyboard.press("?")
    assert editor.locator("#shortcuts").is_visible()
    editor.keyboard.press("Escape")
    editor.keyboard.press("j")
    first = editor.locator(".claim-item.selected")
    assert first.count() == 1
    claim_id = first.get_attribute("id").removeprefix("claim-")
    assert "active" in editor.locator(f"#span-{claim_id}").get_attribute("class")
    # The decision comes back as the row, without a page load; the selection moves on.
    editor.keyboard.press("a")
    editor.wait_for_selector(f"#claim-{claim_id}.handled")
    assert "queued" in editor.locator(f"#claim-{claim_id}").inner_text()
    editor.wait_for_function(f"() => document.activeElement.id !== 'claim-{claim_id}'")
    editor.keyboard.press("j")
    editor.locator(".claim-item.selected").wait_for()
    second = editor.locator(".claim-item.selected").get_attribute("id")
    editor.keyboard.press("r")
    editor.wait_for_selector(f"#{second}.handled")
    assert "rejected" in editor.locator(f"#{second}").inner_text()
    screenshot(editor, "keyboard-triage")
    # "e" opens a candidate at its wording (#reword), where the field now has the focus
    # (found in session 19: it stayed on the page, and a keyboard user had to Tab to it).
    editor.goto(f"{live_server.url}/desk/claims/{claim_id}#reword")
    editor.wait_for_function("() => document.activeElement?.name === 'text'")

    checker = _login(browser, live_server, users["checker"])
    checker.goto(live_server.url + "/desk/queue")
    checker.wait_for_function("document.readyState === 'complete'")
    checker.keyboard.press("n")
    checker.wait_for_url(re.compile(r"/desk/claims/\d+"))
    assert "is yours" in checker.content()


def _one_claim_through_every_stage(live_server: LiveServer, users: dict[str, str]) -> None:
    """Work for each of the dashboard's charts, whatever the tests before left, with waits
    of hours between the stages as a desk's are (the clock is set back, then restored)."""
    now = [clock.now()]
    clock.set_source(lambda: now[0])
    try:
        with live_server.app.extensions["factcheck.db"].factory() as session:
            editor, editor2, checker = (
                accounts.find_user(session, users[key]) for key in ("editor", "editor2", "checker")
            )
            assert editor is not None and editor2 is not None and checker is not None
            two_days_ago = now[0] - dt.timedelta(days=2)
            walk_one_claim(
                session, now, editor, editor2, checker, 7, [3, 5, 20, 4, 1], two_days_ago
            )
            session.commit()
    finally:
        clock.set_source(None)


def test_the_dashboard_draws_its_charts(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    users = live_server.users()
    _one_claim_through_every_stage(live_server, users)
    editor = _login(browser, live_server, users["editor"])
    errors: list[str] = []
    editor.on("pageerror", lambda error: errors.append(str(error)))
    editor.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    editor.goto(live_server.url + "/desk/dashboard")
    editor.wait_for_function("document.querySelectorAll('canvas').length === 3")
    drawn = editor.evaluate(
        "Array.from(document.querySelectorAll('canvas')).every(c => window.Chart.getChart(c))"
    )
    assert drawn and errors == []
    # Each chart keeps its own axes: a count axis reads 0, 1 (it read 0, 0.1, 0.2 ...) and
    # the weeks' ratings stack (both were lost to the first chart's axes).
    chart = "window.Chart.getChart(document.getElementById('{}'))"
    labels = editor.evaluate(chart.format("checkers-chart") + ".scales.y.ticks.map(t => t.label)")
    assert labels and all(label.isdigit() for label in labels), labels
    assert editor.evaluate(chart.format("published-chart") + ".options.scales.y.stacked") is True
    screenshot(editor, "dashboard")
