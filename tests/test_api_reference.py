"""/api: the API's reference for people, read from the same OpenAPI document as tools use."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def _page(client: FlaskClient) -> str:
    response = client.get("/api")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def test_every_operation_of_the_openapi_document_is_on_the_page(client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").json
    page = _page(client)
    for path, methods in document["paths"].items():
        for method, described in methods.items():
            assert f"<code>{method.upper()} {path}</code>" in page
            assert f'id="{described["operationId"]}"' in page


def test_each_shape_named_on_the_page_is_described_on_it(client: FlaskClient) -> None:
    page = _page(client)
    linked = set(re.findall(r'href="#shape-([A-Za-z0-9_]+)"', page))
    described = set(re.findall(r'id="shape-([A-Za-z0-9_]+)"', page))
    assert "Draft" in linked and "Error" in linked
    assert linked <= described


def test_a_shape_lists_its_fields_with_types_and_descriptions(client: FlaskClient) -> None:
    page = _page(client)
    draft = page[page.index('id="shape-Draft"') :]
    draft = draft[: draft.index("</section>")]
    assert "<code>author_id</code>" in draft
    assert "<code>string or null</code>" in draft  # the rating, which may be empty
    assert "Another checker&#39;s id" in draft or "Another checker's id" in draft


def test_parameters_show_their_bounds_and_public_reads_say_so(client: FlaskClient) -> None:
    page = _page(client)
    listing = page[page.index('id="list_published"') :]
    listing = listing[: listing.index("</section>")]
    assert "No token needed." in listing
    assert "<code>limit</code>" in listing and "at most" in listing
