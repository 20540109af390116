"""Triage in a real browser: keyboard decisions keep their place without page reloads,
bulk accept and reject, the skip link, and the same forms without JavaScript."""

from __future__ import annotations

import hashlib
import itertools
import re

import pytest

from factcheck.domain import accounts
from factcheck.models import Article, Claim, ClaimStatus
from tests.browser.conftest import LiveServer, screenshot
from tests.browser.test_journeys import _login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
_titles = itertools.count(1)


def many_candidates(live_server: LiveServer, count: int) -> int:
    """An article whose `count` sentences are all candidates, best first; its id.

    Their scores (0.30 down) stay below the journeys' claims: the tests share one server,
    and a claim accepted here must not be the one another test's checker takes next."""
    users = live_server.users()
    sentences = [
        f"The harbour fund paid {100 + n} million pounds to contractor {n} in {1990 + n}."
        for n in range(count)
    ]
    body = " ".join(sentences)
    title = f"Harbour contracts {next(_titles)}"
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        assert editor is not None
        article = Article(
            title=title,
            body=body,
            body_sha256=hashlib.sha256(f"{title}{body}".encode()).hexdigest(),
            created_by_id=editor.id,
        )
        start = 0
        for n, sentence in enumerate(sentences):
            start = body.index(sentence, start)
            session.add(
                Claim(
                    article=article,
                    text=sentence,
                    source_sentence=sentence,
                    span_start=start,
                    span_end=start + len(sentence),
                    position=n,
                    score=round(0.30 - n * 0.01, 2),
                    reasons=[],
                    status=ClaimStatus.CANDIDATE,
                )
            )
        session.add(article)
        session.commit()
        return article.id


def _open(page, live_server: LiveServer, article_id: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/desk/articles/{article_id}")
    page.wait_for_function("document.readyState === 'complete'")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads


def _ids(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(".claim-item", "items => items.map(i => i.id)")


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function("() => !document.body.hasAttribute('data-busy')")


def test_keyboard_triage_of_ten_candidates_keeps_the_place(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    article_id = many_candidates(live_server, 12)
    page = _login(browser, live_server, live_server.users()["editor"])
    _open(page, live_server, article_id)
    ids = _ids(page)
    page.keyboard.press("j")
    for n in range(10):
        assert page.evaluate("document.activeElement.id") == ids[n]
        assert page.locator(".claim-item.selected").get_attribute("id") == ids[n]
        page.keyboard.press("a" if n % 2 == 0 else "r")
        page.wait_for_selector(f"#{ids[n]}.handled")
        _idle(page)
        page.wait_for_function(f"() => document.activeElement.id === '{ids[n + 1]}'")
        page.wait_for_function(f"() => document.querySelector('#{ids[n]} .row-status').textContent")
        said = page.locator(f"#{ids[n]} .row-status").inner_text()
        assert said == f"Claim #{ids[n].removeprefix('claim-')} " + (
            "accepted." if n % 2 == 0 else "rejected."
        )
    # k goes back over the decided ones to none (the first undecided is the current one),
    # and j carries on from the place, never from the top.
    page.keyboard.press("k")
    assert page.evaluate("document.activeElement.id") == ids[10]
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[11]
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.id") == ids[11]
    assert page.evaluate("window.sameDocument") is True  # no page reload on the way
    assert page.locator(".claim-item.status-queued").count() == 5
    assert page.locator(".claim-item.status-rejected").count() == 5
    screenshot(page, "keyboard-triage-ten")


def test_bulk_accept_and_bulk_reject(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    article_id = many_candidates(live_server, 8)
    page = _login(browser, live_server, live_server.users()["editor"])
    _open(page, live_server, article_id)
    ids = _ids(page)
    for claim in ids[:3]:
        page.locator(f"#{claim} input[type=checkbox]").check()
    page.get_by_role("button", name="Accept ticked").click()
    page.wait_for_function(
        "() => document.getElementById('bulk-status').textContent === '3 claims accepted.'"
    )
    for claim in ids[:3]:
        assert "queued" in page.locator(f"#{claim} .status").inner_text()
    page.get_by_label("Reject every candidate scoring below").fill("0.26")
    page.get_by_role("button", name="Reject below").click()
    page.wait_for_function(
        "() => document.getElementById('bulk-status').textContent === '3 claims rejected.'"
    )
    assert [page.locator(f"#{c} .status").inner_text() for c in ids[3:]] == [
        "candidate",
        "candidate",
        "rejected",
        "rejected",
        "rejected",
    ]
    page.locator(f"#{ids[3]} input[type=checkbox]").check()
    page.get_by_role("button", name="Reject ticked").click()
    page.wait_for_function(
        "() => document.getElementById('bulk-status').textContent === '1 claim rejected.'"
    )
    assert page.evaluate("window.sameDocument") is True
    screenshot(page, "bulk-triage")


def test_reject_below_takes_a_percentage_and_names_what_it_cannot_read(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    """ "75" and "0,75" were stopped by the browser's own bubble, with the status line empty."""
    article_id = many_candidates(live_server, 3)
    page = _login(browser, live_server, live_server.users()["editor"])
    _open(page, live_server, article_id)
    ids = _ids(page)
    below = page.get_by_label("Reject every candidate scoring below")
    below.fill("three quarters")
    page.get_by_role("button", name="Reject below").click()
    message = "Give a score from 0 to 1 (0.75 or 0,75) or a percentage (75 or 75%)."
    page.wait_for_function(
        "m => document.getElementById('bulk-status').textContent === m", arg=message
    )
    below.fill("75")  # read as 75%: every candidate here scores 0.30 or less
    page.get_by_role("button", name="Reject below").click()
    page.wait_for_function(
        "() => document.getElementById('bulk-status').textContent === '3 claims rejected.'"
    )
    assert [page.locator(f"#{c} .status").inner_text() for c in ids] == ["rejected"] * 3
    assert page.evaluate("window.sameDocument") is True


def test_the_skip_link_reaches_the_first_accept_in_a_few_presses(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    article_id = many_candidates(live_server, 3)
    page = _login(browser, live_server, live_server.users()["editor"])
    _open(page, live_server, article_id)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the candidate list"
    page.keyboard.press("Enter")
    presses = 2
    while page.evaluate("document.activeElement.textContent.trim()") != "Accept":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 6, page.evaluate("document.activeElement.outerHTML")


def test_without_javascript_the_forms_still_work(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    article_id = many_candidates(live_server, 4)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill(live_server.users()["editor"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/desk/"))
    page.goto(f"{live_server.url}/desk/articles/{article_id}")
    ids = _ids(page)
    with page.expect_navigation():
        page.locator(f"#{ids[0]}").get_by_role("button", name=re.compile("^Accept")).click()
    assert page.url.endswith(f"#{ids[0]}")
    assert page.locator(f"#{ids[0]} .row-status").inner_text().endswith("accepted.")
    page.locator(f"#{ids[1]} input[type=checkbox]").check()
    page.locator(f"#{ids[2]} input[type=checkbox]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Reject ticked").click()
    assert page.locator("#bulk-status").inner_text() == "2 claims rejected."
    assert page.locator(f"#{ids[2]} .status").inner_text() == "rejected"
    context.close()
