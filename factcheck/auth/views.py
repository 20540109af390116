"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck import web
from factcheck.auth.forms import LoginForm
from factcheck.domain import accounts, throttle
from factcheck.web.signin import start_session_clock
from factcheck.web.throttling import login_counter, login_limits

bp = Blueprint("auth", __name__)


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
