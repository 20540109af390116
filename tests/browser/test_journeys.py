"""The desk's journeys in a real browser: editor, checker, editor again, reader."""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import LiveServer, screenshot
from tests.conftest import PASSWORD
from tests.fixtures import ARTICLE, FACTUAL

pytestmark = pytest.mark.browser


def _login(browser, server: LiveServer, email: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/desk/"))
    return page


def test_article_to_published_fact_check_in_a_browser(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    users = live_server.users()

    # Editor: pastes an article, triages its claims and assigns one.
    editor = _login(browser, live_server, users["editor"])
    editor.get_by_role("link", name="New article").click()
    editor.get_by_label("Headline", exact=True).fill("Flood defences: what the council said")
    editor.get_by_label("Outlet", exact=True).fill("Harbourside Herald")
    editor.get_by_label("Source URL", exact=True).fill("https://example.org/herald/flood-defences")
    editor.get_by_label("Original publication date").fill("2026-03-03")
    # A text of its own: since session 19 a paste has the hash of the same text added any
    # other way, and the live server's database holds the other tests' articles too.
    editor.get_by_label("Article text").fill(ARTICLE + f"\nReference {os.urandom(4).hex()}.\n")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Add and extract claims").click()
    editor.wait_for_url(re.compile(r"/desk/articles/\d+"))
    article_url = editor.url
    assert editor.get_by_role("heading", name="Candidate claims").is_visible()
    screenshot(editor, "triage")
    factual = editor.locator("li.claim-item", has_text=FACTUAL)
    # Triage decisions come back as the candidate's row, without a page load.
    factual.get_by_role("button", name=re.compile("^Accept")).click()
    editor.locator("li.claim-item.handled", has_text=FACTUAL).wait_for()
    assert "queued" in editor.locator("li.claim-item", has_text=FACTUAL).inner_text()
    # A second claim goes straight to a checker: the editor assigns it.
    other = editor.locator("li.claim-item.status-candidate", has_text="Unemployment")
    other.get_by_role("button", name=re.compile("^Accept")).click()
    editor.locator("li.claim-item.handled", has_text="Unemployment").wait_for()
    editor.locator("li.claim-item", has_text="Unemployment").locator("p.claim-text a").click()
    editor.get_by_label("Checker").select_option(label="Chris Checker (checker)")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Assign", exact=True).click()
    assert "assigned" in editor.content()
    editor.goto(article_url)
    candidates = editor.locator("li.claim-item.status-candidate")
    while left := candidates.count():
        candidates.first.get_by_role("button", name=re.compile("^Reject")).click()
        editor.wait_for_function(
            f"() => document.querySelectorAll('li.claim-item.status-candidate').length < {left}"
        )

    # Checker: takes the next claim, adds two pieces of evidence, submits a verdict.
    checker = _login(browser, live_server, users["checker"])
    with checker.expect_navigation():
        checker.get_by_role("button", name="Take next claim").first.click()
    checker.wait_for_url(re.compile(r"/desk/claims/\d+"))
    checker_claim_url = [checker.url]
    assert FACTUAL in checker.locator("blockquote.claim-text").inner_text()
    for url, stance in (
        ("https://example.org/budget", "Supports"),
        ("https://example.org/minutes", "Context"),
    ):
        add = checker.locator("form[action$='/evidence']")
        add.get_by_label("Source URL").fill(url)
        add.get_by_label("Title").fill(f"Source at {url}")
        add.get_by_label(stance).check()
        with checker.expect_navigation():
            add.get_by_role("button", name="Add evidence").click()
    assert checker.locator("ol.evidence > li").count() == 2
    checker.get_by_label("Rating").select_option("mostly-true")
    checker.get_by_label("Explanation").fill("The budget papers list 3,200 homes.")
    screenshot(checker, "claim-work")
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))

    # Editor again: returns the verdict once; the checker resubmits; another editor approves.
    # Other tests share this server: act on this journey's claim, not the first in a list.
    claim_url = checker_claim_url[0]
    in_review = f"#claim-{claim_url.rsplit('/', 1)[1]}"
    editor.goto(live_server.url + "/desk/review")
    screenshot(editor, "review")
    item = editor.locator(in_review)
    item.get_by_text("Return with a note…").click()
    item.get_by_label("Note to the checker").fill("Add the page number, please.")
    with editor.expect_navigation():
        item.get_by_role("button", name="Return to checker").click()
    checker.goto(live_server.url + "/desk/mine")
    assert "Add the page number, please." in checker.content()
    checker.goto(claim_url)
    checker.get_by_label("Rating").select_option("true")
    checker.get_by_label("Explanation").fill("Budget papers, page 12, list 3,200 homes.")
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))

    approver = _login(browser, live_server, users["editor2"])
    approver.goto(live_server.url + "/desk/review")
    with approver.expect_navigation():
        approver.locator(in_review).get_by_role("button", name=re.compile("^Approve")).click()
    editor.goto(claim_url)
    editor.get_by_label("Claimant (who made the claim)").fill("Maria Lopes")
    with editor.expect_navigation():
        editor.get_by_role("button", name="Save", exact=True).first.click()
    assert "Claimant and date saved." in editor.content()
    editor.goto(live_server.url + "/desk/articles")
    editor.get_by_role("link", name="Flood defences: what the council said").click()
    editor.get_by_label("Summary for readers").fill("The homes figure holds up.")
    # The headline is required: refused without it, with the summary kept, then published.
    with editor.expect_navigation():
        editor.get_by_role("button", name=re.compile("^Publish 1 approved")).click()
    assert "the headline is missing" in editor.content()
    assert editor.get_by_label("Summary for readers").input_value() == "The homes figure holds up."
    for box in editor.get_by_label(re.compile("^Headline for claim")).all():
        box.fill("The council's papers back the 3,200 homes")
    with editor.expect_navigation():
        editor.get_by_role("button", name=re.compile("^Publish 1 approved")).click()
    assert "Published." in editor.content()

    # Reader: opens the fact-check and follows a claim's anchor.
    reader = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reader.goto(live_server.url + "/")
    screenshot(reader, "home")
    # The home page leads with the finding, the editor's headline.
    reader.get_by_role("link", name="The council's papers back the 3,200 homes").click()
    assert reader.get_by_text("The homes figure holds up.").is_visible()
    assert reader.get_by_role(
        "heading", name="The council's papers back the 3,200 homes"
    ).first.is_visible()
    assert reader.locator(".verdict-box .rating").first.inner_text() == "True"
    reader.get_by_role("link", name="This claim on its own page").first.click()
    assert re.search(r"/claims/\d+$", reader.url)
    reader.go_back()
    screenshot(reader, "factcheck")
    reader.get_by_label("Search fact-checks").fill("homes estuary")
    reader.keyboard.press("Enter")
    reader.wait_for_url(re.compile(r"/search\?q="))
    assert "1 result for" in reader.content()
    assert reader.get_by_role("link", name=FACTUAL).is_visible()


def test_the_desk_works_at_375_pixels(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    users = live_server.users()
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill(users["checker"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/desk/"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width}px)"
