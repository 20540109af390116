"""What a reader sees of a written explanation (B2: Markdown rendered with its blank lines)."""

from __future__ import annotations

import pytest

from factcheck.domain import accounts
from tests.browser.conftest import LiveServer
from tests.publishing_helpers import publish_one

pytestmark = pytest.mark.browser

# Its own article: other browser tests publish the helper's default one on the same server.
BODY = (
    "The council approved 3,200 new homes in the 2026 housing plan, the planning office "
    "said on Tuesday.\n\nResidents say the plan came too late."
)
EXPLANATION = (
    "The council's papers list 3,200 homes.\n\n"
    "The minutes of 3 March say the same.\n\n"
    "- page 12 of the budget\n"
    "- the planning register"
)


def test_an_explanation_reads_as_paragraphs_without_blank_lines(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor, editor2, checker = (
            accounts.find_user(session, users[key]) for key in ("editor", "editor2", "checker")
        )
        assert editor and editor2 and checker
        _article, claim = publish_one(
            session,
            editor,
            editor2,
            checker,
            title="Homes in the plan",
            body=BODY,
            source_url="https://example.org/news/homes-plan",
            explanation=EXPLANATION,
        )
        claim_id = claim.id
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/claims/{claim_id}")
    explanation = page.locator(f"#claim-{claim_id} .explanation").first
    gaps = explanation.evaluate(
        """(box) => {
            const [first, second] = box.querySelectorAll("p");
            const items = box.querySelectorAll("li");
            const line = parseFloat(getComputedStyle(first).lineHeight);
            return {
                paragraphs: (second.getBoundingClientRect().top
                             - first.getBoundingClientRect().bottom) / line,
                items: (items[1].getBoundingClientRect().top
                        - items[0].getBoundingClientRect().bottom) / line,
            };
        }"""
    )
    # A paragraph's margin is under one line; a rendered blank line adds a whole one more.
    assert gaps["paragraphs"] < 1.2, gaps
    assert gaps["items"] < 0.5, gaps
