"""What readers see: published fact-checks only."""

from __future__ import annotations

import re

from flask import Blueprint, Response, render_template

from factcheck import web
from factcheck.domain import publishing, research

bp = Blueprint("public", __name__)
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SLUG = re.compile(r"[a-z0-9-]+")


@bp.route("/")
def home() -> str:
    return render_template(
        "public/home.html", articles=publishing.published_articles(web.db(), limit=20)
    )


@bp.route("/factchecks/<int:article_id>")
def factcheck(article_id: int) -> str:
    article = publishing.published_article(web.db(), article_id)
    return render_template(
        "public/factcheck.html", article=article, claims=publishing.published_claims(article)
    )


@bp.route("/ratings.css")
def rating_styles() -> Response:
    """One colour per rating, as a stylesheet: no inline styles, so the CSP can forbid them."""
    rules = [
        f".rating-{r.slug} {{ --rating: {r.colour}; }}"
        for r in research.ratings(web.db())
        if HEX_COLOUR.fullmatch(r.colour) and SLUG.fullmatch(r.slug)
    ]
    response = Response("\n".join(rules) + "\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response
