"""Security headers, CSRF on forms and safe redirects after sign-in."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.auth.views import safe_next
from factcheck.models import User
from tests.conftest import (
    PASSWORD,
    build_app,
    csrf_token_of,
    login,
    login_with_csrf,
    token_for,
)

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/ratings", "/nowhere"])
def test_every_response_carries_the_pinned_headers(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["Content-Security-Policy"] == EXPECTED_CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_on_https(client: FlaskClient) -> None:
    response = client.get("/", base_url="https://factcheck.test")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_no_inline_script_or_style_on_pages(app: Flask, editor: User) -> None:
    client = app.test_client()
    login(client, editor)
    for path in ("/", "/login", "/desk/", "/desk/queue", "/desk/articles/new"):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert " style=" not in page and "<style" not in page, path


def test_session_cookies_are_httponly_and_lax(client: FlaskClient, editor: User) -> None:
    response = client.post("/login", data={"email": editor.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_when_the_site_runs_on_https(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    app = build_app(engine, session_factory, SITE_URL="https://factcheck.example.org")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_forms_refuse_a_missing_csrf_token(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    app = build_app(engine, session_factory, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"email": editor.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "The form expired" in response.get_data(as_text=True)
    # With the token from the page, the same form works.
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token, page
    response = client.post(
        "/login", data={"email": editor.email, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302


# After Django's test_security_check: none of these may leave the site.
UNSAFE_NEXT = [
    "http://example.com",
    "https://example.com",
    "ftp://example.com",
    "//example.com",
    "///example.com",
    "////example.com",
    "/\\example.com",
    "\\\\example.com",
    "\\/example.com",
    "/\\/example.com",
    "https:example.com",
    "http:/example.com",
    "javascript:alert(1)",
    "example.com",
    " //example.com",
    "/\texample.com",
    "\x08//example.com",
    "",
]
SAFE_NEXT = ["/desk/", "/desk/claims/4?x=1", "/factchecks/3#claim-4", "/view/?param=//example.com"]


@pytest.mark.parametrize("target", UNSAFE_NEXT)
def test_unsafe_next_targets_are_refused(target: str) -> None:
    assert safe_next(target) is None


@pytest.mark.parametrize("target", SAFE_NEXT)
def test_safe_next_targets_are_kept(target: str) -> None:
    assert safe_next(target) == target


def test_login_ignores_an_offsite_next(client: FlaskClient, editor: User) -> None:
    response = client.post(
        "/login?next=//evil.com", data={"email": editor.email, "password": PASSWORD}
    )
    assert response.headers["Location"].endswith("/desk/")


def test_a_desk_form_sent_after_signing_out_says_so_and_gives_the_text_back(
    engine: Engine, session_factory: sessionmaker[Session], editor: User
) -> None:
    """Signed out in another tab (or idle too long), a checker sends the form still open in
    this one: nothing can be saved, but the page must say why and hand back the text."""
    app = build_app(engine, session_factory, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    login_with_csrf(client, editor)
    form_page = "/desk/articles/new"
    token = csrf_token_of(client.get(form_page).get_data(as_text=True))
    client.post("/logout", data={"csrf_token": token})
    sent = {"csrf_token": token, "title": "Port fees", "body": "The port raised its fees by 12%."}
    own = client.post(
        "/desk/articles/new", data=sent, headers={"Referer": f"http://factcheck.test{form_page}"}
    )
    page = own.get_data(as_text=True)
    assert own.status_code == 400
    assert "You were signed out" in page
    assert "Sign in again" in page, page
    assert "The port raised its fees by 12%." in page, page
    assert token not in page.split("What you typed", 1)[-1]
    foreign = client.post(
        "/desk/articles/new", data=sent, headers={"Referer": "https://elsewhere.example/form"}
    )
    assert foreign.status_code == 400
    assert "The port raised its fees" not in foreign.get_data(as_text=True), "no text of theirs"


@pytest.mark.parametrize("path", ["/login", "/password/forgot"])
def test_sign_in_forms_are_kept_by_no_cache(client: FlaskClient, path: str) -> None:
    """A form with a CSRF token for a signed-out person: a copy kept by a shared cache could
    hand one visitor's token and session cookie to another, and Back showed a copy whose
    token had expired. Stored by nobody, as the desk's and the account's pages."""
    shown = client.get(path)
    assert shown.status_code == 200 and 'method="post"' in shown.get_data(as_text=True)
    assert shown.headers.get("Cache-Control") == "no-store"
    refused = client.post(path, data={"email": ""})
    assert refused.headers.get("Cache-Control") == "no-store"


def test_the_desk_s_api_answers_are_kept_by_no_cache(
    app: Flask, client: FlaskClient, db_session: Session, editor: User
) -> None:
    """An API read that needs a token or a session holds unpublished work. It went without
    Cache-Control, so a browser (a shared newsroom machine, read through the session) could
    keep it on disk after sign-out, which the desk's pages never allow. Readers' API answers
    keep their public caching."""
    headers = token_for(db_session, editor)
    for path in ("/api/v1/queue", "/api/v1/assignees", "/api/v1/articles/999"):
        answer = client.get(path, headers=headers)
        assert answer.headers.get("Cache-Control") == "no-store", path
    signed_in = app.test_client()
    login(signed_in, editor)
    assert signed_in.get("/api/v1/queue").headers.get("Cache-Control") == "no-store"
    public = client.get("/api/v1/published")
    assert public.headers.get("Cache-Control") == "public, max-age=60"
