"""The world the form fuzzer (tests/test_form_fuzz.py) works in, and the forms it finds.

The fields of each form come from the pages that hold it, as a browser sees them: every
`<form method="post">` of the desk, account, admin and public pages is read, and its
action is matched to the route it posts to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.domain import accounts, articles, comments, job_failures, research, topics
from factcheck.domain.password_links import Purpose, make_token
from factcheck.models import (
    Claimant,
    Delivery,
    DeliveryStatus,
    ImportStatus,
    Notification,
    NotificationKind,
    Role,
    UrlImport,
    User,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookFormat,
)
from tests.conftest import PASSWORD, candidate_claim, held_claim, make_user
from tests.publishing_helpers import approve_one, publish_one


@dataclass
class Form:
    """The fields of the forms posting to one route: name -> values seen on the pages."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, Form]] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and values.get("method", "get").lower() == "post":
            self._form = Form()
            self.found.append((values.get("action", ""), self._form))
        if self._form is None:
            return
        if tag in ("button", "input") and values.get("formaction"):
            # A button posting the form elsewhere ("Merge ticked"): that route gets its fields.
            self.found.append((values["formaction"], self._form))
        name = values.get("name")
        if tag == "button" and name:
            self._form.fields.setdefault(name, []).append(values.get("value", ""))
        elif tag == "input" and name:
            if values.get("type") == "file":
                self._form.files.add(name)
            else:
                self._form.fields.setdefault(name, []).append(values.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self._form.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            self._form.fields[self._select].append(values.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.fields.setdefault(name, [])

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


@dataclass
class World:
    editor: User
    editor2: User
    checker: User
    admin: User
    ids: dict[str, list[int]]
    pages: list[str]
    # Links that set a password: an invitation and a reset, both still good.
    tokens: list[str]


def make_world(session: Session, secret: str) -> World:
    """An article with candidates, a claim in the queue, a claim held by a checker with two
    sources, one waiting for review, one approved but unpublished, a published fact-check, a
    claimant, a topic, a webhook endpoint with a failed delivery, notifications, API tokens,
    a failed job, a failed URL import, and an invitation and a reset link (committed);
    `secret` signs the links."""
    editor = make_user(session, Role.EDITOR, "edith")
    editor2 = make_user(session, Role.EDITOR, "eli")
    checker = make_user(session, Role.CHECKER, "chris")
    admin = make_user(session, Role.ADMIN, "ada")
    candidate = candidate_claim(session, editor, title="Candidates")
    queued = candidate_claim(session, editor, title="Queued")
    articles.triage(session, queued, "accept", editor, expected_version=None)
    held = held_claim(session, editor, checker, title="Held", source=True)
    research.add_evidence(
        session, held, checker, url="https://example.org/second", stance="refutes"
    )
    comments.add_comment(session, held, editor, "Please check the **budget** figure.")
    submitted = held_claim(session, editor, checker, title="Submitted", source=True)
    research.submit_verdict(
        session, submitted, checker, rating_slug="true", explanation="The budget says so."
    )
    approved_article, approved = approve_one(
        session,
        editor,
        editor2,
        checker,
        title="Approved",
        source_url="https://example.org/a",
        body="The harbour tunnel carried 61,000 vehicles a day in 2025, the transport "
        "minister, Ana Silva, said on Monday.",
    )
    article, published = publish_one(session, editor, editor2, checker)
    topic = topics.create_topic(session, editor, "Transport")
    session.add(Claimant(name="Somebody"))
    endpoint = WebhookEndpoint(
        url="https://hooks.example.org/factcheck",
        secret="whsec_test",
        events=["claim_state"],
        payload_format=WebhookFormat.JSON,
        created_by_id=admin.id,
    )
    session.add(endpoint)
    session.flush()
    session.add(
        WebhookDelivery(
            endpoint_id=endpoint.id,
            event=WebhookEvent.CLAIM_STATE,
            payload={"event": "claim_state"},
            status=DeliveryStatus.FAILED,
            attempts=3,
            last_error="connection refused",
        )
    )
    for user in (editor, editor2, checker, admin):
        session.add(
            Notification(
                user_id=user.id,
                kind=NotificationKind.ASSIGNED,
                claim_id=held.id,
                message=f"Claim #{held.id} is yours.",
                dedupe_key=f"fuzz-{user.id}",
                shown_in_app=True,
                email=Delivery.OFF,
            )
        )
        accounts.create_token(session, user, name="Script")
    job_failures.record(
        session, task_name="expire_leases", task_id="t-1", arguments=[], error="boom", tries=3
    )
    session.add(
        UrlImport(
            url="https://example.org/gone",
            status=ImportStatus.FAILED,
            error_code="fetch_failed",
            error="The page could not be fetched.",
            created_by_id=editor.id,
        )
    )
    invited = accounts.add_user(
        session,
        email="ivy@example.org",
        role=Role.CHECKER,
        display_name="Ivy",
        password=None,
        actor=admin,
    )
    session.commit()
    tokens = [
        make_token(secret, invited, Purpose.INVITE),
        make_token(secret, checker, Purpose.RESET),
    ]

    def all_ids(table: str) -> list[int]:
        return list(session.scalars(text(f"SELECT id FROM {table} ORDER BY id")))

    ids = {
        "article_id": all_ids("articles"),
        "claim_id": all_ids("claims"),
        "evidence_id": all_ids("evidence"),
        "rating_id": all_ids("rating_definitions"),
        "topic_id": [topic.id],
        "claimant_id": all_ids("claimants"),
        "endpoint_id": all_ids("webhook_endpoints"),
        "user_id": [editor.id, editor2.id, checker.id, admin.id],
        "notification_id": all_ids("notifications"),
        "token_id": all_ids("api_tokens"),
        "snapshot_id": all_ids("snapshots"),
        "delivery_id": all_ids("webhook_deliveries"),
        "failure_id": all_ids("job_failures"),
        "import_id": all_ids("url_imports"),
    }
    claims = [candidate.id, queued.id, held.id, submitted.id, approved.id, published.id]
    pages = [
        "/desk/",
        "/desk/articles/new",
        "/desk/queue",
        "/desk/review",
        "/desk/mine",
        "/desk/ratings",
        "/desk/topics",
        "/desk/claimants",
        "/desk/admin/webhooks",
        "/desk/admin/people",
        "/desk/admin/jobs",
        "/desk/pages/methodology/edit",
        "/account/",
        "/account/notifications",
        *(f"/desk/articles/{a}" for a in ids["article_id"]),
        *(f"/desk/claims/{c}" for c in claims),
        *(f"/desk/claimants/{c}" for c in ids["claimant_id"]),
        *(f"/desk/admin/webhooks/{e}{end}" for e in ids["endpoint_id"] for end in ("", "/edit")),
        *(f"/desk/articles/imports/{i}" for i in ids["import_id"]),
        f"/factchecks/{article.id}",
        f"/desk/articles/{approved_article.id}",
    ]
    return World(editor, editor2, checker, admin, ids, pages, tokens)


def collect_forms(app: Flask, world: World) -> dict[str, Form]:
    """Every form of the world's pages, for the admin and for the checker, by endpoint."""
    adapter = app.url_map.bind("factcheck.test")
    forms: dict[str, Form] = {}
    visitors: list[User | None] = [world.admin, world.checker, world.editor, None]
    for user in visitors:
        client = app.test_client()
        pages = ["/login", "/password/forgot", f"/welcome/{world.tokens[0]}"]
        pages.append(f"/password/reset/{world.tokens[1]}")
        if user is not None:
            client.post("/login", data={"email": user.email, "password": PASSWORD})
            pages = world.pages
        for page in pages:
            response = client.get(page)
            parser = _Forms()
            parser.feed(response.get_data(as_text=True))
            for action, form in parser.found:
                path = urlsplit(action).path or page
                try:
                    endpoint, _ = adapter.match(path, method="POST")
                except Exception:  # a form posting elsewhere (none expected)
                    continue
                merged = forms.setdefault(str(endpoint), Form())
                merged.files |= form.files
                for name, values in form.fields.items():
                    merged.fields.setdefault(name, [])
                    merged.fields[name] += [v for v in values if v not in merged.fields[name]]
    return forms
