"""A checker whose lease ran out while they typed takes the claim back from the autosave
line's refusal, and finds what they typed as their draft."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from factcheck import clock
from factcheck.domain import queue
from factcheck.models import Claim
from tests.browser.conftest import LiveServer
from tests.browser.test_autosave import _draft_saved_by_the_checker

pytestmark = pytest.mark.browser


def _lease_runs_out(server: LiveServer, claim_id: int) -> None:
    """This claim's lease alone ends now (other tests' claims keep theirs)."""
    with server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        claim.lease_expires_at = clock.now() - dt.timedelta(minutes=1)
        session.commit()
        assert claim_id in queue.expire_leases(session)
        session.commit()


def test_a_lapsed_lease_is_taken_back_from_the_autosave_line_with_the_words(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    checker = _draft_saved_by_the_checker(browser, live_server, "The papers list 3,200 homes.")
    claim_id = int(checker.url.rsplit("/", 1)[1])
    take_back = checker.get_by_role("button", name=f"Take claim #{claim_id} back")
    assert take_back.is_hidden()
    _lease_runs_out(live_server, claim_id)

    checker.get_by_label("Explanation").press_sequentially(" Page 14.", delay=30)
    status = checker.locator(".autosave-status")
    status.filter(has_text="its lease ran out").wait_for()
    take_back.wait_for(state="visible")
    with checker.expect_navigation():
        take_back.click()

    assert checker.url.endswith(f"/desk/claims/{claim_id}")
    assert f"Claim #{claim_id} is yours again." in checker.content()
    explanation = checker.get_by_label("Explanation").input_value()
    assert explanation == "The papers list 3,200 homes. Page 14."
    # Leave nothing taken for the other tests: the verdict goes to review.
    with checker.expect_navigation():
        checker.get_by_role("button", name="Submit for review").click()
    checker.wait_for_url(re.compile(r"/desk/mine"))
