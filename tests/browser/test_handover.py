"""A checker gives a claim back mid-verdict: the desk asks first, keeps what was typed in
the last moment, and the next checker starts from that draft."""

from __future__ import annotations

import re

import pytest

from factcheck.domain import accounts, queue
from factcheck.models import Claim, Role
from tests.browser.conftest import PASSWORD, LiveServer
from tests.browser.test_autosave import (
    _claim_assigned_to_the_checker,
    _draft_saved_by_the_checker,
    _saved,
)
from tests.browser.test_journeys import _login

pytestmark = pytest.mark.browser

SECOND_CHECKER = "rosa.vale@example.org"


def _give_to_a_second_checker(server: LiveServer, claim_id: int) -> None:
    users = server.users()
    with server.app.extensions["factcheck.db"].factory() as session:
        second = accounts.find_user(session, SECOND_CHECKER) or accounts.create_user(
            session,
            email=SECOND_CHECKER,
            password=PASSWORD,
            role=Role.CHECKER,
            display_name="Rosa Vale",
        )
        editor = accounts.find_user(session, users["editor"])
        claim = session.get(Claim, claim_id)
        assert editor is not None and claim is not None
        queue.assign(session, claim, second, editor)
        session.commit()


def test_released_mid_sentence_the_draft_reaches_the_next_checker(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    checker = _draft_saved_by_the_checker(browser, live_server, "Budget papers list 3,200.")
    claim_id = int(checker.url.rsplit("/", 1)[1])

    asked: list[str] = []

    def dismiss_first_then_accept(dialog):  # type: ignore[no-untyped-def]
        asked.append(dialog.message)
        if len(asked) == 1:
            dialog.dismiss()  # changed their mind: nothing happens
        else:
            dialog.accept()

    checker.on("dialog", dismiss_first_then_accept)
    release = checker.get_by_role("button", name=f"Release claim {claim_id}")
    release.click()
    checker.wait_for_timeout(500)
    assert checker.url.endswith(f"/desk/claims/{claim_id}")
    assert checker.get_by_role("button", name=f"Release claim {claim_id}").count() == 1

    # A few more words, then Release at once, before the pause that saves a draft.
    checker.get_by_label("Explanation").press_sequentially(" Council confirms.", delay=30)
    with checker.expect_navigation():
        release.click()
    checker.wait_for_url(re.compile(r"/desk/mine"))
    assert f"Claim #{claim_id} is back in the queue." in checker.content()
    assert len(asked) == 2
    assert asked[0].startswith(f"Give claim #{claim_id} back to the queue?")

    _give_to_a_second_checker(live_server, claim_id)
    second = _login(browser, live_server, SECOND_CHECKER)
    second.goto(f"{live_server.url}/desk/claims/{claim_id}")
    explanation = second.get_by_label("Explanation")
    assert explanation.input_value() == "Budget papers list 3,200. Council confirms."
    assert second.get_by_label("Rating").input_value() == "mostly-true"
    assert "Started from the draft Chris Checker left" in second.content()

    # Their own words save as their draft, and survive a reload.
    explanation.click()
    explanation.press("Control+End")  # a click may leave the caret anywhere in the text
    explanation.press_sequentially(" Checked again.", delay=30)
    _saved(second)
    second.reload()
    assert second.get_by_label("Explanation").input_value() == (
        "Budget papers list 3,200. Council confirms. Checked again."
    )
    assert "Started from the draft" not in second.content()
    for page in (checker, second):
        page.context.close()


def test_a_claim_released_from_my_claims_with_nothing_typed_goes_back_to_the_queue(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """No draft to save first: the confirmed form is sent at once (a form still firing its
    submit event ignores a second submission, so the desk sends it a moment later)."""
    claim_id = _claim_assigned_to_the_checker(live_server)
    checker = _login(browser, live_server, live_server.users()["checker"])
    checker.goto(f"{live_server.url}/desk/mine")
    checker.on("dialog", lambda dialog: dialog.accept())
    with checker.expect_navigation():
        checker.get_by_role("button", name=f"Release claim {claim_id}").click()
    assert f"Claim #{claim_id} is back in the queue." in checker.content()
    assert checker.get_by_role("button", name=f"Release claim {claim_id}").count() == 0
    checker.context.close()
    # Out of the shared queue again: the journeys take the next claim and expect their own.
    _give_to_a_second_checker(live_server, claim_id)


def test_a_release_whose_last_words_cannot_be_saved_is_not_sent(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """The server cannot be reached for the draft: the claim stays with the checker, who is
    told so, and the text stays on the page."""
    checker = _draft_saved_by_the_checker(browser, live_server, "Budget papers list 3,200.")
    claim_id = int(checker.url.rsplit("/", 1)[1])
    checker.route("**/draft", lambda route: route.abort())
    checker.get_by_label("Explanation").press_sequentially(" Council confirms.", delay=30)
    said: list[str] = []

    def answer(dialog):  # type: ignore[no-untyped-def]
        said.append(dialog.message)
        dialog.accept()

    checker.on("dialog", answer)
    checker.get_by_role("button", name=f"Release claim {claim_id}").click()
    checker.locator(".autosave-status").filter(
        has_text="Draft not saved: the server cannot be reached."
    ).wait_for()
    checker.wait_for_timeout(300)
    assert len(said) == 2 and said[1].startswith("Not sent: your latest changes")
    assert checker.url.endswith(f"/desk/claims/{claim_id}")
    assert (
        checker.get_by_label("Explanation").input_value()
        == "Budget papers list 3,200. Council confirms."
    )

    # The server is back: the same Release now saves the last words first, then goes.
    checker.unroute("**/draft")
    with checker.expect_navigation():
        checker.get_by_role("button", name=f"Release claim {claim_id}").click()
    assert f"Claim #{claim_id} is back in the queue." in checker.content()
    _give_to_a_second_checker(live_server, claim_id)
    second = _login(browser, live_server, SECOND_CHECKER)
    second.goto(f"{live_server.url}/desk/claims/{claim_id}")
    assert (
        second.get_by_label("Explanation").input_value()
        == "Budget papers list 3,200. Council confirms."
    )
    for page in (checker, second):
        page.context.close()
