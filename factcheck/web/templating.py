"""What templates may call: Jinja filters and globals. None of them reads the database:
views hand templates their data (tests/test_render_queries.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask

from factcheck import clock, markdown
from factcheck.domain import workflow
from factcheck.domain.validation import is_web_url
from factcheck.web.settings import public_url


def init_templates(app: Flask) -> None:
    app.jinja_env.filters.update(
        dict_without=_dict_without,
        time_left=_time_left,
        markdown=markdown.render,
        plain=markdown.plain,
    )
    app.jinja_env.globals.update(
        action_label=lambda action: workflow.ACTION_LABELS.get(action, action),
        is_web_url=is_web_url,
        public_url=public_url,
        site_name=lambda: app.config["SITE_NAME"],
    )


def _dict_without(mapping: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k not in keys}


def _time_left(until: dt.datetime | None) -> str:
    """'5 h 12 min left', or 'expired', for lease deadlines."""
    if until is None:
        return ""
    seconds = int((until - clock.now()).total_seconds())
    if seconds <= 0:
        return "expired"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} h {minutes} min left" if hours else f"{minutes} min left"
