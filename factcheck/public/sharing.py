"""What readers share: the rating card for og:image, the embeddable card and oEmbed."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Response, current_app, jsonify, make_response, render_template, request
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from factcheck import web
from factcheck.domain import publishing, scale
from factcheck.domain.errors import NotFound, Withdrawn
from factcheck.models import Claim
from factcheck.public import cache, cards
from factcheck.public.views import bp
from factcheck.web.security import EMBEDDABLE_CONTENT_SECURITY_POLICY


def _card(claim: Claim) -> cards.Card:
    verdict = claim.published_verdict
    assert verdict is not None  # a public claim always has a published verdict
    return cards.Card(
        claim=claim.text,
        claimant=claim.claimant,
        rating=verdict.rating.label,
        colour=verdict.rating.colour
        if scale.HEX_COLOUR.fullmatch(verdict.rating.colour)
        else "#555555",
        outlet=current_app.config["SITE_NAME"],
    )


@bp.route("/claims/<int:claim_id>/card.png")
def card_image(claim_id: int) -> Response:
    """The Open Graph image: drawn once per claim and verdict, then read from the instance
    folder; the ETag answers a client that has it already with 304."""
    claim = publishing.public_claim(web.db(), claim_id)
    folder = Path(current_app.config.get("CARD_FOLDER") or Path(current_app.instance_path, "cards"))
    data, tag = cards.cached(folder, f"{claim.id}-{claim.published_verdict_id}", _card(claim))
    response = Response(data, mimetype="image/png")
    response.set_etag(tag)
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def embeddable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Any site may frame this page: its own policy, frame-ancestors *, and no
    X-Frame-Options (every other page keeps refusing frames)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = EMBEDDABLE_CONTENT_SECURITY_POLICY
        return response

    return wrapped


@bp.route("/claims/<int:claim_id>/embed")
@embeddable
@cache.cached
def embed(claim_id: int) -> str | tuple[str, int]:
    try:
        claim = publishing.public_claim(web.db(), claim_id)
    except Withdrawn as withdrawn:  # still framed: the partner's page shows why, not an error
        return render_template("public/embed_withdrawn.html", article=withdrawn.article), 410
    return render_template("public/embed.html", claim=claim, verdict=claim.published_verdict)


EMBED_WIDTH, EMBED_HEIGHT = 550, 360


@bp.route("/oembed")
def oembed() -> tuple[Response, int] | Response:
    """oEmbed (https://oembed.com) for a claim's page: a "rich" card in an iframe."""
    if (request.args.get("format") or "json") != "json":
        return _oembed_error(501, "unsupported_format", "Only format=json is offered.")
    claim_id = _claim_of_url(request.args.get("url") or "")
    if claim_id is None:
        return _oembed_error(404, "not_found", "That URL is not a fact-check of this site.")
    try:
        claim = publishing.public_claim(web.db(), claim_id)
    except Withdrawn as exc:
        return _oembed_error(410, exc.code, exc.message)
    except NotFound as exc:
        return _oembed_error(404, "not_found", exc.message)
    verdict = claim.published_verdict
    assert verdict is not None
    width = _bounded(request.args.get("maxwidth"), EMBED_WIDTH)
    height = _bounded(request.args.get("maxheight"), EMBED_HEIGHT)
    src = web.public_url("public.embed", claim_id=claim.id)
    title = verdict.headline or f"{verdict.rating.label}: {claim.text}"
    frame = (
        f'<iframe src="{Markup.escape(src)}" width="{width}" height="{height}" '
        f'title="{Markup.escape(title)}" style="border:0" loading="lazy"></iframe>'
    )
    return jsonify(
        version="1.0",
        type="rich",
        title=title,
        provider_name=current_app.config["SITE_NAME"],
        provider_url=web.public_url("public.home"),
        html=frame,
        width=width,
        height=height,
        thumbnail_url=web.public_url("public.card_image", claim_id=claim.id),
        thumbnail_width=cards.WIDTH,
        thumbnail_height=cards.HEIGHT,
    )


def _oembed_error(status: int, code: str, message: str) -> tuple[Response, int]:
    return jsonify(error={"code": code, "message": message}), status


def _bounded(raw: str | None, default: int) -> int:
    """A maxwidth/maxheight the consumer asked for, never above our size nor below 100."""
    try:
        return max(100, min(default, int(raw))) if raw else default
    except ValueError:
        return default


def _claim_of_url(url: str) -> int | None:
    """The claim id of a URL of this site's claim or embed page, else None."""
    parts = urlsplit(url.strip())
    own = urlsplit(web.public_url("public.home"))
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != own.netloc.lower():
        return None
    try:
        endpoint, args = current_app.url_map.bind(own.netloc).match(parts.path, method="GET")
    except HTTPException:
        return None
    if endpoint not in ("public.claim_page", "public.embed"):
        return None
    claim_id = args.get("claim_id")
    return claim_id if isinstance(claim_id, int) else None
