"""Taking back a "Link and credit": an editor removes a claim's link to another outlet's
earlier fact-check. Before publication nothing else changes; after it, readers lose the
"Also checked by" line and see the removal, dated, in the corrections log."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.domain import audit, earlier_checks, publishing
from factcheck.models import ArchiveEntry, Claim, Correction, User
from tests.conftest import login
from tests.publishing_helpers import CONTEXT, approve_one

ALSO_CHECKED = "Also checked by Harbour Facts, who rated it “Misleading”"


def _entry(db_session: Session) -> ArchiveEntry:
    entry = ArchiveEntry(
        external_id="hf-7",
        outlet="Harbour Facts",
        claim="The harbour tunnel carries 60,000 vehicles a day.",
        rating="Misleading",
        url="https://harbourfacts.example/tunnel",
    )
    db_session.add(entry)
    db_session.flush()
    return entry


def _linked(
    db_session: Session, editor: User, editor2: User, checker: User, *, publish: bool
) -> tuple[Claim, ArchiveEntry]:
    article, claim = approve_one(db_session, editor, editor2, checker)
    entry = _entry(db_session)
    earlier_checks.link(db_session, claim, editor, entry.id)
    if publish:
        publishing.publish_article(db_session, article, editor, context=CONTEXT, summary="Close.")
    db_session.commit()
    return claim, entry


def _corrections(db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(Correction)) or 0


def test_an_editor_removes_a_link_made_before_publication(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim, entry = _linked(db_session, editor, editor2, checker, publish=False)
    desk = app.test_client()
    login(desk, editor)
    page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Linked to <strong>Harbour Facts</strong>" in page
    assert ">Remove the link to Harbour Facts</button>" in page

    response = desk.post(f"/desk/claims/{claim.id}/unlink", data={"version": claim.version})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/desk/claims/{claim.id}#matches")
    page = desk.get(response.headers["Location"]).get_data(as_text=True)
    assert "Linked to <strong>Harbour Facts</strong>" not in page
    assert "Link removed: Harbour Facts is no longer credited on this claim." in page
    db_session.expire_all()
    assert db_session.get(Claim, claim.id).linked_entry_id is None  # type: ignore[union-attr]
    last = audit.history(db_session, "claim", claim.id)[-1]
    assert (last.action, last.actor_id, last.note) == (
        "unlink_match",
        editor.id,
        f"archive:{entry.id}: Harbour Facts, Misleading",
    )
    assert _corrections(db_session) == 0  # nobody outside the desk saw the link


def test_after_publication_readers_see_the_removal_in_the_corrections_log(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim, _entry = _linked(db_session, editor, editor2, checker, publish=True)
    reader = app.test_client()
    assert ALSO_CHECKED in reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    desk = app.test_client()
    login(desk, editor)
    page = desk.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Readers see the removal, dated, in the corrections log." in page

    response = desk.post(f"/desk/claims/{claim.id}/unlink", data={"version": claim.version})
    assert response.status_code == 302
    public = reader.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert ALSO_CHECKED not in public
    assert "Corrected" in public and "the rating “Mostly true” is unchanged" in public
    reason = (
        "The mention of an earlier fact-check by Harbour Facts (rated “Misleading”) was "
        "removed after publication."
    )
    assert reason in public
    assert _corrections(db_session) == 1


def test_checkers_cannot_unlink_and_an_unlinked_claim_has_nothing_to_remove(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    claim, _entry = _linked(db_session, editor, editor2, checker, publish=False)
    as_checker = app.test_client()
    login(as_checker, checker)
    assert "Remove the link" not in as_checker.get(f"/desk/claims/{claim.id}").get_data(
        as_text=True
    )
    assert as_checker.post(f"/desk/claims/{claim.id}/unlink", data={}).status_code == 403
    desk = app.test_client()
    login(desk, editor)
    sent = {"version": claim.version}
    assert desk.post(f"/desk/claims/{claim.id}/unlink", data=sent).status_code == 302
    db_session.expire_all()
    sent = {"version": db_session.get(Claim, claim.id).version}  # type: ignore[union-attr]
    response = desk.post(f"/desk/claims/{claim.id}/unlink", data=sent, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert f"Claim #{claim.id} is not linked to an earlier fact-check." in page
