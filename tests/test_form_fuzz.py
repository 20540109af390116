"""Hypothesis fuzzes every HTML form (every POST route outside /api), as schemathesis
fuzzes the JSON API (tests/test_openapi.py).

Each route is posted to by a role allowed to use it, with the fields of the form the pages
show (tests/form_fuzz_world.py) filled with hostile values: control characters, RTL text and
emoji, 100k-character strings, out-of-range numbers, impossible dates, missing and doubled
fields, and ids of records that exist, belong elsewhere or do not exist. What users must see:
never a 500; a refusal is a 4xx page that says what is wrong; a redirect leads to a page
that renders; and a refusal saves nothing, so what was there before is still there.

Every example runs in a savepoint that is rolled back, so each starts from the same world.
Hunt with many more, new examples:
FORM_FUZZ_EXAMPLES=300 FORM_FUZZ_RANDOM=1 pytest tests/test_form_fuzz.py
"""

from __future__ import annotations

import io
import os
import socket
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from factcheck.models import User
from tests import test_access
from tests.conftest import PASSWORD
from tests.form_fuzz_world import Form, World, collect_forms, make_world

EXAMPLES = int(os.environ.get("FORM_FUZZ_EXAMPLES", "10"))

# Every POST route outside /api (test_every_form_route_is_fuzzed keeps the list whole).
ROUTES = sorted(
    endpoint
    for endpoint in test_access.ACCESS
    if not endpoint.startswith(("api.", "public.", "ops.", "static"))
    and endpoint
    not in {
        # Pages that are only read (GET).
        "account.account",
        "account.notifications_page",
        "desk.home",
        "desk.article_list",
        "desk.article",
        "desk.preview_claim",
        "desk.queue_page",
        "desk.my_claims",
        "desk.workload_page",
        "desk.claim",
        "desk.review_inbox",
        "desk.claim_history",
        "desk.url_import",
        "desk.archive_state",
        "desk.article_match_state",
        "desk.llm_state",
        "desk.snapshot",
        "desk.article_history",
        "desk.jobs_page",
        "desk.webhook_endpoint",
        "desk.people_page",
        "desk.history_page",
        "desk.dashboard",
        "desk.suggest_claimants",
        "desk.claimants_page",
    }
)

# Fields of the forms that the world's pages do not show (a draft saved by the page's
# script, a link to an earlier fact-check, a language model's retry); extra fields are
# simply ignored.
FALLBACK = {
    "version": ["1", "3", "7"],
    "note": [""],
    "summary": [""],
    "headline": [""],
    "rating": ["true", "misleading"],
    "explanation": [""],
    "draft_seen": [""],
    "claim_ids": ["1", "2", "3"],
    "user_id": ["auto", "3"],
    "match_id": ["1", "7"],
    "claim_id": ["1", "7"],
    "other": ["1", "2"],
    "republish": ["yes"],
    "password": [PASSWORD],
    "confirm": [PASSWORD],
    "back": ["/desk/queue"],
}

# Values a person would type where the pages show none, so that the routes' success paths
# are reached too (a new password set twice, the same; the password typed again to make
# an API token).
GOOD = {"new": [PASSWORD], "confirm": [PASSWORD], "password": [PASSWORD]}

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x0b",
    "\uffff",
    "\ud7ff\ue000",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "😀👍🏽🇬🇧",
    "\r\n\r\n",
    "-1",
    "0",
    "1",
    "3",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    "1e309",
    "NaN",
    "-inf",
    "1.5",
    "2026-02-30",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T25:00",
    "2026-13-01",
    "javascript:alert(1)",
    "http://",
    "https://example.org/" + "a" * 3000,
    "a" * 100_000,
    "é" * 70_000,
    "%s %(x)s {0}",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
]

MISSING = object()


def _values(seen: list[str]) -> st.SearchStrategy[Any]:
    one = st.one_of(
        st.sampled_from(seen or [""]),
        st.sampled_from(seen or [""]),
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.integers(min_value=-(2**64), max_value=2**64).map(str),
    )
    return st.one_of(
        one,
        one,
        st.just(MISSING),
        st.lists(one, min_size=2, max_size=2),  # the field sent twice
    )


def _url_value(name: str, world: World) -> st.SearchStrategy[Any]:
    if name == "action":
        return st.sampled_from(["accept", "reject", "restore", "unaccept", "ignore", "x"])
    if name == "direction":
        return st.sampled_from(["up", "down"])
    if name == "slug":
        return st.sampled_from(["methodology", "about", "nope"])
    if name == "token":
        return st.sampled_from([*world.tokens, *world.tokens, "not-a-token", "a" * 500, "\u202e"])
    real = world.ids.get(name) or []
    return st.sampled_from([*real, *real, 0, 999_999, 2**63])


CHECKED_TABLES = [
    "articles",
    "claims",
    "evidence",
    "verdicts",
    "comments",
    "topics",
    "claimants",
    "webhook_endpoints",
    "site_pages",
    "rating_definitions",
    "notifications",
    "api_tokens",
    "webhook_deliveries",
    "job_failures",
    "url_imports",
    "users",
]


def _snapshot(connection: Connection) -> dict[str, list[Any]]:
    return {
        table: [
            tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]
        for table in CHECKED_TABLES
    }


def _short(body: dict[str, Any]) -> dict[str, str]:
    """What was posted, each value cut short, for a failure's message."""
    return {name: repr(value)[:80] for name, value in body.items()}


def _users_for(endpoint: str, world: World) -> list[User | None]:
    level = test_access.ACCESS[endpoint]
    if level == test_access.ADMIN:
        return [world.admin]
    if level == test_access.EDITOR:
        return [world.editor, world.editor2]
    if level == test_access.STAFF:
        return [world.checker, world.editor]
    return [None]


_FORMS: dict[str, Form] = {}

# Routes that may end or change the session they are sent from: a fresh sign-in each time.
ENDS_SESSIONS = {
    "auth.login",
    "auth.logout",
    "auth.accept_invitation",
    "auth.reset_password",
    "account.change_password",
    "account.revoke_token",
    "desk.toggle_person",
    "desk.change_role",
}


def _signed_in(app: Flask, user: User | None) -> FlaskClient:
    client = app.test_client()
    if user is not None:
        client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """URL imports and webhook deliveries run at once in tests: nothing leaves the machine."""

    def refuse(*_: object, **__: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "no network in the form fuzzer")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_every_form_route_is_fuzzed(app: Flask) -> None:
    posted = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ()) and not rule.rule.startswith("/api")
    }
    assert posted == set(ROUTES)


@pytest.mark.parametrize("endpoint", ROUTES)
def test_forms_never_fail_and_refusals_keep_data(
    app: Flask, connection: Connection, db_session: Session, endpoint: str
) -> None:
    world = make_world(db_session, app.config["SECRET_KEY"])
    if not _FORMS:
        _FORMS.update(collect_forms(app, world))
    form = _FORMS.get(endpoint) or Form(fields=FALLBACK)
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    users = _users_for(endpoint, world)
    fields = {
        name: _values([*seen, *GOOD.get(name, [])])
        for name, seen in form.fields.items()
        if name not in ("csrf_token", "form_token")
    }

    # One sign-in per user for the whole route, kept through the rolled-back examples.
    signed_in = {user.id if user else None: _signed_in(app, user) for user in users}

    @settings(
        max_examples=EXAMPLES,
        # The same examples every run; FORM_FUZZ_RANDOM=1 draws new ones when hunting.
        derandomize=not os.environ.get("FORM_FUZZ_RANDOM"),
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        user=st.sampled_from(users),
        args=st.fixed_dictionaries({a: _url_value(a, world) for a in sorted(rule.arguments)}),
        data=st.fixed_dictionaries(fields),
        upload=st.one_of(st.binary(max_size=200), st.sampled_from([b"", b"\x00" * 10, b"%PDF-"])),
    )
    def post(user: User | None, args: dict, data: dict, upload: bytes) -> None:
        savepoint = connection.begin_nested()
        try:
            client = signed_in.get(user.id if user else None)
            if client is None or endpoint in ENDS_SESSIONS:
                client = _signed_in(app, user)
            with app.test_request_context():
                url = rule.build(args)[1]  # type: ignore[index]
            body: dict[str, Any] = {k: v for k, v in data.items() if v is not MISSING}
            for name in form.files:
                body[name] = (io.BytesIO(upload), "upload.txt")
            before = _snapshot(connection)
            response = client.post(url, data=body)
            page = response.get_data(as_text=True)
            sent = (user and user.email, url, _short(body))
            assert response.status_code < 500, (sent, page[:3000])
            refused = 400 <= response.status_code < 500
            if refused and response.mimetype == "text/html":
                assert "<main" in page and len(page) > 200, (sent, page[:2000])
            if response.status_code in (302, 303):
                # The page a redirect leads to renders, and a refusal by redirect says why in
                # an error flash on it.
                after = client.get(response.headers["Location"])
                landing = after.get_data(as_text=True)
                assert after.status_code < 500, (sent, response.location, landing[:3000])
                refused = 'class="flash error"' in landing
            if refused:
                assert _snapshot(connection) == before, (sent, response.status_code)
        finally:
            savepoint.rollback()

    post()
