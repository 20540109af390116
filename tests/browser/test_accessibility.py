"""axe-core (from npm) finds no serious or critical violation on public and desk pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.domain import accounts
from factcheck.models import Role
from tests.browser.conftest import LiveServer
from tests.conftest import PASSWORD
from tests.publishing_helpers import publish_one

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def content(live_server: LiveServer) -> dict[str, int]:
    """A published fact-check on the live server; return the ids the pages need."""
    users = live_server.users()
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        editor2 = accounts.find_user(session, users["editor2"])
        checker = accounts.find_user(session, users["checker"])
        if accounts.find_user(session, "admin@example.org") is None:
            accounts.create_user(
                session,
                email="admin@example.org",
                password=PASSWORD,
                role=Role.ADMIN,
                display_name="Ada Admin",
            )
        article, claim = publish_one(
            session, editor, editor2, checker, title="Axe check: harbour tunnel"
        )
        return {"article": article.id, "claim": claim.id}


def _violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make browser-deps` (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _check(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    problems = _violations(page)
    assert not problems, f"{url}: {problems}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_public_pages_have_no_serious_violations(
    browser,
    live_server: LiveServer,
    content: dict[str, int],
    scheme: str,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    base = live_server.url
    for path in [
        "/",
        f"/factchecks/{content['article']}",
        f"/claims/{content['claim']}",
        "/ratings/mostly-true",
        "/search?q=tunnel",
        "/methodology",
        "/corrections",
        "/login",
    ]:
        _check(page, base + path)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_desk_pages_have_no_serious_violations(
    browser,
    live_server: LiveServer,
    content: dict[str, int],
    scheme: str,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto(live_server.url + "/login")
    page.get_by_label("Email").fill("admin@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/desk/"))
    base = live_server.url
    for path in [
        "/desk/",
        "/desk/queue",
        "/desk/mine",
        "/desk/review",
        "/desk/workload",
        "/desk/articles",
        "/desk/articles/new",
        f"/desk/articles/{content['article']}",
        f"/desk/claims/{content['claim']}",
        f"/desk/claims/{content['claim']}/history",
        "/desk/pages/methodology/edit",
    ]:
        _check(page, base + path)
    context.close()
