"""Fact-checks published by other outlets: importing them from ClaimReview or JSONL.

Imported entries keep their outlet; factcheck never presents them as its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit, match_index
from factcheck.domain.errors import InvalidInput
from factcheck.domain.validation import is_web_url
from factcheck.models import ArchiveEntry, User

MAX_ENTRIES = 50_000
UNKNOWN_OUTLET = "unknown outlet"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated


@dataclass(frozen=True)
class Incoming:
    external_id: str
    outlet: str
    claim: str
    title: str | None = None
    rating: str | None = None
    url: str | None = None
    claimant: str | None = None
    published_on: dt.date | None = None


def _text(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name")
    text = " ".join(str(value).split())
    return text[:limit] or None


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
} | {"sept": 9}
# "October 22, 2019", "Oct. 22 2019" or "22 October 2019"
_WRITTEN_DATE = re.compile(
    r"\b(?:(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}),? |(?P<day2>\d{1,2}) "
    r"(?P<month2>[A-Za-z]{3,9})\.? )(?P<year>\d{4})\b"
)


def read_date(value: Any) -> dt.date | None:
    """An ISO date, or the first whole date written out in the text: PolitiFact's "stated on
    October 22, 2019 in a speech" is the day the claim was made. None when there is none."""
    if not value:
        return None
    text = str(value)[:300]
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for found in _WRITTEN_DATE.finditer(text):
        month = _MONTHS.get((found["month"] or found["month2"]).lower())
        if month is None:
            continue
        try:
            return dt.date(int(found["year"]), month, int(found["day"] or found["day2"]))
        except ValueError:
            continue
    return None


def _from_claimreview(item: dict[str, Any]) -> Incoming:
    rating = item.get("reviewRating") or {}
    reviewed = item.get("itemReviewed") or {}
    url = _text(item.get("url"), 2048)
    claim = _text(item.get("claimReviewed"), 5000)
    if not claim:
        raise ValueError("claimReviewed is missing")
    return Incoming(
        external_id=url or claim[:200],
        outlet=_text(item.get("author"), 200) or UNKNOWN_OUTLET,
        claim=claim,
        title=_text(item.get("name") or item.get("headline"), 2000),
        rating=_text(rating.get("alternateName") if isinstance(rating, dict) else None, 120),
        url=url if is_web_url(url) else None,
        claimant=_text(reviewed.get("author") if isinstance(reviewed, dict) else None, 200),
        published_on=read_date(item.get("datePublished")),
    )


def _from_line(item: dict[str, Any]) -> Incoming:
    if item.get("@type") == "ClaimReview":
        return _from_claimreview(item)
    external_id = _text(item.get("id"), 200)
    claim = _text(item.get("claim"), 5000)
    if not external_id or not claim:
        raise ValueError("each line needs an 'id' and a 'claim'")
    url = _text(item.get("url"), 2048)
    return Incoming(
        external_id=external_id,
        outlet=_text(item.get("outlet"), 200) or UNKNOWN_OUTLET,
        claim=claim,
        title=_text(item.get("title"), 2000),
        rating=_text(item.get("rating"), 120),
        url=url if is_web_url(url) else None,
        claimant=_text(item.get("claimant") or item.get("speaker"), 200),
        published_on=read_date(item.get("date")),
    )


def _without_nul(incoming: Incoming) -> Incoming:
    """PostgreSQL text cannot hold NUL: such an entry is reported, not half-imported."""
    for name, value in vars(incoming).items():
        if isinstance(value, str) and "\x00" in value:
            raise ValueError(f"{name} contains a NUL character")
    return incoming


def _claimreviews(document: Any) -> Iterator[dict[str, Any]]:
    """ClaimReview objects from a JSON-LD document: one, a list, or an @graph."""
    if isinstance(document, list):
        for item in document:
            yield from _claimreviews(item)
    elif isinstance(document, dict):
        if "@graph" in document:
            yield from _claimreviews(document["@graph"])
        elif document.get("@type") == "ClaimReview":
            yield document
        elif isinstance(document.get("items"), list):
            yield from _claimreviews(document["items"])


def parse(payload: str) -> tuple[list[Incoming], list[str]]:
    """Read ClaimReview JSON-LD, or JSONL lines of {id, claim, title?, rating?, url?, date?,
    outlet?}. Return the entries and one message per line that could not be read."""
    text = payload.strip()
    if not text:
        raise InvalidInput("The file is empty.")
    try:
        document = json.loads(text)
    except ValueError:
        return _parse_lines(text.splitlines())
    if isinstance(document, dict) and "claim" in document and "@type" not in document:
        return _parse_lines([text])  # a JSONL file of one line
    entries, errors = [], []
    for number, item in enumerate(_claimreviews(document), start=1):
        try:
            entries.append(_without_nul(_from_claimreview(item)))
        except ValueError as exc:
            errors.append(f"ClaimReview {number}: {exc}")
    if not entries and not errors:
        raise InvalidInput("No ClaimReview objects found in the JSON document.")
    return entries, errors


def _parse_lines(lines: Iterable[str]) -> tuple[list[Incoming], list[str]]:
    entries, errors = [], []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("a line must be a JSON object")
            entries.append(_without_nul(_from_line(item)))
        except ValueError as exc:
            errors.append(f"Line {number}: {exc}")
    return entries, errors


def import_entries(session: Session, payload: str, actor: User | None) -> ImportReport:
    """Add or update archive entries; the same (outlet, id) imported twice updates it."""
    entries, errors = parse(payload)
    if len(entries) > MAX_ENTRIES:
        raise InvalidInput(f"At most {MAX_ENTRIES:,} fact-checks per import; split the file.")
    report = ImportReport(errors=errors)
    existing = {
        (entry.outlet, entry.external_id): entry for entry in session.scalars(select(ArchiveEntry))
    }
    now = clock.now()
    changed = []
    for incoming in entries:
        key = (incoming.outlet, incoming.external_id)
        entry = existing.get(key)
        if entry is None:
            entry = ArchiveEntry(
                outlet=incoming.outlet, external_id=incoming.external_id, claim=incoming.claim
            )
            session.add(entry)
            existing[key] = entry
            report.created += 1
            changed.append(entry)
        else:
            report.updated += 1
            if _matched_fields(entry) != _matched_fields(incoming):
                changed.append(entry)
        _apply(entry, incoming, now)
    session.flush()  # generate ids before the event and the match index
    match_index.put(session, [match_index.archive_source(entry) for entry in changed])
    audit.record(
        session,
        actor=actor,
        entity_type="archive",
        entity_id=0,
        action="import",
        note=f"{report.created} new, {report.updated} updated, {len(report.errors)} unreadable",
    )
    return report


def _matched_fields(entry: ArchiveEntry | Incoming) -> tuple[object, ...]:
    """What the match index holds of an entry: re-indexed only when one of these changes."""
    return (entry.claim, entry.title, entry.published_on)


def _apply(entry: ArchiveEntry, incoming: Incoming, now: dt.datetime) -> None:
    entry.claim = incoming.claim
    entry.title = incoming.title
    entry.rating = incoming.rating
    entry.url = incoming.url
    entry.claimant = incoming.claimant
    entry.published_on = incoming.published_on
    entry.imported_at = now
