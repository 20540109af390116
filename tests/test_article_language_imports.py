"""Articles not in English added by link or by file: the editor (or an API client) can ask
for candidates all the same, as when pasting (tests/test_article_language.py). The French
text here is made up for these tests."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extraction import language
from factcheck.models import Article, UrlImport, User
from tests.conftest import login, run_queued_jobs, token_for
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve

FRENCH = (
    "Le maire de Vérignac, Thibault Lescure, a affirmé mardi que le nombre de places en "
    "crèche avait doublé depuis 2022 dans la commune.\n\n"
    "« Nous avons construit 14 logements sociaux cette année », a déclaré le maire devant "
    "le conseil municipal. Selon la préfecture, le chômage a reculé de 3 % en deux ans."
)
FRENCH_PAGE = (
    '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
    "<title>Crèches à Vérignac</title></head><body><article><h1>Crèches à Vérignac</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in FRENCH.split("\n\n"))
    + "</article></body></html>"
)
ASKED = language.NOTE_WHEN_ASKED.format(name="French")
NOT_ASKED = language.NOTE.format(name="French")
CHECKBOX = "Propose candidates even if it is not in English"


class FrenchSite(SiteHandler):
    def do_GET(self) -> None:
        if self.path != "/creches":
            return super().do_GET()
        self.server.requests.append((self.path, self.headers.get("Host")))
        self._send(FRENCH_PAGE.encode("utf-8"), "text/html; charset=utf-8")
        return None


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(FrenchSite)))


def _the_article(session: Session) -> Article:
    session.expire_all()
    return session.scalars(select(Article)).one()


def test_the_link_and_upload_forms_offer_candidates_in_any_language(
    app: Flask, editor: User
) -> None:
    client = app.test_client()
    login(client, editor)
    page = client.get("/desk/articles/new").get_data(as_text=True)
    assert page.count(CHECKBOX) == 3  # paste, link and file
    assert 'name="link-any_language"' in page and 'name="upload-any_language"' in page


@pytest.mark.parametrize("ticked", [True, False])
def test_an_editor_can_ask_for_candidates_in_any_language_when_uploading(
    app: Flask, db_session: Session, editor: User, ticked: bool
) -> None:
    client = app.test_client()
    login(client, editor)
    data = {"upload-file": (io.BytesIO(FRENCH.encode()), "creches.txt")}
    if ticked:
        data["upload-any_language"] = "y"  # type: ignore[assignment]
    page = client.post("/desk/articles/upload", data=data, follow_redirects=True)
    text = page.get_data(as_text=True)
    article = _the_article(db_session)
    assert article.language == "fr"
    assert (article.claims != []) is ticked
    assert (ASKED if ticked else NOT_ASKED) in text
    if not ticked:
        assert "Article added. No candidates proposed: it looks French." in text


@pytest.mark.parametrize("ticked", [True, False])
def test_an_editor_can_ask_for_candidates_in_any_language_when_adding_by_link(
    queued_app: Flask, db_session: Session, editor: User, site: Site, ticked: bool
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    data = {"link-url": site.url("/creches")}
    if ticked:
        data["link-any_language"] = "y"
    response = client.post("/desk/articles/from-url", data=data)
    assert response.status_code == 302
    assert db_session.scalars(select(UrlImport)).one().any_language is ticked
    run_queued_jobs(queued_app)
    page = client.get(response.headers["Location"], follow_redirects=True)
    article = _the_article(db_session)
    assert article.language == "fr" and article.title == "Crèches à Vérignac"
    assert (article.claims != []) is ticked
    assert (ASKED if ticked else NOT_ASKED) in page.get_data(as_text=True)


def test_a_failed_import_keeps_the_choice_on_the_forms_it_offers(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    data = {"link-url": site.url("/missing"), "link-any_language": "y"}
    client.post("/desk/articles/from-url", data=data)
    run_queued_jobs(queued_app)
    record = db_session.scalars(select(UrlImport)).one()
    page = client.get(f"/desk/articles/new?from_import={record.id}").get_data(as_text=True)
    # The paste and upload forms it offers hold the choice, as they hold the headline.
    assert '<input checked id="any_language" name="any_language"' in page
    assert '<input checked id="upload-any_language" name="upload-any_language"' in page


def test_the_api_imports_a_url_with_candidates_in_any_language(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    headers = token_for(db_session, editor)
    body = {"url": site.url("/creches"), "propose_in_any_language": True}
    response = client.post("/api/v1/articles/imports", headers=headers, json=body)
    assert response.status_code == 202, response.json
    assert response.json["propose_in_any_language"] is True
    run_queued_jobs(queued_app)
    done = client.get(response.json["status_url"], headers=headers).json
    assert done["status"] == "done", done
    article = client.get(f"/api/v1/articles/{done['article_id']}", headers=headers).json
    assert article["language"] == "fr"
    assert article["claims"] != []
    assert article["notices"] == [ASKED]


def test_the_api_imports_a_url_without_candidates_by_default(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    headers = token_for(db_session, editor)
    body = {"url": site.url("/creches")}
    response = client.post("/api/v1/articles/imports", headers=headers, json=body)
    assert response.json["propose_in_any_language"] is False
    run_queued_jobs(queued_app)
    done = client.get(response.json["status_url"], headers=headers).json
    article = client.get(f"/api/v1/articles/{done['article_id']}", headers=headers).json
    assert article["claims"] == [] and article["notices"] == [NOT_ASKED]


def test_the_api_uploads_a_file_with_candidates_in_any_language(
    app: Flask, db_session: Session, editor: User
) -> None:
    response = app.test_client().post(
        "/api/v1/articles/upload",
        headers=token_for(db_session, editor),
        data={
            "file": (io.BytesIO(FRENCH.encode()), "creches.txt"),
            "propose_in_any_language": "true",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.json
    assert response.json["language"] == "fr"
    assert response.json["claims"] != []
    assert response.json["notices"] == [ASKED]


def test_the_flag_is_declared_once_for_pasting_and_fetching(app: Flask) -> None:
    document = app.test_client().get("/api/v1/openapi.json").json
    schemas = document["components"]["schemas"]
    pasted = schemas["PastedArticle"]["properties"]["propose_in_any_language"]
    fetched = schemas["FetchedArticle"]["properties"]["propose_in_any_language"]
    assert fetched == pasted and fetched["default"] is False
