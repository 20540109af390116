"""Any form of the desk with words typed in it, sent while the connection is down: the page
stays, the words stay, and a line by the button says it was not sent (the verdict form has
its own test, in test_phone_offline.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from factcheck.domain import accounts, research
from factcheck.models import Claim, ClaimStatus, Evidence
from tests.browser.conftest import LiveServer
from tests.browser.test_journeys import _login
from tests.browser.test_phone_offline import _phone
from tests.conftest import held_claim

pytestmark = pytest.mark.browser

NOT_SENT = re.compile("^Not sent: the server cannot be reached")


def _held(server: LiveServer, title: str, *, submitted: bool = False) -> int:
    """A claim given to the checker, with one source; submitted for review if asked."""
    users = server.users()
    with server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        checker = accounts.find_user(session, users["checker"])
        assert editor is not None and checker is not None
        claim = held_claim(session, editor, checker, title=title, source=True)
        if submitted:
            research.submit_verdict(
                session, claim, checker, rating_slug="false", explanation="Made-up reasons."
            )
            session.commit()
        return claim.id


def _evidence_count(server: LiveServer, claim_id: int) -> int:
    with server.app.extensions["factcheck.db"].factory() as session:
        count = select(func.count()).select_from(Evidence).where(Evidence.claim_id == claim_id)
        return session.scalar(count) or 0


def _status(server: LiveServer, claim_id: int) -> ClaimStatus:
    with server.app.extensions["factcheck.db"].factory() as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        return claim.status


def _not_sent(form) -> str:  # type: ignore[no-untyped-def]
    """The line by the form's button that says it was not sent (read out as an alert)."""
    alert = form.get_by_role("alert").filter(has_text=NOT_SENT)
    alert.wait_for(timeout=5000)
    return str(alert.inner_text())


def test_evidence_tapped_offline_on_a_phone_stays_on_the_page_with_its_words(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """Add evidence tapped in a tunnel left for the browser's "No internet" page; a reload
    there, or a browser other than Chromium, lost the link and the quote typed by hand."""
    claim_id = _held(live_server, "Offline evidence")
    phone = _phone(browser, live_server)
    phone.goto(f"{live_server.url}/desk/claims/{claim_id}")
    claim_url = phone.url
    form = phone.locator("form[action$='/evidence']")
    form.get_by_label("Source URL").fill("https://example.org/tunnel-report")
    form.get_by_label("Quoted passage").fill("A made-up passage typed by hand.")

    phone.context.set_offline(True)
    form.get_by_role("button", name="Add evidence").tap()
    said = _not_sent(form)
    assert "send it again when the connection is back" in said
    assert phone.url == claim_url
    assert form.get_by_label("Source URL").input_value() == "https://example.org/tunnel-report"
    assert form.get_by_label("Quoted passage").input_value() == "A made-up passage typed by hand."

    # Back online: nothing is sent by itself; the next tap sends it.
    phone.context.set_offline(False)
    phone.wait_for_timeout(1500)
    assert phone.url == claim_url and _evidence_count(live_server, claim_id) == 1
    with phone.expect_navigation():
        form.get_by_role("button", name="Add evidence").tap()
    assert "A made-up passage typed by hand." in phone.content()
    assert _evidence_count(live_server, claim_id) == 2
    phone.context.close()


def test_a_return_note_sent_offline_stays_in_its_box(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """An editor's note to the checker, sent with the network down, left the review page."""
    claim_id = _held(live_server, "Offline return", submitted=True)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(live_server.url + "/desk/review")
    review_url = editor.url
    item = editor.locator(f"#claim-{claim_id}")
    item.get_by_text("Return with a note…").click()
    form = item.locator("form[action$='/return']")
    form.get_by_label("Note to the checker").fill("Made-up note: add the page number.")

    editor.context.set_offline(True)
    form.get_by_role("button", name="Return to checker").click()
    _not_sent(form)
    assert editor.url == review_url
    assert form.get_by_label("Note to the checker").input_value() == (
        "Made-up note: add the page number."
    )

    editor.context.set_offline(False)
    editor.wait_for_timeout(1500)
    assert _status(live_server, claim_id) == ClaimStatus.SUBMITTED
    with editor.expect_navigation():
        form.get_by_role("button", name="Return to checker").click()
    assert _status(live_server, claim_id) == ClaimStatus.RETURNED
    editor.context.close()


def test_a_pasted_article_sent_offline_is_not_lost(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    """A whole article pasted, then sent with the network down: only the browser's history
    held it, and a reload lost it."""
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(live_server.url + "/desk/articles/new")
    new_url = editor.url
    form = editor.locator("form[action$='/articles/new']")
    form.get_by_label("Headline", exact=True).fill("Made-up headline for the tunnel")
    text = "The made-up council said it built 4,100 homes last year.\n" * 40
    form.get_by_label("Article text").fill(text)

    editor.context.set_offline(True)
    form.get_by_role("button", name="Add and extract claims").click()
    _not_sent(form)
    assert editor.url == new_url
    assert form.get_by_label("Article text").input_value() == text
    editor.context.close()
