"""factcheck: a fact-check workflow service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

# Flask and the app's modules are imported inside create_app: `import factcheck.extraction`
# (the `extract` command, the benchmarks) must not pay for the web app.


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Settings come from FACTCHECK_* variables; `test_config` overrides them.

    Gunicorn loads it as `gunicorn 'factcheck:create_app()'`.
    """
    from flask import Flask

    from factcheck.resources import templates_folder

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(templates_folder()),
        static_folder="static",
    )
    from factcheck.config import settings_from_env

    app.config.from_mapping(settings_from_env(Path(app.instance_path)).as_flask_config())
    if test_config:
        app.config.from_mapping(test_config)
    from factcheck import clock

    clock.set_zone(app.config.get("TIME_ZONE"))

    from factcheck import cli, errors, jobs, ops, web
    from factcheck.account.views import bp as account_bp
    from factcheck.api.views import bp as api_bp
    from factcheck.auth.views import bp as auth_bp
    from factcheck.desk import bp as desk_bp
    from factcheck.public.views import bp as public_bp
    from factcheck.web.security import IdConverter

    # Ids above what the databases store do not exist: answer 404, never an overflow.
    app.url_map.converters["int"] = IdConverter
    web.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    ops.init_app(app)
    jobs.init_app(app)
    app.register_blueprint(account_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(api_bp)
    # Served (not tests, not a command): load the matcher's model (~16 MB) in the background,
    # ready before the first match. A short command would exit while that thread is still in
    # native code, which aborts the process; commands load it on first use instead.
    import click

    if not app.testing and click.get_current_context(silent=True) is None:
        from factcheck.matching.embedding import load_in_background

        load_in_background()
    from factcheck import ratelimit

    ratelimit.init_app(app)  # after the blueprints: its limits are set by endpoint
    from factcheck.public.cache import AnonymousHits

    app.wsgi_app = AnonymousHits(  # type: ignore[method-assign]
        app, app.wsgi_app, never=frozenset(ratelimit.LIMITED_ENDPOINTS)
    )
    # Outermost: the page cache's keys and the request log see the client's host, scheme
    # and address as the trusted proxies gave them.
    _trust_proxies(app, app.config["PROXY_HOPS"])
    return app


def _trust_proxies(app: Flask, hops: int) -> None:
    """Take the client's address, scheme and host from the last `hops` proxies' headers.

    Only the headers that the proxies in front of us overwrite are trusted (docs/deploy.md);
    with 0 hops, X-Forwarded-* are ignored, since anyone can send them.
    """
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
