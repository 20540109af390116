"""Admin pages of webhooks: endpoints (added, edited, paused, deleted), their secret, the
delivery log, and redelivering."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.desk import forms
from factcheck.desk.actions import Routes, attempt, field_error, form_action
from factcheck.domain import audit, webhook_endpoints, webhooks
from factcheck.domain.errors import DomainError
from factcheck.models import Role

routes = Routes()
admin_required = web.staff_required(Role.ADMIN)


@routes.route("/admin/webhooks", methods=["GET", "POST"])
@admin_required
def webhooks_page() -> Response | tuple[str, int]:
    form = forms.WebhookForm()
    if not form.validate_on_submit():
        return _webhooks_page(form, 400 if form.errors else 200)
    try:
        endpoint = webhook_endpoints.create_endpoint(
            web.db(),
            web.user(),
            url=form.url.data,
            events=form.events.data or [],
            payload_format=form.payload_format.data or "",
            description=form.description.data,
            allow=_allowed(),
        )
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        return _webhooks_page(form, error.status)
    return redirect(url_for("desk.webhook_endpoint", endpoint_id=endpoint.id))


def _allowed() -> tuple[str, ...]:
    """The FACTCHECK_FETCH_ALLOW entries, which deliveries honour too."""
    return web.settings.ingest_limits().policy.allow


def _webhooks_page(form: forms.WebhookForm, status: int) -> tuple[str, int]:
    page = render_template(
        "desk/webhooks.html", endpoints=webhook_endpoints.endpoints(web.db()), form=form
    )
    return page, status


@routes.route("/admin/webhooks/<int:endpoint_id>")
@admin_required
def webhook_endpoint(endpoint_id: int) -> str:
    endpoint = webhook_endpoints.get_endpoint(web.db(), endpoint_id)
    return render_template(
        "desk/webhook.html",
        endpoint=endpoint,
        deliveries=webhooks.recent_deliveries(web.db(), endpoint.id),
        history=audit.history(web.db(), "webhook", endpoint.id),
        history_labels=webhook_endpoints.HISTORY,
        labels=webhooks.LABELS,
        form=forms.CsrfOnlyForm(),
        seems_lost=webhooks.seems_lost,
    )


@routes.route("/admin/webhooks/<int:endpoint_id>/active", methods=["POST"])
@admin_required
def toggle_webhook(endpoint_id: int) -> Response:
    endpoint = webhook_endpoints.get_endpoint(web.db(), endpoint_id)
    active = not endpoint.active
    return attempt(
        lambda: webhook_endpoints.set_active(
            web.db(), endpoint_id, web.user(), active, allow=_allowed()
        ),
        "Endpoint resumed." if active else "Endpoint paused: it gets no new deliveries.",
        url_for("desk.webhook_endpoint", endpoint_id=endpoint_id),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/admin/webhooks/<int:endpoint_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_webhook(endpoint_id: int) -> Response | tuple[str, int]:
    endpoint = webhook_endpoints.live_endpoint(web.db(), endpoint_id)
    form = forms.WebhookEditForm(obj=None if request.method == "POST" else endpoint)
    if request.method == "GET":
        form.based_on.data = webhook_endpoints.edit_mark(endpoint)
    changed: list[str] = []
    done = form_action(
        form,
        lambda: changed.extend(
            webhook_endpoints.edit_endpoint(
                web.db(),
                endpoint_id,
                web.user(),
                url=form.url.data,
                events=form.events.data or [],
                description=form.description.data,
                allow=_allowed(),
                based_on=form.based_on.data,
            )
        ),
    )
    if done is True:
        flash(*_edited(changed))
        return redirect(url_for("desk.webhook_endpoint", endpoint_id=endpoint_id))
    status = done.status if isinstance(done, DomainError) else 400 if form.errors else 200
    return render_template("desk/webhook_edit.html", endpoint=endpoint, form=form), status


def _edited(changed: list[str]) -> tuple[str, str]:
    """The flash message of an edit, and its kind."""
    if not changed:
        return "Nothing changed: the endpoint is as it was.", "info"
    what = changed[0] if len(changed) == 1 else f"{', '.join(changed[:-1])} and {changed[-1]}"
    later = " Deliveries still waiting go to the new URL." if "URL" in changed else ""
    return f"Endpoint updated: its {what} changed.{later}", "success"


@routes.route("/admin/webhooks/<int:endpoint_id>/secret", methods=["POST"])
@admin_required
def rotate_webhook_secret(endpoint_id: int) -> Response:
    return attempt(
        lambda: webhook_endpoints.rotate_secret(web.db(), endpoint_id, web.user()),
        "New signing secret made; it is shown below. Give it to the receiver now: the old "
        "secret no longer signs deliveries, and deliveries still waiting are signed with the "
        "new one.",
        url_for("desk.webhook_endpoint", endpoint_id=endpoint_id),
        form=forms.CsrfOnlyForm(),
    )


@routes.route("/admin/webhooks/<int:endpoint_id>/delete", methods=["POST"])
@admin_required
def delete_webhook(endpoint_id: int) -> Response | str:
    """Delete an endpoint once the admin, having read what deleting cancels
    (`confirm_delete_webhook.html`), confirmed."""
    form = forms.ConfirmForm()
    if form.validate_on_submit() and not form.confirmed.data:
        return render_template(
            "desk/confirm_delete_webhook.html",
            form=form,
            endpoint=webhook_endpoints.live_endpoint(web.db(), endpoint_id),
            waiting=webhook_endpoints.waiting_deliveries(web.db(), endpoint_id),
        )
    return attempt(
        lambda: webhook_endpoints.delete_endpoint(web.db(), endpoint_id, web.user()),
        None,  # the deleted endpoint's page says so, and what deleting did
        url_for("desk.webhook_endpoint", endpoint_id=endpoint_id),
        form=form,
    )


@routes.route("/admin/webhook-deliveries/<int:delivery_id>/redeliver", methods=["POST"])
@admin_required
def redeliver_webhook(delivery_id: int) -> Response:
    delivery = webhooks.get_delivery(web.db(), delivery_id)
    return attempt(
        lambda: webhooks.redeliver(web.db(), delivery_id, web.user()),
        f"Delivery #{delivery_id} is queued to be sent again.",
        url_for("desk.webhook_endpoint", endpoint_id=delivery.endpoint_id),
        form=forms.CsrfOnlyForm(),
    )
