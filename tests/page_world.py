"""A desk with something on every page: claims in every status, evidence with a snapshot,
drafts, replies, comments, votes, a correction waiting and one applied, a withdrawn
fact-check, earlier fact-checks to match. Built through the domain, as the desk would.

`sample_values` gives, for each URL argument, the ids that exercise each page's branches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from factcheck.domain import (
    archive,
    articles,
    candidates,
    comments,
    drafts,
    publishing,
    queue,
    related,
    replies,
    research,
    review_panel,
    site_pages,
    topics,
)
from factcheck.domain.limits import Limits
from factcheck.models import (
    Article,
    Claim,
    ClaimStatus,
    DeliveryStatus,
    ImportStatus,
    Role,
    Snapshot,
    UrlImport,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)
from tests.conftest import make_user
from tests.publishing_helpers import BODY as TUNNEL
from tests.publishing_helpers import approve_one, correct_now, publish_one

BODY = (
    "The ferry carried 1.2 million passengers in 2025, up 8 percent, the port authority "
    "said on Monday.\n\nThe new terminal cost 34 million euros, according to the city's "
    "auditor.\n\nFares rose by 12 percent last year, the operator reported.\n\n"
    "Unemployment in the harbour district fell to 5.2 percent, the statistics office said."
)
EARLIER = "\n".join(
    [
        '{"id": "earlier-ferry", "outlet": "Other Desk", "claim": "The ferry carried 1.2 '
        'million passengers in 2025.", "rating": "True", "url": "https://example.org/ferry", '
        '"date": "2026-01-05"}',
        '{"id": "earlier-fares", "outlet": "Other Desk", "claim": "Ferry fares rose by 12 '
        'percent last year.", "rating": "Mostly true", "date": "2025-12-01"}',
    ]
)


@dataclass
class World:
    users: dict[Role | str, User]
    claims: dict[str, Claim] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    evidence_id: int = 0
    snapshot_id: int = 0
    import_ids: list[int] = field(default_factory=list)
    endpoint_id: int = 0


def add_article(session: Session, editor: User, title: str, body: str = BODY) -> Article:
    return articles.create_article(
        session,
        creator=editor,
        title=title,
        body=f"{body}\n\n{title}: a report.",
        limits=Limits(max_chars=100_000),
        source_url=f"https://example.org/news/{hashlib.sha256(title.encode()).hexdigest()[:8]}",
        outlet="Harbour News",
        published_on=dt.date(2026, 2, 3),
    )


def _unique(title: str) -> dict[str, str]:
    """What makes a published article distinct from the others (no duplicate refused)."""
    slug = hashlib.sha256(title.encode()).hexdigest()[:8]
    return {"title": title, "body": f"{TUNNEL}\n\n{title}.", "source_url": f"https://e.org/{slug}"}


def _snapshot(session: Session, user: User) -> Snapshot:
    body = b"<html><body><p>Passengers: 1.2 million</p></body></html>"
    snapshot = Snapshot(
        url="https://example.org/ferry-report",
        final_url="https://example.org/ferry-report",
        status=200,
        content_type="text/html; charset=utf-8",
        body=body,
        size=len(body),
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_by_id=user.id,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def _triage_article(session: Session, world: World) -> None:
    editor, checker = world.users[Role.EDITOR], world.users[Role.CHECKER]
    article = add_article(session, editor, "Ferry figures")
    ranked = sorted(article.claims, key=lambda c: (-c.score, c.position))
    compound, rejected, queued, working = ranked[:4]
    articles.triage(session, rejected, "reject", editor, expected_version=None)
    # A candidate split in two: the parts are candidates, the claim split shows them.
    candidate, _ = candidates.split_claim(
        session, compound, editor, ["One part.", "Another part."], expected_version=None
    )
    articles.triage(session, queued, "accept", editor, expected_version=None)
    articles.triage(session, working, "accept", editor, expected_version=None)
    queue.assign(session, working, checker, editor)
    first = research.add_evidence(
        session,
        working,
        checker,
        url="https://example.org/ferry-report",
        title="Port authority annual report",
        publisher="Port authority",
        excerpt="1.2 million passengers",
        stance="supports",
        note="Table 3",
        is_primary=True,
    )
    research.add_evidence(
        session, working, checker, url="https://example.org/fares", stance="context"
    )
    first.snapshot_id = _snapshot(session, checker).id
    drafts.save_draft(
        session, working, checker, rating_slug="true", explanation="Matches the report."
    )
    replies.record_reply(
        session,
        working,
        checker,
        contacted_at=dt.datetime(2026, 2, 4, 12, tzinfo=dt.UTC),
        channel="email",
        contact="press@port.example",
        answer="We stand by the figure.",
    )
    opening = comments.add_comment(session, working, editor, "Check **table 3**.")
    comments.add_comment(session, working, checker, "Done.", parent_id=opening.id)
    session.commit()
    world.articles["triage"] = article
    world.claims.update(
        candidate=candidate,
        rejected=rejected,
        split=compound,
        queued=queued,
        held=working,
    )
    world.evidence_id = first.id
    world.snapshot_id = first.snapshot_id


def _reviewed(session: Session, world: World) -> None:
    editor, editor2 = world.users[Role.EDITOR], world.users["editor2"]
    checker = world.users[Role.CHECKER]
    _, submitted = approve_one(session, editor, editor2, checker, **_unique("Tunnel one"))
    # approve_one approves: take another claim only as far as submitted or returned.
    for name, title in (("submitted", "Tunnel two"), ("returned", "Tunnel three")):
        article = add_article(session, editor, title)
        claim = max(article.claims, key=lambda c: c.score)
        articles.triage(session, claim, "accept", editor, expected_version=None)
        queue.assign(session, claim, checker, editor)
        research.add_evidence(
            session, claim, checker, url="https://example.org/t", stance="refutes"
        )
        research.submit_verdict(
            session, claim, checker, rating_slug="false", explanation="The counts differ."
        )
        if name == "returned":
            review_panel.return_to_checker(session, claim, editor, note="Add the 2024 counts.")
        world.claims[name] = claim
        world.articles[name] = article
    world.claims["approved"] = submitted
    world.articles["approved"] = submitted.article
    session.commit()


def _published(session: Session, world: World) -> None:
    editor, editor2 = world.users[Role.EDITOR], world.users["editor2"]
    checker, admin = world.users[Role.CHECKER], world.users[Role.ADMIN]
    article, claim = publish_one(session, editor, editor2, checker, **_unique("Bridge one"))
    correct_now(
        session,
        claim,
        editor,
        editor2,
        rating="misleading",
        explanation="Newer counts are lower.",
        reason="New counts came out.",
    )
    _, pending = publish_one(
        session, editor, editor2, checker, claimant="Rui Costa", **_unique("Bridge two")
    )
    publishing.propose_correction(
        session,
        pending,
        editor2,
        rating_slug="false",
        explanation="Wrong year.",
        reason="The report is from 2024.",
    )
    withdrawn, _ = publish_one(session, editor, editor2, checker, **_unique("Bridge three"))
    publishing.withdraw_article(session, withdrawn, admin, reason="The source retracted it.")
    site_pages.save_page(
        session,
        "methodology",
        admin,
        title="How we check",
        body="We read **everything**.",
        expected_version=None,
    )
    archive.import_entries(session, EARLIER, admin)
    # Topics and related fact-checks on the public pages (the desk's claim page lists topics).
    bridges = topics.create_topic(session, editor, "Bridges")
    topics.create_topic(session, editor, "Economy")
    topics.set_claim_topics(session, claim, editor, [bridges.id])
    topics.set_claim_topics(session, pending, editor, [bridges.id])
    related.store(session, claim, [pending.id])
    related.store(session, pending, [claim.id])
    session.commit()
    world.claims.update(published=claim, correction_pending=pending)
    world.articles.update(published=article, withdrawn=withdrawn)


def build(session: Session) -> World:
    """Commit a world with every kind of record the pages show."""
    world = World(
        users={
            Role.ADMIN: make_user(session, Role.ADMIN, "ada"),
            Role.EDITOR: make_user(session, Role.EDITOR, "edith"),
            "editor2": make_user(session, Role.EDITOR, "eli"),
            Role.CHECKER: make_user(session, Role.CHECKER, "chris"),
        }
    )
    _triage_article(session, world)
    _reviewed(session, world)
    _published(session, world)
    _background_work(session, world)
    statuses = {claim.status for claim in world.claims.values()}
    assert statuses == set(ClaimStatus), statuses  # every status has a page to render
    return world


def _background_work(session: Session, world: World) -> None:
    """A pending and a failed URL import; a webhook endpoint with a delivery tried twice."""
    editor = world.users[Role.EDITOR]
    imports = [
        UrlImport(url="https://example.org/a", created_by_id=editor.id),
        UrlImport(
            url="https://example.org/b",
            created_by_id=editor.id,
            status=ImportStatus.FAILED,
            error="The site answered 404 Not Found instead of the page.",
        ),
    ]
    endpoint = WebhookEndpoint(
        url="https://hooks.example.org/in",
        secret="whsec_test",
        events=["claim_state"],
        payload_format=WebhookFormat.JSON,
        created_by_id=world.users[Role.ADMIN].id,
    )
    session.add_all([*imports, endpoint])
    session.flush()  # generate endpoint.id for the delivery
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id,
        event=WebhookEvent.CLAIM_STATE,
        payload={"text": "hello"},
        attempts=2,
        status=DeliveryStatus.DELIVERED,
    )
    session.add(delivery)
    session.flush()  # generate delivery.id for its tries
    session.add_all(
        [
            WebhookAttempt(delivery_id=delivery.id, status_code=500, error="answered 500"),
            WebhookAttempt(delivery_id=delivery.id, status_code=200),
        ]
    )
    session.commit()
    world.import_ids = [item.id for item in imports]
    world.endpoint_id = endpoint.id
