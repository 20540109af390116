"""Importing other outlets' fact-checks, and finding them again for a reworded claim."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.domain import archive, archive_dates, earlier_checks
from factcheck.domain.errors import InvalidInput
from factcheck.domain.limits import Limits
from factcheck.models import ArchiveEntry, User
from tests.conftest import run_job, token_for

CLAIMREVIEW = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "url": "https://checks.example/vaccines-microchips",
            "claimReviewed": "Covid vaccines contain microchips that track people",
            "author": {"@type": "Organization", "name": "Example Checks"},
            "datePublished": "2025-06-01",
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A blogger"}},
        },
        {"@type": "ClaimReview", "url": "https://checks.example/broken"},
    ],
}
JSONL = "\n".join(
    [
        json.dumps(
            {
                "id": "pf-1",
                "claim": "The city's murder rate doubled in 2024.",
                "title": "Did murders double?",
                "rating": "Pants on Fire",
                "url": "https://pf.example/1",
                "date": "2025-01-02",
                "outlet": "PolitiFact",
            }
        ),
        "not json",
        json.dumps(
            {
                "id": "pf-2",
                "claim": "Unemployment is at a 50-year low.",
                "outlet": "PolitiFact",
                "url": "https://pf.example/2",
            }
        ),
    ]
)


def test_import_claimreview_json_ld(db_session: Session) -> None:
    report = archive.import_entries(db_session, json.dumps(CLAIMREVIEW), None)
    assert (report.created, report.updated) == (1, 0)
    assert report.errors == ["ClaimReview 2: claimReviewed is missing"]
    entry = db_session.scalars(select(ArchiveEntry)).one()
    assert (entry.outlet, entry.rating, entry.claimant) == ("Example Checks", "False", "A blogger")
    assert entry.external_id == "https://checks.example/vaccines-microchips"


def test_import_jsonl_reports_bad_lines(db_session: Session) -> None:
    report = archive.import_entries(db_session, JSONL, None)
    assert report.created == 2
    assert report.errors == ["Line 2: Expecting value: line 1 column 1 (char 0)"]
    entries = {e.external_id: e for e in db_session.scalars(select(ArchiveEntry))}
    assert entries["pf-1"].rating == "Pants on Fire" and entries["pf-1"].outlet == "PolitiFact"
    assert entries["pf-2"].url == "https://pf.example/2"
    # Importing again updates instead of duplicating, and what did not change is unchanged.
    again = archive.import_entries(db_session, JSONL, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_an_empty_import_is_refused(db_session: Session) -> None:
    with pytest.raises(InvalidInput, match="empty"):
        archive.import_entries(db_session, "   ", None)


def test_imported_fact_check_is_suggested_for_a_reworded_claim(
    db_session: Session, client: FlaskClient, checker: User
) -> None:
    archive.import_entries(db_session, JSONL, None)
    db_session.commit()
    response = client.get(
        "/api/v1/match?text=Murders in the city have doubled since 2024",
        headers=token_for(db_session, checker),
    )
    assert response.status_code == 200
    top = response.json["matches"][0]
    assert top["id"] == "pf-1"
    assert top["outlet"] == "PolitiFact" and top["ours"] is False
    assert "murder" in " ".join(top["shared_terms"])
    assert 0.25 <= top["confidence"] <= 1
    assert top["why"]["numbers"] == ["2024"] and "murders" in top["why"]["words"]


def test_import_api_is_for_admins(
    client: FlaskClient, db_session: Session, admin: User, editor: User
) -> None:
    assert (
        client.post(
            "/api/v1/claimreview/import", data=JSONL, headers=token_for(db_session, editor)
        ).status_code
        == 403
    )
    response = client.post(
        "/api/v1/claimreview/import", data=JSONL, headers=token_for(db_session, admin)
    )
    assert response.status_code == 201
    assert response.json["created"] == 2 and len(response.json["errors"]) == 1


def test_the_import_api_reports_a_reimport_as_unchanged_and_only_changes_as_updated(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    # Found by an outside tester: importing the same file again answered "updated": 2
    headers = token_for(db_session, admin)
    client.post("/api/v1/claimreview/import", data=JSONL, headers=headers)
    again = client.post("/api/v1/claimreview/import", data=JSONL, headers=headers)
    assert again.status_code == 200
    counts = {key: again.json[key] for key in ("created", "updated", "unchanged")}
    assert counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert again.json["waiting_for_vectors"] == 0
    changed = JSONL.replace("Pants on Fire", "False")
    third = client.post("/api/v1/claimreview/import", data=changed, headers=headers).json
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 1)
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ImportReport"]
    assert "unchanged" in schema["required"]


def test_cli_import_and_match(app: Flask, tmp_path, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "checks.jsonl"
    path.write_text(JSONL, encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-factchecks", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 updated, 0 unchanged, 0 repeated, 1 unreadable." in result.output
    queries = json.dumps({"id": "q1", "text": "unemployment lowest in fifty years"}) + "\n"
    result = runner.invoke(args=["match", "--jsonl"], input=queries)
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.output.splitlines()]
    assert line["id"] == "q1" and line["matches"][0]["id"] == "pf-2"
    assert len(line["matches"]) <= 10


def test_the_desk_suggests_links_and_dismisses_earlier_fact_checks(
    app: Flask, db_session: Session, editor: User, editor2: User, checker: User
) -> None:
    from factcheck.domain import articles
    from tests.conftest import login
    from tests.publishing_helpers import publish_one

    archive.import_entries(db_session, JSONL, None)
    body = (
        "The city's murder rate has doubled since 2024, the mayor said on Monday.\n\n"
        "Unemployment is at its lowest in 50 years, she added."
    )
    article = articles.create_article(
        db_session, creator=editor, title="Crime", body=body, limits=Limits(max_chars=10_000)
    )
    claim = next(c for c in article.claims if "murder" in c.text)
    db_session.commit()
    run_job(app, "find_earlier_checks", article.id)
    client = app.test_client()
    login(client, editor)
    triage = client.get(f"/desk/articles/{article.id}").get_data(as_text=True)
    assert "Possibly already checked: <strong>PolitiFact</strong>" in triage
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Pants on Fire" in page and "Link and credit PolitiFact" in page
    entry = db_session.scalars(select(ArchiveEntry).where(ArchiveEntry.external_id == "pf-1")).one()
    client.post(f"/desk/claims/{claim.id}/link", data={"entry_id": str(entry.id)})
    db_session.refresh(claim)
    assert claim.linked_entry_id == entry.id
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert "Linked to <strong>PolitiFact</strong>" in page
    other = next(c for c in article.claims if "Unemployment" in c.text)
    client.post(f"/desk/claims/{other.id}/dismiss", data={"key": f"archive:{entry.id + 1}"})
    assert earlier_checks.dismissed(db_session, other) == {f"archive:{entry.id + 1}"}
    actions = [e.action for e in audit_history(db_session, claim.id)]
    assert "link_match" in actions
    # Readers see the other outlet credited when the claim is published.
    _a, published = publish_one(db_session, editor, editor2, checker)
    published.linked_entry_id = entry.id
    db_session.commit()
    public = app.test_client().get(f"/claims/{published.id}").get_data(as_text=True)
    assert "Also checked by PolitiFact, who rated it “Pants on Fire”" in public


def audit_history(session: Session, claim_id: int) -> list:  # type: ignore[type-arg]
    from factcheck.domain import audit

    return audit.history(session, "claim", claim_id)


def test_reader_search_also_finds_other_outlets_fact_checks(
    client: FlaskClient, db_session: Session
) -> None:
    archive.import_entries(db_session, JSONL, None)
    db_session.commit()
    page = client.get("/search?q=murder+rate+doubled").get_data(as_text=True)
    assert "From other fact-checkers" in page
    assert "<strong>PolitiFact</strong> rated “Pants on Fire”" in page
    assert '(<time datetime="2025-01-02">2 January 2025</time>)' in page


# The same claim checked by two outlets, twelve years apart (ids: the 2012 one imports first).
CHECKED_TWICE = "\n".join(
    json.dumps(item)
    for item in [
        {
            "id": "old",
            "claim": "The state's jobless rate fell to 3 percent.",
            "outlet": "Old Checks",
            "date": "stated on March 3, 2012 in a speech:",
        },
        {
            "id": "recent",
            "claim": "The state's jobless rate fell to 3 percent.",
            "outlet": "Recent Checks",
            "date": "2024-05-01",
        },
    ]
)
JOBLESS = "jobless rate fell to 3 percent"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-05-01", dt.date(2024, 5, 1)),
        ("2024-05-01T22:10:00Z", dt.date(2024, 5, 1)),
        ("stated on October 22, 2019 in a campaign mailer.:", dt.date(2019, 10, 22)),
        ("stated on Sept. 3, 2020 in a tweet:", dt.date(2020, 9, 3)),
        ("3 June 2020, in an interview", dt.date(2020, 6, 3)),
        ("stated in 2019 in a speech", None),  # no day: not a date
        ("October 2019", None),
        ("stated on June 31, 2019:", None),  # no such day
        ("", None),
    ],
)
def test_import_reads_iso_and_written_out_dates(written: str, day: dt.date | None) -> None:
    assert archive_dates.read_date(written) == day


def test_the_import_keeps_the_written_out_date_of_a_politifact_claim(db_session: Session) -> None:
    archive.import_entries(db_session, CHECKED_TWICE, None)
    dates = {e.external_id: e.published_on for e in db_session.scalars(select(ArchiveEntry))}
    assert dates == {"old": dt.date(2012, 3, 3), "recent": dt.date(2024, 5, 1)}


def test_match_api_ranks_the_fact_check_from_before_the_claims_date_first(
    db_session: Session, client: FlaskClient, checker: User
) -> None:
    archive.import_entries(db_session, CHECKED_TWICE, None)
    db_session.commit()
    headers = token_for(db_session, checker)

    def outlets(date: str) -> list[str]:
        response = client.get(f"/api/v1/match?text={JOBLESS}&date={date}", headers=headers)
        assert response.status_code == 200, response.json
        return [m["outlet"] for m in response.json["matches"]]

    assert outlets("2024-06-01") == ["Recent Checks", "Old Checks"]
    response = client.get(f"/api/v1/match?text={JOBLESS}", headers=headers)
    assert [m["date"] for m in response.json["matches"]] == ["2012-03-03", "2024-05-01"]
    assert outlets("2012-03-10") == ["Old Checks", "Recent Checks"]
    response = client.get(f"/api/v1/match?text={JOBLESS}&date=2024-13-01", headers=headers)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_input"
    assert response.json["error"]["field"] == "date"
    assert "Date must be a date like" in response.json["error"]["message"]


def test_cli_match_reads_an_optional_date_per_line(app: Flask, db_session: Session) -> None:
    archive.import_entries(db_session, CHECKED_TWICE, None)
    db_session.commit()
    runner = app.test_cli_runner()
    lines = [
        {"id": 1, "text": JOBLESS, "date": "2012-03-10"},
        {"id": 2, "text": JOBLESS, "date": "2024-06-01"},
    ]
    result = runner.invoke(
        args=["match", "--jsonl"], input="".join(json.dumps(x) + "\n" for x in lines)
    )
    assert result.exit_code == 0, result.output
    tops = [json.loads(x)["matches"][0]["id"] for x in result.output.splitlines()]
    assert tops == ["old", "recent"]
    bad = json.dumps({"id": 3, "text": JOBLESS, "date": "last week"}) + "\n"
    result = runner.invoke(args=["match", "--jsonl"], input=bad)
    assert result.exit_code == 1
    assert "Line 1: date must be a date like 2026-01-31." in result.output


def test_desk_suggestions_use_the_claims_date_then_the_articles(
    app: Flask, db_session: Session, editor: User
) -> None:
    from factcheck.domain import articles
    from tests.conftest import login

    archive.import_entries(db_session, CHECKED_TWICE, None)
    article = articles.create_article(
        db_session,
        creator=editor,
        title="Jobs",
        body="The state's jobless rate fell to 3 percent, the governor said.",
        limits=Limits(max_chars=10_000),
        published_on=dt.date(2012, 3, 5),
    )
    [claim] = article.claims
    db_session.flush()

    def top_outlet() -> str:
        return earlier_checks.suggestions_for(db_session, claim, own_outlet="Us")[0].outlet

    assert earlier_checks.made_on(claim) == dt.date(2012, 3, 5)
    assert top_outlet() == "Old Checks"
    claim.claim_date = dt.date(2024, 5, 20)
    assert top_outlet() == "Recent Checks"
    db_session.commit()
    client = app.test_client()
    login(client, editor)
    page = client.get(f"/desk/claims/{claim.id}").get_data(as_text=True)
    assert '<time datetime="2012-03-03">3 March 2012</time>' in page
    claim.claim_date = None
    article.published_on = None
    assert earlier_checks.made_on(claim) == article.created_at.date()


def test_an_import_line_with_a_nul_character_is_reported_and_the_rest_imported(
    db_session: Session,
) -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "ok", "claim": "Unemployment is at a 50-year low."}),
            json.dumps({"id": "bad", "claim": "Crime \u0000 doubled."}),
        ]
    )
    report = archive.import_entries(db_session, lines, None)
    db_session.flush()
    assert report.created == 1
    assert report.errors == ["Line 2: claim contains a NUL character"]
    assert [e.external_id for e in db_session.scalars(select(ArchiveEntry))] == ["ok"]


@pytest.mark.parametrize(
    ("line", "reported"),
    [
        ({"id": "l-1", "claim": ["x"]}, "claim must be text"),
        ({"@type": "ClaimReview", "claimReviewed": "Taxes rose.", "url": {"a": 1}}, "url"),
        ({"id": "l-3", "claim": "Taxes rose.", "url": "javascript:alert(1)"}, "url"),
        ({"id": "l-4", "claim": "T" * 5001}, "claim is longer than 5,000 characters"),
    ],
)
def test_an_entry_that_would_be_stored_changed_is_reported_not_imported(
    db_session: Session, admin: User, line: dict[str, object], reported: str
) -> None:
    """A list claim was stored as "['x']", an object URL as the id "None", a javascript:
    URL dropped and an over-long claim cut, each with `errors: []`."""
    good = json.dumps({"id": "l-0", "claim": "Rents fell."})  # not a file of bad lines only
    report = archive.import_entries(db_session, f"{good}\n{json.dumps(line)}\n", admin)
    assert report.created == 1
    assert len(report.errors) == 1 and reported in report.errors[0], report.errors


def test_a_form_encoded_import_is_refused_as_such(
    client: FlaskClient, db_session: Session, admin: User
) -> None:
    """curl's default type: the body went to form parsing, and the answer was "empty"."""
    response = client.post(
        "/api/v1/claimreview/import",
        data=JSONL,
        headers=token_for(db_session, admin),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415, response.json
    assert "application/octet-stream" in response.json["error"]["message"]


def test_a_fact_check_whose_address_is_longer_than_an_id_is_imported_and_updated_again(
    db_session: Session,
) -> None:
    # A ClaimReview's address (up to 2,048 characters) is its id, which holds 200: before
    # session 16 a 258-character address made PostgreSQL refuse the whole batch (a 500 from
    # the API) and SQLite keep an id longer than its column.
    long_url = "https://checks.example/2024/05/" + "a-very-long-slug-" * 13 + "?utm_source=feed"
    item = {**CLAIMREVIEW["@graph"][0], "url": long_url}
    short = {**CLAIMREVIEW["@graph"][0], "url": "https://checks.example/short"}
    feed = json.dumps([item, short])
    report = archive.import_entries(db_session, feed, None)
    assert (report.created, report.errors) == (2, [])
    entries = {e.url: e for e in db_session.scalars(select(ArchiveEntry))}
    assert entries[long_url].url == long_url
    assert len(entries[long_url].external_id) <= 200
    assert entries["https://checks.example/short"].external_id == "https://checks.example/short"
    again = archive.import_entries(db_session, feed, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(db_session.scalars(select(ArchiveEntry)).all()) == 2


def test_a_claimant_over_its_limit_is_reported_by_its_own_name_not_the_outlets(
    db_session: Session,
) -> None:
    # The report said "author", the word ClaimReview uses for the outlet
    item = {**CLAIMREVIEW["@graph"][0]}
    item["itemReviewed"] = {"@type": "Claim", "author": {"@type": "Person", "name": "A" * 201}}
    payload = json.dumps(item) + "\n" + json.dumps({"id": "ok", "claim": "Rents fell."})
    report = archive.import_entries(db_session, payload, None)
    assert report.errors == ["Line 1: itemReviewed.author is longer than 200 characters"]
