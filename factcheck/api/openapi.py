"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any


def document(server_url: str) -> dict[str, Any]:
    """The OpenAPI document; `server_url` is where this API is served."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "factcheck API", "version": "1"},
        "servers": [{"url": server_url}],
        "paths": {},
    }
