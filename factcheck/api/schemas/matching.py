"""The desk's API on earlier fact-checks: the query for matches of a claim and the matches,
and an archive import's query and report (docs/matching.md). Closed models, like those of
factcheck/api/schemas/requests.py and responses.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from factcheck.api.schemas.fields import Day, Text
from factcheck.api.schemas.requests import Query
from factcheck.api.schemas.responses import Shape
from factcheck.domain.archive_dates import DateOrder


class MatchQuery(Query):
    text: Annotated[str, Text(5000, required=True, description="The claim to look for.")]
    date: Day | None = Field(
        None, description="When the claim was made: fact-checks dated shortly before rank higher."
    )


class ImportQuery(Query):
    date_order: DateOrder | None = Field(
        None,
        description="How the file writes numeric dates whose day and month could be either "
        "way (03/04/2019): day first is 3 April, month first 4 March. Without it they are read "
        "in the order the file's other numeric dates show (22/10/2019: day first), or, when "
        "those show none or both, imported without a date and counted in `ambiguous_dates`.",
    )


class MatchReasons(Shape):
    """Why a fact-check matched: the key phrases, numbers and words it shares."""

    phrases: list[str]
    numbers: list[str]
    words: list[str]


class Suggestion(Shape):
    id: str
    score: float
    shared_terms: list[str]
    claim: str
    outlet: str
    rating: str | None
    url: str | None
    ours: bool
    date: dt.date | None
    # How sure the match is, in [0, 1]; the desk says "possibly already checked" from the
    # confidence level docs/matching.md gives.
    confidence: float
    why: MatchReasons


class Matches(Shape):
    matches: list[Suggestion]


class ImportReport(Shape):
    """What the import did with each record of the file: `created` + `updated` + `unchanged`
    + `repeated` + `unreadable` is the number of records."""

    created: int
    updated: int = Field(description="Entries already imported whose fields changed.")
    unchanged: int = Field(
        description="Entries already imported exactly as sent: nothing was rewritten."
    )
    repeated: int = Field(
        description="Entries whose id (with their outlet) the file gives again further on: "
        "the last entry with an id is the one imported, the earlier ones are counted here."
    )
    unreadable: int = Field(description="Records that could not be read, and were skipped.")
    unreadable_dates: int = Field(
        description="Entries imported without a date because theirs could not be read "
        "(2019-02-30, October 2019): ISO 8601 and the common export formats are read "
        "(10/22/2019, 22.10.2019, Oct 22, 2019, Tue, 22 Oct 2019 14:03:00 -0400)."
    )
    ambiguous_dates: int = Field(
        description="Entries imported without a date because its day and month could be "
        "either way (03/04/2019) and neither `date_order` nor the file's other dates say which."
    )
    date_order: DateOrder | None = Field(
        description="The order the dates that could be either way were read in: the "
        "`date_order` given, else the one the file's other numeric dates show; null when "
        "neither."
    )
    future_dates: int = Field(
        description="Entries imported without a date because theirs has not come yet."
    )
    old_dates: int = Field(
        description="Entries imported without a date because theirs is before 1900 (0001-01-01)."
    )
    errors: list[str] = Field(description="Why records were unreadable: the first 100.")
    notices: list[str] = Field(
        description="Examples, with their line or ClaimReview number, of entries given again "
        "further on and of dates not kept (up to 10 of each)."
    )
    waiting_for_vectors: int = Field(
        description="Entries of this import (new, or with new words) whose matching vectors a "
        "background job computes after the answer; until then matching finds them by their "
        "words alone."
    )
