"""Claimants as records: one per person or organisation, found by any of its names.

The extractor proposes a name and a role at ingest (`attach`); editors choose a claimant
by name (`resolve`, with `suggest` for autocomplete), keep the records (`edit`) and merge
two records that are one claimant (`merge`). A claim keeps its claimant's name as well as
the link (Claim.claimant), so lists, search and conflicts of interest read the claim alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session, selectinload

from factcheck.domain import after_publication, audit
from factcheck.domain.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from factcheck.domain.validation import Unchanged, optional_text, required_text, web_url
from factcheck.extraction.names import claimant_kind
from factcheck.models import (
    EDITORS,
    Claim,
    Claimant,
    ClaimantKind,
    ClaimantName,
    ClaimStatus,
    User,
)
from factcheck.wording import counted

MAX_NAME = 200
MAX_ALIASES = 50
SUGGESTIONS = 10
# Last words that make a name an organisation's ("Riverton City Council"): a first guess
# for records the extractor creates; editors correct the kind on the claimants page.
_ORGANISATION = re.compile(
    r"\b(council|office|ministry|department|government|party|agency|bank|committee|"
    r"commission|company|corporation|group|institute|association|union|authority|board|"
    r"police|service|trust|university|foundation|inc|ltd|plc)\b",
    re.IGNORECASE,
)


def name_key(name: str) -> str:
    """How names are compared: case-folded, spaces collapsed ("Linda  OKAFOR" is
    "linda okafor")."""
    return " ".join(name.split()).casefold()[:MAX_NAME]


def guess_kind(name: str, role: str | None = None) -> ClaimantKind:
    """A first guess of what a claimant is: an organisation when its last words say so
    ("Riverton City Council") or when the extractor's rules do ("Westford Street", an
    acronym); else a person."""
    if _ORGANISATION.search(name) or claimant_kind(name, role) == "organisation":
        return ClaimantKind.ORGANISATION
    return ClaimantKind.PERSON


def slug(name: str) -> str:
    """The readable part of a claimant's URL ("linda-okafor")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "claimant"


def get(session: Session, claimant_id: int) -> Claimant:
    claimant = session.get(Claimant, claimant_id)
    if claimant is None:
        raise NotFound(f"There is no claimant #{claimant_id}.")
    return claimant


def find(session: Session, name: str) -> Claimant | None:
    """The claimant going by `name` (its canonical name or an alias), or None."""
    key = name_key(name)
    if not key:
        return None
    query = select(Claimant).join(ClaimantName).where(ClaimantName.key == key)
    return session.scalars(query).first()


def current(session: Session, claimant: Claimant) -> Claimant:
    """The record that replaced a merged one (itself if it was never merged)."""
    seen = {claimant.id}
    while claimant.merged_into_id is not None and claimant.merged_into_id not in seen:
        seen.add(claimant.merged_into_id)
        claimant = get(session, claimant.merged_into_id)
    return claimant


def _create(
    session: Session, name: str, role: str | None, kind: ClaimantKind | None, *, flush: bool
) -> Claimant:
    claimant = Claimant(name=name, role=role, kind=kind or guess_kind(name, role))
    claimant.names.append(ClaimantName(name=name, key=name_key(name)))
    session.add(claimant)
    if flush:
        session.flush()  # generate claimant.id, and claim the name's key before anyone else
    return claimant


def resolve(
    session: Session,
    name: str | None,
    *,
    role: str | None = None,
    kind: ClaimantKind | None = None,
    flush: bool = True,
) -> Claimant | None:
    """The claimant going by `name`, created when nobody does; None for no name. Without
    `flush`, a new record gets its id (and claims its name) at the next flush."""
    text = optional_text(name, "claimant", max_length=MAX_NAME)
    if text is None:
        return None
    found = find(session, text)
    if found is not None:
        return found
    return _create(session, text, role[:MAX_NAME] if role else None, kind, flush=flush)


def attach(session: Session, claims: Iterable[Claim]) -> None:
    """Link new claims to the records of the claimants the extractor named (at ingest).
    Words that name nobody in particular ("the report says", "the spokesman said", "the
    government said": no capital, see `claimant_kind`) make no record: the claim keeps
    them as the extractor's hint, linked to no record, until an editor sets who it is.
    Nothing is flushed meanwhile: a claim written before its link was written again, its
    version moved on by nobody's edit."""
    known: dict[str, Claimant | None] = {}
    with session.no_autoflush:
        for claim in claims:
            if claim.claimant_id is not None or not claim.claimant:
                continue
            key = name_key(claim.claimant)
            if key not in known:
                known[key] = _proposed(session, claim.claimant, claim.claimant_role)
            if known[key] is not None:
                set_on_claim(claim, known[key])


def _proposed(session: Session, name: str, role: str | None) -> Claimant | None:
    """The record of a claimant the extractor found, or None for words that name nobody."""
    if claimant_kind(name, role) is None:
        return None
    return resolve(session, name, role=role, flush=False)


def is_hint(claim: Claim, name: str | None) -> bool:
    """True when `name` is the claim's hint (the extractor's words, linked to no record)
    and they name nobody in particular ("government"): sent back as the page filled the
    field, they stay the hint instead of becoming one record every article's would share."""
    return (
        claim.claimant_record is None
        and claim.claimant_id is None
        and bool(claim.claimant and name)
        and name_key(name or "") == name_key(claim.claimant or "")
        and claimant_kind(claim.claimant or "", claim.claimant_role) is None
    )


def kept(session: Session, claim: Claim) -> Claimant | None:
    """The record of the claimant the claim names as it stands: its record; for a name
    never linked (a claim made before claimants were records), the record going by it; None
    for no name, or for a hint that names nobody, which stays the claim's hint."""
    if claim.claimant_record is not None or not claim.claimant:
        return claim.claimant_record
    return _proposed(session, claim.claimant, claim.claimant_role)


def chosen(
    session: Session, claim: Claim, claimant: str | int | Unchanged | None
) -> tuple[Claimant | None, bool]:
    """The record an editor chose for the claim (a record's id, any name or alias of one, a
    new name, or None), and True when the claimant stays as it is: left out (KEEP), or the
    claim's hint sent back, which stays a hint when it names nobody (`kept`)."""
    if isinstance(claimant, int):
        return current(session, get(session, claimant)), False
    if isinstance(claimant, Unchanged) or is_hint(claim, claimant):
        return kept(session, claim), True
    return resolve(session, claimant), False


def set_on_claim(claim: Claim, claimant: Claimant | None) -> None:
    """Point the claim at `claimant` (None: nobody), keeping its name on the claim."""
    claim.claimant_record = claimant
    claim.claimant_id = claimant.id if claimant else None
    claim.claimant = claimant.name if claimant else None


@dataclass(frozen=True)
class Suggestion:
    """A claimant offered for what the editor typed: `matched` is the name that matched
    (an alias, say), `name` the claimant's canonical name."""

    id: int
    name: str
    matched: str
    role: str | None
    kind: str


def suggest(session: Session, typed: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
    """Claimants with a name (canonical or alias) that starts with, or else contains, what
    was typed; names starting with it first."""
    key = name_key(typed)
    if not key:
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    starts = ClaimantName.key.like(f"{escaped}%", escape="\\")
    query = (
        select(ClaimantName)
        .where(ClaimantName.key.like(f"%{escaped}%", escape="\\"))
        .options(selectinload(ClaimantName.claimant))
        .order_by(starts.desc(), ClaimantName.key)
        .limit(limit * 3)
    )
    found: dict[int, Suggestion] = {}
    for row in session.scalars(query):
        record = row.claimant
        if record.id not in found and len(found) < limit:
            found[record.id] = Suggestion(
                record.id, record.name, row.name, record.role, record.kind.value
            )
    return list(found.values())


@dataclass(frozen=True)
class Listed:
    claimant: Claimant
    claims: int
    published: int  # of its claims, those published: a rename or merge corrects each


def listing(session: Session) -> list[Listed]:
    """Every claimant still in use (merged records left out), by name, with its claims."""
    published = case((Claim.status == ClaimStatus.PUBLISHED, 1), else_=0)
    counts = (
        select(Claim.claimant_id, func.count().label("n"), func.sum(published).label("p"))
        .where(Claim.claimant_id.is_not(None))
        .group_by(Claim.claimant_id)
        .subquery()
    )
    query = (
        select(Claimant, func.coalesce(counts.c.n, 0), func.coalesce(counts.c.p, 0))
        .outerjoin(counts, counts.c.claimant_id == Claimant.id)
        .where(Claimant.merged_into_id.is_(None))
        .options(selectinload(Claimant.names))
        .order_by(func.lower(Claimant.name), Claimant.id)
    )
    return [Listed(*row) for row in session.execute(query).tuples()]


def names_for_datalist(session: Session, limit: int = 500) -> list[str]:
    """Every claimant name and alias, for the form's <datalist> when JavaScript is off."""
    query = select(ClaimantName.name).order_by(ClaimantName.key).limit(limit)
    return list(session.scalars(query))


def _require_editor(actor: User) -> None:
    if actor.role not in EDITORS or not actor.active:
        raise PermissionDenied(f"Your role ({actor.role.value}) cannot edit claimants.")


def _alias_list(aliases: Iterable[str], name: str) -> list[str]:
    """The aliases as typed, one each, without the canonical name or blanks."""
    chosen: dict[str, str] = {name_key(name): name}
    for alias in aliases:
        text = optional_text(alias, "aliases", max_length=MAX_NAME, label="an alias")
        if text is not None:
            chosen.setdefault(name_key(text), text)
    if len(chosen) > MAX_ALIASES + 1:
        raise InvalidInput(f"Give at most {MAX_ALIASES} aliases.", field="aliases")
    return list(chosen.values())


def _set_names(session: Session, claimant: Claimant, names: list[str]) -> None:
    """Make `names` the claimant's names, refusing one that another claimant goes by."""
    keys = {name_key(n): n for n in names}
    taken = session.scalars(
        select(ClaimantName).where(
            ClaimantName.key.in_(keys), ClaimantName.claimant_id != claimant.id
        )
    ).first()
    if taken is not None:
        other = taken.claimant
        raise InvalidInput(
            f"“{taken.name}” is already a name of claimant #{other.id} “{other.name}”; "
            "merge the two records instead.",
            field="aliases" if taken.key != name_key(names[0]) else "name",
        )
    kept = {row.key: row for row in claimant.names}
    for key in set(kept) - set(keys):
        claimant.names.remove(kept[key])
    session.flush()  # free the removed keys before a renamed one takes them
    for key, name in keys.items():
        if key in kept:
            kept[key].name = name
        else:
            claimant.names.append(ClaimantName(name=name, key=key))


def edit(
    session: Session,
    claimant: Claimant,
    actor: User,
    *,
    name: str | None,
    kind: str | None,
    role: str | None,
    aliases: Iterable[str],
    description: str | None,
    url: str | None,
    expected_version: int | None,
) -> None:
    """Correct a claimant's record; its claims show the new name, and those published log
    the rename as a correction (`after_publication.note_claimant_rename`)."""
    _require_editor(actor)
    if expected_version is not None and expected_version != claimant.version:
        raise StaleVersion(
            f"Claimant #{claimant.id} was changed by someone else since you opened it; "
            "reload the page and make your change again."
        )
    canonical = required_text(name, "name", max_length=MAX_NAME)
    if kind not in set(ClaimantKind):
        raise InvalidInput("Choose person or organisation.", field="kind")
    _set_names(session, claimant, _alias_list(aliases, canonical))
    before = claimant.name
    published = after_publication.published_claims_of(session, claimant.id)
    claimant.name = canonical
    claimant.kind = ClaimantKind(kind)
    claimant.role = optional_text(role, "role", max_length=MAX_NAME)
    claimant.description = optional_text(description, "description", max_length=2000)
    claimant.url = web_url(url, "url", required=False, label="URL")
    session.execute(
        update(Claim).where(Claim.claimant_id == claimant.id).values(claimant=canonical)
    )
    after_publication.note_claimant_rename(session, published, actor, before, canonical)
    audit.record(
        session,
        actor=actor,
        entity_type="claimant",
        entity_id=claimant.id,
        action="edit",
        note=canonical if before == canonical else f"“{canonical}” (was “{before}”)",
    )
    session.flush()


def merge(session: Session, survivor: Claimant, loser: Claimant, actor: User) -> None:
    """Make `loser` part of `survivor`: its claims move, its names become aliases, and its
    pages lead to the survivor's."""
    _require_editor(actor)
    if survivor.id == loser.id:
        raise InvalidInput("Choose another claimant to merge with.", field="other")
    if survivor.merged_into_id is not None or loser.merged_into_id is not None:
        raise InvalidInput("That claimant was already merged into another.", field="other")
    moved = session.scalar(select(func.count()).where(Claim.claimant_id == loser.id)) or 0
    published = after_publication.published_claims_of(session, loser.id)
    session.execute(
        update(Claim)
        .where(Claim.claimant_id == loser.id)
        .values(claimant_id=survivor.id, claimant=survivor.name)
    )
    after_publication.note_claimant_rename(session, published, actor, loser.name, survivor.name)
    for row in list(loser.names):
        row.claimant = survivor  # back_populates moves it between the two lists
    loser.merged_into_id = survivor.id
    session.execute(
        update(Claimant)
        .where(Claimant.merged_into_id == loser.id)
        .values(merged_into_id=survivor.id)
    )
    audit.record(
        session,
        actor=actor,
        entity_type="claimant",
        entity_id=survivor.id,
        action="merge",
        note=f"merged #{loser.id} “{loser.name}” into it ({counted(moved, 'claim')} moved)",
    )
    session.flush()
