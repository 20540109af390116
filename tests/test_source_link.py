"""AGPL section 13: every page offers its users the source code of the running version."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from factcheck.models import User
from tests.conftest import build_app, login

SOURCE_LINK = re.compile(r'<footer class="site">.*<a href="([^"]+)">Source</a>', re.S)


def _source_link(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    found = SOURCE_LINK.search(response.get_data(as_text=True))
    assert found, f"no Source link in the footer of {path} ({response.status_code})"
    return found.group(1)


@pytest.mark.parametrize("path", ["/", "/login", "/search?q=budget", "/methodology", "/nowhere"])
def test_public_pages_link_to_the_source_page(client: FlaskClient, path: str) -> None:
    assert _source_link(client, path) == "/source"


def test_desk_pages_link_to_the_source_page(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    for path in ("/desk/", "/desk/queue", "/account/"):
        assert _source_link(client, path) == "/source"


def test_the_link_goes_to_the_configured_source(
    engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    app = build_app(engine, session_factory, SOURCE_URL="https://git.example.org/factcheck")
    assert _source_link(app.test_client(), "/") == "https://git.example.org/factcheck"


def test_the_source_page_names_the_licence_and_the_running_version(client: FlaskClient) -> None:
    page = client.get("/source").get_data(as_text=True)
    assert "GNU Affero General Public License" in page and "AGPL-3.0-or-later" in page
    assert f"factcheck {metadata.version('factcheck')}" in page


def test_the_licence_text_is_served_as_shipped(app: Flask) -> None:
    response = app.test_client().get("/source/LICENSE")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert "13. Remote Network Interaction" in text
