"""Admin-edited public pages such as the methodology and corrections policy."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.errors import NotFound, PermissionDenied, StaleVersion
from factcheck.domain.validation import required_text
from factcheck.models import Role, SitePage, User

DEFAULT_PAGES = {
    "methodology": (
        "Methodology and corrections policy",
        "## How we check\n\nEvery claim we rate is checked by a fact-checker and approved by "
        "an editor who did not write the verdict. We link every source we relied on, and we "
        "contact the person who made the claim.\n\n## Corrections\n\nWhen we get something "
        "wrong we correct it on the same page, with the date, the reason and the previous "
        "rating. Every correction is listed on our [corrections page](/corrections).",
    ),
}


def get_page(session: Session, slug: str) -> SitePage:
    """The page, or its default text when nobody has edited it yet."""
    page = session.scalars(select(SitePage).where(SitePage.slug == slug)).first()
    if page is not None:
        return page
    if slug not in DEFAULT_PAGES:
        raise NotFound(f"There is no page {slug!r}.")
    title, body = DEFAULT_PAGES[slug]
    return SitePage(slug=slug, title=title, body=body)


def save_page(
    session: Session,
    slug: str,
    actor: User,
    *,
    title: str | None,
    body: str | None,
    expected_version: int | None = None,
) -> SitePage:
    """Admins edit the public pages; every edit is in the audit trail."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Only admins can edit the site's pages.")
    page = get_page(session, slug)
    saved = page.id is not None
    if saved and expected_version is not None and expected_version != page.version:
        editor = session.get(User, page.updated_by_id) if page.updated_by_id else None
        who = editor.display_name if editor is not None else "Someone"
        # The view adds "Your text is kept below." when the form comes back with it.
        raise StaleVersion(
            f"{who} changed the page at {clock.stamp(page.updated_at)} since you opened"
            " it: compare and save again."
        )
    page.title = required_text(title, "title", max_length=200)
    page.body = required_text(body, "text", max_length=50_000)
    page.updated_at = clock.now()
    page.updated_by_id = actor.id
    session.add(page)
    session.flush()  # generate page.id for the event
    audit.record(
        session, actor=actor, entity_type="site_page", entity_id=page.id, action="edit", note=slug
    )
    return page
