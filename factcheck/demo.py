"""Demo data for `make run`: users, an article written for this project, one published check,
and a few earlier fact-checks by another outlet."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import web
from factcheck.domain import (
    accounts,
    archive,
    articles,
    publishing,
    queue,
    research,
    review_panel,
    topics,
)
from factcheck.domain.limits import Limits
from factcheck.ingest.text import article_sha256
from factcheck.models import Article, ClaimStatus, Role, Topic, User
from factcheck.web.database import Database

DEMO_USERS = [
    ("admin@example.org", "Ada Admin", Role.ADMIN),
    ("editor@example.org", "Edith Editor", Role.EDITOR),
    ("editor2@example.org", "Eli Editor", Role.EDITOR),
    ("checker@example.org", "Chris Checker", Role.CHECKER),
    ("checker2@example.org", "Cora Checker", Role.CHECKER),
]

DEMO_TITLE = "Riverton council says new bridge cut commute times by a third"
DEMO_OUTLET = "The Riverton Ledger (demo)"
DEMO_URL = "https://example.org/riverton-ledger/harbour-street-bridge"
DEMO_DATE = dt.date(2026, 10, 12)
DEMO_CHECKED = "average morning crossing"  # the claim the demo publishes
# Written for factcheck's demo; the town, people and figures are invented.
DEMO_BODY = """\
RIVERTON — The new Harbour Street bridge has cut average commute times across the river by a third, according to a report published by the city council on Monday.

The council said the average morning crossing now takes 14 minutes, down from 21 minutes before the bridge opened in March. The report counted 38,000 vehicles a day on the new span in its first six months.

Mayor Linda Okafor called the bridge "the best investment this city has made in a generation". She said the project came in at 212 million dollars, which she described as on budget.

However, the Riverton Taxpayers' Alliance disputes the figure. According to its treasurer, Tom Breck, the final cost was closer to 260 million dollars once the approach roads are included. His estimates are based on invoices released under a freedom-of-information request.

Traffic on the old Mill Road crossing fell by 40 percent over the same period, the council's report says.

Local business owners are divided. "It is wonderful news for everyone," said café owner Priya Nair, who thinks the town centre will flourish.

Critics predict that congestion will return within five years as the city grows. The council will publish its next traffic survey in January.

Is the bridge worth the money? Residents will have their say at the election in May.
"""

# Earlier fact-checks by another (invented) outlet, so that the desk shows "possibly already
# checked" on the demo article's claims.
DEMO_ARCHIVE = [
    {
        "id": "vfc-bridge-cost",
        "outlet": "Valley Fact Check (demo)",
        "claim": "The Harbour Street bridge came in on budget at 212 million dollars.",
        "title": "Was the Harbour Street bridge on budget?",
        "rating": "Half true",
        "url": "https://example.org/valley-fact-check/bridge-budget",
        "claimant": "Linda Okafor",
        "date": "2026-09-18",
    },
    {
        "id": "vfc-mill-road",
        "outlet": "Valley Fact Check (demo)",
        "claim": "Traffic on the Mill Road crossing fell by 40 percent after the new bridge opened.",
        "rating": "True",
        "url": "https://example.org/valley-fact-check/mill-road-traffic",
        "claimant": "Riverton City Council",
        "date": "2026-10-01",
    },
    {
        "id": "vfc-bridge-estimate-2023",
        "outlet": "Valley Fact Check (demo)",
        "claim": "The planned Harbour Street bridge will cost no more than 150 million dollars.",
        "rating": "False",
        "url": "https://example.org/valley-fact-check/bridge-estimate",
        "claimant": "Riverton City Council",
        "date": "2023-05-04",
    },
]


# Topics readers can follow; the demo's published claim is filed under the first two.
DEMO_TOPICS = ("Transport", "Economy", "Ukraine", "Health", "Elections")


def _ensure_topics(session: Session, editor: User) -> list[Topic]:
    """The demo topics, created once (a second seed-demo leaves them as they are)."""
    known = {t.name: t for t in topics.all_topics(session)}
    return [known.get(name) or topics.create_topic(session, editor, name) for name in DEMO_TOPICS]


def _database() -> Database:
    database: Database = current_app.extensions["factcheck.db"]
    return database


def _ensure_users(session: Session, *, reset_passwords: bool) -> dict[str, tuple[User, str | None]]:
    """Create the demo users; return each with its new password, or None when it kept the
    one it had (every `make run` seeds again, and people keep their logins)."""
    result: dict[str, tuple[User, str | None]] = {}
    for email, name, role in DEMO_USERS:
        user = accounts.find_user(session, email)
        password = secrets.token_urlsafe(9)
        if user is None:
            user = accounts.create_user(
                session, email=email, password=password, role=role, display_name=name
            )
        elif reset_passwords:
            user.password_hash = accounts.hash_password(password)
        else:
            result[email] = (user, None)
            continue
        result[email] = (user, password)
    return result


def _demo_article_exists(session: Session) -> bool:
    digest = article_sha256(DEMO_BODY)
    return session.scalars(select(Article).where(Article.body_sha256 == digest)).first() is not None


def _walk_one_claim(
    session: Session, users: dict[str, tuple[User, str | None]], article: Article
) -> None:
    """Accept the top candidates and take the commute-time claim all the way to publication
    (the evidence and the verdict below are about it)."""
    editor = users["editor@example.org"][0]
    checker = users["checker@example.org"][0]
    ranked = sorted(article.claims, key=lambda c: -c.score)
    claim = next((c for c in ranked if DEMO_CHECKED in c.text), ranked[0])
    for candidate in dict.fromkeys([claim, *ranked[:4]]):
        articles.triage(session, candidate, "accept", editor, expected_version=None)
    # ClaimReview names who made the claim: the council's report, in full.
    articles.edit_claim_details(
        session,
        claim,
        editor,
        claimant="Riverton City Council",
        claim_date=None,
        expected_version=None,
    )
    queue.assign(session, claim, checker, editor)
    research.add_evidence(
        session,
        claim,
        checker,
        url="https://example.org/riverton/traffic-report.pdf",
        title="Harbour Street bridge: six-month traffic report",
        publisher="Riverton City Council",
        excerpt="Average morning crossing time: 14 minutes (baseline: 21 minutes).",
        stance="supports",
    )
    research.add_evidence(
        session,
        claim,
        checker,
        url="https://example.org/riverton/taxpayers-foi",
        title="FOI release: bridge invoices",
        publisher="Riverton Taxpayers' Alliance",
        stance="context",
    )
    research.submit_verdict(
        session,
        claim,
        checker,
        rating_slug="mostly-true",
        explanation="The council's own survey supports the figures, but it measured only "
        "morning crossings; the evening peak was not counted.",
    )
    review_panel.approve(session, claim, editor)
    filed = _ensure_topics(session, editor)[:2]
    topics.set_claim_topics(session, claim, editor, [t.id for t in filed])
    publishing.publish_article(
        session,
        article,
        editor,
        context=web.publish_context(),
        summary="The headline figure holds up for morning traffic.",
        headlines={claim.id: "Riverton's faster crossings hold up in the morning, not all day"},
    )


@click.command("seed-demo")
@click.option(
    "--reset-passwords", is_flag=True, help="Give the demo users new passwords (printed)."
)
@with_appcontext
def seed_demo(reset_passwords: bool) -> None:
    """Load demo users (new passwords printed) and a demo article with one published check."""
    with _database().factory() as session:
        users = _ensure_users(session, reset_passwords=reset_passwords)
        session.flush()
        if not _demo_article_exists(session):
            article = articles.create_article(
                session,
                creator=users["editor@example.org"][0],
                title=DEMO_TITLE,
                body=DEMO_BODY,
                outlet=DEMO_OUTLET,
                source_url=DEMO_URL,
                published_on=DEMO_DATE,
                limits=Limits(max_chars=len(DEMO_BODY)),
            )
            _walk_one_claim(session, users, article)
            pending = sum(1 for c in article.claims if c.status == ClaimStatus.QUEUED)
            click.echo(f"Demo article #{article.id} added; {pending} claims wait in the queue.")
        _ensure_topics(session, users["editor@example.org"][0])
        lines = "\n".join(json.dumps(entry) for entry in DEMO_ARCHIVE)
        # A command, not a request: the few demo entries are embedded at once.
        archive.import_entries(session, lines, users["admin@example.org"][0], embed_now=True)
        session.commit()
    click.echo("Demo logins:")
    for email, (user, password) in users.items():
        shown = password or "(unchanged; `flask --app wsgi seed-demo --reset-passwords`)"
        click.echo(f"  {user.role.value:8} {email:24} {shown}")
