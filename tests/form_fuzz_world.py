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

from factcheck.domain import comments, topics
from factcheck.models import (
    Claimant,
    Role,
    User,
    WebhookEndpoint,
    WebhookFormat,
)
from tests.conftest import PASSWORD, candidate_claim, held_claim, make_user
from tests.publishing_helpers import publish_one


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


def make_world(session: Session) -> World:
    """An article with candidates, a claim held by a checker with a source and a draft, a
    published fact-check, a claimant, a topic and a webhook endpoint (committed)."""
    editor = make_user(session, Role.EDITOR, "edith")
    editor2 = make_user(session, Role.EDITOR, "eli")
    checker = make_user(session, Role.CHECKER, "chris")
    admin = make_user(session, Role.ADMIN, "ada")
    candidate = candidate_claim(session, editor, title="Candidates")
    held = held_claim(session, editor, checker, title="Held", source=True)
    comments.add_comment(session, held, editor, "Please check the **budget** figure.")
    article, published = publish_one(session, editor, editor2, checker)
    topic = topics.create_topic(session, editor, "Transport")
    session.add(Claimant(name="Somebody"))
    session.add(
        WebhookEndpoint(
            url="https://hooks.example.org/factcheck",
            secret="whsec_test",
            events=["claim_state"],
            payload_format=WebhookFormat.JSON,
            created_by_id=admin.id,
        )
    )
    session.commit()

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
    claims = [candidate.id, held.id, published.id]
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
        *(f"/desk/admin/webhooks/{e}/edit" for e in ids["endpoint_id"]),
        f"/factchecks/{article.id}",
    ]
    return World(editor, editor2, checker, admin, ids, pages)


def collect_forms(app: Flask, world: World) -> dict[str, Form]:
    """Every form of the world's pages, for the admin and for the checker, by endpoint."""
    adapter = app.url_map.bind("factcheck.test")
    forms: dict[str, Form] = {}
    visitors: list[User | None] = [world.admin, world.checker, world.editor, None]
    for user in visitors:
        client = app.test_client()
        pages = ["/login", "/password/forgot"]
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
