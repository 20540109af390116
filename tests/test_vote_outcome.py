"""A vote's result is a type, not a string (issue 21): `review_panel.VoteOutcome`. The
desk has a message for each outcome, and the API declares `outcome` as that enumeration."""

from __future__ import annotations

from flask.testing import FlaskClient

from factcheck.desk.review import VOTE_MESSAGES
from factcheck.domain.review_panel import VoteOutcome


def test_the_desk_has_a_message_for_every_outcome() -> None:
    assert set(VOTE_MESSAGES) == set(VoteOutcome)


def test_the_api_declares_the_outcome_as_the_enumeration(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["VoteOutcome"]["enum"] == [outcome.value for outcome in VoteOutcome]
    reviewed = schemas["ReviewedClaim"]["properties"]["outcome"]
    assert reviewed == {"$ref": "#/components/schemas/VoteOutcome"}
