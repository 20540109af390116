"""An admin uploads a small file of made-up fact-checks on Admin → Import fact-checks and
reads the counts."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.domain import accounts
from factcheck.models import Role
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import _violations
from tests.browser.test_journeys import _login
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ADMIN = "archivist-admin@example.org"


def _file(prefix: str) -> str:
    """Three made-up fact-checks, one id given twice, and a broken line; ids of their own
    per test, as the live server's archive is shared by the session."""
    lines = [
        ("1", "The Millbrook tram line carried 9,000 riders a day in 2020.", "2020-06-01"),
        ("2", "Millbrook planted 1,200 street trees last spring.", "03/04/2021"),
        ("1", "The Millbrook tram line carried 9,500 riders a day in 2020.", "2020-06-01"),
    ]
    records = [
        json.dumps({"id": f"{prefix}-{n}", "claim": claim, "outlet": "Example Checks", "date": day})
        for n, claim, day in lines
    ]
    return "\n".join([*records, "{broken"])


def _admin(server: LiveServer) -> str:
    with server.app.extensions["factcheck.db"].factory() as session:
        if accounts.find_user(session, ADMIN) is None:
            accounts.create_user(
                session, email=ADMIN, password=PASSWORD, role=Role.ADMIN, display_name="Ari Admin"
            )
            session.commit()
    return ADMIN


def _upload(page, payload: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("File of fact-checks").set_input_files(
        files=[
            {"name": "factchecks.jsonl", "mimeType": "application/json", "buffer": payload.encode()}
        ]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Import", exact=True).click()


def test_an_admin_imports_a_file_of_fact_checks(browser, live_server: LiveServer) -> None:  # type: ignore[no-untyped-def]
    page = _login(browser, live_server, _admin(live_server))
    page.get_by_role("link", name="Import fact-checks").click()
    page.wait_for_url("**/desk/admin/import-factchecks")
    page.get_by_label("Day first: 03/04/2019 is 3 April 2019").check()
    file = _file("journey")
    _upload(page, file)
    report = page.locator("section.import-report")
    text = report.inner_text()
    assert "The file is imported" in text
    assert "2 fact-checks new" in text
    assert "1 entry repeated" in text and "1 entry unreadable" in text
    assert "Dates not kept" not in text
    assert "Matching vectors are computed in the background for 2 fact-checks" in text
    # Sent again: nothing new, and the form is there for another file.
    _upload(page, file)
    assert "2 fact-checks unchanged" in page.locator("section.import-report").inner_text()
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_report_and_a_refusal_pass_axe(  # type: ignore[no-untyped-def]
    browser, live_server: LiveServer, scheme: str
) -> None:
    # axe runs as an injected script, which the site's CSP (rightly) refuses.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill(_admin(live_server))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/desk/"))
    page.goto(f"{live_server.url}/desk/admin/import-factchecks")
    _upload(page, _file(f"axe-{scheme}"))
    assert "2 fact-checks new" in page.locator("section.import-report").inner_text()
    assert _violations(page) == []
    _upload(page, "id,claim\nb-9,The tram cost 3 million.\n")
    assert "This file is not JSON" in page.locator(".error-summary").inner_text()
    assert _violations(page) == []
    context.close()
