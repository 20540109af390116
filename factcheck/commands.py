"""The app's commands: `flask --app wsgi <command>` in a checkout, `factcheck <command>`
installed. They are added to the app by factcheck.cli.init_app; `extract` lives apart
(factcheck/extract_cli.py) so that it runs without building the app."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from factcheck import migrate, web
from factcheck.domain import (
    accounts,
    archive,
    archive_dates,
    earlier_checks,
    ingesting,
    match_index,
    queue,
    related,
    validation,
)
from factcheck.domain.errors import DomainError, InvalidInput
from factcheck.extract_cli import extract_command, json_line
from factcheck.models import Role
from factcheck.web.database import Database
from factcheck.wording import counted


def _session() -> Session:
    database: Database = current_app.extensions["factcheck.db"]
    return database.factory()


def _fail(error: DomainError) -> None:
    raise click.ClickException(error.message)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema to the latest version (safe to repeat)."""
    database: Database = current_app.extensions["factcheck.db"]
    migrate.upgrade(database.engine)
    click.echo(f"Database is at revision {migrate.current_revision(database.engine)}.")
    _index_for_matching()


def _index_for_matching() -> None:
    """Index for matching what an older release stored without (safe to repeat: only rows
    missing from the match index are read; each batch is committed)."""
    with _session() as session:
        missing = match_index.unindexed_count(session)
        if not missing:
            return
        with click.progressbar(
            length=missing, label="Indexing fact-checks for matching", show_pos=True
        ) as bar:

            def committed(batch_session: Session, count: int) -> None:
                batch_session.commit()
                bar.update(count)

            done = match_index.backfill(session, on_batch=committed)
    click.echo(f"Indexed {counted(done, 'fact-check')} for matching.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", help="Display name (defaults to the part of the email before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create a user; the password comes from a hidden prompt or from stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _session() as session:
        try:
            user = accounts.create_user(
                session, email=email, password=password, role=Role(role), display_name=name
            )
        except DomainError as error:
            _fail(error)
        session.commit()
        click.echo(f"Created {user.role.value} {user.email} (#{user.id}).")


@click.command("create-token")
@with_appcontext
@click.argument("email")
def create_token(email: str) -> None:
    """Create an API token for a user and print it once."""
    with _session() as session:
        user = accounts.find_user(session, email)
        if user is None:
            raise click.ClickException(f"There is no user with the email {email}.")
        raw, _token = accounts.create_token(session, user)
        session.commit()
    click.echo(raw)


@click.command("import-article")
@with_appcontext
@click.argument("source")
@click.option("--title", help="The headline (default: taken from the page or file).")
@click.option("--as", "email", help="Email of the editor adding it (default: the first admin).")
@click.option("--force", is_flag=True, help="Add it again as a new version if it exists.")
def import_article(source: str, title: str | None, email: str | None, force: bool) -> None:
    """Add an article from a file (.txt .md .html .docx .pdf) or a URL; extract its claims."""
    scheme, separator, _ = source.partition("://")
    if separator and scheme.lower() not in ("http", "https"):
        raise click.ClickException(
            f"{scheme}:// links are not fetched: give an http:// or https:// link, "
            "or the path of a file."
        )
    with _session() as session:
        creator = accounts.find_user(session, email) if email else accounts.first_editor(session)
        if creator is None:
            raise click.ClickException("No editor to add it as: create one with create-user.")
        limits = web.ingest_limits()
        try:
            if source.lower().startswith(("http://", "https://")):
                article = ingesting.article_from_url(
                    session, creator, source, limits, title=title, force=force
                )
            else:
                article = ingesting.article_from_file(
                    session, creator, source, _read_bytes(source), limits, title=title, force=force
                )
        except DomainError as error:
            _fail(error)
        session.commit()
        click.echo(f"Article #{article.id}: {counted(len(article.claims), 'candidate claim')}.")


def _read_bytes(file: str) -> bytes:
    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise click.ClickException(f"Cannot read {file}: {exc}") from exc


@click.command("expire-leases")
@with_appcontext
def expire_leases() -> None:
    """Send claims whose lease ran out back to the queue (for cron)."""
    with _session() as session:
        expired = queue.expire_leases(session)
        session.commit()
    click.echo(f"{counted(len(expired), 'expired lease')} returned to the queue.")


@click.command("refresh-related")
@with_appcontext
def refresh_related() -> None:
    """Choose every published claim's related fact-checks again (each batch committed)."""
    with _session() as session:

        def committed(batch_session: Session, count: int) -> None:
            batch_session.commit()

        done = related.refresh_all(session, on_batch=committed)
    click.echo(f"Refreshed the related fact-checks of {counted(done, 'claim')}.")


@click.command("import-factchecks")
@with_appcontext
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--date-order",
    type=click.Choice(archive_dates.DATE_ORDERS),
    help="How the file writes numeric dates whose day and month could be either way"
    " (03/04/2019). Without it, the order its other numeric dates show (22/10/2019: day"
    " first); when they show none or both, such dates are imported without a date.",
)
def import_factchecks(file: str, date_order: archive_dates.DateOrder | None) -> None:
    """Import other outlets' fact-checks: JSONL lines, ClaimReview JSON-LD, or the Google Fact
    Check Tools data feed. Streamed and committed in batches; importing the same file again
    updates entries in place; an id given twice in the file is imported from its last entry."""
    size = Path(file).stat().st_size
    started = time.monotonic()
    with (
        _session() as session,
        Path(file).open("rb") as stream,
        click.progressbar(
            # The file is read twice: first for the ids it repeats, then to import.
            length=2 * size,
            label="Importing",
            item_show_func=_import_rate(started),
        ) as bar,
    ):

        def committed(batch_session: Session, progress: archive.Progress) -> None:
            batch_session.commit()
            bar.update(progress.bytes_read - bar.pos, progress.report)

        try:
            # Not a request: the embeddings are computed here, batch by batch, so the archive
            # is complete when the command ends, whether a worker runs or not.
            report = archive.import_stream(
                session, stream, None, on_batch=committed, embed_now=True,
                date_order=date_order,
            )  # fmt: skip
        except DomainError as error:
            _fail(error)
        match_index.refresh_statistics(session)
        session.commit()
    _show_import(report)


def _show_import(report: archive.ImportReport) -> None:
    for message in report.errors[:20]:
        click.echo(f"skipped: {message}", err=True)
    if report.unreadable > 20:
        click.echo(f"skipped: ... and {report.unreadable - 20:,} more", err=True)
    for message in report.notices:
        click.echo(f"note: {message}", err=True)
    click.echo(f"{report.summary()}.")


def _import_rate(started: float) -> Any:
    def show(report: archive.ImportReport | None) -> str | None:
        if report is None:
            return None
        rate = report.imported / max(time.monotonic() - started, 1e-6)
        return f"{report.imported:,} fact-checks, {rate:,.0f}/s"

    return show


@click.command("match")
@with_appcontext
@click.option(
    "--jsonl",
    is_flag=True,
    required=True,
    help='Read {"id", "text", "date"?} lines from stdin; write the top 10 matches of each.',
)
def match_command(jsonl: bool) -> None:
    """Find earlier fact-checks of each claim read from stdin."""
    own_outlet = current_app.config["ORG_NAME"]
    with _session() as session:
        for number, line in enumerate(sys.stdin, start=1):
            if not line.strip():
                continue
            item = json_line(line, number)
            found = earlier_checks.suggest(
                session, item["text"], own_outlet=own_outlet, limit=10,
                made=_line_date(item, number),
            )  # fmt: skip
            matches = [{"id": s.external_id, "score": round(s.score, 4)} for s in found]
            click.echo(json.dumps({"id": item.get("id"), "matches": matches}, ensure_ascii=False))


def _line_date(item: dict[str, Any], number: int) -> dt.date | None:
    """The optional "date" (YYYY-MM-DD) the claim was made, or a message naming the line."""
    raw = item.get("date")
    if raw is None:
        return None
    try:
        return validation.calendar_date(raw if isinstance(raw, str) else repr(raw), "date")
    except InvalidInput as error:
        raise click.ClickException(f"Line {number}: {error}") from None


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def backup(path: str) -> None:
    """Copy the SQLite database to PATH while the app keeps running (online backup API)."""
    database: Database = current_app.extensions["factcheck.db"]
    if database.engine.dialect.name != "sqlite":
        raise click.ClickException(
            "For PostgreSQL, use pg_dump: pg_dump --format=custom --file=factcheck.dump "
            "<database>. See the README's backup section."
        )
    target = Path(path)
    try:
        # Readable by its owner only (0600), whatever the umask: it holds every password
        # hash and unpublished draft. O_EXCL: never overwrite an earlier backup.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        raise click.ClickException(f"{path} exists already; choose a new file.") from None
    except FileNotFoundError:
        raise click.ClickException(
            f"Cannot write {path}: the folder {target.parent} does not exist."
        ) from None
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}.") from None
    source = database.engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        with destination:
            source.driver_connection.backup(destination)  # type: ignore[union-attr]
        destination.close()
    finally:
        source.close()
    click.echo(f"Backed up to {path} ({target.stat().st_size:,} bytes).")


def _database_errors_as_messages(command: click.Command) -> click.Command:
    """A database that cannot be opened (wrong host, password, role, folder) ends a command
    with one line naming FACTCHECK_DATABASE_URL, not a traceback. Wrapped once per command."""
    callback = command.callback
    if callback is None or getattr(callback, "database_errors_as_messages", False):
        return command

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except OperationalError as error:
            from factcheck.config_values import without_password

            url = without_password(current_app.config["DATABASE_URL"])
            reason = " ".join(str(error.orig).split())
            raise click.ClickException(
                f"cannot use the database of FACTCHECK_DATABASE_URL ({url}): {reason}"
            ) from error

    wrapper.database_errors_as_messages = True  # type: ignore[attr-defined]
    command.callback = wrapper
    return command


def init_app(app: Flask) -> None:
    from factcheck.demo import seed_demo

    for command in (
        backup,
        import_factchecks,
        match_command,
        init_db,
        create_user,
        create_token,
        import_article,
        extract_command,
        expire_leases,
        refresh_related,
        seed_demo,
    ):
        app.cli.add_command(_database_errors_as_messages(command))
