"""Issue 18 item 9: the small things a desk meets all day."""

from __future__ import annotations

from flask.testing import FlaskClient

from factcheck.models import User
from tests.conftest import login


def test_every_page_names_a_favicon_that_is_served(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()


def test_password_fields_tell_password_managers_what_they_hold(
    client: FlaskClient, editor: User
) -> None:
    sign_in = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in sign_in and 'autocomplete="username"' in sign_in
    login(client, editor)
    account = client.get("/account/").get_data(as_text=True)
    assert account.count('autocomplete="new-password"') == 2
    assert account.count('autocomplete="current-password"') == 1


def test_the_new_article_page_puts_paste_first(client: FlaskClient, editor: User) -> None:
    login(client, editor)
    page = client.get("/desk/articles/new").get_data(as_text=True)
    order = [page.index(heading) for heading in ("Paste the text", "From a link", "From a file")]
    assert order == sorted(order)
