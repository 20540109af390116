"""Every route, for every kind of visitor: the authorization matrix.

A route missing from ACCESS fails `test_every_route_has_an_entry`, so new routes must
declare who may use them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Claimant, Role, User, WebhookEndpoint, WebhookFormat
from tests.conftest import login, make_user, token_for
from tests.factories import ArticleFactory, ClaimFactory, bind

PUBLIC = "public"  # anyone, signed in or not
STAFF = "staff"  # any signed-in user
EDITOR = "editor"  # editors and admins (web)
ADMIN = "admin"  # admins only (web)
API_READ = "api-read"  # a token, or a signed-in session
API_WRITE = "api-write"  # a token of any staff role
API_EDITOR = "api-editor"  # an editor's or admin's token
API_ADMIN = "api-admin"  # an admin's token

ACCESS = {
    "static": PUBLIC,
    "ops.healthz": PUBLIC,
    "ops.readyz": PUBLIC,
    "account.account": STAFF,
    "account.change_password": STAFF,
    "account.create_token": STAFF,
    "account.revoke_token": STAFF,
    "account.notifications_page": STAFF,
    "account.mark_all_notifications_read": STAFF,
    "account.mark_notification_read": STAFF,
    "account.save_notification_settings": STAFF,
    "public.home": PUBLIC,
    "public.factcheck": PUBLIC,
    "public.rating_styles": PUBLIC,
    "public.claim_page": PUBLIC,
    "public.card_image": PUBLIC,
    "public.embed": PUBLIC,
    "public.oembed": PUBLIC,
    "public.by_rating": PUBLIC,
    "public.by_claimant": PUBLIC,
    "public.claimant_page": PUBLIC,
    "public.search_page": PUBLIC,
    "public.methodology": PUBLIC,
    "public.corrections": PUBLIC,
    "public.api_reference": PUBLIC,
    "public.source": PUBLIC,
    "public.license_text": PUBLIC,
    "public.factcheck_feed": PUBLIC,
    "public.rating_feed": PUBLIC,
    "public.corrections_feed": PUBLIC,
    "public.topic_index": PUBLIC,
    "public.topic_page": PUBLIC,
    "public.topic_feed": PUBLIC,
    "public.robots": PUBLIC,
    "public.sitemap_index": PUBLIC,
    "public.sitemap_part": PUBLIC,
    "auth.login": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.accept_invitation": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.logout": STAFF,
    "desk.home": STAFF,
    "desk.new_article": EDITOR,
    "desk.article_list": STAFF,
    "desk.article": STAFF,
    "desk.triage": EDITOR,
    "desk.promote": EDITOR,
    "desk.reword": EDITOR,
    "desk.publish": EDITOR,
    "desk.publish_claim": EDITOR,
    "desk.accept_claim": EDITOR,
    "desk.preview_claim": STAFF,
    "desk.queue_page": STAFF,
    "desk.my_claims": STAFF,
    "desk.take_next": STAFF,
    "desk.assign": EDITOR,
    "desk.bulk_assign": EDITOR,
    "desk.workload_page": EDITOR,
    "desk.schedule": EDITOR,
    "desk.declare_conflict": STAFF,
    "desk.release": STAFF,
    "desk.take_back_claim": STAFF,
    "desk.claim": STAFF,
    "desk.add_evidence": STAFF,
    "desk.submit_verdict": STAFF,
    "desk.review_inbox": EDITOR,
    "desk.approve": EDITOR,
    "desk.return_claim": EDITOR,
    "desk.claim_history": STAFF,
    "desk.claim_details": EDITOR,
    "desk.topics_page": EDITOR,
    "desk.rename_topic": EDITOR,
    "desk.delete_topic": EDITOR,
    "desk.claim_topics": EDITOR,
    "desk.edit_article": EDITOR,
    "desk.correct": EDITOR,
    "desk.withdraw": EDITOR,
    "desk.edit_page": ADMIN,
    "desk.article_from_url": EDITOR,
    "desk.article_from_file": EDITOR,
    "desk.url_import": EDITOR,
    "desk.retry_url_import": EDITOR,
    "desk.archive_evidence": STAFF,
    "desk.archive_state": STAFF,
    "desk.article_match_state": STAFF,
    "desk.search_earlier_checks_again": STAFF,
    "desk.llm_state": STAFF,
    "desk.retry_llm_rewrite": EDITOR,
    "desk.snapshot": STAFF,
    "desk.edit_evidence": STAFF,
    "desk.correct_source": EDITOR,
    "desk.move_evidence": STAFF,
    "desk.remove_evidence": STAFF,
    "desk.record_reply": STAFF,
    "desk.save_draft": STAFF,
    "desk.add_comment": STAFF,
    "desk.article_history": STAFF,
    "desk.ratings_page": ADMIN,
    "desk.jobs_page": ADMIN,
    "desk.import_factchecks": ADMIN,
    "desk.run_job_again": ADMIN,
    "desk.webhooks_page": ADMIN,
    "desk.webhook_endpoint": ADMIN,
    "desk.toggle_webhook": ADMIN,
    "desk.redeliver_webhook": ADMIN,
    "desk.edit_webhook": ADMIN,
    "desk.rotate_webhook_secret": ADMIN,
    "desk.delete_webhook": ADMIN,
    "desk.people_page": ADMIN,
    "desk.invite_person": ADMIN,
    "desk.change_role": ADMIN,
    "desk.send_password_link": ADMIN,
    "desk.toggle_person": ADMIN,
    "desk.change_email": ADMIN,
    "desk.history_page": ADMIN,
    "desk.dashboard": EDITOR,
    "desk.link_match": EDITOR,
    "desk.split_claim": EDITOR,
    "desk.suggest_claimants": EDITOR,
    "desk.claimants_page": EDITOR,
    "desk.claimant": EDITOR,
    "desk.merge_claimants": EDITOR,
    "desk.merge_claims": EDITOR,
    "desk.bulk": EDITOR,
    "desk.reject_below": EDITOR,
    "desk.dismiss_match": EDITOR,
    "desk.unlink_match": EDITOR,
    "desk.edit_rating": ADMIN,
    "desk.retire_rating": ADMIN,
    "api.create_article": API_EDITOR,
    "api.upload_article": API_EDITOR,
    "api.import_article": API_EDITOR,
    "api.get_url_import": API_READ,
    "api.get_article": API_READ,
    "api.accept_claim": API_EDITOR,
    "api.reject_claim": API_EDITOR,
    "api.restore_claim": API_EDITOR,
    "api.unaccept_claim": API_EDITOR,
    "api.set_claim_details": API_EDITOR,
    "api.take_next": API_WRITE,
    "api.take_back_claim": API_WRITE,
    "api.assign_claim": API_EDITOR,
    "api.release_claim": API_WRITE,
    "api.add_evidence": API_WRITE,
    "api.edit_evidence": API_WRITE,
    "api.remove_evidence": API_WRITE,
    "api.correct_source": API_EDITOR,
    "api.reword_claim": API_EDITOR,
    "api.schedule_claim": API_EDITOR,
    "api.split_claim": API_EDITOR,
    "api.merge_claims": API_EDITOR,
    "api.set_article_details": API_EDITOR,
    "api.withdraw_article": API_EDITOR,
    "api.submit_verdict": API_WRITE,
    "api.save_draft": API_WRITE,
    "api.get_draft": API_READ,
    "api.add_comment": API_WRITE,
    "api.approve_claim": API_EDITOR,
    "api.return_claim": API_EDITOR,
    "api.propose_correction": API_EDITOR,
    "api.publish_article": API_EDITOR,
    "api.publish_claim": API_EDITOR,
    "api.list_published": PUBLIC,
    "api.get_published": PUBLIC,
    "api.export_claimreview": PUBLIC,
    "api.import_claimreview": API_ADMIN,
    "api.match": API_READ,
    "api.list_claim_events": API_READ,
    "api.list_ratings": PUBLIC,
    "api.extract": API_READ,
    "api.list_queue": API_READ,
    "api.list_assignees": API_READ,
    "api.get_openapi": PUBLIC,
}


def _routes(app: Flask) -> Iterator[tuple[str, str, str]]:
    """(endpoint, method, url) for every route, with ids of records that exist."""
    values = {
        "article_id": 1,
        "claim_id": 1,
        "action": "accept",
        "filename": "style.css",
        "slug": "methodology",
        "name": "Somebody",
        "evidence_id": 1,
        "snapshot_id": 1,
        "direction": "up",
        "rating_id": 1,
        "token_id": 1,
        "notification_id": 1,
        "failure_id": 1,
        "topic_id": 1,
        "number": 1,
        "claimant_id": 1,
        "endpoint_id": 1,
        "delivery_id": 1,
        "user_id": 1,
        "import_id": 1,
        "token": "not-a-token",
    }
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.endpoint, method, url


@pytest.fixture
def records(db_session: Session, editor: User) -> None:
    bind(db_session)
    article = ArticleFactory(id=1, created_by_id=editor.id)
    ClaimFactory(id=1, article=article)
    db_session.add(Claimant(id=1, name="Somebody"))
    # An endpoint, so that the webhook pages answer for real, not with a 404.
    db_session.add(
        WebhookEndpoint(
            id=1,
            url="https://hooks.example.org/factcheck",
            secret="whsec_test",
            events=["claim_state"],
            payload_format=WebhookFormat.JSON,
            created_by_id=editor.id,
        )
    )
    db_session.commit()


def test_unpublished_articles_do_not_exist_for_readers(app: Flask, records: None) -> None:
    client = app.test_client()
    assert client.get("/factchecks/1").status_code == 404
    assert client.get("/api/v1/published").json["items"] == []


def test_every_route_has_an_entry(app: Flask) -> None:
    missing = {endpoint for endpoint, _, _ in _routes(app)} - set(ACCESS)
    assert not missing, f"add these routes to ACCESS: {sorted(missing)}"


def _call(client: FlaskClient, method: str, url: str, headers: dict[str, str] | None = None):
    response = client.open(
        url,
        method=method,
        headers=headers or {},
        json={} if method != "GET" and "/api/" in url else None,
    )
    response.get_data()
    response.close()  # static files stream from an open file
    return response


def test_anonymous_visitors_get_only_public_routes(app: Flask, records: None) -> None:
    client = app.test_client()
    for endpoint, method, url in _routes(app):
        response = _call(client, method, url)
        level = ACCESS[endpoint]
        if level == PUBLIC:
            # Public routes never ask for a sign-in; unpublished records simply do not exist.
            assert response.status_code in (200, 301, 302, 400, 404), (endpoint, method)
            if response.status_code in (301, 302):
                assert "/login" not in response.headers["Location"], endpoint
        elif level in (STAFF, EDITOR, ADMIN):
            assert response.status_code == 302, (endpoint, method, response.status_code)
            assert "/login" in response.headers["Location"]
        else:
            assert response.status_code == 401, (endpoint, method, response.status_code)
            assert response.json["error"]["code"] == "unauthorized"


def test_checkers_are_refused_editor_routes(app: Flask, db_session: Session, records: None) -> None:
    checker = make_user(db_session, Role.CHECKER)
    client = app.test_client()
    login(client, checker)
    headers = token_for(db_session, checker)
    for endpoint, method, url in _routes(app):
        level = ACCESS[endpoint]
        if level in (EDITOR, ADMIN):
            assert _call(client, method, url).status_code == 403, (endpoint, method)
        elif level in (API_EDITOR, API_ADMIN):
            response = _call(client, method, url, headers)
            assert response.status_code == 403, (endpoint, method)
            assert response.json["error"]["code"] == "forbidden"


def test_signed_in_sessions_cannot_write_through_the_api(
    app: Flask, editor: User, records: None
) -> None:
    client = app.test_client()
    login(client, editor)
    for endpoint, method, url in _routes(app):
        if ACCESS[endpoint] in (API_WRITE, API_EDITOR, API_ADMIN):
            assert _call(client, method, url).status_code == 401, (endpoint, method)


def test_editors_are_refused_admin_routes(
    app: Flask, db_session: Session, editor: User, records: None
) -> None:
    client = app.test_client()
    login(client, editor)
    headers = token_for(db_session, editor)
    for endpoint, method, url in _routes(app):
        if ACCESS[endpoint] == ADMIN:
            assert _call(client, method, url).status_code == 403, (endpoint, method)
        elif ACCESS[endpoint] == API_ADMIN:
            assert _call(client, method, url, headers).status_code == 403, (endpoint, method)


def test_editors_pass_every_gate(app: Flask, db_session: Session, records: None) -> None:
    """Admins are never refused for their role (the claim's state may still refuse)."""
    editor = make_user(db_session, Role.ADMIN)
    client = app.test_client()
    login(client, editor)
    headers = token_for(db_session, editor)
    for endpoint, method, url in _routes(app):
        if endpoint in ("auth.logout", "account.revoke_token"):
            continue  # they would end the very session and token this sweep uses
        use_token = ACCESS[endpoint] in (API_WRITE, API_EDITOR, API_ADMIN)
        response = _call(client, method, url, headers if use_token else None)
        assert response.status_code not in (401, 403), (endpoint, method, response.status_code)
        assert response.status_code < 500, (endpoint, method)
