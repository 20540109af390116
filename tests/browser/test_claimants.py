"""An editor names a claimant by typing part of an alias and choosing the suggestion."""

from __future__ import annotations

import re

import pytest

from factcheck.domain import accounts, articles, claimants
from factcheck.domain.limits import Limits
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import _violations
from tests.browser.test_journeys import _login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

BODY = (
    "Mayor Linda Okafor said the council spent 48 million pounds on flood defences last "
    "year.\n\nThe river rose by two metres on Tuesday."
)


def _claim_without_claimant(server: LiveServer) -> tuple[int, int]:
    """A candidate nobody is named for, and the Okafor record (alias "Mayor Okafor")."""
    with server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, server.users()["editor"])
        assert editor is not None
        article = articles.create_article(
            session,
            creator=editor,
            title="Claimant autocomplete",
            body=BODY,
            limits=Limits(max_chars=10_000, threshold=0.0),
            force=True,
        )
        claim = next(c for c in article.claims if c.text.startswith("The river rose"))
        okafor = claimants.resolve(session, "Linda Okafor")
        assert okafor is not None
        claimants.edit(
            session,
            okafor,
            editor,
            name=okafor.name,
            kind=okafor.kind.value,
            role="mayor",
            aliases=["Mayor Okafor"],
            description=None,
            url=None,
            expected_version=None,
        )
        session.commit()
        return claim.id, okafor.id


def test_an_editor_sets_a_claimant_through_autocomplete(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id, okafor_id = _claim_without_claimant(live_server)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/claims/{claim_id}")
    field = editor.get_by_role("combobox", name="Claimant (who made the claim)")
    field.press_sequentially("mayor ok", delay=60)
    suggestion = editor.get_by_role("option", name=re.compile("^Linda Okafor"))
    suggestion.wait_for()
    assert "also “Mayor Okafor”" in suggestion.inner_text()
    suggestion.click()
    assert field.input_value() == "Linda Okafor"
    assert editor.get_by_role("listbox").is_hidden()
    details = editor.locator("section[aria-labelledby=details-h]")
    with editor.expect_navigation():
        details.get_by_role("button", name="Save").click()
    assert "Claimant and date saved." in editor.content()
    meta = editor.locator("header.page-head .claimant")
    assert meta.inner_text() == "claimant: Linda Okafor"
    meta.get_by_role("link", name="Linda Okafor").click()
    editor.wait_for_url(re.compile(rf"/desk/claimants/{okafor_id}$"))
    assert editor.get_by_label("Other names (one per line)").input_value() == "Mayor Okafor"


def test_the_keyboard_picks_a_suggestion(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer
) -> None:
    claim_id, _ = _claim_without_claimant(live_server)
    editor = _login(browser, live_server, live_server.users()["editor"])
    editor.goto(f"{live_server.url}/desk/claims/{claim_id}")
    field = editor.get_by_role("combobox", name="Claimant (who made the claim)")
    field.press_sequentially("okaf", delay=60)
    editor.get_by_role("option", name=re.compile("^Linda Okafor")).wait_for()
    field.press("ArrowDown")
    field.press("Enter")  # picks the suggestion; does not send the form
    assert field.input_value() == "Linda Okafor"
    assert f"/desk/claims/{claim_id}" in editor.url
    field.press("Escape")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_claimants_pages_pass_axe(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, scheme: str
) -> None:
    claim_id, okafor_id = _claim_without_claimant(live_server)
    # axe runs as an injected script, which the site's CSP (rightly) refuses.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    editor = context.new_page()
    editor.goto(live_server.url + "/login")
    editor.get_by_label("Email").fill(live_server.users()["editor"])
    editor.get_by_label("Password").fill(PASSWORD)
    editor.get_by_role("button", name="Sign in").click()
    editor.wait_for_url(re.compile(r"/desk/"))
    editor.goto(f"{live_server.url}/desk/claims/{claim_id}")
    field = editor.get_by_role("combobox", name="Claimant (who made the claim)")
    field.press_sequentially("okaf", delay=60)
    editor.get_by_role("option", name=re.compile("^Linda Okafor")).wait_for()
    field.press("ArrowDown")
    problems = _violations(editor)  # with the list of suggestions open
    assert not problems, problems
    for path in ["/desk/claimants", f"/desk/claimants/{okafor_id}"]:
        editor.goto(live_server.url + path)
        problems = _violations(editor)
        assert not problems, f"{path}: {problems}"
    context.close()
