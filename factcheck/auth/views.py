"""Signing in and out, and setting a password with a link (an invitation, a reset)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.account.forms import NewPasswordForm
from factcheck.auth.forms import ForgotPasswordForm, LoginForm
from factcheck.desk.actions import field_error
from factcheck.domain import accounts, password_links, throttle
from factcheck.domain.errors import DomainError
from factcheck.domain.password_links import LinkRefused, Purpose
from factcheck.web.settings import link_secret
from factcheck.web.signin import start_session_clock
from factcheck.web.throttling import login_counter, login_limits

bp = Blueprint("auth", __name__)
# The email a password was just set for, kept in the session (never the address) so that the
# sign-in form it is sent to is filled in.
SIGN_IN_EMAIL = "sign_in_email"


@bp.after_request
def never_stored(response: Response) -> Response:
    """Sign-in pages carry a CSRF token tied to the visitor's session cookie: no cache keeps
    them (as the desk and the account pages). A header a view set itself is kept."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a path on this site, else None (no open redirects)."""
    if not target:
        return None
    target = target.strip()
    # Browsers treat backslashes as slashes, so "/\\evil.com" would leave the site.
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple[str, int, dict[str, str]]:
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data or "", request.remote_addr
        counter, limits = login_counter(), login_limits()
        try:
            throttle.check(counter, email, address, limits)
        except throttle.Throttled as refused:
            form.form_errors.append(refused.message)
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(refused.retry_after)}
        user = accounts.authenticate(web.db(), email, form.password.data or "")
        if user is None:
            throttle.failed(counter, email, address, limits)
            web.db().commit()
            form.password.errors.append("Wrong email or password.")
        else:
            throttle.succeeded(counter, email, address, limits)
            web.db().commit()  # also keeps a password hash upgraded by authenticate()
            session.clear()  # no state from before sign-in survives it (session fixation)
            login_user(user)
            start_session_clock()
            flash(f"Signed in as {user.display_name}.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("desk.home"))
    elif not form.is_submitted():
        form.email.data = session.get(SIGN_IN_EMAIL)
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    user = web.user()
    # Bumping the version ends every copy of this session, not just this browser's cookie.
    user.session_version += 1
    web.db().commit()
    logout_user()
    session.clear()
    flash("Signed out.", "success")
    return redirect(url_for("public.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password() -> str | tuple[str, int] | tuple[str, int, dict[str, str]]:
    """Ask for a reset link. The answer is the same whether the email has an account, an
    account that is off, or none: the page never tells which emails exist."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("auth/forgot_password.html", form=form), status
    email = form.email.data or ""
    try:
        throttle.reset_requested(login_counter(), email, request.remote_addr, login_limits())
    except throttle.Throttled as refused:
        form.form_errors.append(refused.message)
        page = render_template("auth/forgot_password.html", form=form)
        return page, 429, {"Retry-After": str(refused.retry_after)}
    password_links.request_reset(web.db(), email)
    web.db().commit()
    # The address as typed, whatever it is: the answer tells nothing of which emails exist.
    return render_template("auth/forgot_password.html", form=None, email=email.strip())


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Response | tuple[str, int, dict[str, str]]:
    return _set_password(token, Purpose.INVITE)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Response | tuple[str, int, dict[str, str]]:
    return _set_password(token, Purpose.RESET)


# A page reached by a link to set a password has its token in the address: kept by no cache.
NO_STORE = {"Cache-Control": "no-store"}


def _set_password(token: str, purpose: Purpose) -> Response | tuple[str, int, dict[str, str]]:
    """The link's page: a new password twice, by the account page's rules; once set, the
    person signs in with it (so the sign-in throttle and its known addresses apply)."""
    form = NewPasswordForm()
    try:
        if not form.validate_on_submit():
            link = password_links.check(web.db(), link_secret(), token, purpose)
            return _set_password_page(form, link, 400 if form.is_submitted() else 200)
        new, confirm = form.new.data or "", form.confirm.data or ""
        user = password_links.set_password(
            web.db(), link_secret(), token, purpose, new=new, confirm=confirm
        )
        web.db().commit()
    except LinkRefused as refused:
        web.db().rollback()
        return render_template("auth/link_refused.html", message=refused.message), 400, NO_STORE
    except DomainError as error:
        web.db().rollback()
        field_error(form, error)
        link = password_links.check(web.db(), link_secret(), token, purpose)
        return _set_password_page(form, link, 400)
    if current_user.is_authenticated:
        logout_user()  # whoever was signed in here, the page was for someone else's password
    session.clear()
    session[SIGN_IN_EMAIL] = user.email
    flash(f"Your password is set. Sign in with it, {user.display_name}.", "success")
    return redirect(url_for("auth.login"))


def _set_password_page(
    form: NewPasswordForm, link: password_links.Link, status: int
) -> tuple[str, int, dict[str, str]]:
    return render_template("auth/set_password.html", form=form, link=link), status, NO_STORE
