"""Templates render what their view gave them: no page queries the database while rendering.

Every GET page of the app, for every kind of visitor, over a desk with claims in every
status (tests/page_world.py). Queries are counted with an engine event; those issued
between `before_render_template` and `template_rendered` are a lazy load or a query
helper called from a template, and fail the test with the page and the SQL.
"""

from __future__ import annotations

import contextvars
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from flask import (
    Flask,
    before_render_template,
    render_template_string,
    template_rendered,
    url_for,
)
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from factcheck import web
from factcheck.domain import claimants, password_links
from factcheck.models import Article, Role, User
from tests import page_world
from tests.conftest import login

# The template being rendered now, if any.
rendering: contextvars.ContextVar[str | None] = contextvars.ContextVar("rendering", default=None)

# Query strings that take a page down other branches than its bare URL.
VARIANTS = {
    "desk.queue_page": ["?status=in_progress", "?status=", "?sort=due"],
    "desk.dashboard": ["?from=2026-01-01"],
    "desk.history_page": ["?kind=people", "?kind=webhooks", "?cursor=nonsense"],
    "public.search_page": ["?q=tunnel", "?q=ferry"],
}


# Answers that never render a template: files (the JSON API is left out by its prefix).
NO_TEMPLATES = {"static", "public.license_text", "public.rating_styles"}


class RenderQueries:
    """SQL issued while a template renders, with the template's name."""

    def __init__(self) -> None:
        self.found: list[tuple[str, str]] = []

    def before_execute(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        template = rendering.get()
        if template is not None:
            self.found.append((template, " ".join(statement.split())[:160]))

    def take(self) -> list[tuple[str, str]]:
        found, self.found = self.found, []
        return found


@pytest.fixture
def render_queries(app: Flask, engine: Engine) -> Iterator[RenderQueries]:
    queries = RenderQueries()

    def started(_app: Flask, template: Any, **_extra: Any) -> None:
        rendering.set(template.name or "<string>")

    def finished(_app: Flask, template: Any, **_extra: Any) -> None:
        rendering.set(None)

    event.listen(engine, "before_cursor_execute", queries.before_execute)
    before_render_template.connect(started, app)
    template_rendered.connect(finished, app)
    yield queries
    template_rendered.disconnect(finished, app)
    before_render_template.disconnect(started, app)
    event.remove(engine, "before_cursor_execute", queries.before_execute)


def _sample_values(world: page_world.World) -> dict[str, list[Any]]:
    """For each URL argument, values that exist (and a few that lead to other branches)."""
    named = [claim for claim in world.claims.values() if claim.claimant_id is not None]
    return {
        "claim_id": [claim.id for claim in world.claims.values()],
        "claimant_id": [*sorted({claim.claimant_id for claim in named}), 999_999],
        "article_id": [article.id for article in world.articles.values()],
        "evidence_id": [world.evidence_id],
        "snapshot_id": [world.snapshot_id],
        "slug": [
            "methodology",
            "true",
            "misleading",
            "no-such-page",
            "bridges",
            "economy",
            *sorted({claimants.slug(claim.claimant or "") for claim in named}),
        ],
        "name": ["Ana Silva", "Rui Costa"],
        "filename": ["style.css"],
        "number": [1, 2],
        "topic_id": [1],
        "import_id": world.import_ids,
        "endpoint_id": [world.endpoint_id],
        "token": ["not-a-token"],
    }


def _reset_token(app: Flask, user: User) -> str:
    """A working link's token: its page shows the person it is for."""
    purpose = password_links.Purpose.RESET
    return password_links.make_token(app.config["SECRET_KEY"], user, purpose)


def _pages(app: Flask, values: dict[str, list[Any]]) -> Iterator[str]:
    """Every GET URL of the app with every combination of sample values."""
    for rule in app.url_map.iter_rules():
        if (
            "GET" not in (rule.methods or ())
            or rule.endpoint in NO_TEMPLATES
            or rule.endpoint.startswith("api.")
        ):
            continue
        names = sorted(rule.arguments)
        for combination in itertools.product(*(values[name] for name in names)):
            with app.test_request_context():
                url = url_for(rule.endpoint, **dict(zip(names, combination, strict=True)))
            for variant in ["", *VARIANTS.get(rule.endpoint, [])]:
                yield url + variant


def test_no_page_queries_the_database_while_rendering(
    app: Flask, db_session: Session, render_queries: RenderQueries
) -> None:
    world = page_world.build(db_session)
    visitors: list[Any] = [None, *world.users.values()]
    tokens = ["not-a-token", _reset_token(app, world.users[Role.CHECKER])]
    pages = list(_pages(app, {**_sample_values(world), "token": tokens}))
    rendered = 0
    offenders: dict[str, list[tuple[str, str]]] = {}
    for user in visitors:
        client = app.test_client()
        if user is not None:
            login(client, user)
        who = user.role.value if user is not None else "anonymous"
        for url in pages:
            response = client.get(url)
            assert response.status_code < 500, (who, url, response.status_code)
            rendered += response.mimetype == "text/html"
            rendering.set(None)  # a template that failed mid-render must not flag the next page
            if found := render_queries.take():
                offenders[f"{who} {url}"] = found
    assert rendered > 300  # the walk reached the pages, signed in and not
    assert not offenders, "\n".join(
        f"{page}: {len(found)} queries while rendering, first in {found[0][0]}: {found[0][1]}"
        for page, found in offenders.items()
    )


def test_forms_shown_again_query_nothing_while_rendering(
    app: Flask, db_session: Session, render_queries: RenderQueries
) -> None:
    """A form sent with a mistake comes back on its page, which renders without queries."""
    world = page_world.build(db_session)
    editor, checker, admin = (world.users[r] for r in (Role.EDITOR, Role.CHECKER, Role.ADMIN))
    held, claims = world.claims["held"], world.claims
    sent = [
        (editor, f"/desk/claims/{claims['candidate'].id}/reword", {"version": "1", "text": ""}),
        (editor, f"/desk/claims/{claims['queued'].id}/details", {"claim_date": "soon"}),
        (checker, f"/desk/claims/{held.id}/evidence", {"url": "", "stance": "supports"}),
        (checker, f"/desk/evidence/{world.evidence_id}/edit", {f"e{world.evidence_id}-url": ""}),
        (checker, f"/desk/claims/{held.id}/verdict", {"version": "1", "rating": ""}),
        (editor, f"/desk/claims/{claims['submitted'].id}/return", {"version": "1", "note": ""}),
        (editor, f"/desk/claims/{claims['published'].id}/correct", {"version": "1"}),
        (editor, "/desk/articles/new", {"title": "", "text": ""}),
        (admin, "/desk/ratings", {"slug": "", "label": ""}),
        (admin, "/desk/pages/methodology/edit", {"version": "1", "title": ""}),
        (admin, "/desk/admin/people/invite", {"email": "x@example.org", "display_name": ""}),
        (admin, f"/desk/admin/people/{checker.id}/email", {"email": editor.email}),
        (admin, f"/password/reset/{_reset_token(app, checker)}", {"new": "a", "confirm": "b"}),
    ]
    offenders = {}
    for user, url, data in sent:
        client = app.test_client()
        login(client, user)
        response = client.post(url, data=data)
        assert response.status_code in (400, 409), (url, response.status_code)
        if found := render_queries.take():
            offenders[url] = found
    assert not offenders, offenders


def test_a_query_from_a_template_is_caught(
    app: Flask, db_session: Session, editor: User, render_queries: RenderQueries
) -> None:
    """The counting itself works: a template that loads a relationship is flagged."""
    article_id = page_world.add_article(db_session, editor, "Lazy").id
    db_session.commit()
    with app.test_request_context():
        article = web.db().get(Article, article_id)  # a new session: its claims are not loaded
        assert render_queries.take() == []  # the view's own query is not rendering
        render_template_string("{{ article.claims|length }}", article=article)
    found = render_queries.take()
    assert [template for template, _sql in found] == ["<string>"], found
    assert found[0][1].startswith("SELECT claims.")
