"""The rating scale, managed by admins and versioned.

A rating's label and ordinal never change once verdicts use them; a different rating is
added instead, and the old one is retired with a named replacement. Each structural
change starts a new scale version, and every verdict records the version it was given in.

Two ratings in use never share an ordinal, or the scale's order (readers' pages,
ClaimReview's ratingValue) would be ambiguous. A retired rating's ordinal is free: its
verdicts keep their value, and a rating that takes its place on the scale (`replaces`)
takes its ordinal with it. Nor do they share a label, whatever its case: readers tell
ratings apart by it.

Ordinals stay within 0-100 (ORDINALS). They are places on one scale, not scores, and
ClaimReview publishes them as ratingValue with the scale's bounds: a newsroom scale has a
handful of places, 0 leaves room below the usual 1-6, and 101 places are room enough to
insert ratings between others. Negative or huge ones would only mislead readers' tools.

Each scale version keeps the lowest and highest ordinal in use in it: a verdict's
ClaimReview gives those as worstRating and bestRating, so adding a rating at either end
changes them for later verdicts only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import clock
from factcheck.domain import audit
from factcheck.domain.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from factcheck.domain.validation import optional_text, required_text
from factcheck.models import (
    Rating,
    RatingDefinition,
    Role,
    ScaleVersion,
    User,
    Verdict,
    VerdictDraft,
)

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ORDINALS = range(0, 101)
# The badge's label is drawn in this colour on the rating's (style.css `.rating`, cards.py).
LABEL_COLOUR = "#ffffff"
MIN_LABEL_CONTRAST = 4.5


def _require_admin(actor: User) -> None:
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Only admins manage the rating scale.")


def _colour(value: str | None) -> str:
    """A colour readers can read the rating's label on: the badge (style.css `.rating`) and
    the share card draw the label in white on it, so it is text and needs 4.5:1 against
    white (WCAG 1.4.3; bold text at badge size is not "large")."""
    colour = (value or "").strip()
    if not HEX_COLOUR.fullmatch(colour):
        raise InvalidInput("The colour must look like #1a7f37.", field="colour")
    ratio = contrast(colour, LABEL_COLOUR)
    if ratio < MIN_LABEL_CONTRAST:
        shown = math.floor(ratio * 100) / 100  # never round up to a pass
        raise InvalidInput(
            f"Readers could not read the white label on {colour}: its contrast with white is"
            f" {shown:.2f}:1, and text needs at least {MIN_LABEL_CONTRAST}:1 (WCAG 1.4.3)."
            " Choose a darker colour, like #1a7f37.",
            field="colour",
        )
    return colour


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours, from 1 (same) to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour (sRGB)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _new_version(session: Session, actor: User, note: str) -> ScaleVersion:
    """Start a scale version holding the scale as it now stands (flushes the change)."""
    in_use = select(func.min(Rating.ordinal), func.max(Rating.ordinal)).where(
        Rating.retired_at.is_(None)
    )
    worst, best = session.execute(in_use).one()
    version = ScaleVersion(
        note=note,
        created_by_id=actor.id,
        created_at=clock.now(),
        worst_ordinal=worst,
        best_ordinal=best,
    )
    session.add(version)
    session.flush()  # generate version.id for the event
    audit.record(
        session, actor=actor, entity_type="scale", entity_id=version.id, action="change", note=note
    )
    return version


def add_rating(
    session: Session,
    actor: User,
    *,
    slug: str | None,
    label: str | None,
    ordinal: int | None,
    description: str | None,
    colour: str | None,
    replaces: Rating | None = None,
) -> Rating:
    """Add a rating; with `replaces`, it takes that rating's place, which is retired."""
    _require_admin(actor)
    name = (slug or "").strip().lower()
    if not SLUG.fullmatch(name):
        raise InvalidInput(
            "The slug uses lower-case letters, digits and dashes, like 'half-true'.", field="slug"
        )
    if session.scalars(select(Rating).where(Rating.slug == name)).first() is not None:
        raise Conflict(f"A rating with the slug {name!r} exists already.", field="slug")
    if ordinal is None:
        raise InvalidInput("Give the rating an ordinal: higher means more true.", field="ordinal")
    if ordinal not in ORDINALS:
        raise InvalidInput(
            f"The ordinal must be a whole number between {ORDINALS[0]} and {ORDINALS[-1]}"
            " (higher means more true).",
            field="ordinal",
        )
    _check_place(session, ordinal, replaces)
    title = required_text(label, "label", max_length=80)
    _check_label(session, title, replaces)
    rating = Rating(
        slug=name,
        label=title,
        ordinal=ordinal,
        colour=_colour(colour),
        description=optional_text(description, "description", max_length=2000) or "",
    )
    session.add(rating)
    if replaces is None:
        _new_version(session, actor, f"added “{rating.label}”")
        return rating
    session.flush()  # generate rating.id, the replacement named on the one it retires
    _retire(replaces, rating)
    _new_version(session, actor, f"added “{rating.label}” in place of “{replaces.label}”")
    return rating


def _check_place(session: Session, ordinal: int, replaces: Rating | None) -> None:
    """Refuse an ordinal that a rating in use holds, unless the new one takes its place."""
    if replaces is not None and replaces.retired_at is not None:
        raise InvalidInput(f"“{replaces.label}” is already retired.", field="replaces")
    query = select(Rating).where(Rating.ordinal == ordinal, Rating.retired_at.is_(None))
    for holder in session.scalars(query.order_by(Rating.id)):
        if holder is not replaces:
            raise Conflict(
                f"“{holder.label}” already has the ordinal {ordinal}: give this rating another"
                f" one, or have it take the place of “{holder.label}” (which is then retired).",
                field="ordinal",
            )


def _check_label(session: Session, label: str, replaces: Rating | None) -> None:
    """Refuse a label that a rating in use has, whatever the case, unless the new rating
    takes that one's place."""
    # Compared here rather than with SQL lower(), which folds only ASCII on SQLite.
    in_use = select(Rating).where(Rating.retired_at.is_(None)).order_by(Rating.id)
    for holder in session.scalars(in_use):
        if holder is not replaces and holder.label.strip().casefold() == label.casefold():
            raise Conflict(
                f"“{holder.label}” is already a rating in use: give this rating another label,"
                f" or have it take the place of “{holder.label}” (which is then retired).",
                field="label",
            )


def shared_ordinals(ratings: list[Rating]) -> list[list[Rating]]:
    """Ratings in use that share an ordinal (a database may hold them from before the
    check), each group in the scale's order."""
    groups: dict[int, list[Rating]] = {}
    for rating in ratings:
        if rating.retired_at is None:
            groups.setdefault(rating.ordinal, []).append(rating)
    return [group for group in groups.values() if len(group) > 1]


def edit_rating(
    session: Session,
    rating: Rating,
    actor: User,
    *,
    description: str | None,
    colour: str | None,
    expected_version: int | None,
) -> None:
    """Change how a rating is defined or shown; its label and ordinal stay.

    A new definition starts a new scale version and keeps the old one, so the definition a
    verdict was given under stays known (`definition_at`).
    """
    _require_admin(actor)
    if expected_version is not None and expected_version != rating.version:
        # The view shows the form again as typed ("Your text is kept below."): reloading
        # would lose it.
        raise StaleVersion(
            f"The rating “{rating.label}” was changed since you opened it (the methodology"
            " page shows it as saved now): compare, then save again to replace it."
        )
    definition = optional_text(description, "description", max_length=2000) or ""
    if definition != rating.description:
        version = _new_version(session, actor, f"redefined “{rating.label}”")
        rating.earlier_definitions.append(
            RatingDefinition(definition=rating.description, replaced_in_id=version.id)
        )
    rating.description = definition
    rating.colour = _colour(colour)
    audit.record(
        session,
        actor=actor,
        entity_type="rating",
        entity_id=rating.id,
        action="edit",
        note=rating.slug,
    )
    session.flush()


def retire_rating(
    session: Session, rating: Rating, actor: User, *, replacement: Rating | None
) -> None:
    """Stop offering a rating for new verdicts; name the rating to use instead."""
    _require_admin(actor)
    if rating.retired_at is not None:
        raise Conflict(f"“{rating.label}” is already retired.")
    if replacement is None:
        raise InvalidInput("Name the rating that replaces it.", field="replacement")
    if replacement.id == rating.id or replacement.retired_at is not None:
        raise InvalidInput(
            "The replacement must be another rating still in use.", field="replacement"
        )
    _retire(rating, replacement)
    _new_version(session, actor, f"retired “{rating.label}”, replaced by “{replacement.label}”")


@dataclass(frozen=True)
class Usage:
    """What uses a rating: checkers' drafts, and verdicts given with it (any status)."""

    drafts: int
    verdicts: int


def usage(session: Session, rating: Rating) -> Usage:
    """How many drafts and verdicts use the rating: what retiring it touches."""
    drafts = select(func.count()).where(VerdictDraft.rating_slug == rating.slug)
    verdicts = select(func.count()).where(Verdict.rating_id == rating.id)
    return Usage(drafts=session.scalar(drafts) or 0, verdicts=session.scalar(verdicts) or 0)


def _retire(rating: Rating, replacement: Rating) -> None:
    rating.retired_at = clock.now()
    rating.replaced_by_id = replacement.id


def definition_at(session: Session, rating: Rating, scale_version_id: int | None) -> str:
    """The rating's definition as it stood in that scale version (None: the current one)."""
    return rating.definition_in(scale_version_id)


def earlier_definitions(session: Session) -> dict[int, list[RatingDefinition]]:
    """Every rating's earlier definitions by rating id, newest first."""
    query = select(RatingDefinition).order_by(
        RatingDefinition.replaced_in_id.desc(), RatingDefinition.id.desc()
    )
    found: dict[int, list[RatingDefinition]] = {}
    for definition in session.scalars(query):
        found.setdefault(definition.rating_id, []).append(definition)
    return found
