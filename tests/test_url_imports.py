"""URL ingest as a job: the desk and the API answer at once with a pending import, and the
article appears once the job has run; a failure shows its reason and can be tried again."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from factcheck import clock
from factcheck.jobs import queue
from factcheck.jobs.queue import huey
from factcheck.jobs.registry import TASKS
from factcheck.models import Article, ArticleStatus, ImportStatus, UrlImport, User
from tests.conftest import (
    a_bug_of_ours,
    build_app,
    login,
    run_queued_jobs,
    run_with_every_retry,
    token_for,
)
from tests.ingest.conftest import Site, SiteHandler, SiteServer, _serve
from tests.ingest.samples import ARTICLE_HTML, ARTICLE_TITLE


@pytest.fixture
def site() -> Iterator[Site]:
    yield from (Site(server) for server in _serve(SiteServer(SiteHandler)))


def _articles(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Article)) or 0


def test_the_desk_answers_at_once_and_the_article_appears_when_the_job_is_done(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/from-url", data={"link-url": site.url("/article")})
    assert response.status_code == 302
    waiting = client.get(response.headers["Location"])
    page = waiting.get_data(as_text=True)
    assert waiting.status_code == 200
    assert "Fetching the page" in page and 'http-equiv="refresh"' in page
    assert site.server.requests == [] and _articles(db_session) == 0, "nothing fetched yet"

    # The fetch, then the search for earlier fact-checks of the new article's claims.
    assert run_queued_jobs(queued_app) == ["ingest_url", "find_earlier_checks"]
    done = client.get(response.headers["Location"])
    assert done.status_code == 302 and "/desk/articles/" in done.headers["Location"]
    article = client.get(done.headers["Location"]).get_data(as_text=True)
    assert ARTICLE_TITLE in article
    assert run_queued_jobs(queued_app) == []


def test_a_failed_fetch_shows_its_reason_and_can_be_tried_again(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/from-url", data={"link-url": site.url("/missing")})
    run_queued_jobs(queued_app)
    failed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be added" in failed and "404" in failed
    assert "Try again" in failed and 'http-equiv="refresh"' not in failed

    again = client.post(response.headers["Location"] + "/retry", follow_redirects=True)
    assert "Fetching the page" in again.get_data(as_text=True)
    assert run_queued_jobs(queued_app) == [
        "ingest_url"
    ]  # fails again: no article, nothing to search
    assert len([path for path, _ in site.server.requests if path == "/missing"]) == 2


def test_a_bad_or_known_address_is_answered_on_the_form_at_once(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    bad = client.post("/desk/articles/from-url", data={"link-url": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert "must be a full http:// or https:// address" in bad.get_data(as_text=True)
    first = client.post("/desk/articles/from-url", data={"link-url": site.url("/article")})
    run_queued_jobs(queued_app)
    article_url = client.get(first.headers["Location"]).headers["Location"]
    again = client.post("/desk/articles/from-url", data={"link-url": site.url("/article")})
    assert again.headers["Location"].endswith(article_url.split("factcheck.test")[-1])
    assert huey.pending_count() == 0, "nothing queued for an article already in the desk"


def test_the_api_answers_202_with_a_status_url(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    headers = token_for(db_session, editor)
    response = client.post(
        "/api/v1/articles/imports", headers=headers, json={"url": site.url("/article")}
    )
    assert response.status_code == 202, response.json
    pending = response.json
    assert pending["status"] == "pending" and pending["article_id"] is None
    status_url = pending["status_url"]
    assert client.get(status_url, headers=headers).json["status"] == "pending"

    run_queued_jobs(queued_app)
    done = client.get(status_url, headers=headers).json
    assert done["status"] == "done" and done["error"] is None
    article = client.get(f"/api/v1/articles/{done['article_id']}", headers=headers).json
    assert article["title"] == ARTICLE_TITLE

    again = client.post(
        "/api/v1/articles/imports", headers=headers, json={"url": site.url("/article")}
    )
    assert again.status_code == 409 and again.json["error"]["code"] == "duplicate"


def test_background_imports_count_against_the_fetch_limit(
    engine: Engine, session_factory: sessionmaker[Session], db_session: Session, editor: User
) -> None:
    """A URL import answers at once, but a worker then fetches and extracts the page, as
    costly as fetching it in the request: a token cannot queue more than the fetch limit
    allows, through the API or with the desk's "try again" on an import."""
    app = build_app(
        engine,
        session_factory,
        FETCH_ALLOW="127.0.0.1/32",
        RATELIMIT_ENABLED=True,
        RATE_LIMIT_FETCH="2/minute",
    )
    huey.immediate = False
    try:
        client = app.test_client()
        headers = token_for(db_session, editor)
        pages = [f"http://127.0.0.1:9/{number}" for number in range(3)]
        answers = [
            client.post("/api/v1/articles/imports", headers=headers, json={"url": page})
            for page in pages
        ]
        assert [answer.status_code for answer in answers] == [202, 202, 429]
        refused = answers[-1].json["error"]
        assert refused["code"] == "too_many_requests" and refused["retry_after"] > 0
        assert huey.pending_count() == 2, "the refused import queued nothing"

        login(client, editor)
        import_id = answers[0].json["id"]
        retries = [
            client.post(f"/desk/articles/imports/{import_id}/retry").status_code for _ in range(3)
        ]
        assert retries == [302, 302, 429], retries
    finally:
        huey.flush()
        queue.bind(app)  # as the queued_app fixture leaves it


def test_the_api_reports_a_failure_with_its_code(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    client = queued_app.test_client()
    headers = token_for(db_session, editor)
    response = client.post(
        "/api/v1/articles/imports", headers=headers, json={"url": site.url("/missing")}
    )
    run_queued_jobs(queued_app)
    failed = client.get(response.json["status_url"], headers=headers).json
    assert (failed["status"], failed["error_code"]) == ("failed", "http_error")
    assert "404" in failed["error"]


def test_work_whose_job_was_lost_is_asked_for_again(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    """The queue lost the job (an outage between the commit and the send): ten minutes on,
    the periodic resume_lost_jobs asks again, and the article appears."""
    client = queued_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/from-url", data={"link-url": site.url("/article")})
    huey.flush()  # the job is gone; the import stays pending
    with queued_app.app_context():
        TASKS["resume_lost_jobs"].call_local()
    assert run_queued_jobs(queued_app) == [], (
        "a pending import younger than ten minutes is left alone"
    )

    later = clock.now() + dt.timedelta(minutes=11)
    clock.set_source(lambda: later)
    try:
        with queued_app.app_context():
            TASKS["resume_lost_jobs"].call_local()
        assert run_queued_jobs(queued_app) == ["ingest_url", "find_earlier_checks"]
    finally:
        clock.set_source(None)
    done = client.get(response.headers["Location"])
    assert done.status_code == 302 and "/desk/articles/" in done.headers["Location"]
    assert ARTICLE_TITLE in client.get(done.headers["Location"]).get_data(as_text=True)


def test_an_address_refused_for_good_offers_no_try_again(
    queued_app: Flask, db_session: Session, editor: User
) -> None:
    """A loopback address is refused every time: the button could never succeed."""
    record = UrlImport(
        url="http://127.0.0.1:5000/",
        status=ImportStatus.FAILED,
        error_code="blocked_address",
        error="factcheck does not fetch addresses of this server itself (loopback).",
        created_by_id=editor.id,
    )
    db_session.add(record)
    db_session.commit()
    client = queued_app.test_client()
    login(client, editor)
    page = client.get(f"/desk/articles/imports/{record.id}").get_data(as_text=True)
    assert "could not be added" in page and "loopback" in page
    assert "Try again" not in page
    assert "Upload the file or paste the text instead" in page
    refused = client.post(f"/desk/articles/imports/{record.id}/retry", follow_redirects=True)
    assert "cannot help" in refused.get_data(as_text=True)
    assert run_queued_jobs(queued_app) == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("encrypted", "The PDF is protected by a password, so its text cannot be read."),
        ("too_large", "The page is larger than the 5 MB this site reads."),
    ],
)
def test_a_file_that_reads_the_same_every_time_offers_no_try_again(
    queued_app: Flask, db_session: Session, editor: User, code: str, reason: str
) -> None:
    """A locked PDF stays locked, and a page over the size limit stays over it: the button
    could never succeed (it was offered before)."""
    record = UrlImport(
        url="https://example.org/report.pdf",
        status=ImportStatus.FAILED,
        error_code=code,
        error=reason,
        created_by_id=editor.id,
    )
    db_session.add(record)
    db_session.commit()
    client = queued_app.test_client()
    login(client, editor)
    page = client.get(f"/desk/articles/imports/{record.id}").get_data(as_text=True)
    assert "could not be added" in page and "Try again" not in page


def test_an_import_whose_job_fails_on_every_try_fails_with_a_reason_not_pending_for_ever(
    queued_app: Flask,
    db_session: Session,
    editor: User,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # An error of ours (here, any exception while reading the page) failed every try: the
    # failure reached the admins' list of jobs, but before session 16 the import stayed
    # pending, and the editor saw "Fetching the page" for ever.
    from factcheck.domain import url_imports

    monkeypatch.setattr(url_imports, "fetch_page", a_bug_of_ours)
    client = queued_app.test_client()
    login(client, editor)
    response = client.post("/desk/articles/from-url", data={"link-url": site.url("/article")})
    assert run_with_every_retry(queued_app).count("ingest_url") == 5
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "could not be added" in page and "something went wrong on our side" in page
    assert "a bug of ours" not in page and 'http-equiv="refresh"' not in page
    monkeypatch.undo()
    again = client.post(response.headers["Location"] + "/retry", follow_redirects=True)
    assert "Fetching the page" in again.get_data(as_text=True)
    run_queued_jobs(queued_app)
    assert _articles(db_session) == 1


def _import_by_url(client: FlaskClient, queued_app: Flask, url: str) -> str:
    """Ask for `url` on the desk and run the job; return where the import page leads."""
    response = client.post("/desk/articles/from-url", data={"link-url": url})
    assert response.status_code == 302, response.get_data(as_text=True)
    run_queued_jobs(queued_app)
    return response.headers["Location"]


def test_a_page_whose_text_is_already_in_the_desk_says_so_and_keeps_its_address(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    # Before: the import jumped to the uploaded copy with no word, and the page fetched (its
    # address, its snapshot) was thrown away.
    client = queued_app.test_client()
    login(client, editor)
    uploaded = client.post(
        "/desk/articles/upload",
        data={"upload-file": (io.BytesIO(ARTICLE_HTML.encode()), "fares.html")},
    )
    assert uploaded.status_code == 302
    run_queued_jobs(queued_app)
    first = db_session.scalars(select(Article)).one()
    assert first.source_url is None and first.snapshot is None

    import_page = _import_by_url(client, queued_app, site.url("/article"))
    done = client.get(import_page)
    assert done.status_code == 302
    assert done.headers["Location"].endswith(f"/desk/articles/{first.id}")
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"This article is already in the desk as #{first.id}" in page
    assert "add it again as a new version" in page
    assert "Its address and a snapshot of the page were kept on it." in page
    assert "What the article said on" in page, "the fetched page is kept as its snapshot"
    assert _articles(db_session) == 1
    db_session.refresh(first)
    assert first.source_url == site.url("/article")
    assert first.snapshot is not None and first.snapshot.body == ARTICLE_HTML.encode()

    headers = token_for(db_session, editor)
    record = client.get(
        f"/api/v1/articles/imports/{import_page.rsplit('/', 1)[-1]}", headers=headers
    ).json
    assert (record["status"], record["article_id"]) == ("done", first.id)
    assert record["error_code"] == "duplicate"
    assert f"already in the desk as #{first.id}" in record["error"]


def test_a_page_whose_text_is_already_in_the_desk_leaves_its_address_as_it_was(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    """Another address serving the same text: the article keeps the address and the snapshot
    it was added from, and the editor is told, as for an upload."""
    client = queued_app.test_client()
    login(client, editor)
    _import_by_url(client, queued_app, site.url("/article"))
    first = db_session.scalars(select(Article)).one()
    snapshot_id = first.snapshot_id

    done = client.get(_import_by_url(client, queued_app, site.url("/redirect")))
    assert done.headers["Location"].endswith(f"/desk/articles/{first.id}")
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"This article is already in the desk as #{first.id}" in page
    db_session.refresh(first)
    assert (first.source_url, first.snapshot_id) == (site.url("/article"), snapshot_id)
    assert _articles(db_session) == 1


def test_a_published_article_whose_text_is_fetched_again_is_left_as_readers_see_it(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    """Its address is on the public page: changing it is a correction for an editor."""
    client = queued_app.test_client()
    login(client, editor)
    client.post(
        "/desk/articles/upload",
        data={"upload-file": (io.BytesIO(ARTICLE_HTML.encode()), "fares.html")},
    )
    run_queued_jobs(queued_app)
    first = db_session.scalars(select(Article)).one()
    first.status = ArticleStatus.PUBLISHED
    db_session.commit()

    done = client.get(_import_by_url(client, queued_app, site.url("/article")))
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert f"This article is already in the desk as #{first.id}" in page
    assert "snapshot of the page" not in page
    db_session.refresh(first)
    assert (first.source_url, first.snapshot) == (None, None)


@pytest.mark.parametrize("path", ["/fares.pdf", "/fares.docx", "/fares.txt", "/download"])
def test_a_link_to_a_pdf_a_word_or_a_text_file_is_read_as_its_upload_would_be(
    queued_app: Flask, db_session: Session, editor: User, site: Site, path: str
) -> None:
    # Before: each was read as a web page and refused as "no article text on this page ...
    # built by scripts", with a Try again that could not help. /download is a PDF served
    # as application/octet-stream.
    client = queued_app.test_client()
    login(client, editor)
    done = client.get(_import_by_url(client, queued_app, site.url(path)))
    assert done.status_code == 302, done.get_data(as_text=True)
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert ARTICLE_TITLE in page and "Councillor Ines Barrow said" in page
    assert "What the article said on" in page
    article = db_session.scalars(select(Article)).one()
    assert article.source_url == site.url(path) and article.snapshot is not None


@pytest.mark.parametrize(
    ("path", "served"),
    [("/photo.png", "a PNG image"), ("/data.json", "a file of type application/json")],
)
def test_a_link_to_something_else_says_what_it_leads_to_and_offers_no_try_again(
    queued_app: Flask, db_session: Session, editor: User, site: Site, path: str, served: str
) -> None:
    client = queued_app.test_client()
    login(client, editor)
    import_page = _import_by_url(client, queued_app, site.url(path))
    page = client.get(import_page).get_data(as_text=True)
    assert "could not be added" in page and f"The link leads to {served}" in page
    assert "no article text" not in page
    assert "Try again" not in page and "Upload the file or paste the text instead" in page
    record = client.get(
        f"/api/v1/articles/imports/{import_page.rsplit('/', 1)[-1]}",
        headers=token_for(db_session, editor),
    ).json
    assert (record["status"], record["error_code"]) == ("failed", "unsupported_type")


def test_a_page_built_by_scripts_is_refused_as_holding_no_article_text(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    # Before: added as an article "App" whose text was its <noscript> line.
    client = queued_app.test_client()
    login(client, editor)
    page = client.get(_import_by_url(client, queued_app, site.url("/app"))).get_data(as_text=True)
    assert "could not be added" in page
    assert "factcheck found no article text on this page" in page and "built by scripts" in page
    assert _articles(db_session) == 0


def test_a_page_that_says_it_was_not_found_is_not_added(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    # Before: the site answered 200, so its error page was added as an article with no
    # candidates.
    client = queued_app.test_client()
    login(client, editor)
    page = client.get(_import_by_url(client, queued_app, site.url("/gone"))).get_data(as_text=True)
    assert "could not be added" in page
    assert f"The page at {site.url('/gone')} says it was not found" in page
    assert "the article may have moved or been taken down" in page
    assert _articles(db_session) == 0


def test_a_damaged_compressed_page_says_so_and_offers_no_try_again(
    queued_app: Flask, db_session: Session, editor: User, site: Site
) -> None:
    # Before: "The connection broke while the page was arriving. Try again later.", with a
    # Try again button, though the site sends the same damaged page every time.
    client = queued_app.test_client()
    login(client, editor)
    url = site.url("/broken-gzip")
    page = client.get(_import_by_url(client, queued_app, url)).get_data(as_text=True)
    assert "the site sent a damaged compressed page" in page
    assert "connection broke" not in page and "Try again" not in page
    assert _articles(db_session) == 0


def test_paste_instead_keeps_the_headline_and_link_typed_for_a_failed_import(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    """'Upload the file or paste the text instead' opened an empty form: the headline and
    the address typed for the import had to be typed again."""
    record = UrlImport(
        url="https://news.example.org/buses",
        title="Council bus figures",
        status=ImportStatus.FAILED,
        error_code="http_status",
        error="The site answered 404 Not Found instead of the page.",
        created_by_id=editor.id,
    )
    db_session.add(record)
    db_session.commit()
    login(client, editor)
    page = client.get(f"/desk/articles/imports/{record.id}").get_data(as_text=True)
    link = page[page.index("paste the text instead") - 300 : page.index("paste the text instead")]
    href = link[link.rindex('href="') + 6 :].split('"')[0].replace("&amp;", "&")
    form = client.get(href).get_data(as_text=True)
    assert re.search(r'name="title"[^>]*value="Council bus figures"', form)
    assert re.search(r'name="source_url"[^>]*value="https://news.example.org/buses"', form)
    assert re.search(r'name="upload-title"[^>]*value="Council bus figures"', form)
