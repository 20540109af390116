"""Markup a screen reader and a magnified screen depend on, found in a keyboard-only walk
through the desk (the browser half is tests/browser/test_keyboard_only.py)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import candidate_claim, held_claim, login


def _section(page: str, heading_id: str) -> str:
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', page, re.S)
    assert found, page
    return found.group(0)


def test_evidence_added_is_said_beside_the_evidence_the_page_opens_at(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the walk: the page comes back at #evidence, and "Evidence added." was at the
    # top of the page, a screen's height above at 200 % zoom and out of sight.
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    response = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/report", "stance": "supports", "form_token": "t-1"},
    )
    assert response.status_code == 302 and response.location.endswith("#evidence")
    page = client.get(response.location).get_data(as_text=True)
    assert "Evidence added." in _section(page, "evidence-h")
    assert page.count("Evidence added.") == 1


def test_each_row_of_people_names_its_person_to_a_screen_reader(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    # Found in the walk: the names were plain cells, and every row's controls had the same
    # names ("Change email", "Change role", "Send a password link", "Turn off"): a screen
    # reader's list of buttons, or a move into the table, did not say whose they were.
    login(client, admin)
    page = client.get("/desk/admin/people").get_data(as_text=True)
    row = re.search(rf'<tr id="person-{checker.id}".*?</tr>', page, re.S)
    assert row, page
    name = checker.display_name
    assert f'<th scope="row">{name}</th>' in row.group(0)
    controls = re.findall(r"<(summary|button)[^>]*>(.*?)</\1>", row.group(0), re.S)
    assert len(controls) == 5, controls
    for _, text in controls:
        spoken = re.sub(r"<[^>]+>", "", text)
        assert spoken.endswith(f" for {name}"), text


def test_each_candidates_reword_link_names_its_claim(
    client: FlaskClient, db_session: Session, editor: User
) -> None:
    # Found in the walk: "Accept claim 12" and "Reject claim 12" named their claim, but the
    # links list of a triage page read "Reword, Reword, Reword…".
    claim = candidate_claim(db_session, editor)
    db_session.commit()
    login(client, editor)
    page = client.get(f"/desk/articles/{claim.article_id}").get_data(as_text=True)
    row = re.search(rf'<li id="claim-{claim.id}".*?</li>', page, re.S)
    assert row, page
    link = re.search(r'<a [^>]*data-action="reword"[^>]*>', row.group(0))
    assert link and f'aria-label="Reword claim {claim.id}"' in link.group(0)


def test_a_missing_stance_is_said_on_the_radio_the_summary_leads_to(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the walk: "Stance: This field is required." links to the first radio, which
    # said "Supports, radio button, not checked, 1 of 3" and nothing of the problem.
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "https://example.org/report", "form_token": "t-2"},
    ).get_data(as_text=True)
    assert '<a href="#stance-0">Stance: ' in page
    radio = re.search(r'<input[^>]*id="stance-0"[^>]*>', page)
    assert radio, page
    described = re.search(r'aria-describedby="([^"]+)"', radio.group(0))
    assert described and 'aria-invalid="true"' in radio.group(0), radio.group(0)
    error = re.search(rf'id="{described.group(1)}"[^>]*>([^<]*)<', page)
    assert error and error.group(1) == "This field is required."


def test_evidence_buttons_name_the_source_by_its_number_in_the_list(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the walk: "Move evidence 14 up" named the source by its database id, shown
    # nowhere; the list numbers its sources 1, 2, 3. And every source's button read "Remove".
    from factcheck.domain import research

    claim = held_claim(db_session, editor, checker, source=True)
    held_claim(db_session, editor, checker, title="Another", source=True)  # ids ≠ places
    second = research.add_evidence(
        db_session, claim, checker, url="https://example.org/second", stance="refutes"
    )
    db_session.commit()
    login(client, checker)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    item = re.search(rf'<li class="stance-refutes" id="evidence-{second.id}">.*?</li>', page, re.S)
    assert item, page
    names = []
    for opening, text in re.findall(r"(<button[^>]*>)(.*?)</button>", item.group(0), re.S):
        label = re.search(r'aria-label="([^"]*)"', opening)
        names.append(label.group(1) if label else re.sub(r"<[^>]+>", "", text).strip())
    assert "Move source 2 up" in names and "Remove source 2" in names, names
    assert second.id != 2 and not any(str(second.id) in name for name in names), names


def test_the_change_email_field_is_described_by_what_changing_it_does(
    client: FlaskClient, db_session: Session, admin: User, checker: User
) -> None:
    # Found in the walk: "Links to choose a password sent to the old address stop working"
    # came after the button; tabbing from the field to the button, a screen reader never
    # read it.
    login(client, admin)
    page = client.get("/desk/admin/people").get_data(as_text=True)
    field = re.search(rf'<input type="email" id="email-{checker.id}"[^>]*>', page)
    assert field, page
    described = re.search(r'aria-describedby="([^"]+)"', field.group(0))
    assert described, field.group(0)
    texts = [
        re.sub(r"<[^>]+>", "", re.search(rf'id="{i}"[^>]*>(.*?)</', page, re.S).group(1))  # type: ignore[union-attr]
        for i in described.group(1).split()
    ]
    assert "Links to choose a password sent to the old address stop working." in texts


def test_the_evidence_forms_problems_stay_under_its_heading_in_the_outline(
    client: FlaskClient, db_session: Session, editor: User, checker: User
) -> None:
    # Found in the walk: the summary's heading was an h2 inside "Add evidence" (an h3), so a
    # screen reader's list of headings put the form's fields under "There is a problem"
    # as a section of the page of its own, beside "Evidence" rather than within it.
    claim = held_claim(db_session, editor, checker)
    login(client, checker)
    page = client.post(
        f"/desk/claims/{claim.id}/evidence",
        data={"url": "not a url", "stance": "supports", "form_token": "t-4"},
    ).get_data(as_text=True)
    evidence = _section(page, "evidence-h")
    levels = [int(n) for n in re.findall(r"<h([1-6])", evidence)]
    assert levels == [2, 3, 4], levels
