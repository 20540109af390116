"""axe-core (from npm) finds no serious or critical violation on public and desk pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from factcheck.domain import accounts, articles
from factcheck.domain.limits import Limits
from factcheck.models import Article, Role
from tests.browser.conftest import LiveServer
from tests.browser.test_triage import many_candidates
from tests.conftest import PASSWORD
from tests.fixtures import ARTICLE
from tests.publishing_helpers import publish_one

pytestmark = pytest.mark.browser
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
# Sentences that are no candidates (opinions, questions): the text around the highlights.
OPINIONS = """
In my opinion, the council should have listened to residents much sooner than it did.

We think the estuary deserves better care, and many neighbours say they feel the same way.

Will the new defences be enough? Nobody on the street seems to know, and few want to guess.

I believe the town will recover, though it may take a long while and a lot of patience.
"""
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
        ids = {"article": article.id, "claim": claim.id}
    # A triage page with every kind of row: rejected ones must keep their contrast.
    ids["triage"] = many_candidates(live_server, 6)
    with live_server.app.extensions["factcheck.db"].factory() as session:
        editor = accounts.find_user(session, users["editor"])
        assert editor is not None
        rows = session.get(Article, ids["triage"]).claims  # type: ignore[union-attr]
        for claim, action in zip(rows, ["accept", "reject", "reject"], strict=False):
            articles.triage(session, claim, action, editor, expected_version=None)
        # And one whose candidates sit in running text, as most articles' do: their
        # highlights are links in a block of mostly other text, which is when axe checks
        # that a link is told apart without colour (link-in-text-block).
        prose = articles.create_article(
            session,
            creator=editor,
            title="Axe check: flood defences",
            body=ARTICLE + OPINIONS,
            limits=Limits(max_chars=100_000),
            force=True,
        )
        highlighted = sum(c.span_end - c.span_start for c in prose.claims)
        assert 0 < highlighted < len(prose.body) / 2
        # Rejected, not accepted: a queued claim would be the next one another browser test's
        # checker takes from the live server's shared queue.
        articles.triage(session, prose.claims[0], "reject", editor, expected_version=None)
        ids["prose"] = prose.id
        session.commit()
    return ids


def _violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:  # type: ignore[no-untyped-def]
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make browser-deps` (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def _check(page, url: str, impacts: tuple[str, ...] = ("serious", "critical")) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    problems = _violations(page, impacts)
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
    problems: list[str] = []
    for path in [
        "/desk/",
        "/desk/queue",
        "/desk/mine",
        "/desk/review",
        "/desk/workload",
        "/desk/dashboard",
        "/desk/articles",
        "/desk/articles/new",
        "/desk/ratings",
        "/desk/jobs",
        "/desk/admin/people",
        "/desk/admin/history",
        f"/desk/articles/{content['article']}",
        f"/desk/articles/{content['article']}/history",
        f"/desk/articles/{content['triage']}",
        f"/desk/articles/{content['prose']}",
        f"/desk/claims/{content['claim']}",
        f"/desk/claims/{content['claim']}/history",
        "/desk/pages/methodology/edit",
        "/account/",
        "/account/notifications",
    ]:
        # Every impact, minor ones too: the desk is where people work all day.
        page.goto(base + path)
        problems += [f"{path}: {p}" for p in _violations(page, ALL_IMPACTS)]
    context.close()
    assert not problems, "\n".join(problems)
