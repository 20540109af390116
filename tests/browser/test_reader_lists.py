"""Readers' lists in a browser: ratings on the home page, a topic page and its Atom feed,
and axe-core on the home, listing, topic, topics index and search pages, light and dark."""

from __future__ import annotations

import feedparser
import pytest

from factcheck.domain import accounts, topics
from tests.browser.conftest import LiveServer, screenshot
from tests.browser.test_accessibility import AXE
from tests.publishing_helpers import publish_one

pytestmark = pytest.mark.browser

BODY = (
    "The Zaporizhzhia nuclear plant produced 6,000 megawatts in 2021, the energy minister, "
    "Ana Silva, said on Monday.\n\nCritics say the plant should close."
)


@pytest.fixture(scope="module")
def content(live_server: LiveServer) -> dict[str, int | str]:
    """A published fact-check filed under a topic, on the live server."""
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        editor2 = accounts.find_user(session, users["editor2"])
        checker = accounts.find_user(session, users["checker"])
        assert editor and editor2 and checker
        article, claim = publish_one(
            session,
            editor,
            editor2,
            checker,
            title="Power plant output",
            headline="The plant's output was never that high",
            body=BODY,
            rating="false",
            source_url="https://example.org/news/power-plant",
        )
        topic = topics.create_topic(session, editor, "Energy")
        topics.set_claim_topics(session, claim, editor, [topic.id])
        session.commit()
        return {"article": article.id, "claim": claim.id, "topic": topic.slug}


def test_the_home_page_shows_each_fact_checks_rating(
    browser,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    content: dict[str, int | str],
) -> None:
    page = browser.new_page()
    page.goto(live_server.url + "/")
    # The home page leads with the finding (the editor's headline), not the article's title.
    item = page.locator("ol.factcheck-list > li").filter(
        has_text="The plant's output was never that high"
    )
    badge = item.locator(".rating").first
    assert badge.inner_text() == "False"
    # The badge has its rating's colour (from /ratings.css), not the default grey.
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") != "rgb(85, 85, 85)"
    assert "Ana Silva" in item.inner_text()
    screenshot(page, "home-with-ratings")
    page.close()


def test_a_topic_page_and_its_feed_list_the_fact_check(
    browser,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    content: dict[str, int | str],
) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/claims/{content['claim']}")
    page.get_by_role("navigation", name="Topics").get_by_role("link", name="Energy").click()
    page.wait_for_url(f"**/topics/{content['topic']}")
    assert page.get_by_role("heading", level=1).inner_text() == "Energy"
    link = page.get_by_role("link", name="The Zaporizhzhia nuclear plant", exact=False)
    assert link.first.get_attribute("href") == f"/claims/{content['claim']}"
    page.get_by_role("link", name="Atom feed of this list").click()
    response = page.request.get(f"{live_server.url}/feeds/topics/{content['topic']}.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.body())
    assert not feed.bozo and feed.version == "atom10"
    assert [e.link for e in feed.entries] == [f"{live_server.url}/claims/{content['claim']}"]
    page.go_back()
    assert page.get_by_role("heading", level=1).inner_text() == "Energy"
    page.close()


def _all_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every axe-core violation, whatever its impact."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make browser-deps` (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_list_pages_have_no_axe_violations(
    browser,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    content: dict[str, int | str],
    scheme: str,
) -> None:
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    for path in [
        "/",
        "/ratings/false",
        "/claimants/Ana%20Silva",
        f"/topics/{content['topic']}",
        "/topics",
        "/search?q=zaporizhia",
        "/search?q=zaporizhzhia",
    ]:
        page.goto(live_server.url + path)
        problems = _all_violations(page)
        assert not problems, f"{path} ({scheme}): {problems}"
    if scheme == "light":
        page.goto(live_server.url + "/search?q=zaporizhia")
        screenshot(page, "search-suggestion")
    context.close()
