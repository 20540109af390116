"""The fact-check page as a reader sees it in Chromium: headline, claim and verdict boxes,
byline, right of reply, share links, the rating card; axe on the new pages, light and dark."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import pytest
from PIL import Image

from factcheck.domain import accounts, publishing, replies
from tests.browser.conftest import LiveServer
from tests.browser.test_reader_lists import _all_violations
from tests.publishing_helpers import CONTEXT, approve_one

pytestmark = pytest.mark.browser

BODY = (
    "The ferry carried 1.2 million passengers in 2025, the port authority chief, Rui Costa, "
    "said on Monday.\n\nThe operator wants a second boat."
)
HEADLINE = "Ferry numbers match the port's own count"


@pytest.fixture(scope="module")
def ferry(live_server: LiveServer) -> dict[str, int]:
    """A published fact-check with a right of reply on the live server."""
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor, editor2, checker = (
            accounts.find_user(session, users[key]) for key in ("editor", "editor2", "checker")
        )
        assert editor and editor2 and checker
        article, claim = approve_one(
            session, editor, editor2, checker, title="Ferry passengers", body=BODY,
            claimant="Rui Costa", source_url="https://example.org/news/ferry",
            rating="true", explanation="The port's annual report lists 1.2 million.",
            headline=HEADLINE,
        )  # fmt: skip
        replies.record_reply(
            session, claim, editor, contacted_at=dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC),
            channel="email", contact="press@port.example", answer=None,
        )  # fmt: skip
        publishing.publish_article(session, article, editor, context=CONTEXT, summary="It holds.")
        session.commit()
        return {"article": article.id, "claim": claim.id}


def test_the_page_shows_headline_boxes_byline_and_reply(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, ferry: dict[str, int]
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/claims/{ferry['claim']}")
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.title().startswith(HEADLINE)
    claim_box = page.locator(".claim-box")
    assert "Rui Costa" in claim_box.inner_text()
    assert "Stated on 2 February 2026 in Ferry passengers (Harbour News)" in claim_box.inner_text()
    assert claim_box.get_by_role("link", name="Ferry passengers").get_attribute("href") == (
        "https://example.org/news/ferry"
    )
    verdict_box = page.locator(".verdict-box")
    assert verdict_box.get_by_role("heading", name="Our verdict").is_visible()
    assert "best available evidence supports it" in verdict_box.inner_text()
    badge = verdict_box.get_by_role("link", name="True")
    assert badge.get_attribute("href") == "/methodology#rating-true"
    byline = page.locator(".byline").inner_text()
    assert "Checked by Chris Checker, edited by Eli Editor" in byline
    assert "Published" in byline
    reply = page.locator(".replies").inner_text()
    assert "We contacted Rui Costa by email on 2 February 2026; they did not reply." in reply
    # The badge leads to the rating's definition.
    badge.click()
    page.wait_for_url("**/methodology#rating-true")
    assert "best available evidence supports it" in page.locator("#rating-true").inner_text()
    page.context.close()


def test_share_links_carry_the_canonical_url_and_copy_link_works(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, ferry: dict[str, int]
) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/claims/{ferry['claim']}")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert canonical == f"{live_server.url}/claims/{ferry['claim']}"
    encoded = quote(canonical, safe="/")
    share = page.locator(".share")
    for name in ("E-mail", "X (Twitter)", "Facebook", "WhatsApp"):
        href = share.get_by_role("link", name=name).get_attribute("href")
        assert encoded in href, (name, href)
    assert page.get_by_label("Link to this page").input_value() == canonical
    page.get_by_role("button", name="Copy link").click()
    page.get_by_text("Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    context.close()


def test_the_og_image_is_a_1200x630_png(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, ferry: dict[str, int]
) -> None:
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/claims/{ferry['claim']}")
    image_url = page.locator('meta[property="og:image"]').get_attribute("content")
    response = page.request.get(image_url)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(response.body())) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_pages_have_no_axe_violations(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, ferry: dict[str, int], scheme: str
) -> None:
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    for path in [
        f"/factchecks/{ferry['article']}",
        f"/claims/{ferry['claim']}",
        f"/claims/{ferry['claim']}/embed",
        "/methodology",
        "/ratings/true",
    ]:
        page.goto(live_server.url + path)
        problems = _all_violations(page)  # any impact: heading-order is moderate
        assert not problems, f"{path} ({scheme}): {problems}"
    context.close()
