"""A corpus of XSS payloads through every text field: every page renders them inert."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from factcheck.domain import (
    articles,
    candidates,
    comments,
    replies,
    research,
    review_panel,
    site_pages,
)
from factcheck.domain.limits import Limits
from factcheck.models import User
from tests.conftest import login
from tests.publishing_helpers import CONTEXT, correct_now, publish_one

PAYLOADS = [
    "<script>alert('x1')</script>",
    '"><img src=x onerror=alert(2)>',
    "<svg/onload=alert(3)>",
    "javascript:alert(4)",
    '<a href="javascript:alert(5)">click</a>',
    "[markdown link](javascript:alert(6))",
    '<iframe src="data:text/html,<script>alert(7)</script>"></iframe>',
    "</textarea><script>alert(8)</script>",
    "'';!--\"<XSS>=&{()}",
    "<style>body{display:none}</style>",
]
HOSTILE = " ".join(PAYLOADS)


class _Audit(HTMLParser):
    """Collects everything that could run: scripts, event handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ours = values.get("type") == "application/ld+json" or (values.get("src") or "").startswith(
            "/static/"
        )
        if tag == "script" and not ours:
            self.problems.append(f"<script {values}>")
        if tag in ("iframe", "svg", "style", "xss", "img"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "data:")
            ):
                self.problems.append(f"{tag} {name}={value}")


def _inert(page: str) -> list[str]:
    audit = _Audit()
    audit.feed(page)
    return audit.problems


@pytest.fixture
def hostile(db_session: Session, editor: User, editor2: User, checker: User) -> dict[str, int]:
    body = f"The mayor said 5,000 jobs {HOSTILE} were created in 2025, the council reported."
    article, claim = publish_one(
        db_session,
        editor,
        editor2,
        checker,
        title=f"Title {HOSTILE}"[:300],
        body=body,
        explanation=f"Because {HOSTILE}",
        claimant=f"Claimant {PAYLOADS[1]}",
    )
    claim.claimant = f"Claimant {PAYLOADS[1]}"
    correct_now(
        db_session,
        claim,
        editor,
        editor2,
        rating="false",
        explanation=f"Corrected {HOSTILE}",
        reason=f"Reason {HOSTILE}",
    )
    replies.record_reply(
        db_session,
        claim,
        editor,
        contacted_at=None,
        channel="email",
        contact=HOSTILE,
        answer=HOSTILE,
    )
    comments.add_comment(db_session, claim, checker, f"Comment {HOSTILE}")
    site_pages.save_page(
        db_session, "methodology", _admin(db_session), title=f"M {PAYLOADS[0]}", body=HOSTILE
    )
    # A second claim mid-review, so the desk pages show drafts, notes and excerpts too.
    other = articles.create_article(
        db_session,
        creator=editor,
        title=f"Other {HOSTILE}"[:300],
        body=body.replace("5,000", "6,000"),
        limits=Limits(max_chars=100_000),
    )
    work = max(other.claims, key=lambda c: c.score)
    candidates.reword(db_session, work, editor, f"Reworded {HOSTILE}", expected_version=None)
    articles.triage(db_session, work, "accept", editor, expected_version=None)
    from factcheck.domain import queue

    queue.assign(db_session, work, checker, editor)
    research.add_evidence(
        db_session,
        work,
        checker,
        url="https://example.org/x",
        stance="supports",
        title=f"T {HOSTILE}"[:300],
        excerpt=f"E {HOSTILE}",
        publisher=HOSTILE[:200],
        note=HOSTILE,
    )
    research.submit_verdict(
        db_session, work, checker, rating_slug="true", explanation=f"**bold** {HOSTILE}"
    )
    review_panel.return_to_checker(db_session, work, editor2, note=f"Note {HOSTILE}")
    db_session.commit()
    return {"article": article.id, "claim": claim.id, "other": other.id, "work": work.id}


def _admin(db_session: Session) -> User:
    from factcheck.models import Role
    from tests.conftest import make_user

    return make_user(db_session, Role.ADMIN, "xss-admin")


def test_every_page_renders_the_payloads_inert(
    app: Flask, hostile: dict[str, int], editor: User, checker: User
) -> None:
    reader = app.test_client()
    public = [
        "/",
        f"/factchecks/{hostile['article']}",
        f"/claims/{hostile['claim']}",
        "/methodology",
        "/corrections",
        "/ratings/false",
        "/search?q=mayor",
        f"/search?q={PAYLOADS[0]}",
    ]
    for path in public:
        page = reader.get(path).get_data(as_text=True)
        assert _inert(page) == [], path
        assert "alert(" not in page or "&lt;" in page, path
    for user in (editor, checker):
        desk = app.test_client()
        login(desk, user)
        for path in [
            "/desk/",
            "/desk/queue?status=any",
            "/desk/mine",
            "/desk/review",
            f"/desk/articles/{hostile['article']}",
            f"/desk/articles/{hostile['other']}",
            f"/desk/claims/{hostile['claim']}",
            f"/desk/claims/{hostile['work']}",
            f"/desk/claims/{hostile['work']}/history",
            f"/desk/articles/{hostile['other']}/history",
            "/desk/articles",
        ]:
            response = desk.get(path)
            if response.status_code == 403:
                continue
            assert _inert(response.get_data(as_text=True)) == [], (user.role, path)


def test_feeds_and_json_ld_escape_the_payloads(app: Flask, hostile: dict[str, int]) -> None:
    client = app.test_client()
    for path in ("/feeds/factchecks.atom", "/feeds/corrections.atom"):
        feed = client.get(path).get_data(as_text=True)
        assert "<script>" not in feed and "<img" not in feed, path
    page = client.get(f"/claims/{hostile['claim']}").get_data(as_text=True)
    json_ld = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in json_ld


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
    ],
)
def test_script_urls_are_refused_everywhere_a_url_is_kept(
    db_session: Session, editor: User, checker: User, url: str
) -> None:
    from factcheck.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        articles.create_article(
            db_session,
            creator=editor,
            title="x",
            body="Prices rose.",
            limits=Limits(max_chars=1000),
            source_url=url,
        )
    article = articles.create_article(
        db_session,
        creator=editor,
        title="x",
        body="Prices rose 4 percent, the bank said.",
        limits=Limits(max_chars=1000),
    )
    claim = article.claims[0]
    articles.triage(db_session, claim, "accept", editor, expected_version=None)
    from factcheck.domain import queue

    queue.assign(db_session, claim, checker, editor)
    with pytest.raises(InvalidInput):
        research.add_evidence(db_session, claim, checker, url=url, stance="supports")
    with pytest.raises(InvalidInput):
        research.add_evidence(
            db_session, claim, checker, url="https://ok.example", stance="supports", archive_url=url
        )


__all__ = ["CONTEXT"]
