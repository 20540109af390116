"""Issue #18's publish gate, returned work and review inbox, at a person's pace: type, wait,
read the page, click."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from factcheck.domain import accounts, articles, candidates, queue, research, review_panel
from factcheck.domain.limits import Limits
from factcheck.models import Claim, ClaimStatus
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.fixtures import ARTICLE, FACTUAL

pytestmark = pytest.mark.browser

UNEMPLOYMENT = "Unemployment in the district fell to 4.1 percent last year"


def _claims(
    server: LiveServer, *, sources: int, stage: str, texts: tuple[str, ...] = (FACTUAL,)
) -> list[int]:
    """Claims of a new article with the checker, taken as far as `stage` (held, submitted,
    returned or approved); return their ids."""
    users = server.users()
    with server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        editor2 = accounts.find_user(session, users["editor2"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and editor2 is not None and checker is not None
        article = articles.create_article(
            session,
            creator=editor,
            title=f"Desk flow {stage} {texts[-1][:12]}",
            body=ARTICLE,
            source_url="https://example.org/herald/flood",
            limits=Limits(max_chars=100_000),
            force=True,
        )
        ids = []
        for text in texts:
            claim = next(c for c in article.claims if c.text.startswith(text))
            candidates.accept(
                session,
                claim,
                editor,
                expected_version=None,
                claimant="Maria Lopes",
                claim_date=dt.date(2026, 3, 3),
            )
            queue.assign(session, claim, checker, editor)
            for n in range(sources):
                research.add_evidence(
                    session, claim, checker, url=f"https://example.org/s/{n}", stance="supports"
                )
            if stage != "held":
                research.submit_verdict(
                    session,
                    claim,
                    checker,
                    rating_slug="misleading",
                    explanation="The budget lists 3,000 homes, not 3,200.",
                )
            if stage == "returned":
                review_panel.return_to_checker(session, claim, editor2, note="Which table?")
            if stage == "approved":
                review_panel.approve(session, claim, editor2)
                # The finding, as written in the publish box (required to publish).
                verdict = claim.current_verdict
                assert verdict is not None
                verdict.headline = f"Claim #{claim.id}: the homes figure is overstated"
            ids.append(claim.id)
        session.commit()
        return ids


def _status(server: LiveServer, claim_id: int) -> ClaimStatus:
    with server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim.status


def test_a_verdict_without_sources_is_refused_and_keeps_the_text(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    [claim_id] = _claims(live_server, sources=0, stage="held")
    checker = _login(browser, live_server, live_server.users()["checker"])
    checker.goto(f"{live_server.url}/desk/claims/{claim_id}")
    checker.get_by_label("Rating").select_option("mostly-true")
    checker.get_by_label("Explanation").press_sequentially("The papers say 3,200.", delay=20)
    checker.wait_for_timeout(800)
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    assert "A verdict needs at least 1 source" in checker.content()
    assert checker.get_by_label("Explanation").input_value() == "The papers say 3,200."
    assert _status(live_server, claim_id) == ClaimStatus.IN_PROGRESS
    # The checker adds the source and sends the same text again.
    add = checker.locator("form[action$='/evidence']")
    add.get_by_label("Source URL").fill("https://example.org/budget")
    add.get_by_label("Supports").check()
    with checker.expect_navigation():
        add.get_by_role("button", name="Add evidence").click()
    assert checker.get_by_label("Explanation").input_value() == "The papers say 3,200."
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))
    assert _status(live_server, claim_id) == ClaimStatus.SUBMITTED


def test_a_refused_publish_keeps_the_summary_and_disables_the_button(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    [claim_id] = _claims(live_server, sources=1, stage="approved")
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/claims/{claim_id}")
    # To the article it belongs to. A person types once the page is there: on a loaded
    # machine, typing while the page was still arriving lost the text now and then.
    with editor.expect_navigation(wait_until="load"):
        editor.locator("header.page-head a").first.click()
    editor.get_by_label("Summary for readers").press_sequentially(
        "The homes figure is overstated.", delay=15
    )
    # Meanwhile another editor takes the claimant and the date off (they were wrong).
    other = _login(browser, live_server, live_server.users()["editor2"])
    other.goto(f"{live_server.url}/desk/claims/{claim_id}")
    details = other.locator("form[action$='/details']")
    details.get_by_label("Claimant (who made the claim)").fill("")
    details.get_by_label("Date the claim was made").fill("")
    with other.expect_navigation():
        details.get_by_role("button", name="Save").click()
    assert "Claimant and date saved." in other.content()
    with editor.expect_navigation():
        editor.get_by_role("button", name=re.compile("^Publish 1 approved")).click()
    assert "Not published: 2 problems to fix first." in editor.content()
    assert editor.get_by_label("Summary for readers").input_value() == (
        "The homes figure is overstated."
    )
    problems = editor.locator("ul.publish-problems > li")
    assert problems.count() == 2
    assert "nobody is named as the claimant" in problems.nth(0).inner_text()
    assert ".;" not in editor.locator("#publish").inner_text()
    assert editor.get_by_role("button", name=re.compile("^Publish 1 approved")).is_disabled()
    assert _status(live_server, claim_id) == ClaimStatus.APPROVED


def test_a_returned_verdict_comes_back_prefilled(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    [claim_id] = _claims(live_server, sources=1, stage="returned")
    checker = _login(browser, live_server, live_server.users()["checker"])
    checker.goto(f"{live_server.url}/desk/mine")
    checker.get_by_role("link", name=re.compile(f"^#{claim_id} ")).first.click()
    verdict = checker.locator("section[aria-labelledby='verdict-h']")
    assert "Which table?" in verdict.locator(".note").inner_text()
    assert checker.get_by_label("Rating").input_value() == "misleading"
    explanation = checker.get_by_label("Explanation")
    assert explanation.input_value() == "The budget lists 3,000 homes, not 3,200."
    explanation.press("End")
    explanation.press_sequentially(" Table 4.", delay=20)
    checker.locator(".autosave-status").filter(has_text=re.compile("^Draft saved at")).wait_for()
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))
    recent = checker.locator("ol.recent-work")
    assert f"#{claim_id} " in recent.inner_text() and "submitted" in recent.inner_text()


def test_publishing_one_claim_leaves_the_other_approved(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    # The unemployment claim goes out alone: the journey test searches readers' pages for
    # the homes claim on this shared server, and expects only its own.
    kept, alone = _claims(live_server, sources=1, stage="approved", texts=(FACTUAL, UNEMPLOYMENT))
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/claims/{alone}")
    editor.get_by_role("link", name="Preview the reader's page").click()
    assert editor.get_by_text("Preview", exact=True).is_visible()
    assert editor.locator("meta[name=robots]").get_attribute("content") == "noindex, nofollow"
    editor.go_back()
    with editor.expect_navigation():
        editor.get_by_role("button", name=f"Publish claim #{alone} only").click()
    assert f"Claim #{alone} published." in editor.content()
    assert _status(live_server, alone) == ClaimStatus.PUBLISHED
    assert _status(live_server, kept) == ClaimStatus.APPROVED
    assert editor.get_by_role("button", name=f"Publish claim #{kept} only").is_enabled()
    reader = browser.new_context().new_page()
    assert reader.goto(f"{live_server.url}/claims/{alone}").status == 200  # type: ignore[union-attr]
    assert reader.goto(f"{live_server.url}/claims/{kept}").status == 404  # type: ignore[union-attr]


def test_an_editor_approves_from_the_inbox_and_stays_there(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    [claim_id] = _claims(live_server, sources=2, stage="submitted")
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/review")
    item = editor.locator(f"#claim-{claim_id}")
    assert "waiting" in item.locator(".waiting").inner_text()
    assert item.locator("mark").inner_text() == FACTUAL
    assert item.locator("ol.evidence > li").count() == 2
    with editor.expect_navigation():
        item.get_by_role("button", name=re.compile("^Approve")).click()
    assert re.search(rf"/desk/review#claim-{claim_id}$", editor.url)
    assert f"Verdict on claim #{claim_id} approved." in editor.content()
    assert _status(live_server, claim_id) == ClaimStatus.APPROVED


def test_the_headline_typed_goes_with_either_publish_button(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """The publish box showed two headline boxes for one claim, each in its own form: a
    headline typed beside the claim, then 'Publish 1 approved claim', asked 'You typed in
    “Publish” and did not save it…' and was refused for a missing headline (and the other
    way round with a summary typed and 'Publish claim #… only')."""
    (claim_id,) = _claims(live_server, sources=1, stage="approved", texts=(UNEMPLOYMENT,))
    with live_server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.current_verdict is not None
        claim.current_verdict.headline = None
        article_id = claim.article_id
        session.commit()
    editor = _login(browser, live_server, live_server.users()["editor"])
    asked: list[str] = []
    editor.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    editor.goto(f"{live_server.url}/desk/articles/{article_id}")
    box = editor.locator("#publish")
    assert box.locator(f"input[name=headline-{claim_id}]").count() == 1
    box.get_by_label(f"Headline for claim #{claim_id}").type("Unemployment did fall", delay=15)
    box.get_by_label("Summary for readers").type("One figure checked.", delay=15)
    with editor.expect_navigation():
        box.get_by_role("button", name=f"Publish claim #{claim_id} only").click()
    assert asked == []
    assert f"Claim #{claim_id} published." in editor.content()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None and claim.status == ClaimStatus.PUBLISHED
        assert claim.published_verdict is not None
        assert claim.published_verdict.headline == "Unemployment did fall"
        assert claim.article.summary == "One figure checked."
    editor.context.close()
