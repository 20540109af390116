"""Taking an accepted claim back to the candidates from its claim page lands the editor on
the claim's row of the triage page, where the confirmation is shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.browser.test_triage import _ids, _open, many_candidates

pytestmark = pytest.mark.browser


def test_back_to_candidates_from_the_claim_page_lands_on_the_row(
    browser, live_server: LiveServer
) -> None:  # type: ignore[no-untyped-def]
    article_id = many_candidates(live_server, 14)
    page = _login(browser, live_server, live_server.users()["editor"])
    page.set_viewport_size({"width": 390, "height": 700})
    _open(page, live_server, article_id)
    row = _ids(page)[-1]  # the lowest score: far down the list
    claim_id = row.removeprefix("claim-")
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    page.get_by_role("button", name=f"Accept claim {claim_id}").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/desk/claims/{claim_id}")
    page.get_by_role("button", name=f"Back to candidates claim {claim_id}").click()
    page.wait_for_load_state()
    message = page.get_by_text(f"Claim #{claim_id} taken back to the candidates.")
    expect(message.first).to_be_in_viewport()
    assert page.url.endswith(f"#{row}")
    # Nothing left for the take-next tests: every candidate of this article is rejected.
    _open(page, live_server, article_id)
    page.get_by_label("Reject every candidate scoring below").fill("1")
    page.get_by_role("button", name="Reject below").click()
    page.wait_for_function(
        "() => document.getElementById('bulk-status').textContent === '14 claims rejected.'"
    )
