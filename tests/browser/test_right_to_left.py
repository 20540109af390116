"""An Arabic claim draws its quote rule on the right, where its lines start, on the desk's
claim page and in the readers' claim box (the rule was on the left, at the lines' end)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from factcheck.domain import accounts
from factcheck.models import Claim
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.conftest import held_claim

pytestmark = pytest.mark.browser

ARABIC = "قال الوزير إن الميزانية خصصت ثلاثة آلاف ومئتي منزل."


def _sides(page, selector: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector(  # type: ignore[no-any-return]
        selector,
        """box => { const s = getComputedStyle(box);
                    return {direction: s.direction, left: s.borderLeftWidth,
                            right: s.borderRightWidth}; }""",
    )


def test_an_arabic_claim_on_the_desk_has_its_rule_on_the_right(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        claim_id = held_claim(session, editor, checker, title="Arabic").id
        session.execute(update(Claim).where(Claim.id == claim_id).values(text=ARABIC))
        session.commit()
    page = _login(browser, live_server, users["checker"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    assert page.locator("blockquote.claim-text").inner_text() == ARABIC
    sides = _sides(page, "blockquote.claim-text")
    assert sides == {"direction": "rtl", "left": "0px", "right": "4px"}
    page.context.close()


def test_the_readers_claim_box_puts_an_arabic_claims_rule_on_the_right(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """The readers' pages and the embed share this box (templates/public/_rated_claim.html,
    templates/public/embed.html), with the site's stylesheet."""
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/")
    page.set_content(
        f'<link rel="stylesheet" href="{live_server.url}/static/style.css">'
        f'<blockquote class="claim-text" dir="auto">{ARABIC}</blockquote>'
        '<blockquote class="claim-text" dir="auto">The minister said 3,200 homes.</blockquote>'
    )
    assert _sides(page, "blockquote.claim-text >> nth=0") == {
        "direction": "rtl",
        "left": "0px",
        "right": "4px",
    }
    assert _sides(page, "blockquote.claim-text >> nth=1") == {
        "direction": "ltr",
        "left": "4px",
        "right": "0px",
    }
    page.context.close()


# A made-up Arabic article: its short paragraphs show where each paragraph's lines start.
ARABIC_ARTICLE = (
    "قالت وزيرة النقل إن عدد الركاب في القطارات ارتفع بنسبة 20 في المئة هذا العام، "
    "وأضافت أن الحكومة اشترت 40 قطارا جديدا لخطوط الشمال والجنوب.\n\n"
    "ونفت النقابة ذلك.\n\n"
    "The ministry's figures were published in English too."
)


def test_an_arabic_articles_paragraphs_start_on_the_right_on_the_triage_page(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    # The article text was laid out left to right: a short Arabic paragraph sat on the left,
    # its full stop before its first word.
    page = _login(browser, live_server, live_server.users()["editor"])
    page.goto(f"{live_server.url}/desk/articles/new")
    page.get_by_label("Headline", exact=True).fill("Trains")
    page.get_by_label("Article text").fill(ARABIC_ARTICLE)
    page.get_by_role("button", name="Add and extract claims").click()
    page.wait_for_url(re.compile(r"/desk/articles/\d+"))
    expect(page.locator("#language-note")).to_contain_text("This article looks mostly Arabic.")
    edges = page.eval_on_selector(
        ".article-text .body",
        """body => {
            const box = body.getBoundingClientRect();
            const side = word => {
                const walk = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
                while (walk.nextNode() && !walk.currentNode.textContent.includes(word)) {}
                const node = walk.currentNode, at = node.textContent.indexOf(word);
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                const r = range.getBoundingClientRect();
                return {left: r.left - box.left, right: box.right - r.right};
            };
            return {arabic: side("ونفت"), english: side("The ministry")};
        }""",
    )
    assert edges["arabic"]["right"] < 40, edges  # at the start of a right-to-left line
    assert edges["english"]["left"] < 40, edges  # an English paragraph starts on the left
    page.context.close()
