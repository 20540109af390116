"""Admin → Import fact-checks: another outlet's (or our own past) published fact-checks,
uploaded from the desk into the archive that "previously fact-checked" suggestions match.

The same import as POST /api/v1/claimreview/import, for the same people (admins), with the
same limits and refusals: the request size limit, and the domain's InvalidInput and
NoFactChecks shown on the form instead of as JSON.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from factcheck import errors, web
from factcheck.desk.actions import Routes
from factcheck.desk.archive_forms import ImportFactChecksForm
from factcheck.domain import archive
from factcheck.domain.archive_dates import DateOrder
from factcheck.domain.errors import DomainError
from factcheck.domain.validation import EARLIEST
from factcheck.models import ADMINS

routes = Routes()
ENDPOINT = "desk.import_factchecks"


@routes.route("/admin/import-factchecks", methods=["GET", "POST"])
@web.staff_required(*ADMINS)
def import_factchecks() -> tuple[str, int]:
    form = ImportFactChecksForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    # The bytes as sent, as the API passes its body: the domain tells a compressed, UTF-16 or
    # PDF file by its first bytes and says so.
    payload = form.file.data.read()
    order: DateOrder | None = form.date_order.data or None  # one of the choices: validated
    try:
        report = archive.import_entries(web.db(), payload, web.user(), date_order=order)
        web.db().commit()
    except DomainError as error:
        web.db().rollback()
        form.file.errors = [*form.file.errors, error.message]  # all about the file
        return _page(form, status=error.status)
    # The report is shown at once, over the form for another file: it exists only in this
    # answer (the audit trail keeps its summary). The date order chosen stays chosen: the
    # next file of the same archive writes its dates the same way, and read automatically
    # its ambiguous dates would be taken off the entries just imported.
    next_file = ImportFactChecksForm(formdata=None, date_order=form.date_order.data)
    return _page(next_file, report=report)


def too_large(error: RequestEntityTooLarge) -> Any:
    """A file over the request limit: the page again, saying so on its file field (the
    limit is met before any view runs, by the CSRF check reading the form). Elsewhere in
    the desk, the site's own answer."""
    if request.endpoint != ENDPOINT:
        return errors.too_large(error)
    form = ImportFactChecksForm(formdata=None)
    form.file.errors = [errors.file_of_factchecks_too_large()]
    return _page(form, status=413)


def _page(
    form: ImportFactChecksForm, *, report: archive.ImportReport | None = None, status: int = 200
) -> tuple[str, int]:
    return render_template(
        "desk/import_factchecks.html",
        form=form,
        report=report,
        max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
        max_entries=archive.MAX_ENTRIES,
        earliest_year=EARLIEST.year,
    ), status
