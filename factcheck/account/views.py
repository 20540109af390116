"""The signed-in user's own account: password, API tokens and notifications."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import (
    Blueprint,
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.account.forms import (
    ButtonForm,
    NotificationSettingsForm,
    PasswordChangeForm,
    TokenForm,
)
from factcheck.desk.actions import FORM_EXPIRED
from factcheck.domain import accounts, notifications, throttle
from factcheck.domain.errors import DomainError, NotFound
from factcheck.models import ApiToken, NotificationKind
from factcheck.web.signin import start_session_clock
from factcheck.web.throttling import login_counter, login_limits

bp = Blueprint("account", __name__, url_prefix="/account")

T = TypeVar("T")


@bp.after_request
def never_stored(response: Response) -> Response:
    """Account pages list API tokens and show a new one in full: after signing out on a
    shared computer, Back must not bring them back from the browser's cache (as the desk)."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _page(status: int = 200, **forms: object) -> tuple[str, int]:
    user = web.user()
    return render_template(
        "account/account.html",
        password_form=forms.get("password_form") or PasswordChangeForm(formdata=None),
        token_form=forms.get("token_form") or TokenForm(formdata=None),
        tokens=accounts.tokens_of(web.db(), user),
        new_token=forms.get("new_token"),
    ), status


@bp.route("/")
@web.staff_required()
def account() -> tuple[str, int]:
    return _page()


def _confirming_password(attempt: Callable[[], T], field: str) -> T:
    """Run `attempt`, which checks the user's password again (a wrong one is a DomainError on
    `field`), as a sign-in: a session left open must not let anyone guess, at hashing speed,
    the password that outlives it. A wrong password counts as a failed sign-in (committed);
    at the limit, Throttled. The caller commits what `attempt` did."""
    user = web.user()
    counter, limits, address = login_counter(), login_limits(), request.remote_addr
    try:
        throttle.check(counter, user.email, address, limits)
        result = attempt()
        throttle.succeeded(counter, user.email, address, limits)
        return result
    except throttle.Throttled:
        web.db().rollback()
        raise
    except DomainError as error:
        web.db().rollback()
        guessed = error.field == field
        (throttle.failed if guessed else throttle.succeeded)(counter, user.email, address, limits)
        web.db().commit()
        raise


def _throttled(refused: throttle.Throttled, **forms: object) -> tuple[str, int, dict[str, str]]:
    page, status = _page(429, **forms)
    return page, status, {"Retry-After": str(refused.retry_after)}


@bp.route("/password", methods=["POST"])
@web.staff_required()
def change_password() -> Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = web.user()
        try:
            revoked = _confirming_password(
                lambda: accounts.change_password(
                    web.db(),
                    user,
                    current=form.current.data or "",
                    new=form.new.data or "",
                    confirm=form.confirm.data or "",
                ),
                "current",
            )
            web.db().commit()
        except throttle.Throttled as refused:
            form.current.errors.append(refused.message)
            return _throttled(refused, password_form=form)
        except DomainError as error:
            getattr(form, error.field or "new").errors.append(error.message)
            return _page(400, password_form=form)
        login_user(user)  # this browser stays signed in; every other session has ended
        start_session_clock()
        tokens = (
            f" and your {revoked} API token{'s' if revoked != 1 else ''} revoked" if revoked else ""
        )
        flash(f"Password changed. Your other sessions have been signed out{tokens}.", "success")
        return redirect(url_for("account.account"))
    return _page(400, password_form=form)


@bp.route("/tokens", methods=["POST"])
@web.staff_required()
def create_token() -> tuple[str, int] | tuple[str, int, dict[str, str]]:
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(400, token_form=form)
    try:
        raw = _confirming_password(
            lambda: accounts.create_own_token(
                web.db(),
                web.user(),
                password=form.password.data or "",
                scope=form.scope.data or "read",
                name=form.name.data,
            ),
            "password",
        )
        web.db().commit()
    except throttle.Throttled as refused:
        form.password.errors.append(refused.message)
        return _throttled(refused, token_form=form)
    except DomainError as error:
        getattr(form, error.field or "password").errors.append(error.message)
        return _page(400, token_form=form)
    return _page(201, new_token=raw)


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@web.staff_required()
def revoke_token(token_id: int) -> Response:
    form = ButtonForm()
    token = web.db().get(ApiToken, token_id)
    if token is None or token.user_id != web.user().id:
        raise NotFound(f"You have no token #{token_id}.")
    if not form.validate_on_submit():
        flash(FORM_EXPIRED, "error")
        return redirect(url_for("account.account"))
    accounts.revoke_token(web.db(), token, web.user())
    web.db().commit()
    flash(f"Token {token.prefix}… revoked.", "success")
    return redirect(url_for("account.account"))


# --- notifications: the bell, the list, and what to be told how ------------------------------


@bp.app_context_processor
def unread_notifications() -> dict[str, int | None]:
    """The bell's count, read before the template renders (one query, signed-in staff only).

    None when it cannot be read (the database is down, and the page says so itself).
    """
    if not has_request_context() or not current_user.is_authenticated:  # e-mail: no request
        return {"unread_notifications": 0}
    try:
        return {"unread_notifications": notifications.unread_count(web.db(), web.user())}
    except SQLAlchemyError:
        return {"unread_notifications": None}


@bp.route("/notifications")
@web.staff_required()
def notifications_page() -> str:
    user = web.user()
    session = web.db()
    form = NotificationSettingsForm(formdata=None)
    for kind, (in_app, email) in notifications.preferences(session, user).items():
        in_app_field, email_field = form.fields_of(kind)
        in_app_field.data, email_field.data = in_app, email.value
    return render_template(
        "account/notifications.html",
        items=notifications.recent(session, user),
        settings_form=form,
        read_form=ButtonForm(),
        kinds=[(kind, notifications.LABELS[kind]) for kind in NotificationKind],
        email_configured=bool(current_app.config.get("SMTP_URL")),
    )


@bp.route("/notifications/read", methods=["POST"])
@web.staff_required()
def mark_all_notifications_read() -> Response:
    return _mark_read(None)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@web.staff_required()
def mark_notification_read(notification_id: int) -> Response:
    return _mark_read(notification_id)


def _mark_read(notification_id: int | None) -> Response:
    if ButtonForm().validate_on_submit():
        notifications.mark_read(web.db(), web.user(), notification_id)
        web.db().commit()
    else:
        flash(FORM_EXPIRED, "error")
    return redirect(url_for("account.notifications_page"))


@bp.route("/notifications/settings", methods=["POST"])
@web.staff_required()
def save_notification_settings() -> Response:
    form = NotificationSettingsForm()
    if not form.validate_on_submit():
        flash(
            "Choose how to be told of each kind: at once, in the daily digest, or never.", "error"
        )
        return redirect(url_for("account.notifications_page"))
    chosen = {kind: form.setting(kind) for kind in NotificationKind}
    notifications.set_preferences(web.db(), web.user(), chosen)
    web.db().commit()
    flash("Notification settings saved.", "success")
    return redirect(url_for("account.notifications_page"))
