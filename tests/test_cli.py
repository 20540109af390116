"""The command line: `flask --app wsgi <command>`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import create_app, migrate
from factcheck.domain import accounts, earlier_checks
from factcheck.models import ArchiveEntry, Article, ClaimStatus, Role, Topic, User
from tests.fixtures import ARTICLE, FACTUAL


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


def test_init_db_is_harmless_to_repeat(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A database of its own: the suite's shared one is held open by the test transaction.
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/fresh.sqlite3", "TESTING": True})
    for _ in range(2):
        result = app.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "Database is at revision" in result.output
    engine = app.extensions["factcheck.db"].engine
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    engine.dispose()


def test_create_user_reads_the_password_from_stdin(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=[
            "create-user",
            "Kim@Example.org",
            "--role",
            "checker",
            "--name",
            "Kim",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = accounts.authenticate(db_session, "kim@example.org", "a long enough password")
    assert user is not None and user.role == Role.CHECKER and user.display_name == "Kim"


def test_create_user_refuses_a_duplicate_email(runner, checker: User) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["create-user", checker.email.upper(), "--role", "editor", "--password-stdin"],
        input="another password!\n",
    )
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_create_user_refuses_a_short_password(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        args=["create-user", "a@example.org", "--role", "editor", "--password-stdin"],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output


def test_create_token_prints_a_working_token(runner, app: Flask, checker: User) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["create-token", checker.email])
    assert result.exit_code == 0
    token = result.output.strip()
    response = app.test_client().post(
        "/api/v1/queue/next", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 204


def test_import_article(runner, tmp_path, db_session: Session, editor: User) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(args=["import-article", str(path), "--title", "Imported"])
    assert result.exit_code == 0, result.output
    article = db_session.scalars(select(Article).where(Article.title == "Imported")).one()
    assert article.body == ARTICLE
    assert any(c.text == FACTUAL for c in article.claims)
    count = len(article.claims)
    assert result.output.strip() == (
        f"Article #{article.id}: {count} candidate claim{'s' if count != 1 else ''}."
    )


@pytest.mark.parametrize("source", ["ftp://example.org/x", "file:///etc/hostname"])
def test_import_article_names_the_links_it_can_fetch(runner, source: str) -> None:  # type: ignore[no-untyped-def]
    # A first-day operator's walk, session 22: "Cannot read ftp://...: No such file ...
    # 'ftp:/example.org/x'" read the link as a file path.
    result = runner.invoke(args=["import-article", source])
    assert result.exit_code == 1
    scheme = source.split(":", 1)[0]
    assert result.output.strip() == (
        f"Error: {scheme}:// links are not fetched: give an http:// or https:// link, "
        "or the path of a file."
    )


def test_extract_prints_every_sentence_in_order(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(args=["extract", str(path)])
    assert result.exit_code == 0, result.output
    sentences = json.loads(result.output)["sentences"]
    assert [s["start"] for s in sentences] == sorted(s["start"] for s in sentences)
    for s in sentences:
        assert ARTICLE[s["start"] : s["end"]] == s["text"]
        assert set(s) >= {"text", "start", "end", "score", "checkworthy", "reasons", "claimant"}
    assert any(s["checkworthy"] for s in sentences) and not all(s["checkworthy"] for s in sentences)
    # Every non-blank line of the article is covered by some sentence.
    covered = "".join(s["text"] for s in sentences)
    assert covered.replace(" ", "") == "".join(ARTICLE.split())


def test_extract_reads_stdin(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["extract", "-"], input=ARTICLE)
    assert result.exit_code == 0
    assert json.loads(result.output)["sentences"]


def test_extract_jsonl(runner) -> None:  # type: ignore[no-untyped-def]
    lines = "\n".join(
        json.dumps({"id": i, "text": t}) for i, t in enumerate([ARTICLE, "Nothing to see here."])
    )
    result = runner.invoke(args=["extract", "--jsonl"], input=lines + "\n")
    assert result.exit_code == 0, result.output
    outputs = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in outputs] == [0, 1]
    assert outputs[1]["sentences"][0]["text"] == "Nothing to see here."


def test_extract_jsonl_names_a_bad_line(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["extract", "--jsonl"], input='{"id": 1, "text": "ok"}\nnope\n')
    assert result.exit_code != 0
    assert "Line 2 is not valid JSON" in result.output


def test_seed_demo_loads_users_and_a_published_check(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "editor@example.org" in result.output and "checker@example.org" in result.output
    password = next(
        line.split()[-1] for line in result.output.splitlines() if "checker@example.org" in line
    )
    assert accounts.authenticate(db_session, "checker@example.org", password) is not None
    article = db_session.scalars(select(Article)).one()
    statuses = {c.status for c in article.claims}
    assert ClaimStatus.QUEUED in statuses
    # The published claim is the one its evidence and verdict are about.
    [published] = [c for c in article.claims if c.status == ClaimStatus.PUBLISHED]
    assert "average morning crossing now takes 14 minutes" in published.text
    assert published.claimant == "Riverton City Council"
    assert "morning crossing" in published.published_verdict.explanation
    assert [t.name for t in published.topics] == ["Economy", "Transport"]
    # Running it again (every `make run`) adds no second article and keeps the passwords
    # people already use (B9); --reset-passwords gives new ones.
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0
    assert password not in again.output and "unchanged" in again.output
    assert len(db_session.scalars(select(Topic)).all()) == 5  # the demo topics, once
    db_session.expire_all()
    assert accounts.authenticate(db_session, "checker@example.org", password) is not None
    reset = runner.invoke(args=["seed-demo", "--reset-passwords"])
    new_password = next(
        line.split()[-1] for line in reset.output.splitlines() if "checker@example.org" in line
    )
    db_session.expire_all()
    assert new_password != password
    assert accounts.authenticate(db_session, "checker@example.org", new_password) is not None
    assert db_session.scalar(select(func.count()).select_from(Article)) == 1
    # Another outlet's earlier fact-checks, once each, so the desk shows "possibly checked".
    assert db_session.scalar(select(func.count()).select_from(ArchiveEntry)) == 3
    mayor = next(c for c in article.claims if "212 million" in c.text)
    [first, *_] = earlier_checks.suggestions_for(db_session, mayor, own_outlet="The desk")
    assert (first.external_id, first.outlet) == ("vfc-bridge-cost", "Valley Fact Check (demo)")


def test_expire_leases_command(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["expire-leases"])
    assert result.exit_code == 0
    assert "0 expired leases returned" in result.output


def test_refresh_related_command(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["refresh-related"])
    assert result.exit_code == 0
    assert "Refreshed the related fact-checks of 0 claims." in result.output


def test_links_made_on_the_command_line_need_no_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With FACTCHECK_TRUSTED_HOSTS and no site URL, `seed-demo` (which publishes) failed:
    Flask cannot build an absolute URL outside a request without a host to use."""
    from factcheck import create_app
    from factcheck.web.settings import public_url

    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "TRUSTED_HOSTS": ["desk.example"]}
    )
    with app.app_context():
        assert public_url("public.claim_page", claim_id=7) == "http://desk.example/claims/7"
    app.config["TRUSTED_HOSTS"] = None
    with app.app_context():
        assert public_url("public.claim_page", claim_id=7) == "http://localhost/claims/7"
    # With a site URL (as `make run` and every deployment set) it failed the same way.
    app.config["SITE_URL"] = "http://127.0.0.1:5000"
    with app.app_context():
        assert public_url("public.claim_page", claim_id=7) == "http://127.0.0.1:5000/claims/7"


def test_seed_demo_with_a_site_url_publishes_on_that_address(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`make run` sets FACTCHECK_SITE_URL and seeds the demo, which publishes a fact-check."""
    from factcheck import create_app

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3",
            "TESTING": True,
            "SITE_URL": "http://127.0.0.1:5000",
        }
    )
    cli = app.test_cli_runner()
    assert cli.invoke(args=["init-db"]).exit_code == 0
    seeded = cli.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    sitemap = app.test_client().get("/sitemap.xml").get_data(as_text=True)
    assert "<loc>http://127.0.0.1:5000/claims/" in sitemap


def test_factcheck_extract_reads_the_env_file_as_flask_does(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`factcheck extract` goes straight to the command, without Flask's group: it still
    reads FACTCHECK_* settings from a .env file in the folder, as the group did."""
    pytest.importorskip("dotenv")
    (tmp_path / ".env").write_text("FACTCHECK_EXTRACTION_THRESHOLD=1.0\n", encoding="utf-8")
    command = "from factcheck.cli import main\nsys.argv = ['factcheck', 'extract', '-']\nmain()"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FACTCHECK_", "FLASK_"))}
    outputs = []
    for env_file in (True, False):
        if not env_file:
            (tmp_path / ".env").unlink()
        done = subprocess.run(
            [sys.executable, "-c", "import sys\n" + command],
            cwd=tmp_path,
            input=FACTUAL,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        outputs.append([s["checkworthy"] for s in json.loads(done.stdout)["sentences"]])
    assert outputs == [[False], [True]]


def test_backup_into_a_missing_folder_is_a_message_not_a_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `backup` copies a SQLite database (PostgreSQL has pg_dump): one of its own, whichever
    # database the suite runs on.
    url = f"sqlite:///{tmp_path}/live.sqlite3"
    app = create_app({"DATABASE_URL": url, "TESTING": True})
    migrate.upgrade(app.extensions["factcheck.db"].engine)
    target = tmp_path / "nonexistent-dir" / "b.sqlite3"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert (
        result.output
        == f"Error: Cannot write {target}: the folder {target.parent} does not exist.\n"
    )


def test_extract_jsonl_reads_the_file_it_is_given(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Nothing to see here."}) + "\n")
    result = runner.invoke(args=["extract", "--jsonl", str(path)], input="")
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines()]
    assert line["id"] == "a" and line["sentences"][0]["text"] == "Nothing to see here."
    missing = runner.invoke(args=["extract", "--jsonl", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "Cannot read" in missing.output


def test_version_is_factchecks_own() -> None:
    from importlib.metadata import version

    from click.testing import CliRunner

    from factcheck import cli

    result = CliRunner().invoke(cli._group(), ["--version"])
    assert result.exit_code == 0
    assert result.output == f"factcheck {version('factcheck')}\n"


def test_importing_an_empty_file_fails(runner, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    result = runner.invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
