"""Sending one form of the claim page reloads it: what was typed in another form and not
saved is not lost without a word. (Before session 21 a new wording typed under "Reword for
checking" vanished when the editor then pressed another button of the page.)"""

from __future__ import annotations

import pytest

from factcheck.domain import accounts, articles
from factcheck.domain.limits import Limits
from factcheck.models import Claim, ClaimStatus
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.fixtures import ARTICLE, FACTUAL

pytestmark = pytest.mark.browser

NEW_WORDING = "Unemployment in the district fell to 4.1 percent in 2025"


def _candidate(server: LiveServer) -> int:
    with server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, server.users()["editor"])
        assert editor is not None
        article = articles.create_article(
            session,
            creator=editor,
            title="Typed elsewhere",
            body=ARTICLE,
            limits=Limits(max_chars=100_000),
            force=True,
        )
        claim = next(c for c in article.claims if c.text.startswith(FACTUAL))
        session.commit()
        return claim.id


def _status(server: LiveServer, claim_id: int) -> ClaimStatus:
    with server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim.status


def test_another_button_asks_before_dropping_a_wording_typed_and_not_saved(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id = _candidate(live_server)
    page = _login(browser, live_server, live_server.users()["editor"])
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    wording = page.locator("#reword textarea")
    wording.fill("")
    wording.type(NEW_WORDING, delay=15)
    page.wait_for_timeout(1000)  # the editor pauses, then reaches for another button

    asked: list[str] = []

    def keep_typing(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", keep_typing)
    page.locator(".actions").get_by_role("button", name="Reject").click()
    page.wait_for_timeout(500)
    assert asked and "Reword for checking" in asked[0]
    assert wording.input_value() == NEW_WORDING  # still there, nothing sent
    assert _status(live_server, claim_id) == ClaimStatus.CANDIDATE

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".actions").get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    assert _status(live_server, claim_id) == ClaimStatus.REJECTED
    page.context.close()


def test_following_a_link_asks_before_dropping_words_typed_and_not_sent(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """A link (not a form) away from the page lost the new wording without a word."""
    claim_id = _candidate(live_server)
    page = _login(browser, live_server, live_server.users()["editor"])
    claim_url = f"{live_server.url}/desk/claims/{claim_id}"
    page.goto(claim_url)
    wording = page.locator("#reword textarea")
    wording.fill("")
    wording.type(NEW_WORDING, delay=15)
    page.wait_for_timeout(1000)

    asked: list[str] = []

    def stay(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="article history").click()
    page.wait_for_timeout(1000)
    assert asked == ["beforeunload"]
    assert page.url == claim_url
    assert wording.input_value() == NEW_WORDING

    # Sent by a button of the page, it is not asked again on the way out (typedElsewhere
    # asked); nothing is left for the take-next tests.
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".actions").get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    assert _status(live_server, claim_id) == ClaimStatus.REJECTED
    page.context.close()


def test_the_sign_in_page_lets_you_go_to_forgot_password_without_asking(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").type("someone@example.org", delay=15)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Forgot your password?").click()
    page.wait_for_url("**/password/forgot**")
    page.get_by_label("Email").type("someone@example.org", delay=15)
    page.get_by_role("link", name="Back to sign-in").click()
    page.wait_for_url("**/login**")
    assert asked == []
    context.close()


def test_a_refused_split_shows_the_claim_page_address_and_keeps_the_lines_typed(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """A refused split (or reword) came back at its POST-only address: pressing Enter in
    the address bar gave '405 Method Not Allowed', Back or reload asked to resend a form,
    and a link away dropped the lines typed without a word (they were the form's own)."""
    claim_id = _candidate(live_server)
    page = _login(browser, live_server, live_server.users()["editor"])
    claim_url = f"{live_server.url}/desk/claims/{claim_id}"
    page.goto(claim_url)
    parts = page.locator("#split textarea")
    parts.fill("")
    parts.type("Unemployment fell to 4.1 percent", delay=15)
    # Words at stake: desk.js asks the server's health check first, then sends the form.
    with page.expect_navigation():
        page.locator("#split").get_by_role("button", name="Split").click()
    assert "Give between 2 and 10 claims" in page.locator("#split").inner_text()
    assert page.url == claim_url  # the claim page's own address, which a GET opens
    assert parts.input_value() == "Unemployment fell to 4.1 percent"

    asked: list[str] = []

    def stay(dialog) -> None:  # type: ignore[no-untyped-def]
        asked.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", stay)
    page.get_by_role("link", name="article history").click()
    page.wait_for_timeout(1000)
    assert asked == ["beforeunload"]
    assert parts.input_value() == "Unemployment fell to 4.1 percent"

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".actions").get_by_role("button", name="Reject").click()
    page.wait_for_load_state()
    page.wait_for_timeout(500)
    assert _status(live_server, claim_id) == ClaimStatus.REJECTED
    page.context.close()
